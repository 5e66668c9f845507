// The main-thread half of the big-table route: each table is built in one transaction as
// `<name>__qe_tmp` from the worker's CSV parts (DuckDB's read_csv with the declared types, no
// sniffing), cast, committed, then swapped in. Parts are deleted as soon as they are loaded.
import { rmSync } from "node:fs";
import type Database from "better-sqlite3";
import type { Relation } from "../compile/types.js";
import { QeError } from "../core/errors.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import type { SourceTableNode } from "../project/types.js";
import { castColumns, describeValue, dropStampDefault, stampColumnSql, stampTime, type BulkAdapter } from "./copy-in-thread.js";
import { SourceLoadError } from "./errors.js";
import { startExporter } from "./sqlite-export.js";
import type { ColumnPlan } from "./sqlite-types.js";
import { dropQuietly, tmpOf } from "./swap.js";

export type Plan = { src: SourceTableNode; cols: ColumnPlan[]; paged: boolean };
export type Finish = (src: SourceTableNode, rows: number | undefined, err: unknown) => void;

export async function copyViaCsv(wh: BulkAdapter, db: Database.Database, file: string, tmpDir: string, plans: Plan[], finish: Finish, start: (src: SourceTableNode) => void, clock?: () => number): Promise<void> {
  const exporter = startExporter(file, tmpDir, plans.map((p) => ({ identifier: p.src.identifier, columns: p.cols, paged: p.paged })));
  let current = -1;
  let failure: unknown;
  let loadedAt: number | undefined;
  let open = false;
  const rollback = async (): Promise<void> => {
    if (open) await wh.bulk.rollback();
    open = false;
  };
  try {
    for (let ended = 0; ended < plans.length; ) {
      const m = await exporter.next();
      if (m.type === "fail") {
        await rollback();
        for (const p of plans.slice(ended)) finish(p.src, undefined, new SourceLoadError(`reading ${p.src.identifier} from ${p.src.loader!.path} failed: ${m.message}`, p.src.loc));
        return;
      }
      const { src, cols } = plans[m.table]!;
      const tmp = tmpOf({ schema: src.schema, name: src.name });
      if (m.table !== current) {
        current = m.table;
        failure = undefined;
        start(src);
        try {
          loadedAt = stampTime(src, cols, clock);
          await wh.exec(wh.dialect.createSchema(src.schema));
          // One transaction per table: DuckDB then writes big inserts straight to the file, not the WAL.
          await wh.bulk.begin();
          open = true;
          const stamp = loadedAt === undefined ? [] : [stampColumnSql(src, loadedAt)];
          await wh.exec(`create or replace table ${quoteRelation(tmp)} (${[...cols.map((c) => `${quoteIdent(c.name)} ${c.append}`), ...stamp].join(", ")})`);
        } catch (e) {
          failure = e;
        }
      }
      if (m.type === "part") {
        try {
          if (!failure) await wh.bulk.appendCsv(tmp, m.file, cols.map((c) => ({ name: c.name, type: c.append })));
        } catch (e) {
          failure = diagnose(db, src, cols, e);
        } finally {
          rmSync(m.file, { force: true });
          exporter.done();
        }
        continue;
      }
      ended++;
      if (!failure) {
        try {
          await castColumns(wh, src, cols, tmp);
          await dropStampDefault(wh, src, tmp, loadedAt);
          await wh.bulk.commit();
          open = false;
          await wh.swapIn(tmp, { schema: src.schema, name: src.name });
        } catch (e) {
          failure = e;
        }
      }
      await rollback();
      await dropQuietly(wh, tmp);
      finish(src, failure ? undefined : m.rows, failure);
    }
  } finally {
    await rollback();
    await exporter.close();
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
