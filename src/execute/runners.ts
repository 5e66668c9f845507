// Built-in runners: models materialize; seeds load their CSV; sources check their raw table exists
// (raw SQLite loading happens before execute, in src/load).
import type { CompiledKind, CompiledNode } from "../compile/types.js";
import { QeError } from "../core/errors.js";
import type { Adapter } from "../adapters/types.js";
import type { SeedNode } from "../project/types.js";
import type { ExecuteOptions, NodeRunner } from "./execute.js";
import { relationKind, runModel } from "./run-model.js";
import { runSnapshot } from "./run-snapshot.js";
import { runMicrobatch } from "./run-microbatch.js";

export class MissingSourceError extends QeError {
  readonly code = "source-missing";
}

const runSource: NodeRunner = async (node, wh) => {
  const kind = await relationKind(wh, node.relation);
  if (!kind) {
    throw new MissingSourceError(
      `source ${node.relation.schema}.${node.relation.name} does not exist in the warehouse`,
      { file: node.path },
      "load raw sources first (`qe seed` or `qe-run`), or check the source's schema and identifier",
    );
  }
  return { id: node.id, name: node.name, kind: node.kind, status: "success", message: `source ${node.relation.schema}.${node.relation.name} present` };
};

/** Rebuilds the SeedNode fields loadSeed needs from a compiled seed (compile carries seed config through). */
function seedOf(node: CompiledNode): SeedNode {
  const cfg = node.config as CompiledNode["config"] & { columnTypes?: Record<string, string>; delimiter?: string };
  return {
    kind: "seed",
    id: node.id,
    name: node.name,
    path: node.path,
    columns: [],
    tests: [],
    fqn: [],
    config: { ...cfg, columnTypes: cfg.columnTypes ?? {}, delimiter: cfg.delimiter ?? "," },
  };
}

const runSeed: NodeRunner = async (node, wh, opts: ExecuteOptions) => {
  if (opts.rootDir === undefined) throw new MissingSourceError(`cannot load seed ${node.name}: no project root given`, { file: node.path }, "pass rootDir in ExecuteOptions");
  // Imported on the first seed: the CSV reader is start-up time that a run without seeds never needs.
  const { loadSeed } = await import("../load/load-seed.js");
  const { rows } = await loadSeed(wh, seedOf(node), opts.rootDir, node.relation);
  return { id: node.id, name: node.name, kind: node.kind, status: "success", rowsAffected: rows, message: `loaded ${rows} rows` };
};

export const defaultRunners: Partial<Record<CompiledKind, NodeRunner>> = {
  model: (node, wh, opts) => (node.config.materialized === "incremental" && node.config.incrementalStrategy === "microbatch" ? runMicrobatch(node, wh, opts) : runModel(node, wh, opts)),
  seed: runSeed,
  source: runSource,
  snapshot: (node, wh, opts) => runSnapshot(node, wh, opts.compiledPathOf?.(node)),
};

export { seedOf };
