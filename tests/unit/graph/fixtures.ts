// Tiny CompiledNode factories so graph/execute tests need no project loader or compiler.
import type { CompiledKind, CompiledNode } from "../../../src/compile/types.js";
import { nodeId, type ModelConfig, type NodeId } from "../../../src/project/types.js";

export const PROJECT = "proj";

export function config(over: Partial<ModelConfig> = {}): ModelConfig {
  return {
    materialized: "view",
    tags: [],
    enabled: true,
    uniqueKey: [],
    preHook: [],
    postHook: [],
    meta: {},
    export: [],
    ignored: {},
    ...over,
  };
}

const prefix: Record<CompiledKind, string> = {
  model: "model",
  seed: "seed",
  snapshot: "snapshot",
  source: "source",
  singular_test: "test",
  generic_test: "test",
  unit_test: "unit_test",
};

export interface NodeSpec {
  kind?: CompiledKind;
  path?: string;
  deps?: string[];
  sql?: string;
  schema?: string;
  config?: Partial<ModelConfig>;
  sourceLines?: number[];
}

/** `name` is "src.table" for sources; deps are short names resolved by `ids()`. */
export function node(name: string, spec: NodeSpec = {}): CompiledNode {
  const kind = spec.kind ?? "model";
  const id = nodeId(`${prefix[kind]}.${PROJECT}.${name}`);
  const shortName = kind === "source" ? name.split(".")[1]! : name;
  const cfg = config(spec.config);
  const sql = spec.sql ?? (kind === "model" ? "select 1 as x" : "");
  return {
    id,
    kind,
    name: shortName,
    path: spec.path ?? (kind === "seed" ? `seeds/${name}.csv` : kind === "source" ? "models/_sources.yml" : `models/${name}.sql`),
    config: cfg,
    relation: { schema: spec.schema ?? cfg.schema ?? (kind === "source" ? name.split(".")[0]! : "main"), name: cfg.alias ?? shortName },
    sql,
    dependsOn: [],
    sourceLines: spec.sourceLines ?? sql.split("\n").map((_, i) => i + 1),
    checksum: "0",
    ...(spec.deps ? { _deps: spec.deps } : {}),
  } as CompiledNode;
}

/** Resolves each node's short `_deps` to full ids among `nodes` and returns clean CompiledNodes. */
export function link(nodes: CompiledNode[]): CompiledNode[] {
  const byShort = new Map<string, NodeId>();
  for (const n of nodes) byShort.set(n.id.split(".").slice(2).join("."), n.id);
  return nodes.map((n) => {
    const { _deps, ...rest } = n as CompiledNode & { _deps?: string[] };
    const dependsOn = (_deps ?? []).map((d) => byShort.get(d) ?? nodeId(d));
    return { ...rest, dependsOn, attachedTo: dependsOn[0] && rest.kind.endsWith("test") ? dependsOn[0] : undefined };
  });
}

/** Short names of ids, for readable expectations. */
export const short = (ids: readonly string[]): string[] => ids.map((id) => id.split(".").slice(2).join("."));
