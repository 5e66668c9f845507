// Runs one snapshot: creates its table on the first run; afterwards stages the changes, then where
// the engine updates rows (DuckDB) adds the columns the source gained and merges, in one
// transaction; where it cannot (Spark's Parquet tables) builds the merged table under a temporary
// name and swaps it in. Either way a failure leaves the table as it was.
import type { CompiledNode, Relation } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import { QeError } from "../core/errors.js";
import type { Adapter } from "../adapters/types.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import { TMP_SUFFIX, withSuffix, type Statement } from "./materialize.js";
import { modelError } from "./sql-error.js";
import { buildSnapshotTableSql, isStagingOnly, snapshotMergeSql, snapshotRebuildSql, snapshotStagingSql } from "./snapshot-sql.js";

export class SnapshotTargetError extends QeError {
  readonly code = "snapshot-target";
}

/** Throws DatabaseError located at the snapshot's file when a statement fails. */
export async function runSnapshot(node: CompiledNode, wh: Adapter, compiledPath?: string): Promise<Omit<NodeResult, "elapsedMs">> {
  const s = node.snapshot;
  if (!s) throw new SnapshotTargetError(`snapshot ${node.name} has no snapshot config`, { file: node.path });
  const base = { id: node.id, name: node.name, kind: node.kind, compiledPath };
  const rel = node.relation;
  const sql = node.sql.replace(/;\s*$/, "");
  const snap = { ...node, sql };
  const run = async (stmt: Statement): Promise<number> => {
    try {
      return await wh.exec(stmt.sql);
    } catch (e) {
      throw modelError(e, node, stmt, compiledPath);
    }
  };
  const existing = await wh.relationKind(rel);
  if (existing === "view") {
    throw new SnapshotTargetError(`snapshot ${node.name}: ${rel.schema}.${rel.name} is a view, not a table`, { file: node.path }, "drop the view or give the snapshot another alias");
  }
  const pre = node.config.preHook.map((h): Statement => ({ sql: h, role: "pre-hook" }));
  const post = node.config.postHook.map((h): Statement => ({ sql: h, role: "post-hook" }));
  if (!existing) {
    const n = await wh.transaction(async () => {
      await run({ sql: wh.dialect.createSchema(rel.schema), role: "setup" });
      for (const h of pre) await run(h);
      await run({ sql: `create table ${quoteRelation(rel)} as (\n${buildSnapshotTableSql(snap, s, wh.dialect)}\n)`, role: "model" });
      for (const h of post) await run(h);
      const rows = await wh.all<{ n: bigint }>(`select count(*) as n from ${quoteRelation(rel)}`);
      return Number(rows[0]!.n);
    });
    return { ...base, status: "success", rowsAffected: n, message: `created snapshot ${rel.schema}.${rel.name} (${n} rows)` };
  }

  const queryColumns = (await describeOrThrow(wh, sql, node, compiledPath)).map((c) => c.name);
  const targetColumns = (await wh.getColumnsInRelation(rel)).map((c) => c.name);
  const staged = wh.dialect.stagingRelation(rel, "__dbt_tmp");
  const stagingSql = snapshotStagingSql({ node: snap, snapshot: s, target: rel, queryColumns, targetColumns, dialect: wh.dialect });
  if (!wh.dialect.updatesRows) {
    const inserted = await rebuildSnapshot({ node, wh, staged, stagingSql, pre, post, run });
    return { ...base, status: "success", rowsAffected: inserted, message: `snapshot ${rel.schema}.${rel.name}: ${inserted} new row versions` };
  }
  let inserted = 0;
  try {
    await wh.transaction(async () => {
      for (const h of pre) await run(h);
      await run({ sql: wh.dialect.createStaging(staged, stagingSql), role: "model" });
      const stagedCols = (await wh.describe(`select * from ${quoteRelation(staged)}`)).filter((c) => !isStagingOnly(c.name));
      // Columns the source gained since the last run are added to the snapshot table, as dbt does.
      const have = new Set(targetColumns.map((c) => c.toLowerCase()));
      for (const c of stagedCols.filter((c) => !have.has(c.name.toLowerCase()))) {
        await run({ sql: `alter table ${quoteRelation(rel)} add column ${quoteIdent(c.name)} ${c.type}`, role: "setup" });
      }
      const [update, insert] = snapshotMergeSql(rel, staged, s, stagedCols.map((c) => c.name));
      await run({ sql: update!, role: "swap" });
      inserted = await run({ sql: insert!, role: "swap" });
      for (const h of post) await run(h);
    });
  } finally {
    await wh.exec(wh.dialect.drop("table", staged, true)).catch(() => undefined);
  }
  return { ...base, status: "success", rowsAffected: inserted, message: `snapshot ${rel.schema}.${rel.name}: ${inserted} new row versions` };
}

interface RebuildInput {
  node: CompiledNode;
  wh: Adapter;
  staged: Relation;
  stagingSql: string;
  pre: Statement[];
  post: Statement[];
  run: (stmt: Statement) => Promise<number>;
}

/**
 * The merge as a new table (no UPDATE on the engine's tables): stage the changes, build existing rows
 * with closed validity plus new versions under a temporary name, swap it in. Returns the new versions.
 */
async function rebuildSnapshot({ node, wh, staged, stagingSql, pre, post, run }: RebuildInput): Promise<number> {
  const rel = node.relation;
  const s = node.snapshot!;
  const next = withSuffix(rel, TMP_SUFFIX);
  // Once the swap begins, `next` may be the only copy of the history (Spark drops, then renames): never dropped after that.
  let swapping = false;
  try {
    for (const h of pre) await run(h);
    // Leftovers of a killed run: the engine cannot create over them.
    for (const r of [staged, next]) await run({ sql: wh.dialect.drop("table", r, true), role: "setup" });
    await run({ sql: wh.dialect.createStaging(staged, stagingSql), role: "model" });
    const stagedCols = (await wh.columnsInQuery(`select * from ${quoteRelation(staged)}`)).filter((c) => !isStagingOnly(c.name));
    const targetCols = await wh.columnsInQuery(`select * from ${quoteRelation(rel)}`);
    await run({ sql: wh.dialect.createAs("table", next, snapshotRebuildSql(rel, staged, s, targetCols, stagedCols)), role: "model" });
    const [counted] = await wh.all<{ n: bigint | number }>(`select count(*) as n from ${quoteRelation(staged)} where dbt_change_type = 'insert'`);
    swapping = true;
    try {
      await wh.swapIn(next, rel);
    } catch (e) {
      throw modelError(e, node, { sql: `swap ${quoteRelation(next)} (the new snapshot table) in as ${quoteRelation(rel)}`, role: "swap" });
    }
    for (const h of post) await run(h);
    return Number(counted?.n ?? 0);
  } finally {
    if (!swapping) await wh.exec(wh.dialect.drop("table", next, true)).catch(() => undefined);
    await wh.exec(wh.dialect.drop("table", staged, true)).catch(() => undefined);
  }
}

async function describeOrThrow(wh: Adapter, sql: string, node: CompiledNode, compiledPath?: string) {
  try {
    return await wh.describe(sql);
  } catch (e) {
    throw modelError(e, node, { sql, role: "model", modelLineOffset: 0 }, compiledPath);
  }
}
