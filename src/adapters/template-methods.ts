// dbt's `adapter.*` for templates, written once in terms of what every engine adapter already has
// (exec, describe, relationKind, its dialect): engines differ in those, not in these.
import type { Relation } from "../core/node-types.js";
import { quoteIdent, quoteRelation } from "./quote.js";
import type { RelationKind, ResultColumn, SqlDialect, StatementContext, WarehouseColumn, WarehouseRelation } from "./types.js";

export abstract class TemplateMethods {
  abstract readonly dialect: SqlDialect;
  abstract exec(sql: string, ctx?: StatementContext): Promise<number>;
  abstract describe(sql: string, ctx?: StatementContext): Promise<ResultColumn[]>;
  abstract relationKind(rel: Relation): Promise<RelationKind | undefined>;

  quoteIdentifier(name: string): string {
    return quoteIdent(name);
  }

  execute(sql: string, ctx: StatementContext = {}): Promise<number> {
    return this.exec(sql, ctx);
  }

  async getRelation(schema: string, identifier: string): Promise<WarehouseRelation | undefined> {
    const kind = await this.relationKind({ schema, name: identifier });
    return kind && { schema, name: identifier, type: kind };
  }

  /** describe's names, where they are the engine's own (DuckDB); Spark overrides. */
  columnsInQuery(sql: string, ctx: StatementContext = {}): Promise<ResultColumn[]> {
    return this.describe(sql, ctx);
  }

  /** dbt-duckdb describes the relation, so a relation that does not exist is an error (the engine's). */
  async getColumnsInRelation(relation: Relation): Promise<WarehouseColumn[]> {
    return (await this.columnsInQuery(`select * from ${quoteRelation(relation)}`)).map((c) => ({ name: c.name, dataType: c.type }));
  }

  async dropRelation(relation: WarehouseRelation): Promise<void> {
    await this.exec(this.dialect.drop(relation.type === "view" ? "view" : "table", relation, true));
  }
}
