// Issue 6's "must show": the four seed KPIs exported by the real pipeline (qe build + qe export on a
// copy of the QE project) match an independent recomputation straight from the SQLite source
// (tests/e2e/qe-project-kpi-reference.ts: better-sqlite3 + JS arithmetic) to 1e-6.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../src/generate/index.js";
import { main } from "../../src/cli/main.js";
import type { Reporter } from "../../src/cli/reporter.js";
import type { QeError } from "../../src/core/errors.js";
import { referenceKpis, type ReferenceKpis } from "./qe-project-kpi-reference.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The QE project's own files: everything `qe build` reads, nothing else. */
const PROJECT_PATHS = ["dbt_project.yml", "models", "macros", "seeds", "tests/data"];
const TOLERANCE = 1e-6;

type CsvRow = Record<string, string>;

interface Recorded {
  reporter: Reporter;
  errors: string[];
}

function recordingReporter(): Recorded {
  const errors: string[] = [];
  return {
    errors,
    reporter: {
      event: () => {},
      error: (e: QeError) => errors.push(`${e.code}: ${e.message}`),
      info: () => {},
      summary: () => {},
    },
  };
}

function readCsv(dir: string, mart: string): CsvRow[] {
  const file = path.join(dir, "exports", `${mart}.csv`);
  return parse(fs.readFileSync(file, "utf8"), { columns: true, skip_empty_lines: true }) as CsvRow[];
}

/**
 * Compares exported rows with reference rows by their key columns: same keys, text columns equal,
 * numeric columns within TOLERANCE. Returns readable mismatch lines (empty when they agree).
 */
function compareRows<T extends object>(mart: string, csv: CsvRow[], ref: readonly T[], keys: (keyof T & string)[], numeric: (keyof T & string)[]): string[] {
  const problems: string[] = [];
  const keyOf = (r: Record<string, unknown>) => keys.map((k) => String(r[k])).join(" | ");
  const byKey = new Map(csv.map((r) => [keyOf(r), r]));
  if (csv.length !== ref.length) problems.push(`${mart}: ${csv.length} exported rows, ${ref.length} expected`);
  for (const want of ref) {
    const k = keyOf(want as Record<string, unknown>);
    const got = byKey.get(k);
    if (!got) {
      problems.push(`${mart}: no exported row for ${k}`);
      continue;
    }
    for (const col of numeric) {
      const w = Number(want[col]);
      const g = Number(got[col]);
      if (!(Math.abs(g - w) <= TOLERANCE)) problems.push(`${mart} ${k}: ${col} exported ${got[col]}, expected ${w}`);
    }
  }
  return problems.slice(0, 20);
}

// A copy of the project with its own generated source database, so the test never touches data/ or target/.
describe("seed KPIs: exported marts vs an independent recomputation from SQLite", () => {
  let dir: string;
  let ref: ReferenceKpis;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "qe-kpi-crosscheck-"));
    for (const p of PROJECT_PATHS) fs.cpSync(path.join(REPO, p), path.join(dir, p), { recursive: true });
    fs.mkdirSync(path.join(dir, "data"));
    const db = path.join(dir, "data", "qe.db");
    await generate({ out: db, students: 1500, seed: 42, years: 4 });
    ref = referenceKpis(db);

    // Charts and the dashboard are the exports engineer's to test; only the CSVs matter here.
    const argv: Record<string, string[]> = { build: [], export: ["--no-charts", "--no-dashboard"] };
    for (const command of ["build", "export"]) {
      const rec = recordingReporter();
      const code = await main([command, "--project-dir", dir, ...argv[command]!], rec.reporter);
      expect(rec.errors, `qe ${command} errors`).toEqual([]);
      expect(code, `qe ${command} exit code`).toBe(0);
    }
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("kpi_pass_rate matches", () => {
    const csv = readCsv(dir, "kpi_pass_rate");
    expect(Object.keys(csv[0]!)).toEqual(expect.arrayContaining(["programme", "academic_year", "term", "enrolments", "passed", "pass_rate"]));
    expect(compareRows("kpi_pass_rate", csv, ref.passRate, ["programme", "academic_year", "term"], ["enrolments", "passed", "pass_rate"])).toEqual([]);
  });

  it("assessment_turnaround_bins matches, in bin order", () => {
    const csv = readCsv(dir, "assessment_turnaround_bins");
    expect(csv.map((r) => r["turnaround_bin"])).toEqual(["<=10", "11-15", "16-20", ">20"]);
    expect(compareRows("assessment_turnaround_bins", csv, ref.turnaround, ["turnaround_bin"], ["assessments", "share"])).toEqual([]);
  });

  it("engagement_index matches", () => {
    const csv = readCsv(dir, "engagement_index");
    expect(Object.keys(csv[0]!)).toEqual(
      expect.arrayContaining(["module_id", "module_code", "programme", "academic_year", "term", "survey_mean", "median_support_visits", "engagement_index", "pass_rate"]),
    );
    const problems = compareRows("engagement_index", csv, ref.engagement, ["module_id", "module_code", "programme", "academic_year", "term"], [
      "survey_mean", "median_support_visits", "engagement_index", "pass_rate",
    ]);
    expect(problems).toEqual([]);
  });

  it("at_risk_modules matches", () => {
    const csv = readCsv(dir, "at_risk_modules");
    expect(ref.atRisk.length).toBeGreaterThan(0);
    const problems = compareRows("at_risk_modules", csv, ref.atRisk, ["module_id", "module_code", "programme", "academic_year", "term"], [
      "enrolments", "pass_rate", "survey_mean",
    ]);
    expect(problems).toEqual([]);
  });
});
