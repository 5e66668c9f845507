// Runs one snapshot: creates its table on the first run; afterwards stages the changes, adds
// columns the source gained, and merges, all in one transaction (a failure leaves the table as it was).
import type { CompiledNode } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import { QeError } from "../core/errors.js";
import type { Adapter } from "../adapters/types.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import type { Statement } from "./materialize.js";
import { modelError } from "./sql-error.js";
import { buildSnapshotTableSql, isStagingOnly, snapshotMergeSql, snapshotStagingSql } from "./snapshot-sql.js";

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
      await run({ sql: `create table ${quoteRelation(rel)} as (\n${buildSnapshotTableSql(snap, s)}\n)`, role: "model" });
      for (const h of post) await run(h);
      const rows = await wh.all<{ n: bigint }>(`select count(*) as n from ${quoteRelation(rel)}`);
      return Number(rows[0]!.n);
    });
    return { ...base, status: "success", rowsAffected: n, message: `created snapshot ${rel.schema}.${rel.name} (${n} rows)` };
  }

  const queryColumns = (await describeOrThrow(wh, sql, node, compiledPath)).map((c) => c.name);
  const targetColumns = (await wh.getColumnsInRelation(rel)).map((c) => c.name);
  const staged = wh.dialect.stagingRelation(rel, "__dbt_tmp");
  const stagingSql = snapshotStagingSql({ node: snap, snapshot: s, target: rel, queryColumns, targetColumns });
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

async function describeOrThrow(wh: Adapter, sql: string, node: CompiledNode, compiledPath?: string) {
  try {
    return await wh.describe(sql);
  } catch (e) {
    throw modelError(e, node, { sql, role: "model", modelLineOffset: 0 }, compiledPath);
  }
}
