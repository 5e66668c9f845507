// Facts about a generated SQLite source database, read with better-sqlite3 (read-only).
import Database from "better-sqlite3";

export interface SqliteTable {
  name: string;
  rows: number;
}

/** User tables in creation order with their row counts. */
export function sqliteTables(path: string): SqliteTable[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by rowid")
      .all() as { name: string }[];
    return names.map(({ name }) => ({
      name,
      rows: (db.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as { n: number }).n,
    }));
  } finally {
    db.close();
  }
}

export function totalRows(tables: readonly SqliteTable[]): number {
  return tables.reduce((n, t) => n + t.rows, 0);
}
