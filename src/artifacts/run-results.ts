// target/run_results.json in dbt's v6 shape.
import { join } from "node:path";
import type { NodeResult } from "../core/results.js";
import { metadata, type ArtifactMeta } from "./manifest.js";
import { writeFileAtomic } from "../core/write-atomic.js";

export function buildRunResults(results: readonly NodeResult[], elapsedMs: number, args: Record<string, unknown>, meta: ArtifactMeta = {}): Record<string, unknown> {
  return {
    metadata: metadata("run-results/v6.json", undefined, meta),
    results: results.map((r) => ({
      unique_id: r.id,
      status: r.status,
      timing: [],
      thread_id: "Thread-1",
      execution_time: r.elapsedMs / 1000,
      adapter_response: r.rowsAffected === undefined ? {} : { _message: `OK ${r.rowsAffected}`, code: "OK", rows_affected: r.rowsAffected },
      message: r.message ?? r.error?.message ?? null,
      failures: r.failures ?? null,
      compiled: r.compiledPath !== undefined,
      relation_name: null,
      compiled_code: null,
      batch_results: r.batchResults ? { successful: r.batchResults.successful.map(batchJson), failed: r.batchResults.failed.map(batchJson) } : null,
    })),
    elapsed_time: elapsedMs / 1000,
    args,
  };
}

/** A batch as dbt serialises its (datetime, datetime) pair: UTC ISO times with their offset. */
const batchJson = ([start, end]: readonly [number, number]): [string, string] => [isoUtc(start), isoUtc(end)];
const isoUtc = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$|Z$/, "") + "+00:00";

/** Writes target/run_results.json atomically. */
export function writeRunResults(targetDir: string, results: readonly NodeResult[], elapsedMs: number, args: Record<string, unknown>, meta: ArtifactMeta = {}): void {
  writeFileAtomic(join(targetDir, "run_results.json"), JSON.stringify(buildRunResults(results, elapsedMs, args, meta), null, 2) + "\n");
}
