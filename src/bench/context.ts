// What every measurement receives: options, a scratch folder, helpers to spawn measured
// children, and a cache of generated SQLite databases shared between measurements.
import type { BenchOptions } from "./options.js";
import type { BenchRecord } from "./record.js";

export interface BenchContext {
  opts: BenchOptions;
  /** Scratch folder removed at the end (unless --keep). */
  tmpDir: string;
  /** Path of the RSS probe for `node --require`. */
  probe: string;
  /** Absolute path of the sqlite3 CLI, or null when absent. */
  sqlite3: string | null;
  /** Progress lines for the operator (stderr). */
  log: (msg: string) => void;
  /** A generated SQLite source database at this scale, made once and shared. Throws Error when generation fails. */
  sqliteDb: (students: number) => Promise<string>;
}

/** One measurement: names the records it will produce, then produces them (skipped ones included). */
export interface Measure {
  /** Name used by --only. */
  id: string;
  /** The records this measure writes under the current options, in order; lets bench.json list every one. */
  expected(opts: BenchOptions): { name: string; scale: string; goal: string }[];
  run(ctx: BenchContext): Promise<BenchRecord[]>;
}
