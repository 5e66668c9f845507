// Acceptance: `qe-run` (the `main` command) on fresh copies of the real QE project with a small
// generated university. What a new user and CI see: exit codes, files in exports/ and target/,
// byte-identical outputs for the same seed, and exports left alone when a data test fails.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliOutcome } from "../helpers/run-cli.js";
import {
  E2E_SEED, E2E_STUDENTS, SEED_MART_COLUMNS, cleanUpTempDirs, csvHeader, editFile, freshProject, generateSharedDb, hashSqliteTables, hashTree,
} from "../helpers/qe-e2e.js";

const GEN_FLAGS = ["--students", String(E2E_STUDENTS), "--seed", E2E_SEED];

async function qeRun(dir: string, ...extra: string[]): Promise<CliOutcome> {
  return runCli(["main", "--project-dir", dir, ...GEN_FLAGS, ...extra], dir);
}

function csvHashes(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(hashTree(join(dir, "exports"))).filter(([f]) => f.endsWith(".csv")));
}

afterAll(cleanUpTempDirs);

describe("qe-run on a fresh copy of the QE project", () => {
  let dir: string;
  let first: CliOutcome;

  beforeAll(async () => {
    dir = freshProject(); // no data/qe.db: qe-run must generate it
    first = await qeRun(dir);
  });

  it("exits 0, generating data/qe.db, with nothing on stderr", () => {
    expect(first.stderr).toBe("");
    expect(first.exitCode, first.stdout.slice(-2000)).toBe(0);
    expect(existsSync(join(dir, "data", "qe.db"))).toBe(true);
    expect(first.stdout).toMatch(/Generated .*qe\.db/);
    expect(first.stdout).toMatch(/^Done\. .*total=\d+$/m);
  });

  it("exports the four seed marts as CSV with the issue's columns, and a manifest listing them", () => {
    const manifest = JSON.parse(readFileSync(join(dir, "exports", "manifest.json"), "utf8")) as {
      runId: string;
      files: { path: string; rows: number; sha256: string; columns: { name: string }[] }[];
    };
    for (const [mart, cols] of Object.entries(SEED_MART_COLUMNS)) {
      const header = csvHeader(dir, mart);
      // "At least these columns", in this order; marts may carry more (e.g. bin_order).
      expect(header.filter((c) => cols.includes(c)), mart).toEqual(cols);
      const rows = parse(readFileSync(join(dir, "exports", `${mart}.csv`), "utf8"), { columns: true }) as unknown[];
      expect(rows.length, mart).toBeGreaterThan(0);
      const entry = manifest.files.find((f) => f.path === `${mart}.csv`);
      expect(entry, `${mart}.csv in exports/manifest.json`).toBeDefined();
      expect(entry!.rows, mart).toBe(rows.length);
      expect(entry!.columns.map((c) => c.name), mart).toEqual(header);
      expect(entry!.sha256).toBe(hashTree(join(dir, "exports"))[`${mart}.csv`]);
    }
    expect(manifest.runId).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it("writes dbt-shaped artifacts: run_results.json, manifest.json and compiled SQL", () => {
    const runResults = JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")) as {
      results: { unique_id: string; status: string }[];
    };
    const ids = runResults.results.map((r) => r.unique_id);
    expect(ids).toContain("model.qe_analytics.kpi_pass_rate");
    expect(ids).toContain("model.qe_analytics.at_risk_modules");
    expect(ids.some((id) => id.startsWith("test.qe_analytics."))).toBe(true);
    expect(ids.filter((id) => id.startsWith("unit_test.")).length, "unit tests in run_results.json, as dbt build records them").toBeGreaterThan(0);
    expect(runResults.results.filter((r) => !["success", "pass"].includes(r.status))).toEqual([]);

    const manifest = JSON.parse(readFileSync(join(dir, "target", "manifest.json"), "utf8")) as {
      nodes: Record<string, { depends_on: { nodes: string[] } }>;
      parent_map: Record<string, string[]>;
    };
    expect(manifest.nodes["model.qe_analytics.at_risk_modules"]?.depends_on.nodes).toContain("model.qe_analytics.engagement_index");
    expect(manifest.parent_map["model.qe_analytics.kpi_pass_rate"]).toContain("model.qe_analytics.feat_enrolment_marks");

    const compiled = readFileSync(join(dir, "target", "compiled", "qe_analytics", "models", "marts", "kpi_pass_rate.sql"), "utf8");
    expect(compiled).not.toContain("{{");
    expect(compiled).toMatch(/feat_enrolment_marks/);
    expect(existsSync(join(dir, "target", "qe.duckdb"))).toBe(true);
  });

  // Was 0-based ("0 of 328"); fixed in execute by 81e106c.
  it("prints one line per node, numbered 1..N of N (dbt's numbering)", () => {
    const numbers = [...first.stdout.matchAll(/^ *(\d+) of (\d+) /gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(numbers.length).toBeGreaterThan(0);
    for (const [n, total] of numbers) {
      expect(n, `"${n} of ${total}"`).toBeGreaterThanOrEqual(1);
      expect(n, `"${n} of ${total}"`).toBeLessThanOrEqual(total);
    }
    const biggest = Math.max(...numbers.map(([, t]) => t));
    // Each number once; with threads > 1 (the QE profile has 4) tests finish out of order, as in dbt's log.
    expect(numbers.filter(([, t]) => t === biggest).map(([n]) => n).sort((a, b) => a - b)).toEqual(Array.from({ length: biggest }, (_, i) => i + 1));
  });

  describe("determinism", () => {
    it("a second qe-run in the same folder gives byte-identical CSVs", async () => {
      const before = csvHashes(dir);
      expect(Object.keys(before)).toContain("kpi_pass_rate.csv");
      const again = await qeRun(dir);
      expect(again.exitCode, again.stderr + again.stdout.slice(-2000)).toBe(0);
      expect(again.stdout).not.toMatch(/Generated /); // data/qe.db was there already
      expect(csvHashes(dir)).toEqual(before);
    });

    it("another fresh copy with the same seed and students gives the same source tables and CSVs", async () => {
      const other = freshProject();
      const out = await qeRun(other, "--no-export");
      expect(out.exitCode, out.stderr).toBe(0);
      expect(existsSync(join(other, "exports", "kpi_pass_rate.csv"))).toBe(false); // --no-export
      expect(hashSqliteTables(join(other, "data", "qe.db"))).toEqual(hashSqliteTables(join(dir, "data", "qe.db")));
      const exported = await runCli(["export", "--project-dir", other, "--no-charts", "--no-dashboard"], other);
      expect(exported.exitCode, exported.stderr).toBe(0);
      expect(csvHashes(other)).toEqual(csvHashes(dir));
    });
  });

  it("an export that fails (a broken chart spec) exits 2 naming the spec and leaves the previous exports", async () => {
    const before = hashTree(join(dir, "exports"));
    const spec = "models/marts/charts/turnaround_distribution.vl.json";
    const good = readFileSync(join(dir, spec), "utf8");
    writeFileSync(join(dir, spec), '{"mark": ');
    try {
      const out = await qeRun(dir);
      expect(out.exitCode, out.stdout.slice(-1000)).toBe(2);
      expect(out.stderr).toMatch(/turnaround_distribution\.vl\.json.*not valid JSON/);
      expect(hashTree(join(dir, "exports"))).toEqual(before);
    } finally {
      writeFileSync(join(dir, spec), good);
    }
  });
});

describe("qe-run with a failing data test", () => {
  let dir: string;
  let goodExports: Record<string, string>;
  let failed: CliOutcome;

  beforeAll(async () => {
    dir = freshProject(await generateSharedDb());
    const good = await qeRun(dir);
    expect(good.exitCode, good.stderr).toBe(0);
    goodExports = hashTree(join(dir, "exports"));
    // A duplicating union: every (programme, year, term) appears twice.
    editFile(dir, "models/marts/kpi_pass_rate.sql", (sql) => `with kpi as (\n${sql}\n)\nselect * from kpi\nunion all\nselect * from kpi\n`);
    failed = await qeRun(dir);
  });

  it("exits 1", () => {
    expect(failed.exitCode, failed.stderr).toBe(1);
  });

  it("names the failing test, its model and sample rows", () => {
    const out = failed.stdout;
    const lines = out.split("\n");
    const at = lines.findIndex((l) => / FAIL (generic|singular)_test \S+ \d+ failing rows? /.test(l));
    expect(at, "a FAIL line with the test's name and its failing-row count").toBeGreaterThanOrEqual(0);
    const block = lines.slice(at, at + 8).join("\n");
    expect(block).toMatch(/kpi_pass_rate/); // the model at fault
    expect(block).toMatch(/\n\s+[a-z_]+\s*\|\s*[a-z_]+/); // a sample-rows table header
    expect(block).toMatch(/\n\s+-+-\+-/); // and its rule
    expect(out).toMatch(/Exports left unchanged/);
  });

  // A failing test gates only its own model's downstream (dbt build): the singular test that reads
  // kpi_pass_rate AND stg_grades once skipped half the project (fixed in execute by 81e106c).
  it("runs every other test of the broken model: the uniqueness test fails with the duplicated keys", () => {
    const out = failed.stdout;
    const line = out.split("\n").find((l) => / FAIL generic_test unique_combination_of_columns_kpi_pass_rate_/.test(l));
    expect(line, out.split("\n").filter((l) => /unique_combination_of_columns_kpi_pass_rate/.test(l)).join("\n")).toBeDefined();
    const after = out.slice(out.indexOf(line!));
    expect(after).toMatch(/programme\s*\|\s*academic_year\s*\|\s*term/);
  });

  it("still builds engagement_index, which does not depend on the broken model", () => {
    expect(failed.stdout).toMatch(/ SUCCESS model engagement_index /);
  });

  it("leaves the previous exports, manifest.json included, byte-for-byte", () => {
    expect(hashTree(join(dir, "exports"))).toEqual(goodExports);
    expect(Object.keys(goodExports)).toContain("manifest.json");
  });
});

describe("qe-run with a warn-severity test failing", () => {
  it("exits 0, shows the warning with samples, and writes the exports", async () => {
    const dir = freshProject(await generateSharedDb());
    editFile(dir, "models/marts/_marts.yml", (y) =>
      y.replace(
        "          - accepted_values: { values: [T1, T2, T3] }\n      - name: enrolments",
        "          - accepted_values: { values: [T1, T2], config: { severity: warn } }\n      - name: enrolments",
      ),
    );
    const out = await qeRun(dir, "--no-export");
    expect(out.exitCode, out.stderr + out.stdout.slice(-1500)).toBe(0);
    const lines = out.stdout.split("\n");
    const at = lines.findIndex((l) => / WARN generic_test accepted_values_kpi_pass_rate_term__T1__T2 /.test(l));
    expect(at, lines.filter((l) => /accepted_values_kpi_pass_rate_term/.test(l)).join("\n")).toBeGreaterThanOrEqual(0);
    expect(lines.slice(at, at + 6).join("\n")).toMatch(/\bT3\b/);
    expect(out.stdout).toMatch(/^Done\. .*warn=1/m);
    expect(out.stdout).not.toMatch(/Exports left unchanged/);
  });
});
