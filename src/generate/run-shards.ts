// Runs the shards of one generate run. The first (base) shard is written in this thread, which is
// idle otherwise and has its modules loaded, while each other shard has a worker thread (starting
// one costs ~0.1 s). From TypeScript sources under vitest there is no compiled worker: the shards
// are then written one after another in this thread (the same files and tables, only slower).
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
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
 * the other threads are stopped and, once all have exited, it rejects with that failure (a worker's
 * revived as the error the worker caught). Never removes files: the caller owns them.
 */
export async function runShards(jobs: readonly ShardJob[], onProgress: ShardProgress): Promise<ShardCounts[]> {
  const tally = progressTally(jobs.length, onProgress);
  if (jobs.length === 1 || !threadsAvailable()) {
    return jobs.map((job, i) => writeShard(job, (done, rows) => tally(i, done, rows)));
  }
  const threads = jobs.slice(1).map((job, k) => new ShardThread(job, (done, rows) => tally(k + 1, done, rows)));
  try {
    // This thread is busy until its shard is written, so it reads the workers' messages at each of
    // its own steps: progress stays current and a worker's failure stops this shard early.
    const own = writeShard(jobs[0]!, (done, rows) => {
      for (const t of threads) t.poll();
      tally(0, done, rows);
    });
    return [own, ...(await Promise.all(threads.map((t) => t.result)))];
  } catch (e) {
    await Promise.all(threads.map((t) => t.stop()));
    throw e;
  }
}

/** One shard on a worker thread, reporting through its own channel (readable while this thread is busy). */
class ShardThread {
  /** Settles once the thread has exited: with its counts, or with its failure. */
  readonly result: Promise<ShardCounts>;
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private outcome: { counts: ShardCounts } | { error: Error } | undefined;

  constructor(job: ShardJob, private readonly onProgress: ShardProgress) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_FILE, { workerData: { job, port: port2 }, transferList: [port2] });
    port1.on("message", (m: ShardMessage) => this.handle(m));
    // An uncaught error (the worker failed to load), not a failure the worker reported.
    this.worker.on("error", (e) => (this.outcome ??= { error: e }));
    this.result = new Promise((resolve, reject) => {
      this.worker.on("exit", (code) => {
        this.drain(); // messages posted just before the exit may not have been delivered yet
        this.port.close();
        const o = this.outcome;
        if (o && "counts" in o) resolve(o.counts);
        else reject(o?.error ?? new Error(`generate worker stopped (exit code ${code}) before finishing`));
      });
    });
    this.result.catch(() => undefined); // observed by runShards, maybe only after this thread's own shard
  }

  /** Reads the messages waiting now; throws the worker's failure if it has reported one. */
  poll(): void {
    this.drain();
    if (this.outcome && "error" in this.outcome) throw this.outcome.error;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
    await this.result.catch(() => undefined);
  }

  private drain(): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.handle(m.message as ShardMessage);
  }

  private handle(m: ShardMessage): void {
    if (m.type === "progress") this.onProgress(m.done, m.rows);
    else if (m.type === "done") this.outcome = { counts: m.counts };
    else this.outcome = { error: fromWire(m.error) };
  }
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
