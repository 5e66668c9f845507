// DuckDB's SQL for the statements plans and loaders need.
import type { Relation } from "../../core/node-types.js";
import { translateType } from "../column-types.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../quote.js";
import type { RelationKind, SqlDialect } from "../types.js";

export const duckdbDialect: SqlDialect = {
  createReplaces: true,
  countsRows: true,
  updatesRows: true,
  snapshotTime: "now()::timestamp",
  textType: "varchar",
  stringLiteral: quoteLiteral,
  translateType: (dtype) => translateType("duckdb", dtype),
  createWithColumns: (rel, columnsDdl) => `create or replace table ${quoteRelation(rel)} (\n    ${columnsDdl}\n)`,
  createSchema: (schema) => `create schema if not exists ${quoteIdent(schema)}`,
  createAs: (kind: RelationKind, rel, sql) => `create or replace ${kind} ${quoteRelation(rel)} as (\n${sql}\n)`,
  // Temp tables vanish with the connection, so a killed run leaves nothing behind.
  stagingRelation: (rel, suffix) => ({ schema: "temp", name: `${rel.schema}__${rel.name}${suffix}` }),
  createStaging: (staged, sql) => `create or replace temp table ${quoteIdent(staged.name)} as (\n${sql}\n)`,
  rename: (kind, from, toName) => `alter ${kind} ${quoteRelation(from)} rename to ${quoteIdent(toName)}`,
  drop: (kind, rel, ifExists = false) => `drop ${kind}${ifExists ? " if exists" : ""} ${quoteRelation(rel)}`,
  insertByName: (rel, sql) => `insert into ${quoteRelation(rel)} by name (\n${sql}\n)`,
  deleteMatching: (rel: Relation, staged: Relation, keys) => {
    const target = quoteIdent(rel.name);
    const match = keys.map((k) => `${target}.${quoteIdent(k)} = ${quoteIdent(staged.name)}.${quoteIdent(k)}`).join(" and ");
    return `delete from ${quoteRelation(rel)} using ${quoteRelation(staged)} where ${match}`;
  },
  // DuckDB has no partitions: overwrite is replace-all, in the model's transaction.
  insertOverwrite: (rel, sql) => `delete from ${quoteRelation(rel)};\ninsert into ${quoteRelation(rel)} by name (\n${sql}\n)`,
};
