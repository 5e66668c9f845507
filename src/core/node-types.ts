// Node types every stage shares: ids, relations, configs and the compiled node. They live in core so
// that project, compile, graph, execute and the adapters agree without importing one another.

/** dbt-style unique id: "model.<project>.<name>", "seed.<project>.<name>", "source.<project>.<source>.<table>", "test.<project>.<name>". */
export type NodeId = string & { readonly __brand: "NodeId" };
export const nodeId = (s: string): NodeId => s as NodeId;

export type Materialization = "view" | "table" | "incremental" | "ephemeral";
export type ExportFormat = "csv" | "parquet" | "arrow";
export type Severity = "error" | "warn";

/** Model config after folder-level `+key` configs, properties YAML `config:` and (after compile) `config()` merge. */
export interface ModelConfig {
  materialized: Materialization;
  schema?: string;
  alias?: string;
  tags: string[];
  enabled: boolean;
  /** Incremental key columns; empty means append. */
  uniqueKey: string[];
  incrementalStrategy?: "append" | "merge" | "delete+insert" | "insert_overwrite";
  preHook: string[];
  postHook: string[];
  meta: Record<string, unknown>;
  /** Which export formats this model goes out in (qe extension, declared in properties YAML). */
  export: ExportFormat[];
  /** Columns the export sorts by, so files are byte-stable (defaults to every column in order). */
  exportOrderBy?: string[];
  /** Keys dbt documents that we accept but do not act on (docs, persist_docs, grants...). */
  ignored: Record<string, unknown>;
}

export interface TestConfig {
  severity: Severity;
  warnIf: string; // e.g. "!=0", ">10"
  errorIf: string;
  limit?: number;
  where?: string;
  storeFailures?: boolean;
  enabled: boolean;
  tags: string[];
}



/** A DuckDB relation; always quoted through src/adapters/quote.ts when rendered. */
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
export interface CompiledNode {
  /** Singular (and generic) tests: severity, thresholds, where, limit... */
  testConfig?: TestConfig;
}
