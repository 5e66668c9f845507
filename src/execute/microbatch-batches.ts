// Which batches a microbatch model runs, as dbt-core 1.11's MicrobatchBuilder computes them. Times
// are epoch milliseconds read as UTC wall times (dbt truncates a timestamp's fields and stamps them
// UTC, whatever zone they came in). Pure: the caller passes the invocation time.
import type { BatchSize } from "../core/node-types.js";
export { parseWallTime, sqlTimestamp } from "../core/wall-time.js";

/** [start, end) of one batch, epoch ms. */
export type Batch = readonly [start: number, end: number];

export const BATCH_SIZES: readonly BatchSize[] = ["hour", "day", "month", "year"];

/** 2024-09-17 16:06 → hour 16:00, day 00:00 that day, month the 1st, year 1 January. */
export function truncateTimestamp(ms: number, size: BatchSize): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear(), m = d.getUTCMonth(), day = d.getUTCDate();
  switch (size) {
    case "hour": return Date.UTC(y, m, day, d.getUTCHours());
    case "day": return Date.UTC(y, m, day);
    case "month": return Date.UTC(y, m, 1);
    case "year": return Date.UTC(y, 0, 1);
  }
}

/** The truncated timestamp moved by `offset` batches (dbt's offset_timestamp). */
export function offsetTimestamp(ms: number, size: BatchSize, offset: number): number {
  const t = new Date(truncateTimestamp(ms, size));
  const y = t.getUTCFullYear(), m = t.getUTCMonth(), day = t.getUTCDate();
  switch (size) {
    case "hour": return t.getTime() + offset * 3_600_000;
    case "day": return Date.UTC(y, m, day + offset);
    case "month": return Date.UTC(y, m + offset, 1);
    case "year": return Date.UTC(y + offset, 0, 1);
  }
}

/** The timestamp itself when on a batch boundary, else the next boundary. */
export function ceilingTimestamp(ms: number, size: BatchSize): number {
  const t = truncateTimestamp(ms, size);
  return t === ms ? t : offsetTimestamp(t, size, 1);
}

/** How dbt names a batch: 2024-09-17T16 (hour), 2024-09-17 (day), 2024-09 (month), 2024 (year). */
export function formatBatchStart(ms: number, size: BatchSize): string {
  const iso = new Date(ms).toISOString();
  return { year: iso.slice(0, 4), month: iso.slice(0, 7), day: iso.slice(0, 10), hour: iso.slice(0, 13) }[size];
}

/** dbt's batch id: the formatted start without dashes (20240917T16). */
export function batchId(ms: number, size: BatchSize): string {
  return formatBatchStart(ms, size).replaceAll("-", "");
}

export interface BatchPlanInput {
  batchSize: BatchSize;
  /** `begin`, epoch ms. */
  beginMs: number;
  /** Batches before the checkpoint to reprocess on an incremental run (dbt's default 1). */
  lookback: number;
  /** True when the table exists and this is not a full refresh. */
  incremental: boolean;
  /** `--event-time-start` / `--event-time-end`, epoch ms (UTC). */
  eventTimeStartMs?: number;
  eventTimeEndMs?: number;
  /** When the invocation started: the end of the last batch unless --event-time-end says otherwise. */
  invokedAtMs: number;
}

/**
 * The batches of one run, oldest first: from --event-time-start (truncated), else `begin` on a
 * first run or full refresh, else `lookback` batches before the current one; up to
 * --event-time-end or the invocation time, rounded up to a batch boundary; the last batch ends there.
 */
export function microbatchBatches(p: BatchPlanInput): Batch[] {
  const end = ceilingTimestamp(p.eventTimeEndMs ?? p.invokedAtMs, p.batchSize);
  let start: number;
  if (p.eventTimeStartMs !== undefined) start = truncateTimestamp(p.eventTimeStartMs, p.batchSize);
  else if (!p.incremental) start = truncateTimestamp(p.beginMs, p.batchSize);
  else {
    // The checkpoint is the end: on a boundary, so the batch it closes counts as one more lookback.
    const lookback = p.lookback + (end === truncateTimestamp(end, p.batchSize) ? 1 : 0);
    start = offsetTimestamp(end, p.batchSize, -lookback);
  }
  const out: [number, number][] = [[start, offsetTimestamp(start, p.batchSize, 1)]];
  while (out.at(-1)![1] < end) {
    const s = out.at(-1)![1];
    out.push([s, offsetTimestamp(s, p.batchSize, 1)]);
  }
  out.at(-1)![1] = end;
  return out;
}
