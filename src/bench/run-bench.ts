// Runs every measurement in order and returns the bench file. Never prints: progress goes to `log`.
// A measurement that throws becomes skipped records, so bench.json always lists every expected one.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { installProbe } from "./child-process.js";
import type { BenchContext, Measure } from "./context.js";
import { machineInfo } from "./machine.js";
import type { BenchOptions } from "./options.js";
import { scaleLabel, skippedRecord, type BenchRecord } from "./record.js";
import type { BenchFile } from "./report.js";
import { DuckDBAdapter } from "../adapters/duckdb/index.js";
import { startupMeasure } from "./measures/startup.js";
import { generateMeasure, generateInChild } from "./measures/generate.js";
import { loadMeasure } from "./measures/load.js";
import { compileMeasure, firstLine } from "./measures/compile.js";
import { endToEndMeasure } from "./measures/end-to-end.js";
import { runOverheadMeasure } from "./measures/run-overhead.js";
import { sparkEndToEndMeasure } from "./measures/spark-e2e.js";
import { vsDbtMeasure } from "./measures/vs-dbt.js";
import { runCommand } from "./child-process.js";

/** In the order they run: run_overhead reuses the project e2e built. */
export const MEASURES: readonly Measure[] = [
  startupMeasure, generateMeasure, loadMeasure, compileMeasure, endToEndMeasure, runOverheadMeasure, vsDbtMeasure, sparkEndToEndMeasure,
];

export interface BenchEnv {
  log: (msg: string) => void;
  /** Wall clock as ISO text, injected so this module never reads the clock itself. */
  now: () => string;
  /** PATH to look for the sqlite3 CLI on. */
  path: string;
}

export async function runBench(opts: BenchOptions, env: BenchEnv): Promise<BenchFile> {
  const started = env.now();
  const tmpDir = mkdtempSync(join(tmpdir(), "qe-bench-"));
  const sqlite3 = findOnPath("sqlite3", env.path);
  const notes: string[] = [];
  if (!sqlite3) notes.push("sqlite3 CLI not found: load_vs_manual not measured (apt-get install sqlite3)");
  const dbs = new Map<number, Promise<string>>();
  const ctx: BenchContext = {
    opts, tmpDir, sqlite3, log: env.log,
    probe: installProbe(tmpDir),
    sqliteDb: (students) => {
      if (!dbs.has(students)) {
        const path = join(tmpDir, "sources", `qe-${students}.db`);
        env.log(`  generating a ${scaleLabel(students)} source database for load`);
        dbs.set(students, generateInChild(ctx, students, path).then(() => path));
      }
      return dbs.get(students)!;
    },
  };
  const records: BenchRecord[] = [];
  try {
    for (const m of MEASURES) {
      if (opts.only && !opts.only.has(m.id)) continue;
      // Opt-in measures (--vs-dbt, --spark) expect nothing unless asked for.
      if (m.expected(opts).length === 0) continue;
      env.log(`${m.id}…`);
      try {
        records.push(...(await m.run(ctx)));
      } catch (e) {
        const reason = `bench error: ${firstLine(e)}`;
        records.push(...m.expected(opts).map((x) => skippedRecord(x.name, x.scale, x.goal, reason)));
      }
    }
  } finally {
    if (!opts.keep) rmSync(tmpDir, { recursive: true, force: true });
    else notes.push(`working folder kept: ${tmpDir}`);
  }
  return {
    version: 1,
    meta: {
      mode: opts.quick ? "quick" : opts.full ? "full" : "default",
      runs: opts.runs,
      started_at: started,
      finished_at: env.now(),
      machine: machineInfo(await duckdbVersion(), sqlite3 ? await sqliteVersion(sqlite3) : null),
      notes,
    },
    records,
  };
}

function findOnPath(name: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

async function duckdbVersion(): Promise<string> {
  const wh = await DuckDBAdapter.open(":memory:");
  try {
    const [row] = await wh.all<{ v: string }>("select version() as v");
    return row?.v ?? "unknown";
  } finally {
    wh.close();
  }
}

async function sqliteVersion(sqlite3: string): Promise<string> {
  mkdirSync(tmpdir(), { recursive: true });
  const r = await runCommand(sqlite3, ["-version"], { cwd: tmpdir() });
  return r.stdout.trim().split(" ")[0] ?? "unknown";
}
