// Raw load: copies SQLite source tables into DuckDB. A worker (sqlite-reader.ts) steps through each
// table with better-sqlite3 and sends 2048-row column batches (DuckDB's vector size); this thread
// turns each into a data chunk for an appender. Streaming with bounded batches in flight: never a
// whole table in JS memory, and no need for DuckDB's sqlite extension.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { BIGINT, BLOB, BOOLEAN, DOUBLE, VARCHAR, DuckDBDataChunk, blobValue, type DuckDBAppender, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
// The raw vector copy functions are not wrapped by node-api; they turn numeric columns into one memcpy.
import duckdb from "@duckdb/node-bindings";
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
import { CHUNK_ROWS, startReader, type PackedColumn } from "./sqlite-reader.js";

const DUCK_TYPES: Record<ColumnPlan["append"], DuckDBType> = { BIGINT, DOUBLE, VARCHAR, BLOB, BOOLEAN };

export interface LoadOptions {
  /** Monotonic milliseconds for elapsedMs (default performance.now). */
  now?: () => number;
  /** Tables with at least this many rows are read on a worker thread (default 20,000; 0: always). */
  workerMinRows?: number;
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
      const plans: Plan[] = [];
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
      await copyTables(wh, db, file, plans, on, (src, rows, err) => finish(src, t0, rows, err), start, opts.workerMinRows ?? SMALL_TABLE_ROWS);
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


/** Below this many rows a worker's start-up (~40 ms) costs more than it saves: load in this thread. */
const SMALL_TABLE_ROWS = 20_000;

async function copyTables(wh: Warehouse, db: Database.Database, file: string, plans: Plan[], on: EventSink, finish: Finish, start: (src: SourceTableNode) => void, workerMinRows: number): Promise<void> {
  const big: (Plan & { paged: boolean })[] = [];
  for (const p of plans) {
    const paged = pageable(db, p);
    if (paged && maxRowid(db, p.src.identifier) < workerMinRows) {
      start(p.src);
      let rows: number | undefined;
      let failure: unknown;
      try {
        rows = await loadExact(wh, db, p.src, p.cols, on);
      } catch (e) {
        failure = e;
      }
      finish(p.src, rows, failure);
    } else big.push({ ...p, paged });
  }
  if (big.length > 0) await copyOnWorker(wh, db, file, big, on, finish, start);
}

// Consumes the reader's batches table by table: tmp table → appender → casts → swap.
async function copyOnWorker(wh: Warehouse, db: Database.Database, file: string, plans: (Plan & { paged: boolean })[], on: EventSink, finish: Finish, start: (src: SourceTableNode) => void): Promise<void> {
  const reader = startReader(file, plans.map((p) => ({ identifier: p.src.identifier, columns: p.cols, paged: p.paged })));
  try {
    let current = -1;
    let target: Target | undefined;
    let failure: unknown;
    for (let ended = 0; ended < plans.length; ) {
      const m = await reader.next();
      if (m.type === "fail") {
        // The reader died (unreadable file, a table dropped meanwhile): fail this and every later table.
        if (target) await abandonTarget(wh, target);
        for (const p of plans.slice(ended)) finish(p.src, undefined, new SourceLoadError(`reading ${p.src.identifier} from ${p.src.loader!.path} failed: ${m.message}`, p.src.loc));
        return;
      }
      const { src, cols } = plans[m.table]!;
      if (m.table !== current) {
        current = m.table;
        failure = undefined;
        start(src);
        target = await openTarget(wh, src, cols).catch((e: unknown) => ((failure = e), undefined));
      }
      if (m.type === "batch") {
        try {
          if (!failure && target) appendPacked(target, m.n, m.cols);
          if (target && target.rows % (CHUNK_ROWS * 256) === 0) on({ type: "progress", label: `${src.sourceName}.${src.name}`, done: target.rows, unit: "rows" });
        } catch (e) {
          failure = e;
        } finally {
          reader.done();
        }
        continue;
      }
      ended++;
      let rows = target?.rows;
      if (m.type === "bad") {
        const c = cols[m.column]!;
        failure ??= new SourceLoadError(
          `${src.identifier}.${c.name} (declared ${c.declared || "without a type"}) holds ${m.value} in row ${m.row}, which does not fit ${c.append}`,
          src.loc,
          "fix the source data, or declare the column TEXT in SQLite",
        );
      }
      if (failure || m.type === "unsafe") {
        if (target) await abandonTarget(wh, target);
        // Rare: an int64 beyond 2^53. Reload this table here with exact bigints.
        if (!failure) rows = await loadExact(wh, db, src, cols, on).catch((e: unknown) => ((failure = e), undefined));
      } else if (target) {
        failure = await closeTarget(wh, target).catch((e: unknown) => e);
      }
      target = undefined;
      finish(src, rows, failure);
    }
  } finally {
    await reader.close();
  }
}

type Plan = { src: SourceTableNode; cols: ColumnPlan[] };

function maxRowid(db: Database.Database, table: string): number {
  const row = db.prepare(`select max(_rowid_) as m from ${quoteIdent(table)}`).get() as { m: number | null };
  return row.m ?? 0;
}

// A plain rowid table whose columns do not shadow `_rowid_` can be read in rowid pages.
function pageable(db: Database.Database, p: Plan): boolean {
  const row = db.prepare(`select type, sql from sqlite_master where name = ?`).get(p.src.identifier) as { type: string; sql: string | null } | undefined;
  if (!row || row.type !== "table" || /without\s+rowid/i.test(row.sql ?? "")) return false;
  return !p.cols.some((c) => c.name.toLowerCase() === "_rowid_");
}
type Finish = (src: SourceTableNode, rows: number | undefined, err: unknown) => void;

interface Target {
  src: SourceTableNode;
  cols: ColumnPlan[];
  rel: Relation;
  tmp: Relation;
  appender: DuckDBAppender;
  types: DuckDBType[];
  rows: number;
}

async function openTarget(wh: Warehouse, src: SourceTableNode, cols: ColumnPlan[]): Promise<Target> {
  const rel: Relation = { schema: src.schema, name: src.name };
  const tmp = tmpOf(rel);
  await wh.exec(`create schema if not exists ${quoteIdent(rel.schema)}`);
  // One transaction around create + append + casts: without it every appender flush auto-commits and
  // writes the rows through the WAL; inside it, DuckDB writes big appends straight to the file.
  await wh.exec("begin transaction");
  try {
    await wh.exec(`create or replace table ${quoteRelation(tmp)} (${cols.map((c) => `${quoteIdent(c.name)} ${c.append}`).join(", ")})`);
    const appender = await wh.connection.createAppender(tmp.name, tmp.schema);
    return { src, cols, rel, tmp, appender, types: cols.map((c) => DUCK_TYPES[c.append]), rows: 0 };
  } catch (e) {
    await wh.exec("rollback").catch(() => undefined);
    throw e;
  }
}

// Numbers arrive as ready vector bytes: one memcpy per column. Text goes value by value.
function appendPacked(t: Target, n: number, cols: PackedColumn[]): void {
  const chunk = DuckDBDataChunk.create(t.types, n);
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j]!;
    if (t.cols[j]!.append === "BLOB" && "values" in c) {
      chunk.setColumnValues(j, c.values.map((v) => (v === null ? null : blobValue(v as Uint8Array))));
      continue;
    }
    const vec = duckdb.data_chunk_get_vector(chunk.chunk, j);
    if ("bytes" in c) duckdb.copy_data_to_vector(vec, 0, c.bytes, 0, c.bytes.byteLength);
    else {
      // Straight to DuckDB, skipping node-api's per-item cache: strings are most of a load's work.
      const values = c.values as (string | null)[];
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null) duckdb.vector_assign_string_element(vec, i, v!);
      }
    }
    if (c.validity) {
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector_validity(vec, 0, c.validity, 0, c.validity.byteLength);
    }
  }
  t.appender.appendDataChunk(chunk);
  t.rows += n;
}

async function closeTarget(wh: Warehouse, t: Target): Promise<undefined> {
  try {
    try {
      t.appender.flushSync();
      t.appender.closeSync();
      await castColumns(wh, t.src, t.cols, t.tmp);
      await wh.exec("commit");
    } catch (e) {
      await wh.exec("rollback").catch(() => undefined);
      throw e;
    }
    await swapIn(wh, t.tmp, t.rel);
    return undefined;
  } finally {
    await dropQuietly(wh, t.tmp);
  }
}

async function abandonTarget(wh: Warehouse, t: Target): Promise<void> {
  try {
    t.appender.closeSync();
  } catch {
    // Rows still buffered in the appender do not matter: the transaction is rolled back next.
  }
  await wh.exec("rollback").catch(() => undefined);
  await dropQuietly(wh, t.tmp);
}

async function loadExact(wh: Warehouse, db: Database.Database, src: SourceTableNode, cols: ColumnPlan[], on: EventSink): Promise<number> {
  const rel: Relation = { schema: src.schema, name: src.name };
  const tmp = tmpOf(rel);
  try {
    await wh.exec(`create schema if not exists ${quoteIdent(rel.schema)}`);
    let rows: number;
    await wh.exec("begin transaction"); // see openTarget
    try {
      rows = await appendTable(wh, db, src, cols, tmp, on);
      await castColumns(wh, src, cols, tmp);
      await wh.exec("commit");
    } catch (e) {
      await wh.exec("rollback").catch(() => undefined);
      throw e;
    }
    await swapIn(wh, tmp, rel);
    return rows;
  } finally {
    await dropQuietly(wh, tmp);
  }
}

/** The in-thread path with exact bigints: small tables, and tables holding int64 values beyond 2^53. */
async function appendTable(wh: Warehouse, db: Database.Database, src: SourceTableNode, cols: ColumnPlan[], tmp: Relation, on: EventSink): Promise<number> {
  await wh.exec(`create or replace table ${quoteRelation(tmp)} (${cols.map((c) => `${quoteIdent(c.name)} ${c.append}`).join(", ")})`);
  const select = `select ${cols.map((c) => quoteIdent(c.name)).join(", ")} from ${quoteIdent(src.identifier)}`;
  const stmt = db.prepare(select).raw(true).safeIntegers(true);
  const types = cols.map((c) => DUCK_TYPES[c.append]);
  const convert = cols.map((c) => converterFor(c, src));
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
function converterFor(c: ColumnPlan, src: SourceTableNode): Convert {
  const bad = (v: unknown, row: number): never => {
    throw new SourceLoadError(
      `${src.identifier}.${c.name} (declared ${c.declared || "without a type"}) holds ${describe(v)} in row ${row + 1}, which does not fit ${c.append}`,
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
      return (v, row) => (v === null ? null : v instanceof Uint8Array ? blobValue(v) : typeof v === "string" ? blobValue(v) : bad(v, row));
  }
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `a ${v.length}-byte blob`;
  const s = String(v);
  return `${typeof v === "string" ? "text" : typeof v} '${s.length > 40 ? s.slice(0, 37) + "..." : s}'`;
}
