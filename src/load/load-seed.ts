// Seeds: CSV files under seed-paths become tables, with types that never change a value.
import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse";
import type { Relation } from "../compile/types.js";
import { QeError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import type { EventSink, NodeResult } from "../core/results.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../adapters/quote.js";
import type { Adapter, RowAppender } from "../adapters/types.js";
import type { SeedNode } from "../project/types.js";
import { SeedError } from "./errors.js";
import { inferenceSql, pickTypes } from "./seed-types.js";
import { dropQuietly, tmpOf } from "./swap.js";
import { hasBulk, loadViaParquet } from "./via-parquet.js";
import type { BulkAdapter } from "./copy-in-thread.js";

/** Where a seed lands: config schema (default main) and alias (default its name). */
export const seedRelation = (seed: SeedNode): Relation => ({ schema: seed.config.schema ?? "main", name: seed.config.alias ?? seed.name });

/**
 * Loads one seed CSV into its table (atomically: a failure leaves the previous table). Column types
 * come from `column_types` exactly, else from the lossless inference in seed-types.ts.
 * Throws SeedError naming the file and line for malformed CSV or unconvertible values.
 */
export async function loadSeed(wh: Adapter, seed: SeedNode, rootDir: string, relation: Relation = seedRelation(seed)): Promise<{ rows: number; types: Record<string, string> }> {
  if (!hasBulk(wh)) {
    let types: Record<string, string> = {};
    const rows = await loadViaParquet(wh, [relation], async (staging) => {
      types = (await loadSeed(staging, seed, rootDir, relation)).types;
    });
    return { rows: rows[0]!, types };
  }
  const file = join(rootDir, seed.path);
  if (!existsSync(file)) throw new SeedError(`seed file ${seed.path} does not exist`, { file: seed.path });
  const staged: Relation = { schema: "temp", name: `${relation.schema}__${relation.name}__qe_csv` };
  const tmp = tmpOf(relation);
  try {
    const columns = await stageCsv(wh, file, seed, staged);
    const declared = seed.config.columnTypes ?? {};
    for (const c of Object.keys(declared)) {
      if (!columns.includes(c)) {
        const near = didYouMean(c, columns);
        throw new SeedError(`column_types names column '${c}', which ${seed.path} does not have`, { file: seed.path }, near && `did you mean '${near}'?`);
      }
    }
    const inferred = pickTypes((await wh.all(inferenceSql(quoteRelation(staged), columns)))[0]!, columns);
    const types = columns.map((c, i) => declared[c] ?? inferred[i]!);
    await wh.exec(wh.dialect.createSchema(relation.schema));
    const select = columns.map((c, i) => `cast(${quoteIdent(c)} as ${types[i]}) as ${quoteIdent(c)}`).join(", ");
    try {
      await wh.exec(`create or replace table ${quoteRelation(tmp)} as select ${select} from ${quoteRelation(staged)} order by "__qe_line"`);
    } catch (e) {
      throw await conversionError(wh, e, seed, staged, columns, types);
    }
    await wh.swapIn(tmp, relation);
    const n = await wh.all<{ n: bigint }>(`select count(*) as n from ${quoteRelation(relation)}`);
    return { rows: Number(n[0]!.n), types: Object.fromEntries(columns.map((c, i) => [c, types[i]!])) };
  } finally {
    await dropQuietly(wh, staged);
    await dropQuietly(wh, tmp);
  }
}

/** Loads every seed in order, emitting start/done events; a failing seed is an "error" result, not a throw. */
export async function loadSeeds(wh: Adapter, seeds: readonly SeedNode[], rootDir: string, on: EventSink, now: () => number = () => performance.now()): Promise<NodeResult[]> {
  const results: NodeResult[] = [];
  for (const [index, seed] of seeds.entries()) {
    // Events number nodes 1..N, like execute and dbt's log.
    on({ type: "start", id: seed.id, name: seed.name, kind: "seed", index: index + 1, total: seeds.length });
    const t0 = now();
    let r: NodeResult;
    try {
      const { rows } = await loadSeed(wh, seed, rootDir);
      r = { id: seed.id, name: seed.name, kind: "seed", status: "success", rowsAffected: rows, elapsedMs: now() - t0, message: `loaded ${rows} rows` };
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      r = { id: seed.id, name: seed.name, kind: "seed", status: "error", elapsedMs: now() - t0, message: e.message, error: e };
    }
    results.push(r);
    on({ type: "done", result: r, index: index + 1, total: seeds.length });
  }
  return results;
}

// Streams the CSV into an all-VARCHAR temp table (plus its file line), so inference and casts run in DuckDB.
async function stageCsv(wh: BulkAdapter, file: string, seed: SeedNode, staged: Relation): Promise<string[]> {
  const parser = createReadStream(file).pipe(
    parse({ delimiter: seed.config.delimiter || ",", bom: true, relax_column_count: false, skip_empty_lines: true, info: true }),
  );
  let columns: string[] | undefined;
  let appender: RowAppender | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!columns) {
        columns = checkHeader(record, seed);
        const cols = columns.map((c) => `${quoteIdent(c)} varchar`).join(", ");
        await wh.exec(`create or replace temp table ${quoteIdent(staged.name)} (${cols}, "__qe_line" bigint)`);
        appender = await wh.bulk.appender(staged, [...columns.map(() => "VARCHAR" as const), "BIGINT"]);
        continue;
      }
      appender!.appendTextRow(record.map((v) => (v === "" ? null : v)), BigInt(info.lines));
    }
    appender?.flush();
  } catch (e) {
    if (e instanceof QeError) throw e;
    const line = (e as { lines?: number }).lines;
    throw new SeedError(`${seed.path} is not valid CSV: ${(e as Error).message}`, { file: seed.path, line }, "fix the file (every row needs as many fields as the header; quotes must close)", { cause: e });
  } finally {
    appender?.close();
  }
  if (!columns) throw new SeedError(`${seed.path} is empty: a seed needs a header row`, { file: seed.path, line: 1 });
  return columns;
}

function checkHeader(header: string[], seed: SeedNode): string[] {
  const seen = new Set<string>();
  for (const [i, h] of header.entries()) {
    if (h.trim() === "") throw new SeedError(`${seed.path}: header column ${i + 1} has no name`, { file: seed.path, line: 1 });
    if (seen.has(h)) throw new SeedError(`${seed.path}: header names column '${h}' twice`, { file: seed.path, line: 1 });
    seen.add(h);
  }
  return header;
}

// Find the first value that does not cast, so the error names its line and column.
async function conversionError(wh: Adapter, e: unknown, seed: SeedNode, staged: Relation, columns: string[], types: string[]): Promise<SeedError> {
  for (const [i, c] of columns.entries()) {
    const col = quoteIdent(c);
    const bad = await wh
      .all<{ line: bigint; v: string }>(`select "__qe_line" as line, ${col} as v from ${quoteRelation(staged)} where ${col} is not null and try_cast(${col} as ${types[i]}) is null order by 1 limit 1`)
      .catch(() => []);
    if (bad[0]) {
      return new SeedError(
        `${seed.path}: value ${quoteLiteral(bad[0].v)} in column '${c}' is not a valid ${types[i]}`,
        { file: seed.path, line: Number(bad[0].line) },
        "fix the value or the column_types entry for this column",
        { cause: e },
      );
    }
  }
  return new SeedError(`${seed.path}: cannot build the seed table: ${(e as Error).message}`, { file: seed.path }, undefined, { cause: e });
}
