// Messages from a shard's worker thread, and errors carried as plain data across the thread boundary
// (structured cloning keeps an Error's message but drops its class and `code`).
import Database from "better-sqlite3";
import type { ShardCounts } from "./shard-writer.js";

export interface WireError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

export type ShardMessage =
  | { type: "progress"; done: number; rows: number }
  | { type: "done"; counts: ShardCounts }
  | { type: "fail"; error: WireError };

export function toWire(e: unknown): WireError {
  if (!(e instanceof Error)) return { name: "Error", message: String(e) };
  const code = (e as NodeJS.ErrnoException).code;
  return { name: e.name, message: e.message, ...(typeof code === "string" ? { code } : {}), ...(e.stack ? { stack: e.stack } : {}) };
}

/** The error as the main thread would have caught it: a SqliteError stays one, a Node error keeps its code. */
export function fromWire(w: WireError): Error {
  const e = w.name === "SqliteError" && w.code ? new Database.SqliteError(w.message, w.code) : new Error(w.message);
  if (w.code) (e as NodeJS.ErrnoException).code = w.code;
  e.name = w.name;
  if (w.stack) e.stack = w.stack;
  return e;
}
