// Atomic replace shared by seed and source loads: the new table is built under `<name>__qe_tmp`,
// then the old relation is dropped and the new one renamed in one transaction.
import type { Relation } from "../compile/types.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../db/quote.js";
import type { Warehouse } from "../db/warehouse.js";

export const TMP_SUFFIX = "__qe_tmp";
export const tmpOf = (rel: Relation): Relation => ({ schema: rel.schema, name: rel.name + TMP_SUFFIX });

/** Swaps `tmp` into `rel`, whatever kind of relation `rel` was. A failure leaves `rel` untouched. */
export async function swapIn(wh: Warehouse, tmp: Relation, rel: Relation): Promise<void> {
  const rows = await wh.all<{ table_type: string }>(
    `select table_type from information_schema.tables where table_schema = ${quoteLiteral(rel.schema)} and table_name = ${quoteLiteral(rel.name)} and table_catalog = current_database()`,
  );
  const kind = rows[0] ? (rows[0].table_type === "VIEW" ? "view" : "table") : undefined;
  await wh.transaction(async () => {
    if (kind) await wh.exec(`drop ${kind} ${quoteRelation(rel)}`);
    await wh.exec(`alter table ${quoteRelation(tmp)} rename to ${quoteIdent(rel.name)}`);
  });
}

export async function dropQuietly(wh: Warehouse, rel: Relation): Promise<void> {
  await wh.exec(`drop table if exists ${quoteRelation(rel)}`).catch(() => undefined);
}
