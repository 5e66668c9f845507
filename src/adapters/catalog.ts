// A warehouse's catalog as `qe docs generate` needs it (dbt's catalog: relations, columns, types,
// stats), and the SQL parser column lineage reads, through the adapter of the project's engine.
import type { Adapter } from "./types.js";
import { readDuckDBCatalog, serializeDuckDBSql } from "./duckdb/duckdb-catalog.js";

export interface CatalogColumn {
  name: string;
  type: string;
  comment: string | null;
}

export interface CatalogRelation {
  database: string;
  schema: string;
  name: string;
  /** "BASE TABLE" or "VIEW", as information_schema and dbt-duckdb's catalog say it. */
  type: string;
  comment: string | null;
  columns: CatalogColumn[];
  /** Exact row count for tables; views are not counted (that would run their query). */
  rowCount?: number;
}

/** Every relation of the warehouse with its columns in order. Never writes. */
export async function readCatalog(wh: Adapter): Promise<CatalogRelation[]> {
  if (wh.type === "duckdb") return readDuckDBCatalog(wh);
  const out: CatalogRelation[] = [];
  for (const [key, kind] of [...(await wh.listRelations())].sort()) {
    const dot = key.indexOf(".");
    const rel = { schema: key.slice(0, dot), name: key.slice(dot + 1) };
    const columns = (await wh.getColumnsInRelation(rel)).map((c) => ({ name: c.name, type: c.dataType, comment: null }));
    out.push({ database: "", ...rel, type: kind === "view" ? "VIEW" : "BASE TABLE", comment: null, columns });
  }
  return out;
}

/**
 * The engine's parse tree of one statement in DuckDB's json_serialize_sql shape (what src/docs/lineage
 * reads), or undefined when the engine has no such parser: then column lineage says so per column.
 */
export function sqlParserOf(wh: Adapter): ((sql: string) => Promise<unknown>) | undefined {
  return wh.type === "duckdb" ? (sql) => serializeDuckDBSql(wh, sql) : undefined;
}
