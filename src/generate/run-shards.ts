// Runs the shards of one generate run: each on its own worker thread when the compiled worker is
// there (dist/), else one after another in this thread (TypeScript sources under vitest: the same
// files and tables, only slower). Progress is the slowest shard's.
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { writeShard, type ShardCounts, type ShardJob } from "./shard-writer.js";
import { fromWire, type ShardMessage } from "./shard-messages.js";

const WORKER_FILE = fileURLToPath(new URL("./worker.js", import.meta.url));

/** True when shards can run on worker threads (the compiled worker exists). */
export function threadsAvailable(): boolean {
  return fs.existsSync(WORKER_FILE);
}

/** Called with the students every shard has done, and the rows all shards have written. */
export type ShardProgress = (done: number, rows: number) => void;

/**
 * Writes every job's file; resolves with each job's row counts, in job order. On the first failure
 * the other threads are stopped and, once all have exited, it rejects with that failure (revived as
 * the error the worker caught). Never removes files: the caller owns them.
 */
export async function runShards(jobs: readonly ShardJob[], onProgress: ShardProgress): Promise<ShardCounts[]> {
  const tally = progressTally(jobs.length, onProgress);
  if (jobs.length === 1 || !threadsAvailable()) {
    return jobs.map((job, i) => writeShard(job, (done, rows) => tally(i, done, rows)));
  }
  const workers: Worker[] = [];
  const runs = jobs.map((job, i) => {
    const w = new Worker(WORKER_FILE, { workerData: job });
    workers.push(w);
    return watch(w, (done, rows) => tally(i, done, rows));
  });
  try {
    return await Promise.all(runs);
  } catch (e) {
    await Promise.all(workers.map((w) => w.terminate()));
    await Promise.allSettled(runs); // every thread has exited and closed its file
    throw e;
  }
}

/** Settles when the thread has exited: with its counts after "done", else with its failure. */
function watch(w: Worker, onProgress: ShardProgress): Promise<ShardCounts> {
  return new Promise((resolve, reject) => {
    let result: { counts: ShardCounts } | { error: Error } | undefined;
    w.on("message", (m: ShardMessage) => {
      if (m.type === "progress") onProgress(m.done, m.rows);
      else if (m.type === "done") result = { counts: m.counts };
      else result = { error: fromWire(m.error) };
    });
    // An uncaught error (the worker failed to load) or a crash, not a failure the worker reported.
    w.on("error", (e) => (result ??= { error: e }));
    w.on("exit", (code) => {
      if (result && "counts" in result) resolve(result.counts);
      else reject(result?.error ?? new Error(`generate worker stopped (exit code ${code}) before finishing`));
    });
  });
}

/** Tracks each shard's progress and reports when the slowest shard has moved on. */
function progressTally(n: number, onProgress: ShardProgress): (shard: number, done: number, rows: number) => void {
  const done = new Array<number>(n).fill(0);
  const rows = new Array<number>(n).fill(0);
  let reported = 0;
  return (shard, d, r) => {
    done[shard] = d;
    rows[shard] = r;
    const slowest = Math.min(...done);
    if (slowest > reported) {
      reported = slowest;
      onProgress(slowest, rows.reduce((a, b) => a + b, 0));
    }
  };
}
