// Parquet through DuckDB's built-in writer: the mart's types (DECIMAL stays DECIMAL; a HUGEINT
// count is narrowed to BIGINT by martSelect, since the writer would otherwise store it as DOUBLE).
import { copyToParquet, martSelect, quoteIdent, type MartInfo, type MartWarehouse } from "./mart-query.js";

/** Writes the mart, in export order, to `file`; returns the rows written. */
export async function writeParquet(wh: MartWarehouse, info: MartInfo, file: string): Promise<number> {
  return copyToParquet(wh, martSelect(info, (c) => quoteIdent(c.name)), file, info.node.name);
}
