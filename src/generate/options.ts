// Validates generator options before any file is touched: every problem is a UsageError naming
// the option, so `qe generate` fails in one clear line.
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.js";

export interface GenerateOptions {
  /** Number of students (records in `students`); a positive integer. */
  students: number;
  /** Any string or number; the same seed and options give byte-identical tables. */
  seed: string | number;
  /** Academic years covered, 1..20. */
  years: number;
  /** Start year of the first academic year covered; default so the last one is 2024/25. */
  firstYear?: number;
  /** SQLite file to write (created or replaced atomically). */
  out: string;
  /**
   * Threads writing the file, 1..16; by default up to one per core (at most 4, and no more than
   * shorten the run: two with today's tables), and one below 5,000 students, where starting a
   * thread costs more than it saves. The tables are identical, rowids included, for any number.
   */
  workers?: number;
}

/** Options after checking: defaults filled in; `workers` stays undefined for "choose for me". */
export type CheckedOptions = Required<Omit<GenerateOptions, "workers">> & { workers: number | undefined };

export const MAX_WORKERS = 16;

/** The last academic year covered by default: 2024/25 (a fixed date keeps output reproducible). */
export const DEFAULT_LAST_YEAR = 2024;
export const MAX_STUDENTS = 10_000_000;
const SQLITE_MAGIC = "SQLite format 3\0";

export function parseCount(name: string, v: unknown, max: number): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    const shown = typeof v === "string" ? JSON.stringify(v) : String(v); // NaN from a numeric flag, not "null"
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got ${shown}`);
  }
  return n;
}

/** Normalises and checks options; throws UsageError without touching the file system. */
export function checkOptions(o: GenerateOptions): CheckedOptions {
  const students = parseCount("students", o.students, MAX_STUDENTS);
  const years = parseCount("years", o.years, 20);
  if (typeof o.seed !== "number" && typeof o.seed !== "string") throw new UsageError("--seed must be a string or number");
  if (typeof o.seed === "string" && o.seed.trim() === "") throw new UsageError("--seed must not be empty");
  if (typeof o.seed === "number" && !Number.isFinite(o.seed)) throw new UsageError(`--seed must be finite, got ${o.seed}`);
  const firstYear = o.firstYear ?? DEFAULT_LAST_YEAR - years + 1;
  if (!Number.isInteger(firstYear) || firstYear < 1990 || firstYear + years - 1 > 2100) {
    throw new UsageError(`first year must be a whole year from 1990, got ${JSON.stringify(o.firstYear)}`);
  }
  if (typeof o.out !== "string" || o.out.trim() === "") throw new UsageError("--out must be a file path");
  const workers = o.workers === undefined ? undefined : parseCount("workers", o.workers, MAX_WORKERS);
  return { students, years, seed: o.seed, firstYear, out: o.out, workers };
}

/** True when the file starts with SQLite's header (an empty file counts as not SQLite). */
export function isSqliteFile(file: string): boolean {
  const fd = fs.openSync(file, "r");
  try {
    const buf = Buffer.alloc(16);
    const n = fs.readSync(fd, buf, 0, 16, 0);
    return n === 16 && buf.toString("latin1") === SQLITE_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Checks that `out` can be written: its folder exists or can be created and is writable, and any
 * existing file there is a SQLite database (so we never replace someone's other file).
 */
export function checkOutPath(out: string): void {
  const abs = path.resolve(out);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) throw new UsageError(`--out ${out} is a folder; give a file path such as ${path.join(out, "qe.db")}`);
  // An empty file holds nothing to lose (SQLite itself treats it as an empty database).
  if (st && st.size > 0) {
    let sqlite: boolean;
    try {
      sqlite = isSqliteFile(abs);
    } catch (e) {
      throw new UsageError(`--out ${out} cannot be read: ${(e as Error).message}`);
    }
    if (!sqlite) throw new UsageError(`--out ${out} exists and is not a SQLite database; refusing to replace it`, undefined, "move it or choose another --out");
  }
  const dir = path.dirname(abs);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw new UsageError(`--out ${out} is not writable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
