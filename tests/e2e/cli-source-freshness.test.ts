// `qe source freshness` end to end: exit 1 past error_after (0 for warnings), sources.json written;
// and on the QE project, whose loader stamps _loaded_at: fresh right after qe-run, stale as configured.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { cleanUpTempDirs, freshProject, generateSharedDb } from "../helpers/qe-e2e.js";

function project(freshness: string): string {
  const dir = mkdtempSync(join(tmpdir(), "qe-fresh-"));
  const files: Record<string, string> = {
    "dbt_project.yml": "name: fresh\nversion: '1.0'\n",
    "seeds/loads.csv": "id,loaded_at\n1,2024-01-01 00:00:00\n2,2024-01-02 00:00:00\n",
    "models/_sources.yml": `sources:\n  - name: landed\n    schema: main\n    loaded_at_field: loaded_at\n    freshness: ${freshness}\n    tables:\n      - name: loads\n`,
  };
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

describe("qe source freshness", () => {
  it("exits 1 past error_after and 0 on a warning, writing target/sources.json", async () => {
    const dir = project("{error_after: {count: 1, period: day}}");
    expect((await runCli(["seed", "--project-dir", dir])).exitCode).toBe(0);
    const out = await runCli(["source", "freshness", "--project-dir", dir]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/ERROR freshness landed\.loads/);
    const sources = JSON.parse(readFileSync(join(dir, "target", "sources.json"), "utf8"));
    expect(sources.results[0]).toMatchObject({ unique_id: "source.fresh.landed.loads", status: "error", max_loaded_at: "2024-01-02T00:00:00+00:00" });

    writeFileSync(join(dir, "models/_sources.yml"), readFileSync(join(dir, "models/_sources.yml"), "utf8").replace("error_after", "warn_after"));
    const warned = await runCli(["source", "freshness", "--project-dir", dir]);
    expect(warned.exitCode).toBe(0);
    expect(warned.stdout).toMatch(/WARN freshness landed\.loads/);
  });

  it("is a usage error for another action", async () => {
    const out = await runCli(["source", "stale", "--project-dir", project("{}")]);
    expect(out.exitCode).toBe(2);
  });
});

describe("qe source freshness on the QE project", () => {
  afterAll(cleanUpTempDirs);

  it("passes right after qe-run and writes sources.json; a table loaded 30 h ago warns, 60 h ago errors", async () => {
    const dir = freshProject(await generateSharedDb());
    const run = await runCli(["main", "--project-dir", dir, "--no-export"], dir);
    expect(run.exitCode, run.stdout.slice(-2000)).toBe(0);
    type Result = { unique_id: string; status: string; criteria: unknown };
    const check = async () => {
      const out = await runCli(["source", "freshness", "--project-dir", dir], dir);
      const results = (JSON.parse(readFileSync(join(dir, "target", "sources.json"), "utf8")) as { results: Result[] }).results;
      return { exitCode: out.exitCode, stdout: out.stdout, statuses: Object.fromEntries(results.map((r) => [r.unique_id.replace("source.qe_analytics.qe.", ""), r.status])), results };
    };
    const fresh = await check();
    expect(fresh.exitCode, fresh.stdout).toBe(0);
    expect(Object.keys(fresh.statuses)).toHaveLength(12);
    expect(new Set(Object.values(fresh.statuses))).toEqual(new Set(["pass"]));
    expect(fresh.results[0]!.criteria).toEqual({ warn_after: { count: 26, period: "hour" }, error_after: { count: 50, period: "hour" }, filter: null });

    // The grades table's last load moves back: past warn_after, then past error_after.
    const age = async (hours: number) => {
      const wh = await DuckDBAdapter.open(join(dir, "target", "qe.duckdb"));
      try {
        await wh.exec(`update raw.grades set _loaded_at = _loaded_at - interval ${hours} hour`);
      } finally {
        await wh.close();
      }
    };
    await age(30);
    const warned = await check();
    expect(warned.exitCode).toBe(0);
    expect(warned.statuses).toEqual({ ...fresh.statuses, grades: "warn" });
    expect(warned.stdout).toMatch(/WARN freshness qe\.grades/);
    await age(30);
    const failed = await check();
    expect(failed.exitCode).toBe(1);
    expect(failed.statuses).toEqual({ ...fresh.statuses, grades: "error" });
  }, 600_000);
});
