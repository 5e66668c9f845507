// The in-thread route, for small tables (a worker's start-up would cost more) and tables with BLOBs:
// better-sqlite3 rows (exact bigints) into 2048-row data chunks for an appender. Also the casts
// both routes finish with.
import type Database from "better-sqlite3";
import type { Relation } from "../compile/types.js";
import type { EventSink } from "../core/results.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import type { Adapter, BulkLoader } from "../adapters/types.js";

/** An adapter with the embedded bulk routes (DuckDB). */
export type BulkAdapter = Adapter & { readonly bulk: BulkLoader };
import type { SourceTableNode } from "../project/types.js";
import { SourceLoadError } from "./errors.js";
import { finalType, type ColumnPlan } from "./sqlite-types.js";
import { dropQuietly, tmpOf } from "./swap.js";

/** DuckDB's vector size: one data chunk per append. */
const CHUNK_ROWS = 2048;

/** Loads one table in this thread into `<name>__qe_tmp`, then swaps it in; returns the row count. `clock`: for the load-time stamp. */
export async function loadExact(wh: BulkAdapter, db: Database.Database, src: SourceTableNode, cols: ColumnPlan[], on: EventSink, clock?: () => number): Promise<number> {
  const loadedAt = stampTime(src, cols, clock);
  const rel: Relation = { schema: src.schema, name: src.name };
  const tmp = tmpOf(rel);
  try {
    await wh.exec(wh.dialect.createSchema(rel.schema));
    let rows: number;
    // One transaction per table: DuckDB then writes big inserts straight to the file, not the WAL.
    rows = await wh.transaction(async () => {
      const n = await appendTable(wh, db, src, cols, tmp, on);
      await castColumns(wh, src, cols, tmp);
      await stampLoadTime(wh, src, tmp, loadedAt);
      return n;
    });
    await wh.swapIn(tmp, rel);
    return rows;
  } finally {
    await dropQuietly(wh, tmp);
  }
}

/** Streams the rows of one table into `tmp`, exact bigints included. */
async function appendTable(wh: BulkAdapter, db: Database.Database, src: SourceTableNode, cols: ColumnPlan[], tmp: Relation, on: EventSink): Promise<number> {
  await wh.exec(`create or replace table ${quoteRelation(tmp)} (${cols.map((c) => `${quoteIdent(c.name)} ${c.append}`).join(", ")})`);
  const select = `select ${cols.map((c) => quoteIdent(c.name)).join(", ")} from ${quoteIdent(src.identifier)}`;
  const stmt = db.prepare(select).raw(true).safeIntegers(true);
  const convert = cols.map((c) => converterFor(c, src));
  const width = cols.length;
  const buffers: unknown[][] = cols.map(() => new Array<unknown>(CHUNK_ROWS));
  const appender = await wh.bulk.appender(tmp, cols.map((c) => c.append));
  let n = 0;
  let total = 0;
  const flush = (): void => {
    appender.appendChunk(buffers, n);
    total += n;
    n = 0;
  };
  try {
    for (const row of stmt.iterate() as IterableIterator<unknown[]>) {
      for (let j = 0; j < width; j++) buffers[j]![n] = convert[j]!(row[j], total + n);
      if (++n === CHUNK_ROWS) {
        flush();
        if (total % (CHUNK_ROWS * 256) === 0) on({ type: "progress", label: `${src.sourceName}.${src.name}`, done: total, unit: "rows" });
      }
    }
    if (n > 0) flush();
    appender.flush();
  } finally {
    appender.close();
  }
  return total;
}

/** Casts columns appended as text/double to their final type (DATE, TIMESTAMP, DECIMAL). */
export async function castColumns(wh: Adapter, src: SourceTableNode, cols: ColumnPlan[], tmp: Relation): Promise<void> {
  for (const c of cols.filter((x) => x.castTo)) {
    try {
      await wh.exec(`alter table ${quoteRelation(tmp)} alter column ${quoteIdent(c.name)} type ${c.castTo}`);
    } catch (e) {
      throw new SourceLoadError(
        `column ${src.identifier}.${c.name} is declared ${c.declared} in SQLite but holds a value DuckDB cannot read as ${finalType(c)}: ${(e as Error).message.split("\n")[0]}`,
        src.loc,
        "fix the data, or declare the column TEXT in SQLite and cast in staging",
        { cause: e },
      );
    }
  }
}

/**
 * When the load starts, for a source whose loader stamps a load-time column (meta.loaded_at_column)
 * that the SQLite table does not have itself; undefined when there is nothing to stamp.
 */
export function stampTime(src: SourceTableNode, cols: readonly ColumnPlan[], clock: (() => number) | undefined): number | undefined {
  const col = src.loader?.loadedAtColumn;
  if (col === undefined || cols.some((c) => c.name.toLowerCase() === col.toLowerCase())) return undefined;
  // A bug, not a user error: stages read no clock, so the caller must pass one.
  if (!clock) throw new Error(`loading ${src.sourceName}.${src.name}: a clock is needed to stamp ${col}`);
  return clock();
}

/**
 * Adds the loader's load-time column, every row holding when this load started (UTC), as an EL
 * tool's sync column does (Fivetran's _fivetran_synced, Airbyte's _airbyte_extracted_at): freshness
 * then measures when the warehouse last received the table, which the source data cannot say.
 */
export async function stampLoadTime(wh: Adapter, src: SourceTableNode, tmp: Relation, atMs: number | undefined): Promise<void> {
  if (atMs === undefined) return;
  await wh.exec(`alter table ${quoteRelation(tmp)} add column ${stampColumnSql(src, atMs)}`);
  await dropStampDefault(wh, src, tmp, atMs);
}

/**
 * The stamp as a column definition whose default is the load time: the big-table route creates the
 * table with it, so the inserts fill it (adding it afterwards would rewrite every row: seconds per
 * ten million rows).
 */
export function stampColumnSql(src: SourceTableNode, atMs: number): string {
  const ts = new Date(atMs).toISOString().replace("T", " ").replace("Z", "");
  return `${quoteIdent(src.loader!.loadedAtColumn!)} timestamp default timestamp '${ts}'`;
}

/** The default served the load only: a later insert must not pass for this load. */
export async function dropStampDefault(wh: Adapter, src: SourceTableNode, tmp: Relation, atMs: number | undefined): Promise<void> {
  if (atMs === undefined) return;
  await wh.exec(`alter table ${quoteRelation(tmp)} alter column ${quoteIdent(src.loader!.loadedAtColumn!)} drop default`);
}

type Convert = (v: unknown, row: number) => unknown;

// Values arrive as SQLite stored them (dynamic typing): convert what is exact, reject what is not.
function converterFor(c: ColumnPlan, src: SourceTableNode): Convert {
  const bad = (v: unknown, row: number): never => {
    throw new SourceLoadError(
      `${src.identifier}.${c.name} (declared ${c.declared || "without a type"}) holds ${describeValue(v)} in row ${row + 1}, which does not fit ${c.append}`,
      src.loc,
      "fix the source data, or declare the column TEXT in SQLite",
    );
  };
  switch (c.append) {
    case "BIGINT":
      return (v, row) => (typeof v === "bigint" || v === null ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : bad(v, row));
    case "DOUBLE":
      return (v, row) => (typeof v === "number" || v === null ? v : typeof v === "bigint" ? Number(v) : bad(v, row));
    case "VARCHAR":
      return (v, row) => (typeof v === "string" || v === null ? v : typeof v === "bigint" || typeof v === "number" ? String(v) : bad(v, row));
    case "BOOLEAN":
      return (v, row) => (v === null ? null : v === 0n ? false : v === 1n ? true : bad(v, row));
    case "BLOB":
      return (v, row) => (v === null || v instanceof Uint8Array || typeof v === "string" ? v : bad(v, row));
  }
}

/** A short, safe rendering of a SQLite value for error messages. */
export function describeValue(v: unknown): string {
  if (v instanceof Uint8Array) return `a ${v.length}-byte blob`;
  const s = String(v);
  return `${typeof v === "string" ? "text" : typeof v} '${s.length > 40 ? s.slice(0, 37) + "..." : s}'`;
}
