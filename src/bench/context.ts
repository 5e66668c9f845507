// What every measurement receives: options, a scratch folder, helpers to spawn measured
// children, and a cache of generated SQLite databases shared between measurements.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
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
  /** A generated SQLite source database at this scale, made once and shared. Throws StageMissing. */
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

/** A stage the bench depends on has not landed (or failed to build): its records are skipped. */
export class StageMissing extends Error {
  override readonly name = "StageMissing";
}

/** Where the compiled stage modules live, relative to dist/bench/. */
export function distModule(rootDir: string, rel: string): string {
  return join(rootDir, "dist", rel);
}

/** Imports a compiled stage module and returns one named function, or throws StageMissing. */
export async function importStage<F>(rootDir: string, rel: string, exportName: string): Promise<F> {
  const file = distModule(rootDir, rel);
  if (!existsSync(file)) throw new StageMissing(`${rel.replace(/\.js$/, ".ts")} not built yet (no dist/${rel})`);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new StageMissing(`dist/${rel} failed to load: ${(e as Error).message.split("\n")[0]}`);
  }
  const fn = mod[exportName];
  if (typeof fn !== "function") throw new StageMissing(`dist/${rel} does not export ${exportName}() yet`);
  return fn as F;
}
