// Arrow IPC file (.arrow) with the mart's own column types, for Python/JS readers. Mapping:
// BIGINT→Int64, INTEGER→Int32, SMALLINT→Int16, TINYINT→Int8, DOUBLE→Float64, FLOAT→Float32,
// VARCHAR→Utf8, DATE→DateDay, BOOLEAN→Bool, TIMESTAMP→Timestamp(ms),
// DECIMAL(p,s)→Decimal128(p,s) (exact, built from DuckDB's text), HUGEINT counts → Int64 (narrowed
// by describeMart; DECIMAL(38,0) when a value does not fit), UINTEGER/USMALLINT/UTINYINT → the next
// wider signed integer; anything else (INTERVAL, nested) → Utf8 with DuckDB's text.
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import {
  Bool, DateDay, Decimal, Field, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, RecordBatchFileWriter,
  Schema, Struct, TimestampMillisecond, Utf8, makeData, vectorFromArray, type Data, type DataType,
} from "apache-arrow";
import { decimalParts, martSelect, quoteIdent, streamRows, type Cell, type MartInfo, type MartWarehouse } from "./mart-query.js";
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
    case "UINTEGER": return { type: new Int64(), sql: (q) => `${q}::BIGINT`, value: same };
    case "INTEGER": return { type: new Int32(), sql: (q) => q, value: same };
    case "USMALLINT": return { type: new Int32(), sql: (q) => `${q}::INTEGER`, value: same };
    case "SMALLINT": return { type: new Int16(), sql: (q) => q, value: same };
    case "UTINYINT": return { type: new Int16(), sql: (q) => `${q}::SMALLINT`, value: same };
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
  const dec = decimalParts(duckType);
  if (dec) return { type: new Decimal(dec[1], dec[0], 128), sql: (q) => `${q}::VARCHAR`, value: (v) => (v === null ? null : unscaled(String(v), dec[1])) };
  return { type: new Utf8(), sql: (q) => `${q}::VARCHAR`, value: same };
}

/** Writes the mart as an Arrow IPC file, one record batch per DuckDB chunk; returns the row count. */
export async function writeArrow(wh: MartWarehouse, info: MartInfo, file: string): Promise<number> {
  const cols = info.columns.map((c) => arrowColumnFor(c.type));
  const schema = new Schema(info.columns.map((c, i) => new Field(c.name, cols[i]!.type, true)));
  const toBatch = (rows: Cell[][]): RecordBatch => {
    const children = cols.map((col, i) => {
      const values = rows.map((r) => col.value(r[i]!));
      return col.type instanceof Decimal ? decimalData(col.type, values as (bigint | null)[]) : vectorFromArray(values, col.type).data[0]!;
    });
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

/** "-12.50" at scale 3 → -12500n: the exact unscaled integer of DuckDB's decimal text. */
export function unscaled(text: string, scale: number): bigint {
  const neg = text.startsWith("-");
  const [whole = "0", frac = ""] = text.replace(/^[-+]/, "").split(".");
  const digits = BigInt(whole + frac.padEnd(scale, "0").slice(0, scale));
  return neg ? -digits : digits;
}

const WORD = 2n ** 32n;
const U128 = 2n ** 128n;

/** Decimal128 column data: four little-endian uint32 words of two's complement per value, plus validity bits. */
function decimalData(type: Decimal, values: readonly (bigint | null)[]): Data<Decimal> {
  const words = new Uint32Array(values.length * 4);
  const valid = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) {
      nullCount++;
      return;
    }
    valid[i >> 3]! |= 1 << (i & 7);
    let u = v < 0n ? U128 + v : v;
    for (let w = 0; w < 4; w++) {
      words[i * 4 + w] = Number(u % WORD);
      u /= WORD;
    }
  });
  return makeData({ type, length: values.length, nullCount, nullBitmap: nullCount ? valid : null, data: words });
}
