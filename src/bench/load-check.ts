// Shared by both load routes: a ratio means nothing unless both loaded every row.
import type { Adapter } from "../adapters/types.js";
import { quoteIdent } from "../adapters/quote.js";
import type { SqliteTable } from "./sqlite-info.js";

/** Throws when raw.<table> in DuckDB does not hold exactly the SQLite table's row count. */
export async function checkCounts(wh: Adapter, tables: readonly SqliteTable[], route: string): Promise<void> {
  for (const t of tables) {
    const [row] = await wh.all<{ n: bigint }>(`select count(*) as n from raw.${quoteIdent(t.name)}`);
    if (Number(row?.n) !== t.rows) throw new Error(`${route} route loaded ${row?.n} rows into raw.${t.name}, SQLite has ${t.rows}`);
  }
}
