// qe against real dbt-core 1.11 + dbt-duckdb 1.11 on tests/fixtures/dbt-diff, through one scripted
// history: build; change the source (update, delete, insert) and two models' columns; build; change
// the source again (re-insert, rename); build; source freshness. After it, the two warehouses must
// hold the same rows and types (seeds, versioned models, contracts, three snapshots with timestamps
// aside, every incremental strategy and on_schema_change mode), each build the same per-node
// statuses and success, freshness the same statuses, and the artifacts the same ids and keys.
// dbt runs once, in one Python process, beside qe's in-process runs. Skips without .venv/dbt.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { copyProject } from "../helpers/temp-project.js";

const FIXTURE = resolve("tests/fixtures/dbt-diff");
const PYTHON = resolve(".venv/dbt/bin/python");
const DRIVER = resolve("tests/differential/dbt_driver.py");
const VALIDATE = resolve("tests/differential/validate_artifacts.py");
// Microbatch models build the windows the event-time flags give (deterministic), except in the plain
// second build, whose batches end at the invocation time (lookback from today: no fixture rows).
const STEPS = [
  "build --event-time-start 2024-01-01 --event-time-end 2024-01-04", "copy:step2", "build", "copy:step3",
  "build --event-time-start 2024-01-02 --event-time-end 2024-01-06",
  "build --full-refresh --select mb_source --event-time-start 2024-01-01 --event-time-end 2024-01-03",
  "source freshness",
];
const HAVE_DBT = existsSync(PYTHON);
if (!HAVE_DBT) console.warn("tests/differential: .venv/dbt is absent, so the dbt differential test is skipped (bash .ci/run installs it)");

type BatchResults = { successful: string[][]; failed: string[][] };
interface Step { step: string; success: boolean; statuses: Record<string, string>; batches: Record<string, BatchResults> }
interface Table { columns?: string[][]; rows?: unknown[][]; error?: string }
interface Outcome { steps: Step[]; tables: Record<string, Table> }

const copy = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
};
const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, "target", file), "utf8"));

async function runDbt(dir: string): Promise<Outcome> {
  const out = join(dir, "dbt-outcome.json");
  await promisify(execFile)(PYTHON, [DRIVER, dir, out, ...STEPS], { maxBuffer: 64 << 20, timeout: 600_000 });
  return JSON.parse(readFileSync(out, "utf8")) as Outcome;
}

async function runQe(dir: string): Promise<Outcome> {
  const steps: Step[] = [];
  for (const step of STEPS) {
    if (step.startsWith("copy:")) {
      cpSync(join(dir, "changes", step.slice(5)), dir, { recursive: true });
      continue;
    }
    const out = await runCli([...step.split(" "), "--project-dir", dir, "--no-partial-parse"], dir);
    const build = step.startsWith("build");
    const results = (build ? json(dir, "run_results.json").results : json(dir, "sources.json").results) as { unique_id: string; status: string; batch_results?: BatchResults | null }[];
    const batches = Object.fromEntries(results.filter((r) => r.batch_results).map((r) => [r.unique_id, r.batch_results!]));
    steps.push({ step, success: out.exitCode === 0, statuses: Object.fromEntries(results.map((r) => [r.unique_id, r.status])), batches });
  }
  const queries = JSON.parse(readFileSync(join(dir, "compare.json"), "utf8")) as Record<string, string>;
  const wh = await DuckDBAdapter.open(join(dir, "target", "diff.duckdb"));
  const tables: Record<string, Table> = {};
  try {
    for (const [name, sql] of Object.entries(queries)) {
      const columns = (await wh.describe(sql)).map((c) => [c.name, c.type]);
      const rows = (await wh.all(`select columns(*)::varchar from (${sql})`)).map((r) => Object.values(r));
      tables[name] = { columns, rows };
    }
  } finally {
    await wh.close();
  }
  return { steps, tables };
}

describe.skipIf(!HAVE_DBT)("qe and dbt-core 1.11 + dbt-duckdb 1.11 on the same history", () => {
  const dbtDir = copy("qe-dbt-diff-dbt-");
  const qeDir = copy("qe-dbt-diff-qe-");
  // Both start now; dbt's start-up (seconds) overlaps qe's runs.
  const both = Promise.all([runDbt(dbtDir), runQe(qeDir)]);

  it("gives each build and the freshness check the same per-node statuses and success", async () => {
    const [dbt, qe] = await both;
    expect(qe.steps.map((s) => [s.step, s.success])).toEqual(dbt.steps.map((s) => [s.step, s.success]));
    for (const [i, s] of dbt.steps.entries()) expect({ step: i, ...qe.steps[i]!.statuses }).toEqual({ step: i, ...s.statuses });
    // The histories exercise what they mean to: a contract error, a skipped child, on_schema_change: fail,
    // a microbatch model with a failing batch and its skipped child, a freshness warning.
    expect(dbt.steps[0]!.statuses["model.diff.contract_bad"]).toBe("error");
    expect(dbt.steps[0]!.statuses["model.diff.after_bad"]).toBe("skipped");
    expect(dbt.steps[1]!.statuses["model.diff.inc_osc_fail"]).toBe("error");
    expect(dbt.steps[0]!.statuses["model.diff.mb_partial"]).toBe("partial success");
    expect(dbt.steps[0]!.statuses["model.diff.after_partial"]).toBe("skipped");
    expect(dbt.steps[4]!.statuses["source.diff.landed.raw_customers"]).toBe("warn");
  }, 600_000);

  it("builds and fails the same microbatch batches (run_results batch_results)", async () => {
    const [dbt, qe] = await both;
    for (const [i, s] of dbt.steps.entries()) {
      // The plain build's batches end at the invocation time: compare their number, not their dates.
      const shape = (b: Record<string, BatchResults>) =>
        s.step === "build" ? Object.fromEntries(Object.entries(b).map(([id, r]) => [id, [r.successful.length, r.failed.length]])) : b;
      expect({ step: i, ...shape(qe.steps[i]!.batches) }).toEqual({ step: i, ...shape(s.batches) });
    }
    expect(dbt.steps[0]!.batches["model.diff.mb_day"]!.successful).toHaveLength(3);
    expect(dbt.steps[0]!.batches["model.diff.mb_partial"]!.failed).toHaveLength(1);
  }, 600_000);

  it("leaves the same rows and column types in every compared relation", async () => {
    const [dbt, qe] = await both;
    for (const name of Object.keys(dbt.tables)) expect({ name, ...qe.tables[name] }).toEqual({ name, ...dbt.tables[name] });
    expect(dbt.tables["customers_new"]!.rows!.length).toBeGreaterThan(5);
    // The microbatch tables exist in both (a query error on both sides would compare equal).
    for (const t of ["mb_day", "mb_source", "mb_year", "mb_month", "mb_partial"]) expect({ t, error: dbt.tables[t]!.error, empty: !dbt.tables[t]!.rows?.length }).toEqual({ t, error: undefined, empty: false });
    expect(dbt.tables["mb_day"]!.rows!.length).toBeGreaterThan(6);
  }, 600_000);

  it("writes artifacts with dbt's node ids and every key dbt writes", async () => {
    await both;
    const [dm, qm] = [json(dbtDir, "manifest.json"), json(qeDir, "manifest.json")];
    expect(Object.keys(qm.nodes).sort()).toEqual(Object.keys(dm.nodes).sort());
    expect(Object.keys(qm.sources).sort()).toEqual(Object.keys(dm.sources).sort());
    const missing = (d: Record<string, unknown>, q: Record<string, unknown>) => Object.keys(d).filter((k) => !(k in q));
    expect(missing(dm, qm)).toEqual([]);
    for (const id of Object.keys(dm.nodes)) expect({ id, missing: missing(dm.nodes[id], qm.nodes[id]) }).toEqual({ id, missing: [] });
    for (const id of Object.keys(dm.sources)) expect({ id, missing: missing(dm.sources[id], qm.sources[id]) }).toEqual({ id, missing: [] });
    const [ds, qs] = [json(dbtDir, "sources.json"), json(qeDir, "sources.json")];
    expect(missing(ds.results[0], qs.results[0])).toEqual([]);
    expect(qs.results.map((r: { criteria: unknown }) => r.criteria)).toEqual(ds.results.map((r: { criteria: unknown }) => r.criteria));
    // And each validates against the JSON schema dbt-core 1.11 generates from its artifact classes.
    const files = ["manifest.json", "run_results.json", "sources.json"].map((f) => join(qeDir, "target", f));
    const { stdout } = await promisify(execFile)(PYTHON, [VALIDATE, ...files], { maxBuffer: 16 << 20 });
    expect(JSON.parse(stdout)).toEqual({ manifest: [], run_results: [], sources: [] });
  }, 600_000);

  it("writes a manifest for the QE project itself that dbt-core's schema accepts", async () => {
    const dir = copyProject(resolve("."), "qe-dbt-diff-qe-project-");
    expect((await runCli(["compile", "--project-dir", dir], dir)).exitCode).toBe(0);
    await both;
    const files = [join(dir, "target", "manifest.json"), join(qeDir, "target", "run_results.json"), join(qeDir, "target", "sources.json")];
    const { stdout } = await promisify(execFile)(PYTHON, [VALIDATE, ...files], { maxBuffer: 16 << 20 });
    expect(JSON.parse(stdout).manifest).toEqual([]);
  }, 600_000);
});
