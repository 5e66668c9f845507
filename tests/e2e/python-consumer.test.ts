// Our exports as a Python analyst sees them: pandas reads the CSVs and Parquet files, pyarrow the
// Arrow files, and every file agrees with manifest.json. Python is only the consumer here.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { cleanUpTempDirs, freshProject, generateSharedDb } from "../helpers/qe-e2e.js";

const hasPandas = spawnSync("python3", ["-c", "import pandas, pyarrow"]).status === 0;
if (!hasPandas) console.warn("python-consumer: python3 with pandas and pyarrow not found — skipping (pip install pandas pyarrow)");

interface Manifest {
  files: { path: string; mart?: string; rows?: number; columns?: { name: string; type: string; martType?: string; unit?: string; description?: string }[] }[];
}

/** The Arrow type pyarrow reports for each exported DuckDB type (Parquet and Arrow IPC alike). */
const ARROW_TYPES: Record<string, string> = {
  BIGINT: "int64", INTEGER: "int32", SMALLINT: "int16", TINYINT: "int8", DOUBLE: "double", FLOAT: "float",
  VARCHAR: "string", BOOLEAN: "bool", DATE: "date32[day]",
};

describe.skipIf(!hasPandas)("exports read by pandas and pyarrow", () => {
  let exportsDir: string;
  let seen: Record<string, { rows: number; columns: string[]; dtypes?: string[]; types?: string[] }>;
  let manifest: Manifest;

  beforeAll(async () => {
    const dir = freshProject(await generateSharedDb(600));
    const run = await runCli(["main", "--project-dir", dir], dir);
    expect(run.exitCode, run.stderr + run.stdout.slice(-2000)).toBe(0);
    exportsDir = join(dir, "exports");
    manifest = JSON.parse(readFileSync(join(exportsDir, "manifest.json"), "utf8")) as Manifest;
    const py = spawnSync("python3", [join(import.meta.dirname, "python", "read_exports.py"), exportsDir], { encoding: "utf8" });
    expect(py.status, py.stderr).toBe(0);
    seen = JSON.parse(py.stdout) as typeof seen;
  });

  afterAll(() => cleanUpTempDirs());

  it("reads every CSV, Parquet and Arrow file with the manifest's rows and columns", () => {
    const data = manifest.files.filter((f) => /\.(csv|parquet|arrow)$/.test(f.path));
    expect(data.length).toBeGreaterThanOrEqual(12);
    for (const f of data) {
      expect(seen[f.path], f.path).toBeDefined();
      expect(seen[f.path]!.rows, f.path).toBe(f.rows);
      expect(seen[f.path]!.columns, f.path).toEqual(f.columns!.map((c) => c.name));
    }
  });

  it("gives every column of every mart its mart type in Parquet and Arrow, and a number (never text) in CSV", () => {
    const marts = manifest.files.filter((f) => f.mart && /\.(csv|parquet|arrow)$/.test(f.path));
    expect(new Set(marts.map((f) => f.mart)).size).toBeGreaterThanOrEqual(14);
    const problems: string[] = [];
    for (const f of marts) {
      const got = seen[f.path]!;
      f.columns!.forEach((c, i) => {
        const where = `${f.path}:${c.name} (${c.martType ?? c.type})`;
        if (c.martType) expect(c.martType, where).toBe("HUGEINT");
        if (f.path.endsWith(".csv")) {
          const numeric = /INT|DOUBLE|DECIMAL|FLOAT/.test(c.type);
          const dtype = got.dtypes![i]!;
          // An all-empty numeric column reads as float64 (NaN) in pandas: still a number.
          if (numeric && !/^(int64|float64)$/.test(dtype)) problems.push(`${where}: pandas reads ${dtype}`);
          if (c.type === "BOOLEAN" && dtype !== "bool" && dtype !== "object") problems.push(`${where}: pandas reads ${dtype}`);
          return;
        }
        const want = ARROW_TYPES[c.type] ?? (/^DECIMAL\((\d+),(\d+)\)$/.test(c.type) ? c.type.replace(/^DECIMAL\((\d+),(\d+)\)$/, "decimal128($1, $2)") : undefined);
        const arrowType = got.types![i]!.replace(/^large_string$/, "string");
        if (arrowType !== want) problems.push(`${where}: pyarrow reads ${arrowType}, want ${want}`);
      });
    }
    expect(problems).toEqual([]);
    // The HUGEINT sums of nss_theme_scores reach readers as int64 in every format (issue 14).
    const nss = seen["nss_theme_scores.arrow"]!;
    expect(nss.types![nss.columns.indexOf("answers")]).toBe("int64");
    expect(seen["nss_theme_scores.parquet"]!.dtypes![nss.columns.indexOf("positive_answers")]).toBe("int64");
    expect(seen["nss_theme_scores.csv"]!.dtypes![nss.columns.indexOf("answers")]).toBe("int64");
  });

  it("writes a data dictionary with every exported column's type, unit and description", () => {
    const dict = parse(readFileSync(join(exportsDir, "data_dictionary.csv")), { columns: true }) as Record<string, string>[];
    const marts = manifest.files.filter((f) => f.path.endsWith(".csv") && f.mart);
    expect(dict.length).toBe(marts.reduce((n, f) => n + f.columns!.length, 0));
    const row = (mart: string, column: string) => dict.find((r) => r.mart === mart && r.column === column);
    expect(row("kpi_pass_rate", "pass_rate")).toMatchObject({ type: "DOUBLE", unit: "fraction", population: "enrolments" });
    expect(row("wp_attainment_gap", "pass_rate_gap_pp")).toMatchObject({ unit: "percentage_points" });
    expect(row("feedback_timeliness", "median_turnaround_days")).toMatchObject({ unit: "days" });
    expect(row("nss_theme_scores", "answers")).toMatchObject({ type: "BIGINT", mart_type: "HUGEINT", unit: "count" });
    for (const r of dict) expect(r.description, `${r.mart}.${r.column}`).not.toBe("");
    const kpi = manifest.files.find((f) => f.path === "kpi_pass_rate.csv")!;
    expect(kpi.columns!.find((c) => c.name === "pass_rate")).toMatchObject({ unit: "fraction", description: expect.stringContaining("passed / enrolments") });
  });

  it("agrees with the CSV to 1e-9 on the pass rates", () => {
    const rows = parse(readFileSync(join(exportsDir, "kpi_pass_rate.csv")), { columns: true }) as { pass_rate: string }[];
    const csvSum = rows.reduce((s, r) => s + Number(r.pass_rate), 0);
    expect(Math.abs(csvSum - (seen["kpi_pass_rate.parquet:pass_rate_sum"] as unknown as number))).toBeLessThan(1e-9);
  });
});
