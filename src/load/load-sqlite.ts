// Raw load: copies SQLite source tables into DuckDB, with no need for DuckDB's sqlite extension.
// Big tables: workers have SQLite render them as CSV parts (sqlite-export.ts) that DuckDB reads
// with read_csv while the workers render the next (copy-via-csv.ts): the user's manual route
// (`sqlite3 -csv` + read_csv), pipelined and exact. A load opened for several sources starts
// rendering all their big tables at once, so the rendering runs ahead of DuckDB. Small tables (and
// any with BLOBs) go through better-sqlite3 and 2048-row data chunks in this thread
// (copy-in-thread.ts). Either way streaming: never a whole table in JS memory.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { didYouMean } from "../core/did-you-mean.js";
import { QeError } from "../core/errors.js";
import type { EventSink, NodeResult } from "../core/results.js";
import { quoteIdent } from "../adapters/quote.js";
import type { Adapter } from "../adapters/types.js";
import type { NodeId, SourceTableNode } from "../project/types.js";
import { loadExact, type BulkAdapter } from "./copy-in-thread.js";
import { hasBulk, loadViaParquet } from "./via-parquet.js";
import { copyTableViaCsv } from "./copy-via-csv.js";
import { PartQueue } from "./part-queue.js";
import { startExporter, type ExportTable, type Exporter } from "./sqlite-export.js";
import { SourceLoadError } from "./errors.js";
import { planColumn, type ColumnPlan } from "./sqlite-types.js";

export interface LoadOptions {
  /** Monotonic milliseconds for elapsedMs (default performance.now). */
  now?: () => number;
  /** Tables with at least this many rows go through the worker's CSV route (default 20,000; 0: always). */
  workerMinRows?: number;
  /** Threads rendering big tables as CSV side by side (default: one per core, at most 4). */
  workers?: number;
  /** Rowids per worker job and rows per CSV part (default 250,000; tests use small ones). */
  partRows?: number;
  /** Where CSV parts are staged (default: next to the warehouse file, or the OS temp dir for :memory:). */
  tmpDir?: string;
  /** Wall clock, epoch ms: what a source's `meta.loaded_at_column` is stamped with (required when one has it). */
  clock?: () => number;
}

/**
 * Loads every source with a `sqlite` loader into `schema.name` (atomically: built as `<name>__qe_tmp`
 * and swapped, so a failed load leaves the previous raw table). Sources without a loader are ignored.
 * Returns one NodeResult per loaded source, in input order (a failure is status "error" with a
 * SourceLoadError or DatabaseError, and the other tables still load). Emits start/done events.
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
  const todo = sources.filter((s) => s.loader?.kind === "sqlite");
  const session = openSqliteLoad(wh, todo, rootDir, opts);
  const results: NodeResult[] = [];
  try {
    for (const [i, src] of todo.entries()) {
      // events number nodes 1..N, like execute
      on({ type: "start", id: src.id, name: `${src.sourceName}.${src.name}`, kind: "source", index: i + 1, total: todo.length });
      const r = await session.load(src);
      on({ type: "done", result: r, index: i + 1, total: todo.length });
      results.push(r);
    }
  } finally {
    await session.close();
  }
  return results;
}

/** A load of several SQLite sources whose big tables are rendered ahead, in the background. */
export interface SqliteLoad {
  /** Loads one source given at open (ask in that order: tables asked for out of order load slower). Load errors are results, not throws. */
  load(src: SourceTableNode): Promise<NodeResult>;
  /** Stops the workers and removes staged files; call whatever happened. */
  close(): Promise<void>;
}

/**
 * Opens every SQLite file `sources` read and starts rendering their big tables as CSV on worker
 * threads at once, so the rendering runs ahead of (and beside) DuckDB loading the tables before.
 */
export function openSqliteLoad(wh: BulkAdapter, sources: readonly SourceTableNode[], rootDir: string, opts: LoadOptions = {}): SqliteLoad {
  const now = opts.now ?? (() => performance.now());
  const byFile = new Map<string, SourceTableNode[]>();
  for (const src of sources) {
    const file = resolve(rootDir, src.loader!.path);
    byFile.set(file, [...(byFile.get(file) ?? []), src]);
  }
  const files: FileLoad[] = [];
  const fileOf = new Map<NodeId, FileLoad>();
  for (const [file, group] of byFile) {
    const f = new FileLoad(file, group, wh, opts);
    files.push(f);
    for (const src of group) fileOf.set(src.id, f);
  }
  return {
    async load(src) {
      const t0 = now();
      const base = { id: src.id, name: src.name, kind: "source" };
      try {
        const f = fileOf.get(src.id);
        if (!f) throw new Error(`source ${src.id} was not given when the load was opened`);
        const rows = await f.load(src, wh, opts);
        return { ...base, elapsedMs: now() - t0, status: "success", rowsAffected: rows, message: `loaded ${rows} rows into ${src.schema}.${src.name}` };
      } catch (e) {
        if (!(e instanceof QeError)) throw e;
        return { ...base, elapsedMs: now() - t0, status: "error", message: e.message, error: e };
      }
    },
    async close() {
      for (const f of files) await f.close();
    },
  };
}

/** Below this many rows a worker's start-up (~40 ms) costs more than it saves: load in this thread. */
const SMALL_TABLE_ROWS = 20_000;

/** One SQLite file of a load: its connection, each table's plan, and the workers rendering the big ones. */
class FileLoad {
  private db: Database.Database | undefined;
  private failure: unknown;
  private readonly plans = new Map<NodeId, { cols: ColumnPlan[]; table?: number } | { error: unknown }>();
  private exporter: Exporter | undefined;
  private parts: PartQueue | undefined;
  private dir: string | undefined;

  /** Opens `file`, plans each of `sources` and starts the workers on the big tables. */
  constructor(file: string, sources: readonly SourceTableNode[], wh: BulkAdapter, opts: LoadOptions) {
    let db: Database.Database;
    try {
      db = this.db = openSqlite(file, sources[0]!);
    } catch (e) {
      this.failure = e;
      return;
    }
    const big: ExportTable[] = [];
    for (const src of sources) {
      let cols: ColumnPlan[];
      try {
        cols = describeSqliteTable(db, src.identifier, src);
      } catch (e) {
        this.plans.set(src.id, { error: e });
        continue;
      }
      const paged = pageable(db, src.identifier, cols);
      const range = paged ? rowidRange(db, src.identifier) : undefined;
      const rows = range ? range.max - range.min + 1 : Infinity;
      // BLOBs have no CSV form worth the trouble: those (rare) tables load in this thread too.
      if (rows < (opts.workerMinRows ?? SMALL_TABLE_ROWS) || cols.some((c) => c.append === "BLOB")) this.plans.set(src.id, { cols });
      else {
        this.plans.set(src.id, { cols, table: big.length });
        big.push({ identifier: src.identifier, columns: cols, paged, minRowid: range?.min, maxRowid: range?.max });
      }
    }
    if (big.length === 0) return;
    this.dir = mkdtempSync(join(opts.tmpDir ?? wh.stagingDir ?? tmpdir(), ".qe-load-"));
    this.exporter = startExporter(file, this.dir, big, opts.workers ?? defaultWorkers(), opts.partRows);
    this.parts = new PartQueue(this.exporter);
  }

  async load(src: SourceTableNode, wh: BulkAdapter, opts: LoadOptions): Promise<number> {
    if (!this.db) throw this.failure;
    const plan = this.plans.get(src.id)!;
    if ("error" in plan) throw plan.error;
    if (plan.table !== undefined && this.parts?.canRead(plan.table)) {
      return copyTableViaCsv(wh, this.db, this.parts, plan.table, { src, cols: plan.cols }, opts.clock);
    }
    return loadExact(wh, this.db, src, plan.cols, () => undefined, opts.clock);
  }

  async close(): Promise<void> {
    await this.exporter?.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.db?.close();
  }
}

/** One worker per core, at most four: SQLite renders on one core per connection. */
function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
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


function rowidRange(db: Database.Database, table: string): { min: number; max: number } {
  const row = db.prepare(`select min(_rowid_) as lo, max(_rowid_) as hi from ${quoteIdent(table)}`).get() as { lo: number | null; hi: number | null };
  return { min: row.lo ?? 0, max: row.hi ?? 0 };
}

// A plain rowid table whose columns do not shadow `_rowid_` can be read in rowid pages.
function pageable(db: Database.Database, table: string, cols: readonly ColumnPlan[]): boolean {
  const row = db.prepare(`select type, sql from sqlite_master where name = ?`).get(table) as { type: string; sql: string | null } | undefined;
  if (!row || row.type !== "table" || /without\s+rowid/i.test(row.sql ?? "")) return false;
  return !cols.some((c) => c.name.toLowerCase() === "_rowid_");
}
