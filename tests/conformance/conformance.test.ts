// qe's compile against dbt-core's, probe by probe: each probe (a template, its macros, vars, env) is
// compiled by qe in the probe project and compared with the golden file dbt-core 1.11 + dbt-duckdb
// wrote (scripts/dbt-golden/render_probes.py). SQL must match byte for byte (or whitespace-insensitively
// where the probe says so); where dbt refused a template qe must refuse it too (any
// error: dbt's English is not compared). Probes listed in EXPECTED_FAILURES are known differences:
// they must still differ (it.fails), so fixing one means deleting it from the list.
// QE_CONFORMANCE_REWRITE=1 npx vitest run tests/conformance rewrites the list from today's results.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadProject } from "../../src/project/index.js";
import { compileProject } from "../../src/compile/index.js";
import { QeError } from "../../src/core/errors.js";
import { LazyAdapter } from "../../src/adapters/lazy-adapter.js";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { goldenConfigs, goldenOf, loadProbes, placeProbe, writeProbeProject, type Probe } from "./probes.js";

type Outcome = { kind: "sql"; text: string; materialized: string; schema: string; alias: string } | { kind: "error"; code: string; message: string };

const probes = loadProbes();
const configs = goldenConfigs();
let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "qe-conformance-"));
  writeProbeProject(dir);
});

async function compileWithQe(p: Probe): Promise<Outcome> {
  placeProbe(dir, p);
  try {
    const env = { ...p.env };
    const project = loadProject({ projectDir: dir, partialParse: false, cliVars: p.vars, env });
    // As `dbt compile`, with the profile's DuckDB file at hand for run_query and adapter.* (opened only if asked).
    const warehouse = new LazyAdapter(() => DuckDBAdapter.open(project.databasePath), true);
    let nodes;
    try {
      nodes = await compileProject(project, { env, warehouse });
    } finally {
      await warehouse.close();
    }
    const node = nodes.find((n) => n.id === `model.probes.${p.id}`);
    if (!node) return { kind: "error", code: "not-compiled", message: "qe produced no node (disabled?)" };
    return { kind: "sql", text: node.sql, materialized: node.config.materialized, schema: node.relation.schema, alias: node.relation.name };
  } catch (e) {
    if (e instanceof QeError) return { kind: "error", code: e.code, message: e.message };
    if (e instanceof Error) return { kind: "error", code: `crash:${e.name}`, message: e.message };
    throw e;
  }
}

async function checkProbe(p: Probe): Promise<void> {
  const golden = goldenOf(p.id);
  if (!golden) throw new Error(`no golden file for ${p.id}: run npm run golden:dbt`);
  const got = await compileWithQe(p);
  if (golden.kind === "error") {
    expect(got.kind, `dbt refused this template (${golden.message.split("\n").slice(-1)[0]}); qe compiled it`).toBe("error");
    return;
  }
  expect(got, "dbt compiled this template; qe refused it").toMatchObject({ kind: "sql" });
  if (got.kind !== "sql") return;
  const norm = (s: string) => (p.collapseWhitespace ? sqlTokens(s) : s);
  expect(norm(got.text)).toBe(norm(golden.text));
  const cfg = configs[p.id];
  if (p.checkConfig && cfg) expect({ materialized: got.materialized, schema: got.schema, alias: got.alias }).toEqual(cfg);
}

/** Whitespace-insensitive SQL: runs collapsed, none around brackets and commas. */
function sqlTokens(s: string): string {
  return s.replace(/\s+/g, " ").replace(/\s*([()[\],])\s*/g, "$1").trim();
}

describe("conformance with dbt-core 1.11 + dbt-duckdb 1.11", () => {
  it("has at least 200 probes, each with a golden file, and no stale expected failures", () => {
    expect(probes.length).toBeGreaterThanOrEqual(200);
    expect(probes.filter((p) => !goldenOf(p.id)).map((p) => p.id)).toEqual([]);
    const ids = new Set(probes.map((p) => p.id));
    expect([...EXPECTED_FAILURES].filter((id) => !ids.has(id))).toEqual([]);
  });

  const rewrite = process.env["QE_CONFORMANCE_REWRITE"] === "1";
  const failing: string[] = [];
  for (const p of probes) {
    if (rewrite) {
      it(p.id, async () => {
        try {
          await checkProbe(p);
        } catch {
          failing.push(p.id);
        }
      });
    } else if (EXPECTED_FAILURES.has(p.id)) it.fails(`${p.id} (expected failure)`, () => checkProbe(p));
    else it(p.id, () => checkProbe(p));
  }
  afterAll(() => {
    if (!rewrite) return;
    const file = new URL(import.meta.url).pathname;
    const text = readFileSync(file, "utf8");
    const list = failing.sort().map((id) => `  "${id}",\n`).join("");
    writeFileSync(file, text.replace(/(const EXPECTED_FAILURES = new Set<string>\(\[\n)[\s\S]*?(\]\);)/, `$1${list}$2`));
  });
});

/**
 * Probes where qe differs from dbt today: the to-do list of issue #11's Jinja work. Remove an id
 * when qe starts matching (its it.fails then fails, saying so).
 */
const EXPECTED_FAILURES = new Set<string>([
]);
