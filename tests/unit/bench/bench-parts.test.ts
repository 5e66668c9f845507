// The bench's pure parts: statistics, the synthetic project's shape, raw DDL order, the table.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { summarise, skippedRecord, measuredRecord } from "../../../src/bench/record.js";
import { writeSyntheticProject } from "../../../src/bench/synthetic-project.js";
import { rawStatements } from "../../../src/bench/measures/run-overhead.js";
import { formatTable } from "../../../src/bench/report.js";
import { parseBenchArgs } from "../../../src/bench/options.js";
import type { CompiledNode } from "../../../src/compile/types.js";
import { nodeId } from "../../../src/project/types.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("summarise", () => {
  it("takes the median, averaging the middle two of an even count", () => {
    expect(summarise([3, 1, 2])).toEqual({ median_s: 2, min_s: 1, max_s: 3, runs: 3 });
    expect(summarise([4, 1, 2, 3]).median_s).toBe(2.5);
    expect(() => summarise([])).toThrow();
  });
});

describe("writeSyntheticProject", () => {
  it("writes N models in three layers whose refs all point at earlier models", () => {
    const dir = mkdtempSync(join(tmpdir(), "qe-bench-syn-"));
    dirs.push(dir);
    const stats = writeSyntheticProject(dir, 50);
    expect(stats.models).toBe(50);
    const names = new Set<string>();
    const refs: string[] = [];
    for (const layer of ["staging", "intermediate", "marts"]) {
      for (const f of readdirSync(join(dir, "models", layer)).filter((f) => f.endsWith(".sql"))) {
        names.add(f.replace(/\.sql$/, ""));
        const sql = readFileSync(join(dir, "models", layer, f), "utf8");
        const found = [...sql.matchAll(/ref\('([^']+)'\)/g)].map((m) => m[1]!);
        if (layer !== "staging") expect(found.length, f).toBeGreaterThanOrEqual(1);
        expect(found.length, f).toBeLessThanOrEqual(5);
        refs.push(...found);
      }
    }
    expect(names.size).toBe(50);
    expect(refs.length).toBe(stats.refs);
    for (const r of refs) expect(names.has(r), r).toBe(true);
    // Deterministic: the same N writes the same files.
    const again = mkdtempSync(join(tmpdir(), "qe-bench-syn-"));
    dirs.push(again);
    writeSyntheticProject(again, 50);
    const a = readFileSync(join(dir, "models/marts/mart_0003.sql"), "utf8");
    expect(readFileSync(join(again, "models/marts/mart_0003.sql"), "utf8")).toBe(a);
  });
});

function model(name: string, deps: string[], materialized: "view" | "table" | "ephemeral" = "table"): CompiledNode {
  return {
    id: nodeId(`model.p.${name}`), kind: "model", name, path: `models/${name}.sql`,
    config: { materialized, tags: [], enabled: true, uniqueKey: [], preHook: [], postHook: [], meta: {}, export: [], ignored: {} },
    relation: { schema: "main", name }, sql: `select 1 as x`, dependsOn: deps.map((d) => nodeId(`model.p.${d}`)),
    sourceLines: [], checksum: "",
  };
}

describe("rawStatements", () => {
  it("orders parents before children and leaves ephemerals out", () => {
    const sql = rawStatements([model("c", ["b"]), model("b", ["a", "e"], "view"), model("a", []), model("e", [], "ephemeral")]);
    expect(sql[0]).toBe('create schema if not exists "main"');
    const order = sql.slice(1).map((s) => /"main"\."(\w+)"/.exec(s)![1]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(sql[2]).toMatch(/^create or replace view "main"\."b" as \(/);
  });
});

describe("formatTable and options", () => {
  it("lists skipped records with their reason", () => {
    const text = formatTable([
      measuredRecord("compile", "10 models", "< 1 s", summarise([0.5]), { goal_met: true }),
      skippedRecord("load", "1k students", "≤ 1.0", "no loader yet"),
    ]);
    expect(text).toMatch(/compile\s+10 models\s+0\.500/);
    expect(text).toContain("load 1k students: no loader yet");
  });

  it("rejects unknown flags and bad run counts", () => {
    expect(() => parseBenchArgs(["--fast"], "/")).toThrow();
    expect(() => parseBenchArgs(["--runs", "0"], "/")).toThrow(/--runs/);
    expect(parseBenchArgs(["--full"], "/").generateScales).toContain(1_000_000);
    expect(parseBenchArgs(["--quick"], "/").runs).toBe(1);
  });
});

describe("setProjectVar", () => {
  it("sets a var in a copied dbt_project.yml and keeps its comments", async () => {
    const { setProjectVar } = await import("../../../src/bench/temp-project.js");
    const { writeFileSync } = await import("node:fs");
    const dir = mkdtempSync(join(tmpdir(), "qe-bench-var-"));
    dirs.push(dir);
    writeFileSync(join(dir, "dbt_project.yml"), "name: p\n# the pass mark\nvars:\n  pass_mark: 50\n");
    setProjectVar(dir, "generate_students", 1000);
    const text = readFileSync(join(dir, "dbt_project.yml"), "utf8");
    expect(text).toContain("# the pass mark");
    expect(text).toMatch(/pass_mark: 50\n\s+generate_students: 1000/);
  });
});

describe("--vs-dbt and --students", () => {
  it("parses the flags; without --vs-dbt the comparison expects no records", async () => {
    const { vsDbtMeasure } = await import("../../../src/bench/measures/vs-dbt.js");
    const off = parseBenchArgs([], "/repo");
    expect(off.vsDbt).toBe(false);
    expect(vsDbtMeasure.expected(off)).toEqual([]);
    const noop = { opts: off, tmpDir: "/nowhere", probe: "", sqlite3: null, log: () => undefined, sqliteDb: () => Promise.reject(new Error("unused")) };
    expect(await vsDbtMeasure.run(noop)).toEqual([]); // never starts dbt unless asked
    const on = parseBenchArgs(["--vs-dbt", "--students", "10000"], "/repo");
    expect(on.e2eScales).toEqual([10_000]);
    expect(on.runScales).toEqual([10_000]);
    expect(vsDbtMeasure.expected(on).map((x) => `${x.name} @ ${x.scale}`)).toEqual([
      "vs_dbt_parse @ 1000 models", "vs_dbt_compile @ 1000 models", "vs_dbt_run @ 10k students", "vs_dbt_build @ 10k students",
    ]);
    expect(() => parseBenchArgs(["--students", "0"], "/repo")).toThrow(/--students/);
  });

  it("skips every comparison with the reason when .venv/dbt is missing", async () => {
    const { vsDbtMeasure } = await import("../../../src/bench/measures/vs-dbt.js");
    const root = mkdtempSync(join(tmpdir(), "qe-bench-nodbt-"));
    dirs.push(root);
    const opts = parseBenchArgs(["--quick", "--vs-dbt"], root);
    const recs = await vsDbtMeasure.run({ opts, tmpDir: root, probe: "", sqlite3: null, log: () => undefined, sqliteDb: () => Promise.reject(new Error("unused")) });
    expect(recs.map((r) => r.name)).toEqual(["vs_dbt_parse", "vs_dbt_compile", "vs_dbt_run", "vs_dbt_build"]);
    for (const r of recs) expect(r.skipped).toMatch(/\.venv\/dbt\/bin\/dbt not found/);
  });

  it("shows qe_vs_dbt in the table", () => {
    const r = measuredRecord("vs_dbt_run", "10k students", "-", summarise([1]), { qe_vs_dbt: 0.18 });
    expect(formatTable([r])).toContain("qe_vs_dbt 0.18");
  });
});
