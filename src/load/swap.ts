// Names shared by seed and source loads: the new table is built under `<name>__qe_tmp`, then the
// adapter swaps it in (Adapter.swapIn), so a failed load leaves the previous relation.
import type { Relation } from "../core/node-types.js";
import type { Adapter } from "../adapters/types.js";

export const TMP_SUFFIX = "__qe_tmp";
export const tmpOf = (rel: Relation): Relation => ({ schema: rel.schema, name: rel.name + TMP_SUFFIX });

export async function dropQuietly(wh: Adapter, rel: Relation): Promise<void> {
  await wh.exec(wh.dialect.drop("table", rel, true)).catch(() => undefined);
}
