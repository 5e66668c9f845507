// Raw load: copies SQLite source tables into DuckDB, streaming 2048-row data chunks (DuckDB's vector
// size) from better-sqlite3's raw iterator into an appender: never a whole table in JS memory, and
// no need for DuckDB's sqlite extension.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { BIGINT, BLOB, BOOLEAN, DOUBLE, VARCHAR, DuckDBDataChunk, blobValue, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import type { Relation } from "../compile/types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { QeError } from "../core/errors.js";
import type { EventSink, NodeResult } from "../core/results.js";
import { quoteIdent, quoteRelation } from "../db/quote.js";
import type { Warehouse } from "../db/warehouse.js";
import type { SourceTableNode } from "../project/types.js";
import { SourceLoadError } from "./errors.js";
import { finalType, planColumn, type ColumnPlan } from "./sqlite-types.js";
import { dropQuietly, swapIn, tmpOf } from "./swap.js";

const CHUNK_ROWS = 2048;

const DUCK_TYPES: Record<ColumnPlan["append"], DuckDBType> = { BIGINT, DOUBLE, VARCHAR, BLOB, BOOLEAN };

export interface LoadOptions {
  /** Monotonic milliseconds for elapsedMs (default performance.now). */
  now?: () => number;
}

/**
 * Loads every source with a `sqlite` loader into `schema.name` (atomically: built as `<name>__qe_tmp`
 * and swapped, so a failed load leaves the previous raw table). Sources without a loader are ignored.
 * Returns one NodeResult per loaded source, in input order (a failure is status "error" with a
 * SourceLoadError or DatabaseError, and the other tables still load). Emits start/done and progress.
 */
export async function loadSqliteSources(wh: Warehouse, sources: readonly SourceTableNode[], rootDir: string, on: EventSink, opts: LoadOptions = {}): Promise<NodeResult[]> {
  const now = opts.now ?? (() => performance.now());
  const todo = sources.filter((s) => s.loader?.kind === "sqlite");
  const results = new Map<SourceTableNode, NodeResult>();
  const byFile = new Map<string, SourceTableNode[]>();
  for (const s of todo) {
    const file = resolve(rootDir, s.loader!.path);
    byFile.set(file, [...(byFile.get(file) ?? []), s]);
  }
  let index = 0;
  const finish = (src: SourceTableNode, t0: number, rows: number | undefined, err: unknown): void => {
    if (err !== undefined && !(err instanceof QeError)) throw err;
    const base = { id: src.id, name: src.name, kind: "source", elapsedMs: now() - t0 };
    const r: NodeResult = err
      ? { ...base, status: "error", message: (err as QeError).message, error: err as QeError }
      : { ...base, status: "success", rowsAffected: rows, message: `loaded ${rows} rows into ${src.schema}.${src.name}` };
    results.set(src, r);
    on({ type: "done", result: r, index: index++, total: todo.length });
  };
  for (const [file, group] of byFile) {
    let t0 = now();
    let db: Database.Database;
    try {
      db = openSqlite(file, group[0]!);
    } catch (e) {
      for (const src of group) finish(src, t0, undefined, e);
      continue;
    }
    try {
      const plans: { src: SourceTableNode; cols: ColumnPlan[] }[] = [];
      for (const src of group) {
        try {
          plans.push({ src, cols: describeSqliteTable(db, src.identifier, src) });
        } catch (e) {
          finish(src, t0, undefined, e);
        }
      }
      const start = (src: SourceTableNode): void => {
        t0 = now();
        on({ type: "start", id: src.id, name: `${src.sourceName}.${src.name}`, kind: "source", index, total: todo.length });
      };
      await copyTables(wh, db, plans, on, (src, rows, err) => finish(src, t0, rows, err), start);
    } finally {
      db.close();
    }
  }
  return todo.map((s) => results.get(s)!);
}

function openSqlite(file: string, src: SourceTableNode): Database.Database {
  if (!existsSync(file)) {
    throw new SourceLoadError(`SQLite source database ${src.loader!.path} does not exist (needed by source ${src.sourceName}.${src.name})`, src.loc, "run `qe generate` to create it, or fix `meta.path` on the source");
  }
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare("select count(*) from sqlite_master").get(); // fails here, not later, if not a database
    return db;
  } catch (e) {
    throw new SourceLoadError(`cannot open SQLite database ${src.loader!.path}: ${(e as Error).message}`, src.loc, "is it a SQLite file? Re-create it with `qe generate`", { cause: e });
  }
}

/** Column names and declared types of a SQLite table; throws SourceLoadError if the table is missing. */
export function describeSqliteTable(db: Database.Database, table: string, src?: SourceTableNode): ColumnPlan[] {
  const cols = db.prepare(`select name, type from pragma_table_info(?)`).all(table) as { name: string; type: string }[];
  if (cols.length === 0) {
    const tables = (db.prepare(`select name from sqlite_master where type in ('table', 'view')`).all() as { name: string }[]).map((t) => t.name);
    const near = didYouMean(table, tables);
    throw new SourceLoadError(
      `SQLite database ${src?.loader?.path ?? db.name} has no table '${table}'${src ? ` (source ${src.sourceName}.${src.name})` : ""}`,
      src?.loc,
      near ? `did you mean identifier: ${near}?` : "run `qe generate` to rebuild the source database, or fix the source's identifier",
    );
  }
  return cols.map((c) => planColumn(c.name, c.type ?? ""));
}

type Finish = (src: SourceTableNode, rows: number | undefined, err: unknown) => void;

async function copyTables(wh: Warehouse, db: Database.Database, plans: { src: SourceTableNode; cols: ColumnPlan[] }[], on: EventSink, finish: Finish, start: (src: SourceTableNode) => void): Promise<void> {
  for (const { src, cols } of plans) {
    start(src);
    const rel: Relation = { schema: src.schema, name: src.name };
    const tmp = tmpOf(rel);
    let rows: number | undefined;
    let failure: unknown;
    try {
      await wh.exec(`create schema if not exists ${quoteIdent(rel.schema)}`);
      try {
        rows = await appendTable(wh, db, src, cols, tmp, false, on);
      } catch (e) {
        if (!(e instanceof UnsafeInteger)) throw e;
        rows = await appendTable(wh, db, src, cols, tmp, true, on); // rare: int64 beyond 2^53, redo exactly
      }
      await castColumns(wh, src, cols, tmp);
      await swapIn(wh, tmp, rel);
    } catch (e) {
      failure = e;
    } finally {
      await dropQuietly(wh, tmp);
    }
    finish(src, rows, failure);
  }
}

class UnsafeInteger extends Error {}

/**
 * Streams one table into `tmp` in 2048-row data chunks. Fast mode reads integers as JS numbers and
 * appends them in DOUBLE vectors that the appender casts to BIGINT (exact up to 2^53, checked per
 * value; a larger one throws UnsafeInteger and the caller retries with `exact`, using bigints).
 */
async function appendTable(wh: Warehouse, db: Database.Database, src: SourceTableNode, cols: ColumnPlan[], tmp: Relation, exact: boolean, on: EventSink): Promise<number> {
  await wh.exec(`create or replace table ${quoteRelation(tmp)} (${cols.map((c) => `${quoteIdent(c.name)} ${c.append}`).join(", ")})`);
  const select = `select ${cols.map((c) => quoteIdent(c.name)).join(", ")} from ${quoteIdent(src.identifier)}`;
  const stmt = db.prepare(select).raw(true).safeIntegers(exact);
  const types = cols.map((c) => (c.append === "BIGINT" && !exact ? DOUBLE : DUCK_TYPES[c.append]));
  const convert = cols.map((c) => converterFor(c, src, exact));
  const width = cols.length;
  const buffers: DuckDBValue[][] = cols.map(() => new Array<DuckDBValue>(CHUNK_ROWS));
  const appender = await wh.connection.createAppender(tmp.name, tmp.schema);
  let n = 0;
  let total = 0;
  const flush = (): void => {
    const chunk = DuckDBDataChunk.create(types, n);
    for (let j = 0; j < width; j++) chunk.setColumnValues(j, n === CHUNK_ROWS ? buffers[j]! : buffers[j]!.slice(0, n));
    appender.appendDataChunk(chunk);
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
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  return total;
}

async function castColumns(wh: Warehouse, src: SourceTableNode, cols: ColumnPlan[], tmp: Relation): Promise<void> {
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

type Convert = (v: unknown, row: number) => DuckDBValue;

// Values arrive as SQLite stored them (dynamic typing): convert what is exact, reject what is not.
function converterFor(c: ColumnPlan, src: SourceTableNode, exact: boolean): Convert {
  const bad = (v: unknown, row: number): never => {
    throw new SourceLoadError(
      `${src.identifier}.${c.name} (declared ${c.declared || "without a type"}) holds ${describe(v)} in row ${row + 1}, which does not fit ${c.append}`,
      src.loc,
      "fix the source data, or declare the column TEXT in SQLite",
    );
  };
  switch (c.append) {
    case "BIGINT":
      if (exact) return (v, row) => (typeof v === "bigint" || v === null ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : bad(v, row));
      return (v, row) => {
        if (v === null || Number.isSafeInteger(v)) return v as number | null;
        if (typeof v === "number" && Number.isInteger(v)) throw new UnsafeInteger();
        return bad(v, row);
      };
    case "DOUBLE":
      return (v, row) => (typeof v === "number" || v === null ? v : typeof v === "bigint" ? Number(v) : bad(v, row));
    case "VARCHAR":
      return (v, row) => (typeof v === "string" || v === null ? v : typeof v === "bigint" || typeof v === "number" ? String(v) : bad(v, row));
    case "BOOLEAN":
      return (v, row) => (v === null ? null : v === 0 || v === 0n ? false : v === 1 || v === 1n ? true : bad(v, row));
    case "BLOB":
      return (v, row) => (v === null ? null : v instanceof Uint8Array ? blobValue(v) : typeof v === "string" ? blobValue(v) : bad(v, row));
  }
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `a ${v.length}-byte blob`;
  const s = String(v);
  return `${typeof v === "string" ? "text" : typeof v} '${s.length > 40 ? s.slice(0, 37) + "..." : s}'`;
}
