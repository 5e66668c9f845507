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
  incrementalStrategy?: "append" | "merge" | "delete+insert" | "insert_overwrite" | "microbatch";
  preHook: string[];
  postHook: string[];
  meta: Record<string, unknown>;
  /** Which export formats this model goes out in (qe extension, declared in properties YAML). */
  export: ExportFormat[];
  /** Columns the export sorts by, so files are byte-stable (defaults to every column in order). */
  exportOrderBy?: string[];
  /** Keys dbt documents that we accept but do not act on (docs, persist_docs, grants...). */
  ignored: Record<string, unknown>;
  /** `contract: {enforced: true}`: columns and types checked against the YAML before building. */
  contract?: Contract;
  /** Incremental models: what to do when the model's columns differ from the table's (default ignore). */
  onSchemaChange?: OnSchemaChange;
  /** Incremental models: extra conditions on the delete/merge, as dbt's `incremental_predicates`. */
  incrementalPredicates?: string[];
  /** Merge strategy: the columns updated on a match (default all), or all but these. */
  mergeUpdateColumns?: string[];
  mergeExcludeColumns?: string[];
  /** The column (or expression) holding each row's event time: filters this node's rows for a microbatch child, and a microbatch model's own batches. */
  eventTime?: string;
  /** Microbatch models: batch size, first batch (`begin`, ISO as written), batches to reprocess (`lookback`, default 1). */
  batchSize?: BatchSize;
  begin?: string;
  lookback?: number;
  concurrentBatches?: boolean;
}

export type BatchSize = "hour" | "day" | "month" | "year";

/** One microbatch batch as a render sees it: [start, end) in epoch ms, and dbt's batch id ("20240101"). */
export interface BatchWindow {
  startMs: number;
  endMs: number;
  id: string;
}

export interface Contract {
  enforced: boolean;
  /** dbt's `alias_types` (default true): `int` in the YAML means the engine's INTEGER. */
  aliasTypes: boolean;
}

export type OnSchemaChange = "ignore" | "fail" | "append_new_columns" | "sync_all_columns";

/** A model- or column-level constraint as dbt declares it. */
export interface Constraint {
  type: "not_null" | "unique" | "primary_key" | "foreign_key" | "check" | "custom";
  name?: string;
  expression?: string;
  /** Model-level constraints name their columns. */
  columns?: string[];
  /** foreign_key: `to: ref('m')` / `to_columns: [id]` (dbt 1.9). */
  to?: string;
  toColumns?: string[];
  warnUnenforced: boolean;
  warnUnsupported: boolean;
}

/** dbt snapshot config, typed. */
export interface SnapshotConfig {
  strategy: "timestamp" | "check";
  uniqueKey: string[];
  updatedAt?: string;
  checkCols: "all" | string[];
  hardDeletes: "ignore" | "invalidate" | "new_record";
  /** `dbt_valid_to_current`: an SQL expression written in dbt_valid_to of current rows instead of NULL. */
  validToCurrent?: string;
  /** `snapshot_meta_column_names`: dbt_valid_from → its name in this snapshot, etc. */
  metaColumns: SnapshotMetaColumns;
}

export interface SnapshotMetaColumns {
  dbt_valid_from: string;
  dbt_valid_to: string;
  dbt_scd_id: string;
  dbt_updated_at: string;
  dbt_is_deleted: string;
}

export interface TestConfig {
  severity: Severity;
  warnIf: string; // e.g. "!=0", ">10"
  errorIf: string;
  limit?: number;
  where?: string;
  storeFailures?: boolean;
  /** dbt's fail_calc: the aggregate over the failing rows that warn_if / error_if compare (default count(*)). */
  failCalc?: string;
  enabled: boolean;
  tags: string[];
}



/**
 * A relation in the warehouse; always quoted through src/adapters/quote.ts when rendered. `database`
 * is the catalog as dbt names it (`target.database`: a DuckDB file's stem); DDL inside the warehouse
 * qe opened names schema and name only, compiled SQL renders it under the adapter's include policy.
 */
export interface Relation {
  database?: string;
  schema: string;
  name: string;
}

export type CompiledKind = "model" | "seed" | "snapshot" | "source" | "singular_test" | "generic_test" | "unit_test";

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
  /** Snapshots: strategy, keys and meta column names. */
  snapshot?: SnapshotConfig;
  /** Versioned models: the version this node is ("2"). */
  version?: string;
  /** Models with an enforced contract: the declared columns, in order, with types and constraints. */
  contractColumns?: { name: string; dataType?: string; constraints: Constraint[] }[];
  /** Model-level constraints. */
  constraints?: Constraint[];
  /**
   * Microbatch models: renders the model again for one batch (refs and sources with an event_time
   * read only the batch's rows; is_incremental() as given). Throws QeError on a template error.
   */
  renderBatch?: (batch: BatchWindow, isIncremental: boolean) => Promise<{ sql: string; sourceLines: number[] }>;
  /**
   * Its template asked the warehouse (run_query, adapter.get_columns_in_relation...): compiled again
   * just before it runs, as dbt compiles each node then, so it sees what its parents built.
   */
  queriesWarehouse?: boolean;
  /** The compile before the run failed where the warehouse did not hold what this node reads yet: compiled when it runs. */
  compileDeferred?: boolean;
  /** Generic tests: dbt's test_metadata (test name, namespace, keyword arguments). */
  testMetadata?: { name: string; namespace: string | null; kwargs: Record<string, unknown> };
}
