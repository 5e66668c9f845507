// Copies relations from a cluster adapter into an embedded one (DuckDB), streaming batch by batch:
// exports then run on the embedded engine, so files are written by one code path whatever the
// warehouse, and byte-identical when the data is.
import type { Adapter, AppendType, Cell, ResultColumn } from "../adapters/types.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import type { Relation } from "../core/node-types.js";
import type { BulkAdapter } from "./copy-in-thread.js";

/** How a column travels: appended as one of the appender's types, then cast to its own type. */
function appendTypeOf(type: string): { append: AppendType; cast?: string; value: (v: Cell) => unknown } {
  const t = type.toUpperCase();
  if (t === "BIGINT" || t === "INTEGER" || t === "SMALLINT" || t === "TINYINT") {
    return { append: "BIGINT", cast: t === "BIGINT" ? undefined : t, value: (v) => (v === null ? null : BigInt(v as number | bigint)) };
  }
  if (t === "DOUBLE" || t === "FLOAT") return { append: "DOUBLE", cast: t === "DOUBLE" ? undefined : t, value: (v) => v };
  if (t === "BOOLEAN") return { append: "BOOLEAN", value: (v) => v };
  if (t === "VARCHAR") return { append: "VARCHAR", value: (v) => v };
  // DECIMAL keeps its exact text; DATE and TIMESTAMP go as ISO text.
  return { append: "VARCHAR", cast: t, value: (v) => (v === null ? null : isDate(v) ? isoText(v, t) : String(v)) };
}

const isDate = (v: unknown): v is Date => v instanceof Date;
const isoText = (d: Date, t: string): string => (t === "DATE" ? d.toISOString().slice(0, 10) : d.toISOString().replace("T", " ").replace("Z", ""));

/** Copies each relation of `from` into the same schema and name in `to`; returns the rows copied per relation. */
export async function copyRelations(from: Adapter, to: BulkAdapter, relations: readonly Relation[]): Promise<number[]> {
  const counts: number[] = [];
  for (const rel of relations) {
    const columns: ResultColumn[] = await from.describe(`select * from ${quoteRelation(rel)}`);
    const plans = columns.map((c) => appendTypeOf(c.type));
    await to.exec(to.dialect.createSchema(rel.schema));
    await to.exec(`create or replace table ${quoteRelation(rel)} (${columns.map((c, j) => `${quoteIdent(c.name)} ${plans[j]!.append}`).join(", ")})`);
    const appender = await to.bulk.appender(rel, plans.map((p) => p.append));
    let rows = 0;
    try {
      for await (const batch of from.stream(`select * from ${quoteRelation(rel)}`)) {
        const cols = plans.map((p, j) => batch.map((r) => p.value(r[j]!)));
        appender.appendChunk(cols, batch.length);
        rows += batch.length;
      }
      appender.flush();
    } finally {
      appender.close();
    }
    for (const [j, p] of plans.entries()) {
      if (p.cast) await to.exec(`alter table ${quoteRelation(rel)} alter column ${quoteIdent(columns[j]!.name)} type ${p.cast}`);
    }
    counts.push(rows);
  }
  return counts;
}
