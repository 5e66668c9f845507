// Fixture tables for unit tests: typed from the input's declared `data_type`s where the YAML has
// them, else from the values themselves, and created at the very relation name the model's ref()
// or source() renders to, so the model's SQL runs unchanged on the fixtures.
import type { Relation } from "../compile/types.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../adapters/quote.js";

export interface FixtureColumn {
  name: string;
  type: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
// Leading zeros mean a code ("007"), not a number.
const INTEGER = /^-?(0|[1-9]\d*)$/;
const DECIMAL = /^-?(0|[1-9]\d*)\.\d+$/;

/**
 * Column names in first-seen order, each with a DuckDB type: declared (case-insensitive) or inferred.
 * Columns the input declares in YAML but the rows leave out follow, all null, as dbt fills them from
 * the input's schema (typed VARCHAR unless a data_type is declared).
 */
export function fixtureColumns(
  rows: readonly Record<string, unknown>[],
  declared: Readonly<Record<string, string>> = {},
  declaredNames: readonly string[] = [],
): FixtureColumn[] {
  const decl = new Map(Object.entries(declared).map(([k, v]) => [k.toLowerCase(), v]));
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const given = new Set(names.map((n) => n.toLowerCase()));
  const extra = declaredNames.filter((n) => !given.has(n.toLowerCase()));
  return [...names, ...new Set(extra)].map((name) => ({ name, type: decl.get(name.toLowerCase()) ?? inferType(rows.map((r) => r[name])) }));
}

/** The narrowest type every non-null value fits; VARCHAR when they disagree or are all null. */
export function inferType(values: readonly unknown[]): string {
  const kinds = new Set(values.filter((v) => v !== null && v !== undefined && v !== "").map(kindOf));
  if (kinds.size === 0) return "VARCHAR";
  if (kinds.size === 1) return [...kinds][0]!;
  if ([...kinds].every((k) => k === "BIGINT" || k === "DOUBLE")) return "DOUBLE";
  if ([...kinds].every((k) => k === "DATE" || k === "TIMESTAMP")) return "TIMESTAMP";
  return "VARCHAR";
}

function kindOf(v: unknown): string {
  if (typeof v === "boolean") return "BOOLEAN";
  if (typeof v === "number" || typeof v === "bigint") return Number.isInteger(Number(v)) ? "BIGINT" : "DOUBLE";
  if (v instanceof Date) return "TIMESTAMP";
  if (typeof v !== "string") return "VARCHAR";
  const s = v.trim();
  if (INTEGER.test(s)) return "BIGINT";
  if (DECIMAL.test(s)) return "DOUBLE";
  if (DATE.test(s)) return "DATE";
  if (TIMESTAMP.test(s)) return "TIMESTAMP";
  return "VARCHAR";
}

/** Statements creating `rel` with these rows; an empty fixture still gets its columns. */
export function fixtureSql(rel: Relation, rows: readonly Record<string, unknown>[], columns: readonly FixtureColumn[]): string[] {
  const cols = columns.length ? columns : [{ name: "__qe_empty", type: "VARCHAR" }];
  const out = [
    `create schema if not exists ${quoteIdent(rel.schema)}`,
    `create or replace table ${quoteRelation(rel)} (${cols.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ")})`,
  ];
  if (rows.length && columns.length) {
    const values = rows.map((r) => `(${columns.map((c) => sqlValue(r[c.name], c.type)).join(", ")})`);
    out.push(`insert into ${quoteRelation(rel)} values\n${values.join(",\n")}`);
  }
  return out;
}

function sqlValue(v: unknown, type: string): string {
  if (v === null || v === undefined || (v === "" && type !== "VARCHAR")) return "null";
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return `cast(${String(v)} as ${type})`;
  if (v instanceof Date) return `cast(${quoteLiteral(v.toISOString())} as ${type})`;
  return `cast(${quoteLiteral(typeof v === "object" ? JSON.stringify(v) : String(v))} as ${type})`;
}

/** Reads a rendered relation (`"s"."t"`, `"db"."s"."t"` or `s.t`) back into schema and name. */
export function parseRelationText(text: string): Relation | undefined {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([A-Za-z_][\w$]*))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  let end = false;
  while (!end && (m = re.exec(text))) {
    parts.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!);
    end = m[3] === "";
    if (end && re.lastIndex < text.length) return undefined;
  }
  if (!end || parts.length < 1 || parts.length > 3) return undefined;
  return parts.length === 1 ? { schema: "main", name: parts[0]! } : { schema: parts[parts.length - 2]!, name: parts[parts.length - 1]! };
}
