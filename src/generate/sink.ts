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

export class SqliteSink implements RowSink {
  private readonly db: Database.Database;
  private readonly stmts = new Map<string, Database.Statement>();
  readonly counts = new Map<string, number>();
  private pending = 0;

  /** Opens (creating) the file at `path` and creates every table, without indexes. */
  constructor(path: string, private readonly batchRows = 50_000) {
    this.db = new Database(path);
    // A temp file renamed into place only when complete: durability would be wasted work.
    // better-sqlite3 enforces foreign keys by default; children are written before their student row.
    this.db.pragma("foreign_keys = OFF");
    this.db.pragma("journal_mode = OFF");
    this.db.pragma("synchronous = OFF");
    this.db.pragma("locking_mode = EXCLUSIVE");
    this.db.pragma("cache_size = -65536"); // 64 MiB page cache, bounded
    for (const t of TABLES) {
      this.db.exec(createTableSql(t));
      const marks = t.columns.map(() => "?").join(", ");
      this.stmts.set(t.name, this.db.prepare(`INSERT INTO ${t.name} VALUES (${marks})`));
      this.counts.set(t.name, 0);
    }
    this.db.exec("BEGIN");
  }

  put(table: TableName, row: unknown[]): void {
    this.stmts.get(table)!.run(row);
    this.counts.set(table, this.counts.get(table)! + 1);
    this.pending++;
  }

  /** Commits when the current batch is full; call between entities so a batch never splits one. */
  flushIfFull(): boolean {
    if (this.pending < this.batchRows) return false;
    this.db.exec("COMMIT; BEGIN");
    this.pending = 0;
    return true;
  }

  /** Commits the last batch, then builds the indexes (faster after the data than during it). */
  finish(): void {
    this.db.exec("COMMIT");
    for (const ix of INDEXES) this.db.exec(createIndexSql(ix));
    this.db.exec("ANALYZE");
    this.db.pragma("journal_mode = DELETE");
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
