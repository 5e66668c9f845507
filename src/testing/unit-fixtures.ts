// Fixtures for unit tests: typed from the input's declared `data_type`s where the YAML has them,
// else from the values themselves, and written as a select of literal rows that becomes a CTE the
// model's ref() or source() renders to (as dbt does), so nothing is created in the warehouse.
import { quoteIdent, quoteLiteral } from "../adapters/quote.js";
import type { SqlDialect } from "../adapters/types.js";

/** What fixture SQL takes from the engine: its text type and string literals. */
export type FixtureDialect = Pick<SqlDialect, "textType" | "stringLiteral">;
const DEFAULT_DIALECT: FixtureDialect = { textType: "VARCHAR", stringLiteral: quoteLiteral };

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

// A bare text type, however the project spells it (seed column_types written for DuckDB say varchar).
const TEXT_TYPE = /^\s*(varchar|text|string)\s*$/i;

/**
 * A select of these rows, each value cast to its column's type (a bare varchar/text/string as the
 * engine's text type: Spark refuses varchar without a length); an empty fixture still has its
 * columns, and no row.
 */
export function fixtureSelect(rows: readonly Record<string, unknown>[], columns: readonly FixtureColumn[], d: FixtureDialect = DEFAULT_DIALECT): string {
  const typed = (columns.length ? columns : [{ name: "__qe_empty", type: "VARCHAR" }]).map((c) => {
    const text = TEXT_TYPE.test(c.type);
    return { name: c.name, text, sqlType: text ? d.textType : c.type };
  });
  if (rows.length === 0 || columns.length === 0) return `select ${typed.map((c) => `cast(null as ${c.sqlType}) as ${quoteIdent(c.name)}`).join(", ")} where 1 = 0`;
  const value = (v: unknown, c: (typeof typed)[number]): string => {
    if (v === null || v === undefined || (v === "" && !c.text)) return `cast(null as ${c.sqlType})`;
    if (typeof v === "boolean" || typeof v === "number" || typeof v === "bigint") return `cast(${String(v)} as ${c.sqlType})`;
    const text = v instanceof Date ? v.toISOString() : typeof v === "object" ? JSON.stringify(v) : String(v);
    return `cast(${d.stringLiteral(text)} as ${c.sqlType})`;
  };
  return rows.map((r) => `select ${typed.map((c) => `${value(r[c.name], c)} as ${quoteIdent(c.name)}`).join(", ")}`).join("\nunion all\n");
}
