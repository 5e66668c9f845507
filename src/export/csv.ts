// CSV for BI tools. Choices, fixed so the same data gives the same bytes:
// - UTF-8 without BOM, "\n" line endings (RFC 4180 says CRLF; every BI tool we target reads LF,
//   and LF keeps files diffable), a header row, no index column.
// - Quoting per RFC 4180: a field is quoted when it holds `,`, `"`, CR or LF (or leading/trailing
//   space, which some readers trim); quotes inside are doubled.
// - NULL is an empty field; an empty string is `""` so the two stay distinct.
// - DOUBLE/FLOAT: JS String(number), the shortest text that reads back to the same double
//   (0.1, 1e+21, NaN, Infinity). Integers and DECIMAL: DuckDB's exact text (DECIMAL keeps its scale,
//   "2.500"). DATE: YYYY-MM-DD. TIMESTAMP: "YYYY-MM-DD HH:MM:SS[.ffffff]". BOOLEAN: true/false.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { isFloatType, martSelect, quoteIdent, streamRows, type Cell, type MartInfo, type MartWarehouse } from "./mart-query.js";
import type { ExportColumn } from "./types.js";

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field: NULL → empty, "" → `""`, quoted and doubled when needed. */
export function csvField(v: Cell): string {
  if (v === null) return "";
  const s = typeof v === "string" ? v : String(v);
  if (s === "" || NEEDS_QUOTES.test(s)) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

/** Column projection for CSV: doubles stay numeric (printed by JS), everything else as DuckDB text. */
function csvProjection(c: ExportColumn): string {
  const q = quoteIdent(c.name);
  if (isFloatType(c.type)) return `${q}::DOUBLE`;
  if (c.type === "DATE") return `strftime(${q}, '%Y-%m-%d')`;
  return `${q}::VARCHAR`;
}

/** Writes the mart as CSV to `file`, streaming batches; returns the number of data rows. */
export async function writeCsv(wh: MartWarehouse, info: MartInfo, file: string): Promise<number> {
  const out = createWriteStream(file, { encoding: "utf8" });
  const done = once(out, "close");
  let rows = 0;
  try {
    out.write(info.columns.map((c) => csvField(c.name)).join(",") + "\n");
    for await (const batch of streamRows(wh, martSelect(info, csvProjection), info.node.name)) {
      let text = "";
      for (const row of batch) text += row.map(csvField).join(",") + "\n";
      rows += batch.length;
      if (!out.write(text)) await once(out, "drain");
    }
  } finally {
    out.end();
    await done;
  }
  return rows;
}
