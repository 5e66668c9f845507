// Child process for the generate measurement: one generate() call in a fresh process so its
// peak RSS is this run's alone. argv: <students> <out>. Prints one JSON line.
import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { generate } from "../../generate/index.js";

/** The generator's documented defaults (issue 3): seed 42, 4 academic years. */
const SEED = 42;
const YEARS = 4;

const [students, out] = process.argv.slice(2);
if (!students || !out) throw new Error("usage: generate-child <students> <out>");
rmSync(out, { force: true });
mkdirSync(dirname(out), { recursive: true });
const t0 = performance.now();
const summary = await generate({ students: Number(students), seed: SEED, years: YEARS, out }, () => undefined);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ seconds, rows: summary.totalRows, tables: summary.tables }) + "\n");
