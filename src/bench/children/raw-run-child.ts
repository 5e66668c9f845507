// Child process for the run-overhead baseline: executes a list of SQL statements in order in one
// DuckDB connection — no project loading, templating, graph or artifacts: the "no runner" route.
// argv: <duckdb file> <statements.json>. Prints one JSON line with the SQL-only seconds.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { DuckDBAdapter } from "../../adapters/duckdb/index.js";

const [dbPath, statementsFile] = process.argv.slice(2);
if (!dbPath || !statementsFile) throw new Error("usage: raw-run-child <duckdb> <statements.json>");
const statements = JSON.parse(readFileSync(statementsFile, "utf8")) as string[];
const wh = await DuckDBAdapter.open(dbPath);
try {
  const t0 = performance.now();
  for (const sql of statements) await wh.exec(sql);
  process.stdout.write(JSON.stringify({ sqlSeconds: (performance.now() - t0) / 1000, statements: statements.length }) + "\n");
} finally {
  wh.close();
}
