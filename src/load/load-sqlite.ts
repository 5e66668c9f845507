// Raw load: copies SQLite source tables into DuckDB, with no need for DuckDB's sqlite extension.
// Big tables: a worker has SQLite render them as CSV parts (sqlite-export.ts) that DuckDB reads
// with read_csv while the worker renders the next (copy-via-csv.ts): the user's manual route
// (`sqlite3 -csv` + read_csv), pipelined and exact. Small tables (and any with BLOBs) go through
// better-sqlite3 and 2048-row data chunks in this thread (copy-in-thread.ts). Either way streaming:
// never a whole table in JS memory.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { didYouMean } from "../core/did-you-mean.js";
import { QeError } from "../core/errors.js";
import type { EventSink, NodeResult } from "../core/results.js";
import { quoteIdent } from "../adapters/quote.js";
import type { Adapter } from "../adapters/types.js";
import type { SourceTableNode } from "../project/types.js";
import { loadExact, type BulkAdapter } from "./copy-in-thread.js";
import { hasBulk, loadViaParquet } from "./via-parquet.js";
import { copyViaCsv, type Finish, type Plan } from "./copy-via-csv.js";
import { SourceLoadError } from "./errors.js";
import { planColumn, type ColumnPlan } from "./sqlite-types.js";

export interface LoadOptions {
  /** Monotonic milliseconds for elapsedMs (default performance.now). */
  now?: () => number;
  /** Tables with at least this many rows go through the worker's CSV route (default 20,000; 0: always). */
  workerMinRows?: number;
  /** Where CSV parts are staged (default: next to the warehouse file, or the OS temp dir for :memory:). */
  tmpDir?: string;
  /** Wall clock, epoch ms: what a source's `meta.loaded_at_column` is stamped with (required when one has it). */
  clock?: () => number;
}

/**
 * Loads every source with a `sqlite` loader into `schema.name` (atomically: built as `<name>__qe_tmp`
 * and swapped, so a failed load leaves the previous raw table). Sources without a loader are ignored.
 * Returns one NodeResult per loaded source, in input order (a failure is status "error" with a
 * SourceLoadError or DatabaseError, and the other tables still load). Emits start/done and progress.
 */
export async function loadSqliteSources(wh: Adapter, sources: readonly SourceTableNode[], rootDir: string, on: EventSink, opts: LoadOptions = {}): Promise<NodeResult[]> {
  if (!hasBulk(wh)) {
    const loaded = sources.filter((s) => s.loader?.kind === "sqlite");
    let results: NodeResult[] = [];
    await loadViaParquet(wh, loaded.map((s) => ({ schema: s.schema, name: s.name })), async (staging) => {
      results = await loadSqliteSources(staging, sources, rootDir, on, opts);
    });
    return results;
  }
  const now = opts.now ?? (() => performance.now());
  const todo = sources.filter((s) => s.loader?.kind === "sqlite");
  const results = new Map<SourceTableNode, NodeResult>();
  const byFile = new Map<string, SourceTableNode[]>();
  for (const s of todo) {
    const file = resolve(rootDir, s.loader!.path);
    byFile.set(file, [...(byFile.get(file) ?? []), s]);
  }
  let index = 1; // events number nodes 1..N, like execute
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
      const plans: Described[] = [];
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
      await copyTables(wh, db, file, plans, on, (src, rows, err) => finish(src, t0, rows, err), start, opts);
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
    throw new SourceLoadError(`cannot open SQLite database ${src.loader!.path}: ${(e as Error).message}`, src.loc, "if it is not the generated source database, move or delete it, then run `qe generate` (or `qe-run`, which generates it when missing)", { cause: e });
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

type Described = { src: SourceTableNode; cols: ColumnPlan[] };

async function copyTables(wh: BulkAdapter, db: Database.Database, file: string, plans: Described[], on: EventSink, finish: Finish, start: (src: SourceTableNode) => void, opts: LoadOptions): Promise<void> {
  const big: Plan[] = [];
  for (const p of plans) {
    const paged = pageable(db, p);
    // BLOBs have no CSV form worth the trouble: those (rare) tables load in this thread too.
    const small = paged && maxRowid(db, p.src.identifier) < (opts.workerMinRows ?? SMALL_TABLE_ROWS);
    if (small || p.cols.some((c) => c.append === "BLOB")) {
      start(p.src);
      let rows: number | undefined;
      let failure: unknown;
      try {
        rows = await loadExact(wh, db, p.src, p.cols, on, opts.clock);
      } catch (e) {
        failure = e;
      }
      finish(p.src, rows, failure);
    } else big.push({ ...p, paged });
  }
  if (big.length === 0) return;
  const base = opts.tmpDir ?? wh.stagingDir ?? tmpdir();
  const dir = mkdtempSync(join(base, ".qe-load-"));
  try {
    await copyViaCsv(wh, db, file, dir, big, finish, start, opts.clock);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function maxRowid(db: Database.Database, table: string): number {
  const row = db.prepare(`select max(_rowid_) as m from ${quoteIdent(table)}`).get() as { m: number | null };
  return row.m ?? 0;
}

// A plain rowid table whose columns do not shadow `_rowid_` can be read in rowid pages.
function pageable(db: Database.Database, p: Described): boolean {
  const row = db.prepare(`select type, sql from sqlite_master where name = ?`).get(p.src.identifier) as { type: string; sql: string | null } | undefined;
  if (!row || row.type !== "table" || /without\s+rowid/i.test(row.sql ?? "")) return false;
  return !p.cols.some((c) => c.name.toLowerCase() === "_rowid_");
}
