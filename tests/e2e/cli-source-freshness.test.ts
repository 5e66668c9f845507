// `qe source freshness` end to end: exit 1 past error_after (0 for warnings), sources.json written.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";

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
