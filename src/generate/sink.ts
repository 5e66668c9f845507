// Where generated rows go: a SQLite file, written in batched transactions through one prepared
// INSERT per table so memory stays flat however many students are generated. A sink may write only
// some tables (its share when several threads write one source system; see shards.ts).
import Database from "better-sqlite3";
import { TABLES, createTableSql, INDEXES, createIndexSql } from "./schema.js";

export type TableName =
  | "programmes" | "students" | "admissions" | "modules" | "enrolments" | "assessments"
  | "grades" | "surveys" | "support_usage" | "complaints" | "placements" | "graduate_outcomes";

/** Accepts rows in table order; values follow the column order of src/generate/schema.ts. */
export interface RowSink {
  put(table: TableName, row: unknown[]): void;
}

/** A RowSink that commits in batches: the simulation calls flushIfFull between students. */
export interface BatchSink extends RowSink {
  flushIfFull(): boolean;
}

/** Which tables a sink writes; rows for the others are dropped. */
export interface SinkPlan {
  writes: ReadonlySet<string>;
  /**
   * Also create the other tables, empty but with their indexes, so the other shards' tables can be
   * copied in whole (SQLite's transfer optimisation copies a table and its indexes in order, without
   * re-sorting, into an empty table with the same indexes).
   */
  createAll: boolean;
}

/** Rows per multi-row INSERT: fewer calls into SQLite (about twice the rate of one row per call). */
const ROWS_PER_INSERT = 64;

interface TableWriter {
  many: Database.Statement;
  one: Database.Statement;
  buf: unknown[];
  rows: number;
  count: number;
}

export class SqliteSink implements BatchSink {
  private readonly db: Database.Database;
  private readonly writers = new Map<string, TableWriter>();
  private pending = 0;

  /** Opens (creating) the file at `path` and creates the planned tables, without their indexes. */
  constructor(path: string, private readonly plan: SinkPlan, private readonly batchRows: number) {
    this.db = openForBulkWrite(path);
    for (const t of TABLES) {
      const writes = plan.writes.has(t.name);
      if (!writes && !plan.createAll) continue;
      this.db.exec(createTableSql(t));
      if (!writes) {
        // Filled later by copying another shard's table: indexed now, as the fast copy requires.
        for (const ix of INDEXES) if (ix.table === t.name) this.db.exec(createIndexSql(ix));
        continue;
      }
      const tuple = `(${t.columns.map(() => "?").join(", ")})`;
      const sql = (n: number) => `INSERT INTO ${t.name} VALUES ${Array.from({ length: n }, () => tuple).join(", ")}`;
      this.writers.set(t.name, { many: this.db.prepare(sql(ROWS_PER_INSERT)), one: this.db.prepare(sql(1)), buf: [], rows: 0, count: 0 });
    }
    this.db.exec("BEGIN");
  }

  put(table: TableName, row: unknown[]): void {
    const w = this.writers.get(table);
    if (!w) return; // another shard's table
    for (let i = 0; i < row.length; i++) w.buf.push(row[i]);
    w.count++;
    if (++w.rows === ROWS_PER_INSERT) {
      w.many.run(w.buf);
      w.buf.length = 0;
      w.rows = 0;
    }
    this.pending++;
  }

  /** Rows written so far to each table this sink writes. */
  get counts(): Map<string, number> {
    return new Map([...this.writers].map(([name, w]) => [name, w.count]));
  }

  /** Rows written so far, all tables. */
  get totalRows(): number {
    let n = 0;
    for (const w of this.writers.values()) n += w.count;
    return n;
  }

  /** Commits when the current batch is full; call between entities so a batch never splits one. */
  flushIfFull(): boolean {
    if (this.pending < this.batchRows) return false;
    this.drain();
    this.db.exec("COMMIT; BEGIN");
    this.pending = 0;
    return true;
  }

  /** Commits the last batch, then builds the written tables' indexes (faster after the data than during it). */
  finish(): void {
    this.drain();
    this.db.exec("COMMIT");
    for (const ix of INDEXES) if (this.plan.writes.has(ix.table)) this.db.exec(createIndexSql(ix));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Writes the part-filled buffers one row at a time, keeping each table's row order. */
  private drain(): void {
    for (const w of this.writers.values()) {
      const width = w.rows === 0 ? 0 : w.buf.length / w.rows;
      for (let r = 0; r < w.rows; r++) w.one.run(w.buf.slice(r * width, (r + 1) * width));
      w.buf.length = 0;
      w.rows = 0;
    }
  }
}

/** Opens a temp file for bulk writing: no journal, no syncs, as nothing reads it before the rename. */
export function openForBulkWrite(path: string): Database.Database {
  const db = new Database(path);
  try {
    // better-sqlite3 enforces foreign keys by default; children are written before their student row
    // (and SQLite skips its fast table copy into a table with foreign keys while they are enforced).
    db.pragma("foreign_keys = OFF");
    db.pragma("page_size = 16384"); // fewer, fuller pages for bulk appends
    // A temp file renamed into place only when complete: durability would be wasted work.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("cache_size = -65536"); // 64 MiB page cache, bounded
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Statistics for the query planner, then a journal mode readers expect; the file is complete. */
export function finalizeFile(db: Database.Database): void {
  // Sampled statistics: a full ANALYZE would rescan every index of a large file.
  db.pragma("analysis_limit = 1000");
  db.exec("ANALYZE");
  db.pragma("journal_mode = DELETE");
}
