// Child process for the load measurement: loadSqliteSources of every table of one SQLite file into
// a fresh DuckDB file, in its own process so peak RSS is the loader's alone.
// argv: <sqlite db> <duckdb out>. Prints one JSON line: seconds of the load call alone.
import { rmSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { DuckDBAdapter } from "../../adapters/duckdb/index.js";
import { loadSqliteSources } from "../../load/index.js";
import { nodeId, type SourceTableNode } from "../../project/types.js";
import { sqliteTables } from "../sqlite-info.js";
import { checkCounts } from "../load-check.js";

const [dbPath, duckPath] = process.argv.slice(2);
if (!dbPath || !duckPath) throw new Error("usage: load-child <sqlite db> <duckdb out>");
const tables = sqliteTables(dbPath);
const sources: SourceTableNode[] = tables.map((t) => ({
  kind: "source",
  id: nodeId(`source.bench.raw.${t.name}`),
  sourceName: "raw",
  name: t.name,
  identifier: t.name,
  schema: "raw",
  columns: [],
  tests: [],
  loader: { kind: "sqlite", path: dbPath },
  loc: { file: "bench" },
}));
rmSync(duckPath, { force: true });
const wh = await DuckDBAdapter.open(duckPath);
try {
  const t0 = performance.now();
  const results = await loadSqliteSources(wh, sources, "/", () => undefined);
  const seconds = (performance.now() - t0) / 1000;
  const failed = results.find((r) => r.status === "error");
  if (failed) throw new Error(`loadSqliteSources failed on ${failed.name}: ${failed.message ?? failed.error?.message}`);
  await checkCounts(wh, tables, "ours");
  process.stdout.write(JSON.stringify({ seconds }) + "\n");
} finally {
  wh.close();
  rmSync(duckPath, { force: true });
}
