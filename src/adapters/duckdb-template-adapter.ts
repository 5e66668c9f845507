// A TemplateAdapter over the DuckDB Warehouse: what run_query, statement and adapter.* in
// templates need. Small on purpose: the adapter work (src/adapters/duckdb/) supersedes it.
import type { Warehouse } from "../db/warehouse.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../db/quote.js";
import type { Relation } from "../core/node-types.js";
import { DatabaseError } from "../core/errors.js";
import type { QueryTable, StatementContext, TemplateAdapter, WarehouseColumn, WarehouseRelation } from "./types.js";

export class DuckdbTemplateAdapter implements TemplateAdapter {
  readonly type = "duckdb" as const;
  constructor(private readonly wh: Warehouse) {}

  quoteIdentifier(name: string): string {
    return quoteIdent(name);
  }

  async query(sql: string, ctx?: StatementContext): Promise<QueryTable> {
    let reader;
    try {
      reader = await this.wh.connection.runAndReadAll(sql);
    } catch (e) {
      throw new DatabaseError((e as Error).message ?? String(e), sql, ctx?.node, ctx?.loc, ctx?.hint, { cause: e });
    }
    const columnNames = reader.columnNames();
    const columnTypes = reader.columnTypes().map((t) => t.toString());
    return { columnNames, columnTypes, rows: reader.getRowsJS() as unknown[][] };
  }

  async execute(sql: string, ctx?: StatementContext): Promise<number> {
    return this.wh.exec(sql, ctx);
  }

  async getRelation(schema: string, identifier: string, database?: string): Promise<WarehouseRelation | undefined> {
    const rows = await this.wh.all<{ table_type: string }>(
      `select table_type from information_schema.tables where table_schema = ${quoteLiteral(schema)} and table_name = ${quoteLiteral(identifier)}`,
    );
    if (rows.length === 0) return undefined;
    return { schema, name: identifier, database, type: rows[0]!.table_type === "VIEW" ? "view" : "table" };
  }

  async getColumnsInRelation(relation: Relation): Promise<WarehouseColumn[]> {
    const rows = await this.wh.all<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = ${quoteLiteral(relation.schema)} and table_name = ${quoteLiteral(relation.name)} order by ordinal_position`,
    );
    return rows.map((r) => ({ name: r.column_name, dataType: r.data_type }));
  }

  async dropRelation(relation: WarehouseRelation): Promise<void> {
    await this.wh.exec(`drop ${relation.type === "view" ? "view" : "table"} if exists ${quoteRelation(relation)}`);
  }
}

/**
 * Opens a DuckDB warehouse the first time a template needs it (compile's `warehouse`), or wraps
 * one already open; `close()` closes only what it opened.
 */
export class LazyDuckdbAdapter {
  private opened: Promise<{ wh: Warehouse; adapter: DuckdbTemplateAdapter }> | undefined;
  constructor(private readonly open: () => Promise<Warehouse>, private readonly owned: boolean) {}

  static over(wh: Warehouse): LazyDuckdbAdapter {
    return new LazyDuckdbAdapter(async () => wh, false);
  }

  get(): Promise<TemplateAdapter> {
    this.opened ??= this.open().then((wh) => ({ wh, adapter: new DuckdbTemplateAdapter(wh) }));
    return this.opened.then((o) => o.adapter);
  }

  /** True once a template asked for the warehouse. */
  get used(): boolean {
    return this.opened !== undefined;
  }

  async close(): Promise<void> {
    if (!this.opened || !this.owned) return;
    const o = await this.opened.catch(() => undefined);
    o?.wh.close();
  }
}
