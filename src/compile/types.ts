import type { ModelConfig, NodeId } from "../project/types.js";

/** A DuckDB relation; always quoted through src/db/quote.ts when rendered. */
export interface Relation {
  schema: string;
  name: string;
}

export type CompiledKind = "model" | "seed" | "source" | "singular_test" | "generic_test" | "unit_test";

/** One executable node after templating: the unit the graph orders and execute runs. */
export interface CompiledNode {
  id: NodeId;
  kind: CompiledKind;
  name: string;
  /** Project-relative source path ("models/x.sql", "models/_schema.yml" for generic tests). */
  path: string;
  /** Final config (folder + properties + `config()` in the SQL). Tests carry a model-shaped config with tags. */
  config: ModelConfig;
  /** Where the node's result lives (tests: the audit relation when storing failures). */
  relation: Relation;
  /** Compiled SQL: a SELECT for models and tests, empty for seeds and sources. Ephemeral refs are inlined as CTEs. */
  sql: string;
  /** Direct parents: refs and sources (and, for tests, the model they test). */
  dependsOn: NodeId[];
  /** sourceLines[i] = line in `path` that produced compiled line i+1 (0 when unknown). */
  sourceLines: number[];
  /** sha256 of the raw file text, as in dbt's manifest. */
  checksum: string;
  /** For tests: the model/seed/source they attach to, and the column. */
  attachedTo?: NodeId;
  columnName?: string;
}

// ---- additions by the compiler (additive only) ----
import type { TestConfig } from "../project/types.js";
export interface CompiledNode {
  /** Singular (and generic) tests: severity, thresholds, where, limit... */
  testConfig?: TestConfig;
}
