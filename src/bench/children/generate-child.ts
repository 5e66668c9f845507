// Child process for the generate measurement: one generate() call in a fresh process so its
// peak RSS is this run's alone. argv: <rootDir> <students> <out>. Prints one JSON line.
import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { importStage } from "../context.js";
import { sqliteTables, totalRows } from "../sqlite-info.js";

type Generate = (opts: { students: number; seed: number; out: string; years?: number }, on: (e: unknown) => void) => unknown;

const [rootDir, students, out] = process.argv.slice(2);
if (!rootDir || !students || !out) throw new Error("usage: generate-child <rootDir> <students> <out>");
let generate: Generate;
try {
  generate = await importStage<Generate>(rootDir, "generate/index.js", "generate");
} catch (e) {
  // The parent reads this line as the skip reason.
  process.stderr.write(`StageMissing: ${(e as Error).message}\n`);
  process.exit(3);
}
rmSync(out, { force: true });
mkdirSync(dirname(out), { recursive: true });
const t0 = performance.now();
await generate({ students: Number(students), seed: 42, out }, () => undefined);
const seconds = (performance.now() - t0) / 1000;
const tables = sqliteTables(out);
process.stdout.write(JSON.stringify({ seconds, rows: totalRows(tables), tables }) + "\n");
