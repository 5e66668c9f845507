// The whole path on a small generated university: generate → seed → run → export, twice from
// scratch with the same seed; the CSVs must be byte-identical and carry the columns.
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yargs from "yargs";
import { describe, expect, it } from "vitest";
import type { Command } from "../../src/cli/commands/command.js";
import { exportCommand } from "../../src/cli/commands/export.js";
import { generateCommand } from "../../src/cli/commands/generate.js";
import { runCommand } from "../../src/cli/commands/run.js";
import { seedCommand } from "../../src/cli/commands/seed.js";
import type { CommandContext } from "../../src/cli/context.js";
import type { Reporter } from "../../src/cli/reporter.js";
import { readManifest } from "../../src/export/index.js";
import { REPO_ROOT } from "../unit/export/mart-fixture.js";

const SEED_COLUMNS: Record<string, string> = {
  kpi_pass_rate: "programme,academic_year,term,enrolments,passed,pass_rate",
  assessment_turnaround_bins: "turnaround_bin,assessments,share",
  engagement_index: "module_id,module_code,programme,academic_year,term,survey_mean,median_support_visits,engagement_index,pass_rate",
  at_risk_modules: "module_id,module_code,programme,academic_year,term,enrolments,pass_rate,survey_mean",
};

const quiet: Reporter = { event: () => undefined, error: () => undefined, info: () => undefined, summary: () => undefined };

async function pipeline(runStamp: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "qe-pipeline-"));
  for (const p of ["dbt_project.yml", "models", "macros", "seeds"]) cpSync(join(REPO_ROOT, p), join(dir, p), { recursive: true });
  const ctx: CommandContext = { reporter: quiet, env: {}, now: () => runStamp, cwd: dir };
  const steps: [Command, string[]][] = [[generateCommand, ["--students", "400", "--seed", "7"]], [seedCommand, []], [runCommand, []], [exportCommand, ["--no-charts"]]];
  for (const [cmd, argv] of steps) {
    const args = await cmd.builder(yargs(argv)).parseAsync();
    const out = await cmd.run(args as never, ctx);
    expect(out.results.filter((r) => r.status === "error" || r.status === "fail").map((r) => `${r.name}: ${r.message}`), cmd.name).toEqual([]);
  }
  return join(dir, "exports");
}

describe("export after a real build", () => {
  it("writes the seed marts with their columns, byte-identical across runs with the same seed", async () => {
    const a = await pipeline(Date.UTC(2025, 0, 1));
    const b = await pipeline(Date.UTC(2025, 0, 2));
    for (const [mart, header] of Object.entries(SEED_COLUMNS)) {
      const csv = readFileSync(join(a, `${mart}.csv`), "utf8");
      // "At least these columns", in this order (a mart may add more, e.g. a sort key).
      const cols = csv.split("\n")[0]!.split(",");
      expect(cols.filter((c) => header.split(",").includes(c)), mart).toEqual(header.split(","));
      expect(csv.split("\n").length, mart).toBeGreaterThan(2);
      expect(readFileSync(join(b, `${mart}.csv`), "utf8"), mart).toBe(csv);
    }
    const [ma, mb] = [readManifest(a)!, readManifest(b)!];
    expect(ma.runId).toBe("20250101T000000Z");
    const csvSums = (m: typeof ma) => m.files.filter((f) => f.kind === "csv").map((f) => [f.path, f.sha256]);
    expect(csvSums(mb)).toEqual(csvSums(ma));
    expect(ma.files.some((f) => f.path === "dashboard.html")).toBe(true);
  });
});
