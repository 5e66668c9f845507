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
