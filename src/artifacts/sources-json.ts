// target/sources.json in dbt's sources/v3 shape: one entry per freshness check.
import { join } from "node:path";
import type { FreshnessResult } from "../testing/freshness.js";
import type { FreshnessTime } from "../project/types.js";
import { metadata, type ArtifactMeta } from "./manifest.js";
import { writeFileAtomic } from "../core/write-atomic.js";

export function buildSourcesJson(results: readonly FreshnessResult[], elapsedMs: number, meta: ArtifactMeta = {}): Record<string, unknown> {
  return {
    metadata: metadata("sources/v3.json", undefined, meta),
    results: results.map((r) => {
      const timing = { execution_time: r.elapsedMs / 1000, thread_id: "Thread-1", timing: [] };
      if (r.status === "runtime error") return { unique_id: r.id, error: r.error ?? "", status: r.status, ...timing };
      return {
        unique_id: r.id,
        max_loaded_at: r.maxLoadedAt ? dbtInstant(r.maxLoadedAt) : null,
        snapshotted_at: dbtInstant(r.snapshottedAt),
        max_loaded_at_time_ago_in_s: Number.isFinite(r.ageSeconds) ? r.ageSeconds : null,
        status: r.status,
        criteria: { warn_after: time(r.criteria.warnAfter), error_after: time(r.criteria.errorAfter), filter: r.criteria.filter ?? null },
        adapter_response: { _message: "OK" },
        ...timing,
      };
    }),
    elapsed_time: elapsedMs / 1000,
  };
}

/** Writes target/sources.json atomically. */
export function writeSourcesJson(targetDir: string, results: readonly FreshnessResult[], elapsedMs: number, meta: ArtifactMeta = {}): void {
  writeFileAtomic(join(targetDir, "sources.json"), JSON.stringify(buildSourcesJson(results, elapsedMs, meta), null, 2) + "\n");
}

const time = (t: FreshnessTime | undefined) => ({ count: t?.count ?? null, period: t?.period ?? null });

/** dbt writes these instants as "2024-01-02T10:00:00+00:00". */
const dbtInstant = (iso: string): string => iso.replace(/\.000Z$/, "+00:00").replace(/Z$/, "+00:00");
