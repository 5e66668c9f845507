// Where generated rows go: a SQLite file, written in batched transactions through one prepared
// INSERT per table so memory stays flat however many students are generated.
import Database from "better-sqlite3";
import { TABLES, createTableSql, INDEXES, createIndexSql } from "./schema.js";

export type TableName =
  | "programmes" | "students" | "admissions" | "modules" | "enrolments" | "assessments"
  | "grades" | "surveys" | "support_usage" | "complaints" | "placements" | "graduate_outcomes";

/** Accepts rows in table order; values follow the column order of src/generate/schema.ts. */
export interface RowSink {
  put(table: TableName, row: unknown[]): void;
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

export class SqliteSink implements RowSink {
  private readonly db: Database.Database;
  private readonly writers = new Map<string, TableWriter>();
  private pending = 0;

  /** Opens (creating) the file at `path` and creates every table, without indexes. */
  constructor(path: string, private readonly batchRows = 50_000) {
    this.db = new Database(path);
    // better-sqlite3 enforces foreign keys by default; children are written before their student row.
    this.db.pragma("foreign_keys = OFF");
    this.db.pragma("page_size = 16384"); // fewer, fuller pages for bulk appends
    // A temp file renamed into place only when complete: durability would be wasted work.
    this.db.pragma("journal_mode = OFF");
    this.db.pragma("synchronous = OFF");
    this.db.pragma("locking_mode = EXCLUSIVE");
    this.db.pragma("cache_size = -65536"); // 64 MiB page cache, bounded
    for (const t of TABLES) {
      this.db.exec(createTableSql(t));
      const tuple = `(${t.columns.map(() => "?").join(", ")})`;
      const sql = (n: number) => `INSERT INTO ${t.name} VALUES ${Array.from({ length: n }, () => tuple).join(", ")}`;
      this.writers.set(t.name, { many: this.db.prepare(sql(ROWS_PER_INSERT)), one: this.db.prepare(sql(1)), buf: [], rows: 0, count: 0 });
    }
    this.db.exec("BEGIN");
  }

  put(table: TableName, row: unknown[]): void {
    const w = this.writers.get(table)!;
    for (let i = 0; i < row.length; i++) w.buf.push(row[i]);
    w.count++;
    if (++w.rows === ROWS_PER_INSERT) {
      w.many.run(w.buf);
      w.buf.length = 0;
      w.rows = 0;
    }
    this.pending++;
  }

  /** Rows written so far to each table. */
  get counts(): Map<string, number> {
    return new Map([...this.writers].map(([name, w]) => [name, w.count]));
  }

  /** Commits when the current batch is full; call between entities so a batch never splits one. */
  flushIfFull(): boolean {
    if (this.pending < this.batchRows) return false;
    this.drain();
    this.db.exec("COMMIT; BEGIN");
    this.pending = 0;
    return true;
  }

  /** Commits the last batch, then builds the indexes (faster after the data than during it). */
  finish(): void {
    this.drain();
    this.db.exec("COMMIT");
    for (const ix of INDEXES) this.db.exec(createIndexSql(ix));
    // Sampled statistics: a full ANALYZE would rescan every index of a large file.
    this.db.pragma("analysis_limit = 1000");
    this.db.exec("ANALYZE");
    this.db.pragma("journal_mode = DELETE");
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
