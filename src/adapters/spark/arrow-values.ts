// Arrow results from Spark as the rest of qe sees values and types: DuckDB-style type names and
// plain JS cells (BIGINT → bigint, DECIMAL → exact text, DATE → Date at UTC midnight).
import { DataType, type Field, type Table, type Vector } from "apache-arrow";
import type { Cell, ResultColumn } from "../types.js";

/** The DuckDB-style name of an Arrow field's type, so exports and checks see one vocabulary. */
export function typeName(field: Field): string {
  const t = field.type;
  if (DataType.isInt(t)) return t.bitWidth === 64 ? "BIGINT" : t.bitWidth === 32 ? "INTEGER" : t.bitWidth === 16 ? "SMALLINT" : "TINYINT";
  if (DataType.isFloat(t)) return t.precision === 2 ? "DOUBLE" : "FLOAT";
  if (DataType.isDecimal(t)) return `DECIMAL(${t.precision},${t.scale})`;
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t)) return "VARCHAR";
  if (DataType.isBool(t)) return "BOOLEAN";
  if (DataType.isDate(t)) return "DATE";
  if (DataType.isTimestamp(t)) return "TIMESTAMP";
  if (DataType.isBinary(t)) return "BLOB";
  if (DataType.isNull(t)) return "VARCHAR";
  return "VARCHAR";
}

export function columnsOf(table: Table): ResultColumn[] {
  return table.schema.fields.map((f) => ({ name: f.name, type: typeName(f) }));
}

type Convert = (v: unknown) => unknown;

function converter(field: Field, json: boolean): Convert {
  const t = field.type;
  if (DataType.isDecimal(t)) {
    const scale = t.scale;
    return (v) => decimalText(String(v), scale);
  }
  if (DataType.isDate(t)) return json ? (v) => new Date(Number(v)).toISOString().slice(0, 10) : (v) => new Date(Number(v));
  if (DataType.isTimestamp(t)) return json ? (v) => new Date(Number(v)).toISOString() : (v) => new Date(Number(v));
  if (DataType.isInt(t) && t.bitWidth === 64 && json) return (v) => String(v);
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t) || DataType.isBool(t) || DataType.isInt(t) || DataType.isFloat(t)) return (v) => v;
  return (v) => String(v);
}

/** Arrow's unscaled decimal integer text ("-1250") with its scale (3) as decimal text ("-1.250"). */
export function decimalText(unscaled: string, scale: number): string {
  if (scale === 0) return unscaled;
  const neg = unscaled.startsWith("-");
  const digits = (neg ? unscaled.slice(1) : unscaled).padStart(scale + 1, "0");
  return `${neg ? "-" : ""}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Row-major values of a table; `json` gives JSON-safe values (bigint and dates as text). */
export function rowsOf(table: Table, json = false): unknown[][] {
  const fields = table.schema.fields;
  const cols = fields.map((f, j) => ({ vec: table.getChildAt(j) as Vector | null, conv: converter(f, json) }));
  const rows: unknown[][] = [];
  for (let i = 0; i < table.numRows; i++) {
    rows.push(cols.map(({ vec, conv }) => {
      const v = vec?.get(i);
      return v === null || v === undefined ? null : conv(v);
    }));
  }
  return rows;
}

export function cellsOf(table: Table): Cell[][] {
  return rowsOf(table) as Cell[][];
}
