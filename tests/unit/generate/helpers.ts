// Shared helpers for the generator tests: temp folders and small SQL probes on the written file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "qe-generate-"));
}

export function openDb(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

export function one<T = Record<string, unknown>>(db: Database.Database, sql: string): T {
  return db.prepare(sql).get() as T;
}
