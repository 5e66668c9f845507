// The thin runner around planModel: looks at what exists, runs the plan's phases, counts rows.
import type { CompiledNode, Relation } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import { quoteRelation } from "../adapters/quote.js";
import type { Adapter } from "../adapters/types.js";
import { planModel, type RelationKind, type Statement } from "./materialize.js";
import { modelError } from "./sql-error.js";
import { ContractError, contractMismatch, emptySchemaSql } from "./contract.js";

export interface ModelRunOptions {
  fullRefresh: boolean;
  compiledPathOf?: (n: CompiledNode) => string;
  /**
   * What the warehouse holds, as "schema.name" → kind, read once before the run and kept current
   * here; saves one catalog query per model. Without it each model asks the catalog.
   */
  relationKinds?: Map<string, RelationKind>;
}

/** What sits at `rel` now: a table, a view, or nothing. */
export function relationKind(wh: Adapter, rel: Relation): Promise<RelationKind | undefined> {
  return wh.relationKind(rel);
}

/**
 * Materializes one model. Throws DatabaseError (located in the source template) when a statement
 * fails; the previous relation then stays as it was, and temporary relations are dropped.
 */
export async function runModel(node: CompiledNode, wh: Adapter, opts: ModelRunOptions): Promise<Omit<NodeResult, "elapsedMs">> {
  const base = { id: node.id, name: node.name, kind: node.kind, compiledPath: opts.compiledPathOf?.(node) };
  const key = `${node.relation.schema}.${node.relation.name}`;
  const existing = opts.relationKinds ? opts.relationKinds.get(key) : await relationKind(wh, node.relation);
  if (node.contractColumns && node.config.materialized !== "ephemeral") await checkContract(node, wh, base.compiledPath);
  const plan = planModel(node, existing, opts.fullRefresh, wh.dialect);
  if (plan.kind === "ephemeral") return { ...base, status: "success", message: "ephemeral (inlined into its children)" };
  const run = async (s: Statement): Promise<number> => {
    try {
      return await wh.exec(s.sql);
    } catch (e) {
      throw modelError(e, node, s, base.compiledPath);
    }
  };
  let inserted: number | undefined;
  let rowsAffected: number | undefined;
  try {
    // One transaction per model: the build into the temporary name and the swap commit together
    // (one WAL flush instead of several), and a failure rolls back to the previous relation.
    await wh.transaction(async () => {
      for (const s of [...plan.prepare, ...plan.build]) await run(s);
      for (const s of plan.commit) {
        const n = await run(s);
        if (s.role === "model") inserted = n;
      }
    });
    if (plan.count) {
      const rows = await wh.all<{ n: bigint }>(`select count(*) as n from ${quoteRelation(plan.count.from)}`);
      rowsAffected = Number(rows[0]!.n);
    } else rowsAffected = inserted;
  } finally {
    for (const s of plan.cleanup) await wh.exec(s.sql).catch(() => undefined);
  }
  opts.relationKinds?.set(key, plan.kind === "view" ? "view" : "table");
  const verb = plan.kind === "view" ? "created view" : plan.kind === "incremental" && existing === "table" && !opts.fullRefresh ? "inserted" : "created table";
  return {
    ...base,
    status: "success",
    rowsAffected,
    message: `${verb} ${node.relation.schema}.${node.relation.name}${rowsAffected !== undefined ? ` (${rowsAffected} rows)` : ""}`,
  };
}

/** dbt's assert_columns_equivalent: the query's columns against the YAML's, both resolved by the engine. Throws ContractError. */
async function checkContract(node: CompiledNode, wh: Adapter, compiledPath?: string): Promise<void> {
  const sql = node.sql.replace(/;\s*$/, "");
  const describe = async (q: string, offset: number) => {
    try {
      return await wh.describe(q);
    } catch (e) {
      throw modelError(e, node, { sql: q, role: "model", modelLineOffset: offset }, compiledPath);
    }
  };
  const yamlSql = emptySchemaSql(node);
  const declared = await describe(yamlSql, -1e9);
  const actual = await describe(sql, 0);
  const message = contractMismatch(node, actual, declared);
  if (message) throw new ContractError(message, { file: node.path });
}
