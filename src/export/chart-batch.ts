// Renders every chart file of an export (one spec may give hundreds: one per programme).
// Two ways to save time, both keeping each file's bytes exactly what a serial render gives:
// - skip: each file records the sha256 of what it was drawn from (compiled spec, rows, scale);
//   when the previous export set has a file with the same input hash and its bytes are intact,
//   it is copied instead of rendered (a rerun on unchanged data renders nothing);
// - parallel: the rest are rendered on worker threads, one per idle core (at most 4), because
//   rendering is CPU-bound (vega layout, SVG → PNG in sharp) and each chart is independent.
// Workers need the compiled JavaScript (dist/); run from TypeScript sources (tests), charts are
// rendered in this thread.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Spec } from "vega";
import { renderChart, type ChartRow, type RenderedChart } from "./chart-render.js";
import type { ChartJobMessage, ChartJobReply } from "./chart-worker.js";
import { ExportError, type ManifestFile } from "./types.js";

/** Below this many charts to render, "auto" renders in this thread. */
export const AUTO_WORKERS_MIN_CHARTS = 64;

/** Bumped when rendering changes in a way the inputs do not show (fonts, house style, renderer). */
const RENDER_VERSION = "3";

export interface ChartJob {
  stem: string;
  chart: string;
  mart: string;
  vega: Spec;
  rows: ChartRow[];
  scale: number;
  /** Signal values this file sets (a per-programme chart's subtitle). */
  signals?: Record<string, unknown>;
}

export interface ChartOutput {
  /** The job; `rendered` is set when drawn now, unset when copied unchanged from the previous set. */
  job: ChartJob;
  inputSha256: string;
  /** Rendered files, or undefined when copied from the previous set. */
  rendered?: RenderedChart;
}

/** sha256 of everything a chart file is drawn from. */
export function chartInputHash(job: ChartJob): string {
  return createHash("sha256").update(RENDER_VERSION).update(JSON.stringify([job.vega, job.mart, job.scale, job.rows, job.signals ?? {}])).digest("hex");
}

export interface BatchOptions {
  /** Previous export set's files by path, and where they are, for skipping unchanged charts. */
  previous?: { files: ReadonlyMap<string, ManifestFile>; dir: string; sha256: (path: string) => Promise<string> };
  /** Copies a previous file into the staging folder. */
  stage: (name: string) => string;
  /** Worker threads; "auto": one per idle core (at most 4) when there are enough charts to pay for them. */
  workers: number | "auto";
  onDone: (done: number, total: number) => void;
}

/** Renders (or reuses) every job's SVG and PNG; resolves with outputs in job order. */
export async function renderChartBatch(jobs: readonly ChartJob[], opts: BatchOptions): Promise<ChartOutput[]> {
  const outputs: ChartOutput[] = new Array(jobs.length);
  const todo: number[] = [];
  let done = 0;
  for (const [i, job] of jobs.entries()) {
    const inputSha256 = chartInputHash(job);
    if (await reusePrevious(job, inputSha256, opts)) {
      outputs[i] = { job, inputSha256 };
      opts.onDone(++done, jobs.length);
    } else {
      outputs[i] = { job, inputSha256 };
      todo.push(i);
    }
  }
  const render = async (i: number, draw: (job: ChartJob) => Promise<RenderedChart>) => {
    outputs[i]!.rendered = await draw(jobs[i]!);
    opts.onDone(++done, jobs.length);
  };
  const workerFile = fileURLToPath(new URL("./chart-worker.js", import.meta.url));
  const auto = opts.workers === "auto";
  const threads = Math.min(opts.workers === "auto" ? defaultChartWorkers() : opts.workers, todo.length);
  // A worker costs ~0.7 s of CPU to start (vega, vega-lite, sharp) against ~85 ms per chart, so by
  // default only a big batch (hundreds of per-programme charts) goes to workers.
  if (threads < 2 || (auto && todo.length < AUTO_WORKERS_MIN_CHARTS) || !existsSync(workerFile)) {
    // Most of a chart's time is sharp rasterising the SVG on libuv's thread pool, off this thread:
    // keeping a few charts in flight lets vega lay out the next one while others rasterise, so
    // every core works without paying for workers.
    await inFlight(todo, IN_THREAD_CHARTS_IN_FLIGHT, (i) => render(i, (j) => renderChart(j.vega, j.mart, j.rows, j.scale, j.signals)));
    return outputs;
  }
  const pool = new WorkerPool(workerFile, threads);
  try {
    await Promise.all(todo.map((i) => render(i, (j) => pool.run({ vega: j.vega, dataset: j.mart, rows: j.rows, scale: j.scale, signals: j.signals }))));
  } finally {
    await pool.close();
  }
  return outputs;
}

/** Copies the previous SVG and PNG when they were drawn from the same input and are intact. */
async function reusePrevious(job: ChartJob, inputSha256: string, opts: BatchOptions): Promise<boolean> {
  const prev = opts.previous;
  if (!prev) return false;
  const names = [`${job.stem}.svg`, `${job.stem}.png`];
  for (const name of names) {
    const f = prev.files.get(name);
    if (!f || f.inputSha256 !== inputSha256) return false;
    if (!existsSync(`${prev.dir}/${name}`) || (await prev.sha256(`${prev.dir}/${name}`)) !== f.sha256) return false;
  }
  for (const name of names) copyFileSync(`${prev.dir}/${name}`, opts.stage(name));
  return true;
}

/** Charts rendered at once in this thread: one per core, at least two, within libuv's default pool of 4. */
const IN_THREAD_CHARTS_IN_FLIGHT = Math.min(4, Math.max(2, availableParallelism()));

/** Runs fn over items with at most `limit` running at once; rejects with the first failure once the running ones settle. */
async function inFlight<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
}

/** A fixed set of chart workers taking jobs from one queue. */
class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: { msg: Omit<ChartJobMessage, "id">; resolve: (r: RenderedChart) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: RenderedChart) => void; reject: (e: Error) => void; worker: Worker }>();
  private readonly workers: Worker[] = [];
  private nextId = 0;

  constructor(file: string, size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(file);
      w.on("message", (reply: ChartJobReply) => this.finish(w, reply));
      w.on("error", (e) => this.failAll(e));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  run(msg: Omit<ChartJobMessage, "id">): Promise<RenderedChart> {
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!;
      const { msg, resolve, reject } = this.queue.shift()!;
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, worker: w });
      w.postMessage({ ...msg, id } satisfies ChartJobMessage);
    }
  }

  private finish(w: Worker, reply: ChartJobReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    this.idle.push(w);
    if ("error" in reply) p.reject(new ExportError("chart-render", `rendering a chart failed: ${reply.error}`));
    else p.resolve({ svg: reply.svg, png: Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength) });
    this.pump();
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(new ExportError("chart-render", `a chart worker failed: ${e.message}`, undefined, undefined, { cause: e }));
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.reject(new ExportError("chart-render", `a chart worker failed: ${e.message}`));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Default worker count: the cores that are idle now (cores minus the 1-minute load average), at
 * most 4. On a busy machine workers only add CPU (each loads vega and sharp) without finishing
 * sooner, so none are started; the files are byte-identical either way.
 */
export function defaultChartWorkers(): number {
  const idle = availableParallelism() - Math.floor(loadavg()[0] ?? 0);
  return Math.max(0, Math.min(4, idle));
}
