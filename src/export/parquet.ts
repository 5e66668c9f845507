// Parquet through DuckDB's built-in writer: types kept exactly as in the mart (DECIMAL stays DECIMAL).
import type { Adapter } from "../adapters/types.js";
import { quoteIdent, quoteLiteral } from "../adapters/quote.js";
import { martSelect, type MartInfo } from "./mart-query.js";

/** Writes the mart, in export order, to `file`; returns the rows written. */
export async function writeParquet(wh: Adapter, info: MartInfo, file: string): Promise<number> {
  const select = martSelect(info, (c) => quoteIdent(c.name));
  return wh.exec(`copy (${select}) to ${quoteLiteral(file)} (format parquet)`, { node: info.node.name });
}
