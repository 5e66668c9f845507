// Arrow IPC file (.arrow) with the mart's own column types, for Python/JS readers. Mapping:
// BIGINT→Int64, INTEGER→Int32, SMALLINT→Int16, TINYINT→Int8, DOUBLE→Float64, FLOAT→Float32,
// VARCHAR→Utf8, DATE→DateDay, BOOLEAN→Bool, TIMESTAMP→Timestamp(ms),
// DECIMAL→Float64 (apache-arrow's JS Decimal is awkward to build and read; a mart's rates and
// means are exact enough as doubles — the CSV and Parquet files keep the exact decimal),
// anything else (HUGEINT, unsigned, INTERVAL, nested) → Utf8 with DuckDB's text.
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import {
  Bool, DateDay, Field, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, RecordBatchFileWriter,
  Schema, Struct, TimestampMillisecond, Utf8, makeData, vectorFromArray, type DataType,
} from "apache-arrow";
import type { Adapter } from "../adapters/types.js";
import { quoteIdent } from "../adapters/quote.js";
import { isDecimalType, martSelect, streamRows, type Cell, type MartInfo } from "./mart-query.js";
import type { ExportColumn } from "./types.js";

const MS_PER_DAY = 86_400_000;

interface ArrowColumn {
  type: DataType;
  /** SQL that yields a JS primitive the builder accepts. */
  sql: (q: string) => string;
  /** Converts that primitive to what vectorFromArray wants. */
  value: (v: Cell) => unknown;
}

const same = (v: Cell) => v;

/** How one DuckDB type becomes an Arrow column. */
export function arrowColumnFor(duckType: string): ArrowColumn {
  switch (duckType) {
    case "BIGINT": return { type: new Int64(), sql: (q) => q, value: same };
    case "INTEGER": return { type: new Int32(), sql: (q) => q, value: same };
    case "SMALLINT": return { type: new Int16(), sql: (q) => q, value: same };
    case "TINYINT": return { type: new Int8(), sql: (q) => q, value: same };
    case "DOUBLE": return { type: new Float64(), sql: (q) => q, value: same };
    case "FLOAT": case "REAL": return { type: new Float32(), sql: (q) => q, value: same };
    case "VARCHAR": return { type: new Utf8(), sql: (q) => q, value: same };
    case "BOOLEAN": return { type: new Bool(), sql: (q) => q, value: same };
    case "DATE":
      return {
        type: new DateDay(),
        sql: (q) => `(${q} - DATE '1970-01-01')::INTEGER`,
        value: (v) => (v === null ? null : new Date(Number(v) * MS_PER_DAY)),
      };
    case "TIMESTAMP":
      return { type: new TimestampMillisecond(), sql: (q) => `epoch_ms(${q})::DOUBLE`, value: same };
  }
  if (isDecimalType(duckType)) return { type: new Float64(), sql: (q) => `${q}::DOUBLE`, value: same };
  return { type: new Utf8(), sql: (q) => `${q}::VARCHAR`, value: same };
}

/** Writes the mart as an Arrow IPC file, one record batch per DuckDB chunk; returns the row count. */
export async function writeArrow(wh: Adapter, info: MartInfo, file: string): Promise<number> {
  const cols = info.columns.map((c) => arrowColumnFor(c.type));
  const schema = new Schema(info.columns.map((c, i) => new Field(c.name, cols[i]!.type, true)));
  const toBatch = (rows: Cell[][]): RecordBatch => {
    const children = cols.map((col, i) => vectorFromArray(rows.map((r) => col.value(r[i]!)), col.type).data[0]!);
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }));
  };
  const project = (c: ExportColumn) => cols[info.columns.indexOf(c)]!.sql(quoteIdent(c.name));

  const writer = new RecordBatchFileWriter();
  const written = pipeline(writer.toNodeStream(), createWriteStream(file));
  let rows = 0;
  try {
    for await (const batch of streamRows(wh, martSelect(info, project), info.node.name)) {
      writer.write(toBatch(batch));
      rows += batch.length;
    }
    // An empty mart still gets a readable file carrying its schema.
    if (rows === 0) writer.write(toBatch([]));
  } finally {
    writer.finish();
    await written;
  }
  return rows;
}
