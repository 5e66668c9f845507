// The thin runner around planModel: looks at what exists, runs the plan's phases, counts rows.
import type { CompiledNode, Relation } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import { quoteRelation } from "../adapters/quote.js";
import type { Adapter } from "../adapters/types.js";
import { planModel, type RelationKind, type Statement } from "./materialize.js";
import { modelError } from "./sql-error.js";
import { ContractError, contractMismatch, emptySchemaSql } from "./contract.js";
import { reconcileColumns, strategySql } from "./incremental.js";

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
  if (node.config.materialized === "incremental" && existing === "table" && !opts.fullRefresh && wh.transactional && node.config.incrementalStrategy !== "insert_overwrite") {
    const rows = await runIncremental(node, wh, base.compiledPath);
    return { ...base, status: "success", rowsAffected: rows, message: `inserted into ${node.relation.schema}.${node.relation.name} (${rows} rows)` };
  }
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
  let built: number | undefined;
  let rowsAffected: number | undefined;
  try {
    // One transaction per model: the build into the temporary name and the swap commit together
    // (one WAL flush instead of several), and a failure rolls back to the previous relation.
    await wh.transaction(async () => {
      for (const s of plan.prepare) await run(s);
      for (const s of plan.build) {
        const n = await run(s);
        if (s.role === "model") built = n;
      }
      for (const s of plan.commit) {
        const n = await run(s);
        if (s.role === "model") inserted = n;
      }
    });
  } catch (e) {
    // Only a failed build can leave a temporary relation behind; a successful one was renamed into place.
    for (const s of [...plan.cleanup, ...plan.always]) await wh.exec(s.sql).catch(() => undefined);
    throw e;
  }
  try {
    const countsFinal = plan.count?.from.schema === node.relation.schema && plan.count.from.name === node.relation.name;
    if (countsFinal && built !== undefined && built > 0) {
      rowsAffected = built; // the adapter reported the rows `create table as` wrote: no count query
    } else if (plan.count) {
      const rows = await wh.all<{ n: bigint }>(`select count(*) as n from ${quoteRelation(plan.count.from)}`);
      rowsAffected = Number(rows[0]!.n);
    } else rowsAffected = inserted;
  } finally {
    for (const s of plan.always) await wh.exec(s.sql).catch(() => undefined);
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

/**
 * dbt's assert_columns_equivalent: the query's columns against the YAML's, both resolved by the
 * engine and named as it names types (Spark `int`, `string`). Throws ContractError.
 */
async function checkContract(node: CompiledNode, wh: Adapter, compiledPath?: string): Promise<void> {
  const sql = node.sql.replace(/;\s*$/, "");
  const describe = async (q: string, offset: number) => {
    try {
      return await wh.columnsInQuery(q);
    } catch (e) {
      throw modelError(e, node, { sql: q, role: "model", modelLineOffset: offset }, compiledPath);
    }
  };
  const yamlSql = emptySchemaSql(node, (t) => wh.dialect.translateType(t));
  const declared = await describe(yamlSql, -1e9);
  const actual = await describe(sql, 0);
  const message = contractMismatch(node, actual, declared);
  if (message) throw new ContractError(message, { file: node.path });
}

/** Writes the staged rows into the target: the statements of one incremental strategy. */
export type StrategySql = (node: CompiledNode, staged: Relation, destColumns: readonly string[]) => string[];

/** An incremental run on an existing table: stage, reconcile columns (on_schema_change), write by strategy; one transaction. */
export async function runIncremental(node: CompiledNode, wh: Adapter, compiledPath?: string, strategy: StrategySql = strategySql): Promise<number> {
  const run = async (st: Statement): Promise<number> => {
    try {
      return await wh.exec(st.sql);
    } catch (e) {
      throw modelError(e, node, st, compiledPath);
    }
  };
  const sql = node.sql.replace(/;\s*$/, "");
  const staged = wh.dialect.stagingRelation(node.relation, "__dbt_tmp");
  let rows = 0;
  try {
    for (const h of node.config.preHook) await run({ sql: h, role: "pre-hook" });
    await run({ sql: wh.dialect.createStaging(staged, sql), modelLineOffset: 1, role: "model" });
    const source = await wh.describe(`select * from ${quoteRelation(staged)}`);
    const target = await wh.describe(`select * from ${quoteRelation(node.relation)}`);
    const { alters, destColumns } = reconcileColumns(node, source, target);
    // Schema changes commit one by one, before the rows: DuckDB refuses a transaction that both
    // alters a table and writes to it (dbt-duckdb runs them as separate queries too).
    for (const a of alters) await run({ sql: a, role: "setup" });
    await wh.transaction(async () => {
      for (const st of strategy(node, staged, destColumns)) rows = await run({ sql: st, role: "swap" });
      for (const h of node.config.postHook) await run({ sql: h, role: "post-hook" });
    });
  } finally {
    await wh.exec(wh.dialect.drop("table", staged, true)).catch(() => undefined);
  }
  return rows;
}
