// dbt's Column type helpers per adapter, as templates (`api.Column`) and contracts need them:
// dbt-core's base Column for DuckDB (dbt-duckdb keeps it), dbt-spark's SparkColumn for Spark.
import type { AdapterType } from "./types.js";

// dbt-core's Column.TYPE_LABELS; dbt-spark's translate_type returns the label unchanged.
const BASE_LABELS: Readonly<Record<string, string>> = { STRING: "TEXT", TIMESTAMP: "TIMESTAMP", FLOAT: "FLOAT", INTEGER: "INT", BOOLEAN: "BOOLEAN", NUMERIC: "NUMERIC" };

/** Column.translate_type: the engine's name for a generic type label. */
export function translateType(adapter: AdapterType, dtype: string): string {
  return adapter === "spark" ? dtype : (BASE_LABELS[dtype.toUpperCase()] ?? dtype);
}

/** Column.numeric_type: `numeric(28,6)` as given (base), `decimal(28,6)` on Spark (no numeric there); the bare name without precision and scale. */
export function numericType(adapter: AdapterType, dtype: string, precision: unknown, scale: unknown): string {
  const name = adapter === "spark" ? "decimal" : dtype;
  return precision === null || precision === undefined || scale === null || scale === undefined ? name : `${name}(${String(precision)},${String(scale)})`;
}

/** Column.string_type: a sized string type (the same on every adapter here). */
export function stringType(size: unknown): string {
  return `character varying(${String(size)})`;
}
