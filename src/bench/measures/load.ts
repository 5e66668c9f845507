// Load: SQLite → DuckDB for every raw table with our loader, against the manual route a user
// would otherwise take on the same database: `sqlite3 -csv -header db "select * from t" > t.csv`
// per table, then DuckDB read_csv into tables. Both write into a fresh DuckDB file; opening the
// file is outside the timer for both. Ours runs in a child process (for its peak RSS), the manual
// route in this one. Runs alternate order so neither always meets a warmer page cache.
import { mkdirSync, openSync, closeSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { spawn } from "node:child_process";
import { DuckDBAdapter } from "../../adapters/duckdb/index.js";
import { quoteIdent, quoteLiteral } from "../../adapters/quote.js";
import type { BenchContext, Measure } from "../context.js";
import { failureLine, runNode } from "../child-process.js";
import { checkCounts } from "../load-check.js";
import { maxOf } from "./startup.js";
import { measuredRecord, round, scaleLabel, skippedRecord, summarise, type BenchRecord } from "../record.js";
import { sqliteTables, totalRows, type SqliteTable } from "../sqlite-info.js";

const GOAL = "load_vs_manual ≤ 1.0";

export const loadMeasure: Measure = {
  id: "load",
  expected: (o) => o.loadScales.map((s) => ({ name: "load", scale: scaleLabel(s), goal: GOAL })),
  async run(ctx) {
    const out: BenchRecord[] = [];
    for (const students of ctx.opts.loadScales) out.push(await measureScale(ctx, students));
    return out;
  },
};

async function measureScale(ctx: BenchContext, students: number): Promise<BenchRecord> {
  const scale = scaleLabel(students);
  let dbPath: string;
  try {
    dbPath = await ctx.sqliteDb(students);
  } catch (e) {
    return skippedRecord("load", scale, GOAL, (e as Error).message);
  }
  const tables = sqliteTables(dbPath);
  const ours: { seconds: number; peakRssMb: number | null }[] = [];
  const manual: number[] = [];
  const dir = join(ctx.tmpDir, `load-${students}`);
  mkdirSync(dir, { recursive: true });
  try {
    for (let i = 0; i < ctx.opts.runs; i++) {
      const oursFirst = i % 2 === 0;
      for (const which of oursFirst ? ["ours", "manual"] : ["manual", "ours"]) {
        if (which === "ours") ours.push(await timeOurs(ctx, dbPath, join(dir, `ours-${i}.duckdb`)));
        else if (ctx.sqlite3) manual.push(await timeManual(ctx.sqlite3, dbPath, tables, dir, join(dir, `manual-${i}.duckdb`)));
      }
      ctx.log(`  load ${scale} run ${i + 1}/${ctx.opts.runs}: ours ${ours[i]!.seconds.toFixed(2)} s${manual[i] !== undefined ? `, manual ${manual[i]!.toFixed(2)} s` : ""}`);
    }
  } catch (e) {
    return skippedRecord("load", scale, GOAL, `load failed: ${(e as Error).message.split("\n")[0]}`);
  }
  const sum = summarise(ours.map((o) => o.seconds));
  const rec = measuredRecord("load", scale, GOAL, sum, { rows: totalRows(tables), peak_rss_mb: maxOf(ours.map((o) => o.peakRssMb)) });
  if (manual.length) {
    const base = summarise(manual);
    rec.baseline_median_s = base.median_s;
    rec.load_vs_manual = round(sum.median_s / base.median_s);
    rec.goal_met = rec.load_vs_manual <= 1.0;
    rec.note = `loadSqliteSources, ${tables.length} tables, vs sqlite3 -csv + read_csv (median ${base.median_s} s)`;
  } else {
    rec.load_vs_manual = null;
    rec.note = `loadSqliteSources, ${tables.length} tables; manual route not measured: sqlite3 CLI not found (apt-get install sqlite3)`;
  }
  return rec;
}

/** Our loader in a child process (see children/load-child.ts): in-child seconds and peak RSS. */
async function timeOurs(ctx: BenchContext, dbPath: string, duckPath: string): Promise<{ seconds: number; peakRssMb: number | null }> {
  const script = join(ctx.opts.rootDir, "dist", "bench", "children", "load-child.js");
  const r = await runNode(ctx.probe, script, [dbPath, duckPath], { cwd: ctx.tmpDir });
  if (r.code !== 0) throw new Error(`our loader failed (${failureLine(r)})`);
  const { seconds } = JSON.parse(r.stdout.trim().split("\n").pop()!) as { seconds: number };
  return { seconds, peakRssMb: r.peakRssMb };
}

async function timeManual(sqlite3: string, dbPath: string, tables: SqliteTable[], dir: string, duckPath: string): Promise<number> {
  rmSync(duckPath, { force: true });
  const wh = await DuckDBAdapter.open(duckPath);
  try {
    const t0 = performance.now();
    await wh.exec("create schema if not exists raw");
    for (const t of tables) {
      const csv = join(dir, `${t.name}.csv`);
      await exportCsv(sqlite3, dbPath, t.name, csv);
      await wh.exec(`create table raw.${quoteIdent(t.name)} as select * from read_csv(${quoteLiteral(csv)}, header = true)`);
      rmSync(csv, { force: true });
    }
    const s = (performance.now() - t0) / 1000;
    await checkCounts(wh, tables, "manual"); // outside the timer
    return s;
  } finally {
    wh.close();
    rmSync(duckPath, { force: true });
  }
}

/** `sqlite3 -csv -header db "select * from t" > csv`, as a shell user would type it. */
function exportCsv(sqlite3: string, dbPath: string, table: string, csv: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = openSync(csv, "w");
    const child = spawn(sqlite3, ["-csv", "-header", dbPath, `select * from "${table.replace(/"/g, '""')}"`], {
      stdio: ["ignore", fd, "pipe"],
    });
    let err = "";
    child.stderr?.on("data", (b: Buffer) => (err += b.toString()));
    child.on("error", (e) => { closeSync(fd); reject(e); });
    child.on("close", (code) => {
      closeSync(fd);
      if (code === 0) resolve();
      else reject(new Error(`sqlite3 export of ${table} failed: ${err.trim()}`));
    });
  });
}
