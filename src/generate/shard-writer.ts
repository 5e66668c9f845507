// One shard's work, the same on a worker thread or in this one: run the whole simulation into a
// sink that keeps only the shard's tables, then index them.
import fs from "node:fs";
import type { CheckedOptions } from "./options.js";
import { simulate } from "./simulate.js";
import { SqliteSink, type TableName } from "./sink.js";

/** Rows per transaction: big enough to amortise commits, small enough to keep memory flat. */
const BATCH_ROWS = 50_000;

/** What a shard writes; plain data, as it crosses to a worker thread. */
export interface ShardJob {
  options: CheckedOptions;
  file: string;
  tables: TableName[];
  /** The file the other shards are copied into: it holds every table (see SinkPlan.createAll). */
  base: boolean;
}

/** Rows written per table. */
export type ShardCounts = [table: string, rows: number][];

/**
 * Writes `job.file` from scratch and closes it; reports (students done, rows written) about 20 times.
 * Throws what SQLite or the file system throws; the caller removes the file on failure.
 */
export function writeShard(job: ShardJob, onProgress: (done: number, rows: number) => void): ShardCounts {
  fs.rmSync(job.file, { force: true }); // left by a dead run whose pid we now have
  const sink = new SqliteSink(job.file, { writes: new Set(job.tables), createAll: job.base }, BATCH_ROWS);
  try {
    simulate(job.options, sink, (done) => onProgress(done, sink.totalRows));
    sink.finish();
    return [...sink.counts];
  } finally {
    sink.close();
  }
}
