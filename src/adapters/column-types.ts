// dbt's Column class methods templates call through `api.Column` (translate_type, numeric_type,
// string_type), per engine: dbt-adapters' base Column maps the label STRING to TEXT (dbt-duckdb's
// DuckDBColumn keeps that), dbt-spark's SparkColumn translates nothing.
import type { AdapterType } from "./types.js";

const TYPE_LABELS: Record<AdapterType, Readonly<Record<string, string>>> = {
  duckdb: { STRING: "TEXT" },
  spark: {},
};

/** Column.translate_type: the engine's type for a portable label, else the label as given. */
export function translateColumnType(adapter: AdapterType, dtype: string): string {
  return TYPE_LABELS[adapter]?.[dtype.toUpperCase()] ?? dtype;
}

/** Column.numeric_type: `dtype(precision,scale)`, or dtype alone when either is missing. */
export function numericColumnType(dtype: string, precision: unknown, scale: unknown): string {
  return precision === null || precision === undefined || scale === null || scale === undefined ? dtype : `${dtype}(${String(precision)},${String(scale)})`;
}

/** Column.string_type: a sized string type. */
export function stringColumnType(size: unknown): string {
  return `character varying(${String(size)})`;
}
