// What `qe docs generate` asks of DuckDB: every relation with its columns, types and row count
// (dbt-duckdb's catalog query, plus counts), and a statement's parse tree for column lineage.
import type { Adapter } from "../types.js";
import type { CatalogColumn, CatalogRelation } from "../catalog.js";
import { quoteLiteral, quoteRelation } from "../quote.js";

/** Every table and view in the current database, columns in order. Never writes. */
export async function readDuckDBCatalog(wh: Pick<Adapter, "all">): Promise<CatalogRelation[]> {
  const tables = await wh.all<{ db: string; s: string; n: string; t: string; c: string | null }>(
    `select t.table_catalog as db, t.table_schema as s, t.table_name as n, t.table_type as t,
            coalesce(d.comment, v.comment) as c
     from information_schema.tables t
     left join duckdb_tables() d on d.database_name = t.table_catalog and d.schema_name = t.table_schema and d.table_name = t.table_name
     left join duckdb_views() v on v.database_name = t.table_catalog and v.schema_name = t.table_schema and v.view_name = t.table_name
     where t.table_catalog = current_database()
     order by t.table_schema, t.table_name`,
  );
  const cols = await wh.all<{ s: string; n: string; c: string; t: string; k: string | null }>(
    `select table_schema as s, table_name as n, column_name as c, data_type as t, column_comment as k
     from information_schema.columns where table_catalog = current_database()
     order by table_schema, table_name, ordinal_position`,
  );
  const byRel = new Map<string, CatalogColumn[]>();
  for (const c of cols) {
    const key = `${c.s}.${c.n}`;
    if (!byRel.has(key)) byRel.set(key, []);
    byRel.get(key)!.push({ name: c.c, type: c.t, comment: c.k ?? null });
  }
  const out: CatalogRelation[] = [];
  for (const t of tables) {
    const rel: CatalogRelation = { database: t.db, schema: t.s, name: t.n, type: t.t, comment: t.c ?? null, columns: byRel.get(`${t.s}.${t.n}`) ?? [] };
    if (t.t === "BASE TABLE") {
      const [row] = await wh.all<{ n: bigint }>(`select count(*) as n from ${quoteRelation({ schema: t.s, name: t.n })}`);
      rel.rowCount = Number(row!.n);
    }
    out.push(rel);
  }
  return out;
}

/** DuckDB's parse tree of `sql` as JSON (json_serialize_sql); a statement that does not parse gives `{ error: true, ... }`. */
export async function serializeDuckDBSql(wh: Pick<Adapter, "all">, sql: string): Promise<unknown> {
  const [row] = await wh.all<{ j: string }>(`select json_serialize_sql(${quoteLiteral(sql)}) as j`);
  return JSON.parse(row!.j) as unknown;
}
