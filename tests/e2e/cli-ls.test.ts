// Acceptance: `qe ls` on a copy of the real QE project lists what each output format and selector
// should, checked against the project's own files (folders, refs), and never opens the warehouse.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { cleanUpTempDirs, freshProject } from "../helpers/qe-e2e.js";

afterAll(cleanUpTempDirs);

interface LsJson {
  name: string;
  resource_type: string;
  unique_id: string;
  original_file_path: string;
  config: { materialized?: string; tags?: string[] };
  depends_on: { nodes: string[] };
}

let dir: string;
/** Model names by layer folder, read from the copied project's files. */
const layers: Record<string, string[]> = {};

beforeAll(() => {
  dir = freshProject(); // no data/qe.db, no target/: ls must need neither
  for (const layer of ["staging", "features", "marts"]) {
    layers[layer] = readdirSync(join(dir, "models", layer)).filter((f) => f.endsWith(".sql")).map((f) => basename(f, ".sql")).sort();
  }
});

async function ls(...args: string[]): Promise<string[]> {
  const out = await runCli(["ls", "--project-dir", dir, ...args], dir);
  expect(out.stderr).toBe("");
  expect(out.exitCode).toBe(0);
  return out.stdout.trim().split("\n").filter(Boolean);
}

async function lsJson(...args: string[]): Promise<LsJson[]> {
  return (await ls("--output", "json", ...args)).map((l) => JSON.parse(l) as LsJson);
}

/** Model names among `qe ls --output json` lines. */
const modelNames = (rows: LsJson[]): string[] => rows.filter((r) => r.resource_type === "model").map((r) => r.name).sort();

/** Every model upstream of `name` (and itself), from the ref() calls in the SQL files. */
function upstreamModels(name: string): string[] {
  const all = Object.values(layers).flat();
  const file = (m: string) => Object.entries(layers).find(([, ms]) => ms.includes(m))![0];
  const seen = new Set<string>();
  const visit = (m: string): void => {
    if (seen.has(m) || !all.includes(m)) return;
    seen.add(m);
    const sql = readFileSync(join(dir, "models", file(m), `${m}.sql`), "utf8");
    for (const [, ref] of sql.matchAll(/ref\(\s*['"](\w+)['"]\s*\)/g)) visit(ref!);
  };
  visit(name);
  return [...seen].sort();
}

describe("qe ls on the QE project", () => {
  it("--output name lists every model of the three layers, the seeds, sources and data tests", async () => {
    const names = await ls("--output", "name");
    for (const m of Object.values(layers).flat()) expect(names, m).toContain(m);
    expect(names).toContain("turnaround_bins"); // a seed
    expect(names).toContain("assert_turnaround_shares_sum_to_one"); // a singular test
    expect(names).toContain("unique_combination_of_columns_kpi_pass_rate_programme__academic_year__term"); // a generic test
    expect(new Set(names).size).toBe(names.length);
  });

  it("--output path gives each model's file relative to the project", async () => {
    const paths = await ls("--output", "path", "--resource-type", "model");
    const expected = Object.entries(layers).flatMap(([layer, ms]) => ms.map((m) => `models/${layer}/${m}.sql`)).sort();
    expect([...paths].sort()).toEqual(expected);
    for (const p of paths) expect(existsSync(join(dir, p)), p).toBe(true);
  });

  it("--output json gives dbt-shaped objects with config and dependencies", async () => {
    const rows = await lsJson();
    const kpi = rows.find((r) => r.unique_id === "model.qe_analytics.kpi_pass_rate");
    expect(kpi).toMatchObject({ name: "kpi_pass_rate", resource_type: "model", original_file_path: "models/marts/kpi_pass_rate.sql" });
    expect(kpi!.config.materialized).toBe("table");
    expect(kpi!.config.tags).toContain("marts");
    expect(kpi!.depends_on.nodes).toEqual(["model.qe_analytics.feat_enrolment_marks"]);
    expect(new Set(rows.map((r) => r.resource_type))).toEqual(new Set(["model", "seed", "snapshot", "source", "test"]));
  });

  it("-s path:models/marts selects the marts (and their tests), nothing upstream", async () => {
    const rows = await lsJson("-s", "path:models/marts");
    expect(modelNames(rows)).toEqual(layers["marts"]);
    expect(rows.filter((r) => r.resource_type !== "model" && r.resource_type !== "test")).toEqual([]);
    expect(rows.some((r) => r.resource_type === "test")).toBe(true);
  });

  it("-s tag:staging selects the staging models", async () => {
    const rows = await lsJson("-s", "tag:staging", "--resource-type", "model");
    expect(modelNames(rows)).toEqual(layers["staging"]);
  });

  it("-s +kpi_pass_rate selects it and everything upstream (models, seeds, sources)", async () => {
    const rows = await lsJson("-s", "+kpi_pass_rate");
    const expected = upstreamModels("kpi_pass_rate");
    expect(expected).toEqual(expect.arrayContaining(["kpi_pass_rate", "feat_enrolment_marks", "stg_grades"]));
    expect(modelNames(rows)).toEqual(expected);
    // Sources by table name (the runner names them "qe.<table>").
    expect(rows.filter((r) => r.resource_type === "source").map((r) => r.name.replace(/^qe\./, "")).sort()).toEqual(
      expected.filter((m) => m.startsWith("stg_")).map((m) => m.slice(4)).sort(),
    );
  });

  it("-s kpi_pass_rate+ selects it and what reads it (tests only: no model refs it)", async () => {
    const rows = await lsJson("-s", "kpi_pass_rate+");
    expect(modelNames(rows)).toEqual(["kpi_pass_rate"]);
    expect(rows.map((r) => r.name)).toContain("assert_pass_rate_consistent");
  });

  it("-s config.materialized:view selects the staging views only", async () => {
    const rows = await lsJson("-s", "config.materialized:view");
    expect(modelNames(rows)).toEqual(layers["staging"]);
  });

  it("intersection and exclusion: -s tag:marts,path:models/marts --exclude at_risk_modules", async () => {
    const rows = await lsJson("-s", "tag:marts,path:models/marts", "--exclude", "at_risk_modules", "--resource-type", "model");
    expect(modelNames(rows)).toEqual(layers["marts"]!.filter((m) => m !== "at_risk_modules"));
  });

  it("qe compile writes compiled models and tests without opening the warehouse", async () => {
    const out = await runCli(["compile", "--project-dir", dir], dir);
    expect(out.exitCode, out.stderr).toBe(0);
    const compiled = join(dir, "target", "compiled", "qe_analytics");
    const kpi = readFileSync(join(compiled, "models", "marts", "kpi_pass_rate.sql"), "utf8");
    expect(kpi).toMatch(/from "qe"\."main"\."feat_enrolment_marks"/); // dbt-duckdb's three-part name, the database being the file's stem
    expect(kpi).not.toMatch(/\{\{|\{%/);
    expect(existsSync(join(compiled, "tests", "data", "assert_turnaround_shares_sum_to_one.sql"))).toBe(true);
    const generic = readdirSync(join(compiled, "models", "marts", "_marts.yml"));
    // Named as dbt names the file: past 63 characters, the test's short name (prefix and hash).
    expect(generic.filter((f) => /^unique_combination_of_columns__[0-9a-f]{32}\.sql$/.test(f)).length).toBeGreaterThan(0);
    expect(generic).toContain("not_null_kpi_pass_rate_programme.sql");
  });

  it("never creates the warehouse or a source database", () => {
    expect(existsSync(join(dir, "target", "qe.duckdb"))).toBe(false);
    expect(existsSync(join(dir, "data", "qe.db"))).toBe(false);
  });
});
