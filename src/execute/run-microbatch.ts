// A microbatch model, run as dbt-core 1.11 with dbt-duckdb 1.11 runs it: the model is rendered
// again for each batch (inputs with an event_time filtered to the batch window) and each batch is
// its own build: the first batch of a first run or full refresh creates the table from its rows,
// every other batch deletes the window's rows and inserts the staged ones. Pre-hooks run with the
// first batch, post-hooks with the last. A failed first batch skips the rest; later failures do not
// stop the others, and the model ends "partial success".
import type { Batch } from "./microbatch-batches.js";
import type { BatchWindow, CompiledNode } from "../core/node-types.js";
import type { NodeResult } from "../core/results.js";
import { QeError } from "../core/errors.js";
import type { Adapter } from "../adapters/types.js";
import { batchId, microbatchBatches, parseWallTime } from "./microbatch-batches.js";
import { UnsupportedStrategyError } from "./materialize.js";
import { microbatchSql } from "./incremental.js";
import { relationKind, runIncremental, runModel, type ModelRunOptions } from "./run-model.js";

/** The invocation's clock and --event-time-start / --event-time-end, epoch ms (UTC). */
export interface MicrobatchOptions {
  invokedAtMs: number;
  eventTimeStartMs?: number;
  eventTimeEndMs?: number;
}

export interface MicrobatchRunOptions extends ModelRunOptions {
  microbatch?: MicrobatchOptions;
}

/** Runs every batch of `node`; a batch's failure is recorded in batchResults, never thrown. */
export async function runMicrobatch(node: CompiledNode, wh: Adapter, opts: MicrobatchRunOptions): Promise<Omit<NodeResult, "elapsedMs">> {
  const c = node.config;
  const base = { id: node.id, name: node.name, kind: node.kind, compiledPath: opts.compiledPathOf?.(node) };
  if (!wh.transactional || !node.renderBatch) throw new UnsupportedStrategyError(node, "microbatch");
  const key = `${node.relation.schema}.${node.relation.name}`;
  const kinds = opts.relationKinds;
  const kindNow = async () => (kinds ? kinds.get(key) : await relationKind(wh, node.relation));
  const incremental = (await kindNow()) === "table" && !opts.fullRefresh;
  const mb = opts.microbatch;
  // A bug, not a user error: the stage reads no clock, so the pipeline must say when the run started.
  if (!mb) throw new Error(`runMicrobatch(${node.name}): ExecuteOptions.microbatch.invokedAtMs is required`);
  const batches = microbatchBatches({
    batchSize: c.batchSize!, beginMs: parseWallTime(c.begin!)!, lookback: c.lookback ?? 1, incremental,
    eventTimeStartMs: mb.eventTimeStartMs, eventTimeEndMs: mb.eventTimeEndMs, invokedAtMs: mb.invokedAtMs,
  });
  const successful: Batch[] = [];
  const failed: Batch[] = [];
  const errors: string[] = [];
  let rows = 0;
  let firstError: QeError | undefined;
  for (const [i, batch] of batches.entries()) {
    // dbt runs the first batch alone and, when it fails, skips the rest.
    if (i > 0 && successful.length === 0 && failed.length > 0) {
      failed.push(batch);
      continue;
    }
    const window: BatchWindow = { startMs: batch[0], endMs: batch[1], id: batchId(batch[0], c.batchSize!) };
    try {
      // The first batch of a first run or full refresh builds the table; every other one adds to it.
      const createsTable = i === 0 && !incremental;
      const isTable = (await kindNow()) === "table";
      const { sql, sourceLines } = await node.renderBatch(window, isTable && !opts.fullRefresh);
      const one: CompiledNode = {
        ...node, sql, sourceLines,
        config: { ...c, preHook: i === 0 ? c.preHook : [], postHook: i === batches.length - 1 ? c.postHook : [] },
      };
      if (createsTable) {
        const r = await runModel(one, wh, { ...opts, fullRefresh: true });
        rows += r.rowsAffected ?? 0;
      } else {
        rows += await runIncremental(one, wh, base.compiledPath, (n, staged, cols) => microbatchSql(n, staged, cols, window));
      }
      successful.push(batch);
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      failed.push(batch);
      firstError ??= e;
      errors.push(`batch ${window.id}: ${e.message}`);
    }
  }
  const batchResults = { successful, failed };
  const where = `${node.relation.schema}.${node.relation.name}`;
  if (failed.length === 0) {
    return { ...base, status: "success", rowsAffected: rows, batchResults, message: `${batches.length} batch${batches.length === 1 ? "" : "es"} into ${where} (${rows} rows)` };
  }
  const skipped = failed.length - errors.length;
  const detail = `${errors.join("\n")}${skipped > 0 ? `\n${skipped} later batch${skipped === 1 ? "" : "es"} skipped: the first batch failed` : ""}`;
  if (successful.length === 0) return { ...base, status: "error", batchResults, message: detail, error: firstError };
  return { ...base, status: "partial success", rowsAffected: rows, batchResults, message: `${successful.length} of ${batches.length} batches into ${where}; failed:\n${detail}`, error: firstError };
}
