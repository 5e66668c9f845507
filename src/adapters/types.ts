// The contract between the stages and a warehouse engine. Every stage that needs a warehouse
// (load, execute, testing, export, docs, the dbt context's `adapter` object, run_query) goes through
// an Adapter; only src/adapters/<engine>/ holds an engine's client. DuckDB is the embedded default,
// Spark the second implementation.
//
// This file is the meeting point of the Jinja/macro work (src/compile reads `type`, `query`,
// `getRelation`, `getColumnsInRelation`, `dropRelation` for dbt's `adapter.*`, `run_query` and
// `statement`) and the adapter work (src/adapters implements it). Extend it; do not fork it.
import type { Relation } from "../core/node-types.js";
import type { SourceLoc } from "../core/errors.js";

/** dbt adapter type names, as `target.type` and `<type>__` dispatch prefixes use them. */
export type AdapterType = "duckdb" | "spark";

export type RelationType = "table" | "view" | "external";

/** A relation as the warehouse reports it (dbt's `api.Relation` with its type). */
export interface WarehouseRelation extends Relation {
  database?: string;
  type: RelationType;
}

/** A column as dbt's `adapter.get_columns_in_relation` returns it. */
export interface WarehouseColumn {
  name: string;
  /** The engine's type name, e.g. "INTEGER", "VARCHAR", "decimal(18,3)". */
  dataType: string;
}

/** A query result small enough to hold in memory: what `run_query` / `load_result` hand to templates (dbt's agate table). */
export interface QueryTable {
  columnNames: string[];
  columnTypes: string[];
  /** Row-major JS values: numbers, bigint, strings, booleans, Date, null. */
  rows: unknown[][];
}

/** Attached to a failing statement so the error names the node and file at fault. */
export interface StatementContext {
  node?: string;
  loc?: SourceLoc;
  hint?: string;
}

/** What templates may ask of a warehouse; the full Adapter adds what stages need. */
export interface TemplateAdapter {
  readonly type: AdapterType;
  /** Quotes one identifier the engine's way (DuckDB "x", Spark `x`). */
  quoteIdentifier(name: string): string;
  /** Runs one statement and returns its rows (run_query, statement with fetch_result). */
  query(sql: string, ctx?: StatementContext): Promise<QueryTable>;
  /** Runs statements whose rows are not needed; returns rows changed by the last. */
  execute(sql: string, ctx?: StatementContext): Promise<number>;
  getRelation(schema: string, identifier: string, database?: string): Promise<WarehouseRelation | undefined>;
  getColumnsInRelation(relation: Relation): Promise<WarehouseColumn[]>;
  dropRelation(relation: WarehouseRelation): Promise<void>;
}

/** What sits at a relation: the two kinds models materialize as. */
export type RelationKind = "table" | "view";

export type Row = Record<string, unknown>;

/** A value read back from a query once every column is cast to a JS primitive. */
export type Cell = string | number | bigint | boolean | null;

/** A result column: its name and the engine's type name, upper-cased DuckDB-style ("BIGINT", "DECIMAL(18,3)"). */
export interface ResultColumn {
  name: string;
  type: string;
}

/** Column types a bulk load appends in (the loader casts to DATE/DECIMAL/... afterwards). */
export type AppendType = "BIGINT" | "DOUBLE" | "VARCHAR" | "BLOB" | "BOOLEAN";

/** Rows into one table, in column-major chunks; close() in a finally. */
export interface RowAppender {
  /** One column-major chunk: columns[j][i] is row i of column j (bigint, number, string, boolean, Uint8Array or null). */
  appendChunk(columns: readonly unknown[][], rows: number): void;
  /** One row of text values (null: NULL), for staging CSV text before casts. */
  appendTextRow(values: readonly (string | null)[], line: bigint): void;
  flush(): void;
  close(): void;
}

/**
 * Bulk loading straight into an embedded engine's tables (DuckDB's appender and CSV reader). An
 * adapter without it (Spark) is loaded through Parquet files instead: see Adapter.loadParquet.
 */
export interface BulkLoader {
  appender(rel: Relation, types: readonly AppendType[]): Promise<RowAppender>;
  /** Appends a headerless CSV file (SQLite's `-csv` quoting, NULL as `NULL`) with the given column types. */
  appendCsv(rel: Relation, file: string, columns: readonly { name: string; type: AppendType }[]): Promise<void>;
  /** A load transaction held open across awaits (one per table, so big inserts skip the WAL); see Adapter.transaction for the scoped form. */
  begin(): Promise<void>;
  commit(): Promise<void>;
  /** Never throws: used on failure paths. */
  rollback(): Promise<void>;
  /** Writes a query's rows to a Parquet file. */
  copyToParquet(sql: string, file: string, ctx?: StatementContext): Promise<number>;
}

/**
 * Engine-specific SQL, so plans (src/execute/materialize.ts) and loaders stay engine-neutral.
 * Every builder returns one statement.
 */
export interface SqlDialect {
  /** True when createAs replaces what is there (DuckDB's `or replace`); else plans drop first (Spark's session catalog). */
  readonly createReplaces: boolean;
  /** True when counting a new table's rows is cheap enough to do after every build (not on a cluster). */
  readonly countsRows: boolean;
  /**
   * True when tables take UPDATE and INSERT inside a transaction (DuckDB): a snapshot is merged in
   * place. False for Spark's Parquet tables: the snapshot is rebuilt under a staging name and swapped in.
   */
  readonly updatesRows: boolean;
  /** dbt's snapshot_get_time: the time a snapshot run records (DuckDB `now()::timestamp`, Spark `current_timestamp()`). */
  readonly snapshotTime: string;
  /** The type dbt's hash macros cast to text with (DuckDB `varchar`, Spark `string`). */
  readonly textType: string;
  /** A string literal: DuckDB doubles a quote; Spark escapes with a backslash (it reads '' as two adjacent literals). */
  stringLiteral(value: string): string;
  /** dbt's Column.translate_type: the engine's name for a generic type label (`string` → `TEXT` on DuckDB, as written on Spark). */
  translateType(dtype: string): string;
  /**
   * `create table rel (<column DDL>)` for a table with declared columns and constraints (enforced
   * contracts), or undefined where the engine's tables take no constraints (Spark's Parquet, as in
   * dbt-spark): the contract table is then created from a select of the declared columns.
   */
  createWithColumns?(rel: Relation, columnsDdl: string): string;
  /** One atomic `create or replace view`, where the engine has it but cannot replace tables (Spark). */
  replaceView?(rel: Relation, sql: string): string;
  createSchema(schema: string): string;
  /** `create [or replace] table|view rel as (sql)`; the model's SQL starts on line 2. */
  createAs(kind: RelationKind, rel: Relation, sql: string): string;
  /** A session-scoped table for staging rows (DuckDB temp table; Spark: a table in the same schema). */
  stagingRelation(rel: Relation, suffix: string): Relation;
  createStaging(staged: Relation, sql: string): string;
  rename(kind: RelationKind, from: Relation, toName: string): string;
  drop(kind: RelationKind, rel: Relation, ifExists?: boolean): string;
  /** Inserts a query's rows matching columns by name; the query starts on line 2. */
  insertByName(rel: Relation, sql: string): string;
  /** Deletes rows of `rel` whose key columns match a row of `staged`, or undefined if the engine cannot (Spark on Parquet). */
  deleteMatching(rel: Relation, staged: Relation, keys: readonly string[]): string | undefined;
  /** Overwrites the partitions (or the whole table) with a query's rows; the query starts on line 2. */
  insertOverwrite(rel: Relation, sql: string): string;
}

export interface AdapterOptions {
  /** Engine settings, e.g. DuckDB { threads: "2" }. */
  config?: Record<string, string>;
  /**
   * DuckDB in memory: the catalog name to work in (dbt's target.database), so compiled SQL's
   * "database"."schema"."name" resolves there as in the project's file. A file's catalog is its stem.
   */
  catalog?: string;
  /** dbt's `threads`: how many data tests may run at once, each on a connection of its own (default 1). */
  threads?: number;
}

/**
 * One door to a warehouse: every stage reaches its engine through this, and only src/adapters/<engine>/
 * holds an engine's client. Statements throw DatabaseError carrying `ctx`.
 */
export interface Adapter extends TemplateAdapter {
  /** Where the warehouse lives, for messages: a DuckDB file, ":memory:", or thrift://host:port/schema. */
  readonly location: string;
  /** A folder beside the warehouse for staged files (load parts, Parquet), or undefined for the OS temp dir. */
  readonly stagingDir: string | undefined;
  readonly dialect: SqlDialect;
  /** True when the engine has multi-statement transactions (DuckDB); Spark on Parquet has none. */
  readonly transactional: boolean;
  /** How many read-only queries (data tests) may run at once: the target's threads. */
  readonly concurrentQueries: number;
  /**
   * Another handle on the same warehouse, for running a read-only query (a data test) beside this
   * one: its own connection where the engine needs one (DuckDB). What it writes goes through this
   * adapter. Absent: this adapter takes concurrent queries itself (a cluster). Close it when done.
   */
  lane?(): Promise<Adapter>;
  /** Present on embedded engines: the appender route for raw and seed loads. */
  readonly bulk?: BulkLoader;

  /** Runs one or more statements; returns rows changed by the last (for `create table as`, the rows it wrote, where the engine says). */
  exec(sql: string, ctx?: StatementContext): Promise<number>;
  /** A query's rows as plain JS values (BIGINT → bigint, DATE → Date...). */
  all<T extends Row = Row>(sql: string, ctx?: StatementContext): Promise<T[]>;
  /** Like all(), with JSON-safe values (bigint and decimals as strings, dates as ISO text). */
  allJson<T extends Row = Row>(sql: string, ctx?: StatementContext): Promise<T[]>;
  /** Column names and types of a query's result, without fetching its rows. */
  describe(sql: string, ctx?: StatementContext): Promise<ResultColumn[]>;
  /**
   * A query's columns with the engine's own type names, as DDL, casts and contract messages need them
   * (DuckDB: as describe; Spark: `int`, `string`, `decimal(18,3)` where describe says INTEGER, VARCHAR).
   */
  columnsInQuery(sql: string, ctx?: StatementContext): Promise<ResultColumn[]>;
  /** Streams a query's rows in batches, never the whole result at once. */
  stream(sql: string, ctx?: StatementContext): AsyncGenerator<Cell[][]>;

  /** Every table and view, "schema.name" → kind. */
  listRelations(): Promise<Map<string, RelationKind>>;
  relationKind(rel: Relation): Promise<RelationKind | undefined>;
  /** Every column of every relation, for checks before tests run. */
  listColumns(): Promise<{ schema: string; table: string; column: string }[]>;
  /** Replaces `rel` (whatever it is) by the table `tmp`, so readers see the old or the new. */
  swapIn(tmp: Relation, rel: Relation): Promise<void>;
  /** Runs fn in one transaction where the engine has them (rolled back on a throw); else just runs it. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Creates or replaces the table `rel` from Parquet files (the bulk load every engine has). */
  loadParquet(rel: Relation, files: readonly string[]): Promise<void>;

  close(): Promise<void>;
}
