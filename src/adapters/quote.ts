// All identifier and literal quoting goes through here, so no caller builds SQL with raw names.
// Relations in templates render as each dbt adapter's Relation class renders them: its include
// policy says which parts appear, its quote policy which are quoted.
import type { AdapterType } from "./types.js";

/** "name" with embedded quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** "schema"."name": the two-part name DDL uses inside the warehouse qe opened (its default catalog). */
export function quoteRelation(rel: { schema: string; name: string }): string {
  return `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
}

/** 'text' with embedded quotes doubled. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Spark SQL's string literal: backslash escapes (Spark reads 'it''s' as two adjacent literals, "its"). */
export function sparkStringLiteral(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** How `target.type`'s engine writes a string literal (DuckDB's rule for an unknown type, as qe's default engine). */
export function stringLiteralOf(type: AdapterType | string | undefined): (value: string) => string {
  return type === "spark" ? sparkStringLiteral : quoteLiteral;
}

/** One flag per part of a relation's path, as dbt's Policy. */
export interface PathPolicy {
  database: boolean;
  schema: boolean;
  identifier: boolean;
}

/** dbt's include and quote policies for one adapter's relations. */
export interface RelationPolicy {
  include: PathPolicy;
  quote: PathPolicy;
  /** The adapter's Relation class, as a relation's `metadata.type` names it. */
  relationClass: string;
}

const ALL: PathPolicy = { database: true, schema: true, identifier: true };

/** dbt-duckdb: "database"."schema"."identifier", every part quoted (dbt's BaseRelation defaults). */
export const DUCKDB_RELATION_POLICY: RelationPolicy = { include: ALL, quote: ALL, relationClass: "DuckDBRelation" };

/** dbt-spark: schema.identifier, no database (Spark has none) and nothing quoted (SparkQuotePolicy). */
export const SPARK_RELATION_POLICY: RelationPolicy = {
  include: { database: false, schema: true, identifier: true },
  quote: { database: false, schema: false, identifier: false },
  relationClass: "SparkRelation",
};

/** The policy of `target.type`'s adapter (DuckDB's for an unknown type, as qe's default engine). */
export function relationPolicyOf(type: AdapterType | string | undefined): RelationPolicy {
  return type === "spark" ? SPARK_RELATION_POLICY : DUCKDB_RELATION_POLICY;
}

/** A relation's path: database is absent (null) where the relation was made without one. */
export interface RelationPath {
  database?: string | null;
  schema?: string | null;
  name: string | null;
}

/**
 * dbt's BaseRelation.render: the included parts that are set, each quoted where the quote policy
 * says, joined with dots ("" when none is set).
 */
export function renderRelation(rel: RelationPath, policy: RelationPolicy = DUCKDB_RELATION_POLICY): string {
  const parts: [keyof PathPolicy, string | null | undefined][] = [["database", rel.database], ["schema", rel.schema], ["identifier", rel.name]];
  return parts
    .filter(([k, v]) => policy.include[k] && v !== null && v !== undefined)
    .map(([k, v]) => (policy.quote[k] ? quoteIdent(v!) : v!))
    .join(".");
}
