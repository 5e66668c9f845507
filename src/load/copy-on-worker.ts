// The worker route for big tables: consumes sqlite-reader.ts batches table by table
// (tmp table → appender → casts → swap), one transaction per table.
import type Database from "better-sqlite3";
import { BIGINT, BLOB, BOOLEAN, DOUBLE, VARCHAR, DuckDBDataChunk, blobValue, type DuckDBAppender, type DuckDBType } from "@duckdb/node-api";
// The raw vector functions are not wrapped by node-api; they make a numeric column one memcpy.
import duckdb from "@duckdb/node-bindings";
import type { Relation } from "../compile/types.js";
import type { EventSink } from "../core/results.js";
import { quoteIdent, quoteRelation } from "../db/quote.js";
import type { Warehouse } from "../db/warehouse.js";
import type { SourceTableNode } from "../project/types.js";
import { castColumns, loadExact } from "./copy-in-thread.js";
import { SourceLoadError } from "./errors.js";
import { CHUNK_ROWS, startReader, type PackedColumn } from "./sqlite-reader.js";
import type { ColumnPlan } from "./sqlite-types.js";
import { dropQuietly, swapIn, tmpOf } from "./swap.js";

const DUCK_TYPES: Record<ColumnPlan["append"], DuckDBType> = { BIGINT, DOUBLE, VARCHAR, BLOB, BOOLEAN };

export type Plan = { src: SourceTableNode; cols: ColumnPlan[] };
export type Finish = (src: SourceTableNode, rows: number | undefined, err: unknown) => void;

// Consumes the reader's batches table by table: tmp table → appender → casts → swap.
export async function copyOnWorker(wh: Warehouse, db: Database.Database, file: string, plans: (Plan & { paged: boolean })[], on: EventSink, finish: Finish, start: (src: SourceTableNode) => void): Promise<void> {
  const reader = startReader(file, plans.map((p) => ({ identifier: p.src.identifier, columns: p.cols, paged: p.paged })));
  try {
    let current = -1;
    let target: Target | undefined;
    let failure: unknown;
    for (let ended = 0; ended < plans.length; ) {
      const m = await reader.next();
      if (m.type === "fail") {
        // The reader died (unreadable file, a table dropped meanwhile): fail this and every later table.
        if (target) await abandonTarget(wh, target);
        for (const p of plans.slice(ended)) finish(p.src, undefined, new SourceLoadError(`reading ${p.src.identifier} from ${p.src.loader!.path} failed: ${m.message}`, p.src.loc));
        return;
      }
      const { src, cols } = plans[m.table]!;
      if (m.table !== current) {
        current = m.table;
        failure = undefined;
        start(src);
        target = await openTarget(wh, src, cols).catch((e: unknown) => ((failure = e), undefined));
      }
      if (m.type === "batch") {
        try {
          if (!failure && target) appendPacked(target, m.n, m.cols);
          if (target && target.rows % (CHUNK_ROWS * 256) === 0) on({ type: "progress", label: `${src.sourceName}.${src.name}`, done: target.rows, unit: "rows" });
        } catch (e) {
          failure = e;
        } finally {
          reader.done();
        }
        continue;
      }
      ended++;
      let rows = target?.rows;
      if (m.type === "bad") {
        const c = cols[m.column]!;
        failure ??= new SourceLoadError(
          `${src.identifier}.${c.name} (declared ${c.declared || "without a type"}) holds ${m.value} in row ${m.row}, which does not fit ${c.append}`,
          src.loc,
          "fix the source data, or declare the column TEXT in SQLite",
        );
      }
      if (failure || m.type === "unsafe") {
        if (target) await abandonTarget(wh, target);
        // Rare: an int64 beyond 2^53. Reload this table here with exact bigints.
        if (!failure) rows = await loadExact(wh, db, src, cols, on).catch((e: unknown) => ((failure = e), undefined));
      } else if (target) {
        failure = await closeTarget(wh, target).catch((e: unknown) => e);
      }
      target = undefined;
      finish(src, rows, failure);
    }
  } finally {
    await reader.close();
  }
}

interface Target {
  src: SourceTableNode;
  cols: ColumnPlan[];
  rel: Relation;
  tmp: Relation;
  appender: DuckDBAppender;
  types: DuckDBType[];
  rows: number;
}

async function openTarget(wh: Warehouse, src: SourceTableNode, cols: ColumnPlan[]): Promise<Target> {
  const rel: Relation = { schema: src.schema, name: src.name };
  const tmp = tmpOf(rel);
  await wh.exec(`create schema if not exists ${quoteIdent(rel.schema)}`);
  // One transaction around create + append + casts: without it every appender flush auto-commits and
  // writes the rows through the WAL; inside it, DuckDB writes big appends straight to the file.
  await wh.exec("begin transaction");
  try {
    await wh.exec(`create or replace table ${quoteRelation(tmp)} (${cols.map((c) => `${quoteIdent(c.name)} ${c.append}`).join(", ")})`);
    const appender = await wh.connection.createAppender(tmp.name, tmp.schema);
    return { src, cols, rel, tmp, appender, types: cols.map((c) => DUCK_TYPES[c.append]), rows: 0 };
  } catch (e) {
    await wh.exec("rollback").catch(() => undefined);
    throw e;
  }
}

// Numbers arrive as ready vector bytes: one memcpy per column. Text goes value by value.
function appendPacked(t: Target, n: number, cols: PackedColumn[]): void {
  const chunk = DuckDBDataChunk.create(t.types, n);
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j]!;
    if (t.cols[j]!.append === "BLOB" && "values" in c) {
      chunk.setColumnValues(j, c.values.map((v) => (v === null ? null : blobValue(v as Uint8Array))));
      continue;
    }
    const vec = duckdb.data_chunk_get_vector(chunk.chunk, j);
    if ("bytes" in c) duckdb.copy_data_to_vector(vec, 0, c.bytes, 0, c.bytes.byteLength);
    else {
      // Straight to DuckDB, skipping node-api's per-item cache: strings are most of a load's work.
      const values = c.values as (string | null)[];
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v !== null) duckdb.vector_assign_string_element(vec, i, v!);
      }
    }
    if (c.validity) {
      duckdb.vector_ensure_validity_writable(vec);
      duckdb.copy_data_to_vector_validity(vec, 0, c.validity, 0, c.validity.byteLength);
    }
  }
  t.appender.appendDataChunk(chunk);
  t.rows += n;
}

async function closeTarget(wh: Warehouse, t: Target): Promise<undefined> {
  try {
    try {
      t.appender.flushSync();
      t.appender.closeSync();
      await castColumns(wh, t.src, t.cols, t.tmp);
      await wh.exec("commit");
    } catch (e) {
      await wh.exec("rollback").catch(() => undefined);
      throw e;
    }
    await swapIn(wh, t.tmp, t.rel);
    return undefined;
  } finally {
    await dropQuietly(wh, t.tmp);
  }
}

async function abandonTarget(wh: Warehouse, t: Target): Promise<void> {
  try {
    t.appender.closeSync();
  } catch {
    // Rows still buffered in the appender do not matter: the transaction is rolled back next.
  }
  await wh.exec("rollback").catch(() => undefined);
  await dropQuietly(wh, t.tmp);
}

