// The main-thread half of the big-table route: each table is built in one transaction as
// `<name>__qe_tmp` from the workers' CSV parts (DuckDB's read_csv with the declared types, no
// sniffing), cast, committed, then swapped in. Parts are deleted as soon as they are loaded.
import type Database from "better-sqlite3";
import type { Relation } from "../compile/types.js";
import { QeError } from "../core/errors.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import type { SourceTableNode } from "../project/types.js";
import { castColumns, describeValue, dropStampDefault, stampColumnSql, stampTime, type BulkAdapter } from "./copy-in-thread.js";
import { SourceLoadError } from "./errors.js";
import type { PartQueue } from "./part-queue.js";
import type { ColumnPlan } from "./sqlite-types.js";
import { dropQuietly, tmpOf } from "./swap.js";

export type Plan = { src: SourceTableNode; cols: ColumnPlan[] };

/**
 * Builds one table from its jobs' CSV parts, in one transaction, then swaps it in; returns the row
 * count. Reads every part of the table even after a failure, so the workers are never left waiting.
 */
export async function copyTableViaCsv(wh: BulkAdapter, db: Database.Database, parts: PartQueue, table: number, plan: Plan, clock?: () => number): Promise<number> {
  const { src, cols } = plan;
  const tmp = tmpOf({ schema: src.schema, name: src.name });
  let failure: unknown;
  let open = false;
  let rows = 0;
  try {
    const loadedAt = stampTime(src, cols, clock);
    try {
      await wh.exec(wh.dialect.createSchema(src.schema));
      // One transaction per table: DuckDB then writes big inserts straight to the file, not the WAL.
      await wh.bulk.begin();
      open = true;
      const stamp = loadedAt === undefined ? [] : [stampColumnSql(src, loadedAt)];
      await wh.exec(`create or replace table ${quoteRelation(tmp)} (${[...cols.map((c) => `${quoteIdent(c.name)} ${c.append}`), ...stamp].join(", ")})`);
    } catch (e) {
      failure = e;
    }
    for (const job of parts.jobsOf(table)) {
      for (;;) {
        const m = await parts.next(job);
        if (m.type === "fail") throw new SourceLoadError(`reading ${src.identifier} from ${src.loader!.path} failed: ${m.message}`, src.loc);
        try {
          if (m.file !== undefined && !failure) await wh.bulk.appendCsv(tmp, m.file, cols.map((c) => ({ name: c.name, type: c.append })));
          rows += m.rows;
        } catch (e) {
          failure = diagnose(db, src, cols, e);
        } finally {
          parts.release(m);
        }
        if (m.last) break;
      }
    }
    if (failure) throw failure;
    await castColumns(wh, src, cols, tmp);
    await dropStampDefault(wh, src, tmp, loadedAt);
    await wh.bulk.commit();
    open = false;
    await wh.swapIn(tmp, { schema: src.schema, name: src.name });
    return rows;
  } finally {
    if (open) await wh.bulk.rollback();
    await dropQuietly(wh, tmp);
  }
}

// DuckDB names the CSV line; the user needs the SQLite column and value. Find the first value whose
// storage class does not fit (only on this error path, so a scan is fine).
function diagnose(db: Database.Database, src: SourceTableNode, cols: readonly ColumnPlan[], e: unknown): QeError {
  const fits: Record<string, string> = {
    BIGINT: "typeof(v) in ('integer', 'null')",
    DOUBLE: "typeof(v) in ('integer', 'real', 'null')",
    BOOLEAN: "v is null or (typeof(v) = 'integer' and v in (0, 1))",
  };
  for (const c of cols) {
    const test = fits[c.append];
    if (!test) continue;
    const bad = db
      .prepare(`select rn, v from (select row_number() over () as rn, ${quoteIdent(c.name)} as v from ${quoteIdent(src.identifier)}) where not (${test}) limit 1`)
      .get() as { rn: number; v: unknown } | undefined;
    if (bad) {
      return new SourceLoadError(
        `${src.identifier}.${c.name} (declared ${c.declared || "without a type"}) holds ${describeValue(bad.v)} in row ${bad.rn}, which does not fit ${c.append}`,
        src.loc,
        "fix the source data, or declare the column TEXT in SQLite",
        { cause: e },
      );
    }
  }
  if (e instanceof QeError) return e;
  return new SourceLoadError(`loading ${src.identifier} failed: ${(e as Error).message.split("\n")[0]}`, src.loc, undefined, { cause: e });
}
