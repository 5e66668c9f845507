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
  files: { path: string; rows?: number; columns?: { name: string; type: string }[] }[];
}

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

  it("keeps numeric types numeric in Parquet and Arrow", () => {
    const parquet = seen["kpi_pass_rate.parquet"]!;
    expect(parquet.dtypes![parquet.columns.indexOf("pass_rate")]).toBe("float64");
    const arrow = seen["kpi_pass_rate.arrow"]!;
    expect(arrow.types![arrow.columns.indexOf("pass_rate")]).toBe("double");
    expect(arrow.types![arrow.columns.indexOf("programme")]).toBe("string");
  });

  it("agrees with the CSV to 1e-9 on the pass rates", () => {
    const rows = parse(readFileSync(join(exportsDir, "kpi_pass_rate.csv")), { columns: true }) as { pass_rate: string }[];
    const csvSum = rows.reduce((s, r) => s + Number(r.pass_rate), 0);
    expect(Math.abs(csvSum - (seen["kpi_pass_rate.parquet:pass_rate_sum"] as unknown as number))).toBeLessThan(1e-9);
  });
});
