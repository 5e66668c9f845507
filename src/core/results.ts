import type { QeError } from "./errors.js";
import type { NodeId } from "../project/types.js";

/** "partial success": a microbatch model some of whose batches failed (dbt's RunStatus.PartialSuccess). */
export type NodeStatus = "success" | "error" | "skipped" | "pass" | "fail" | "warn" | "partial success";

/** What one node (model, seed, test) did; shaped to serialise into dbt's run_results.json. */
export interface NodeResult {
  id: NodeId;
  name: string;
  kind: string;
  status: NodeStatus;
  elapsedMs: number;
  rowsAffected?: number;
  message?: string;
  /** Tests: number of failing rows, and up to `limit` (default 5) samples. */
  failures?: number;
  sampleRows?: Record<string, unknown>[];
  /** The compiled SQL on disk, for messages. */
  compiledPath?: string;
  error?: QeError;
  /** Microbatch models: the [start, end) windows (epoch ms) that were built and that failed or were skipped. */
  batchResults?: { successful: (readonly [number, number])[]; failed: (readonly [number, number])[] };
}

/** Progress events a stage emits; only src/cli renders them. */
export type RunEvent =
  | { type: "start"; id: NodeId; name: string; kind: string; index: number; total: number }
  | { type: "done"; result: NodeResult; index: number; total: number }
  | { type: "info"; message: string }
  | { type: "progress"; label: string; done: number; total?: number; unit?: string };

export type EventSink = (e: RunEvent) => void;
