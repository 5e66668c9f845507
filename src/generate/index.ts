// `generate`: writes the synthetic source system to a SQLite file. Public API of src/generate.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EventSink } from "../core/results.js";
import { UsageError } from "../core/errors.js";
import { checkOptions, checkOutPath, type CheckedOptions, type GenerateOptions } from "./options.js";
import { academicYear } from "./calendar.js";
import { TABLE_NAMES } from "./schema.js";
import { planShards, usefulShards } from "./shards.js";
import type { ShardJob } from "./shard-writer.js";
import { runShards, threadsAvailable } from "./run-shards.js";
import { mergeShards } from "./merge.js";

export type { GenerateOptions } from "./options.js";
export { checkOptions, isSqliteFile, DEFAULT_LAST_YEAR } from "./options.js";
export { SCENARIO } from "./scenario.js";
export { TABLES, INDEXES, TABLE_NAMES, schemaSql } from "./schema.js";

export interface GenerateSummary {
  path: string;
  tables: { name: string; rows: number }[];
  totalRows: number;
  elapsedMs: number;
}

/** Most threads chosen by default, however many cores (usefulShards picks fewer when more would not help). */
export const MAX_DEFAULT_WORKERS = 4;
/**
 * Below this many students one thread is as fast or faster: the second thread starts, reruns the
 * simulation and has its tables copied over (measured on 2 cores: slower at 3,000, faster at 5,000).
 */
export const MIN_STUDENTS_FOR_WORKERS = 5_000;

/**
 * Generates the source system and renames it into `opts.out` only when complete; on any failure the
 * temp files are removed and an existing `out` is left as it was.
 * Throws UsageError for bad options, an unwritable `out` or an existing non-SQLite file there.
 * `clock` only times the run for elapsedMs (a monotonic timer by default); it never shapes the data.
 */
export async function generate(
  opts: GenerateOptions,
  onEvent?: EventSink,
  clock: () => number = () => performance.now(),
): Promise<GenerateSummary> {
  const o = checkOptions(opts);
  checkOutPath(o.out);
  const began = clock();
  const out = path.resolve(o.out);
  removeAbandonedTemps(out);
  const jobs = shardJobs(o, out);
  try {
    const last = academicYear(o.firstYear + o.years - 1);
    onEvent?.({ type: "info", message: `generating ${o.students} students, ${academicYear(o.firstYear)}..${last}, seed ${o.seed}` });
    const counts = new Map((await runShards(jobs, (done, rows) => {
      // Rows and rate in the label so TTY and CI logs show throughput without knowing the tables.
      const ms = clock() - began;
      const rate = ms > 0 ? `, ${Math.round(rows / ms)}k rows/s` : "";
      onEvent?.({ type: "progress", label: `generate (${rows} rows${rate})`, done, total: o.students, unit: "students" });
    })).flat());
    mergeShards(jobs[0]!.file, jobs.slice(1));
    fs.renameSync(jobs[0]!.file, out);
    const tables = TABLE_NAMES.map((name) => ({ name, rows: counts.get(name) ?? 0 }));
    return { path: out, tables, totalRows: tables.reduce((s, t) => s + t.rows, 0), elapsedMs: clock() - began };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EROFS" || code === "ENOSPC" || code === "SQLITE_CANTOPEN" || code === "SQLITE_FULL") {
      throw new UsageError(`cannot write ${o.out}: ${(e as Error).message}`, undefined, undefined, { cause: e });
    }
    throw e;
  } finally {
    for (const job of jobs) removeQuietly(job.file); // after the rename, only the other shards' files are left
  }
}

/** One job per thread: the first writes the temp file that becomes `out`, the others files beside it. */
function shardJobs(o: CheckedOptions, out: string): ShardJob[] {
  const shards = planShards(o.workers ?? defaultWorkers(o.students));
  return shards.map((s, i) => ({ options: o, file: tempPath(out, i), tables: s.tables, base: i === 0 }));
}

/**
 * One thread per core, at most four, and no more than shorten the run (see usefulShards); one when
 * the run is small or the compiled worker is missing (tests on TypeScript sources).
 */
export function defaultWorkers(students: number): number {
  if (students < MIN_STUDENTS_FOR_WORKERS || !threadsAvailable()) return 1;
  return usefulShards(Math.max(1, Math.min(MAX_DEFAULT_WORKERS, os.availableParallelism())));
}

function tempPath(out: string, shard: number): string {
  const suffix = shard === 0 ? "" : `-${shard}`;
  return path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}${suffix}.tmp`);
}

/** Best effort: a failure to clean up must not hide the failure that caused it. */
function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // left for removeAbandonedTemps on a later run
  }
}

/**
 * A run killed outright (SIGKILL, power loss) leaves `.<name>.<pid>.tmp`, and `.<name>.<pid>-<shard>.tmp`
 * from its other threads, beside the output; the output itself was never touched. Remove such files
 * whose process is gone, so they do not pile up.
 */
export function removeAbandonedTemps(out: string): string[] {
  const dir = path.dirname(out);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(out))}\\.(\\d+)(?:-\\d+)?\\.tmp$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
