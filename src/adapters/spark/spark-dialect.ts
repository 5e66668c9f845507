// Spark SQL (ANSI mode, double-quoted identifiers) for the statements plans and loaders need.
// Tables are Parquet, as dbt-spark's default file_format; the session catalog cannot
// `create or replace` them, so plans drop first (createReplaces: false).
import { translateType } from "../column-types.js";
import { quoteIdent, quoteRelation, sparkStringLiteral } from "../quote.js";
import type { SqlDialect } from "../types.js";

export const sparkDialect: SqlDialect = {
  createReplaces: false,
  // Each count is one more cluster job per table; dbt-spark reports no row counts either.
  countsRows: false,
  // No UPDATE or MERGE on Parquet (dbt-spark requires Delta, Iceberg or Hudi for snapshots): rebuild and swap.
  updatesRows: false,
  snapshotTime: "current_timestamp()",
  textType: "string",
  stringLiteral: sparkStringLiteral,
  translateType: (dtype) => translateType("spark", dtype),
  // No createWithColumns: Parquet tables take no constraints, so a contract table is a select of its columns (dbt-spark).
  replaceView: (rel, sql) => `create or replace view ${quoteRelation(rel)} as (\n${sql}\n)`,
  createSchema: (schema) => `create schema if not exists ${quoteIdent(schema)}`,
  createAs: (kind, rel, sql) =>
    kind === "table" ? `create table ${quoteRelation(rel)} using parquet as (\n${sql}\n)` : `create view ${quoteRelation(rel)} as (\n${sql}\n)`,
  // No session-scoped tables over Thrift/Connect that outlive one statement's plan: a real table beside the target.
  stagingRelation: (rel, suffix) => ({ schema: rel.schema, name: `${rel.name}${suffix}` }),
  createStaging: (staged, sql) => `create table ${quoteRelation(staged)} using parquet as (\n${sql}\n)`,
  rename: (kind, from, toName) => `alter ${kind} ${quoteRelation(from)} rename to ${quoteRelation({ schema: from.schema, name: toName })}`,
  drop: (kind, rel, ifExists = false) => `drop ${kind}${ifExists ? " if exists" : ""} ${quoteRelation(rel)}`,
  insertByName: (rel, sql) => `insert into ${quoteRelation(rel)} by name\n${sql}`,
  // Parquet tables have no row-level delete: merge and delete+insert need Delta or Iceberg.
  deleteMatching: () => undefined,
  insertOverwrite: (rel, sql) => `insert overwrite table ${quoteRelation(rel)}\n${sql}`,
};
