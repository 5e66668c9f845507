// Pure SQL planning for each materialization: golden-testable, no database access.
// A plan has three phases: `prepare` (schema, pre-hooks), `build` (the model's query into a
// temporary relation) and `commit` (swap the new relation in, post-hooks). The runner executes all
// three in one transaction, so a failure anywhere leaves the previous relation as it was.
import type { CompiledNode, Relation } from "../compile/types.js";
import { quoteIdent, quoteRelation } from "../db/quote.js";

export type RelationKind = "table" | "view";

export interface Statement {
  sql: string;
  /** When the statement embeds the model's SQL: how many lines precede it, to map DuckDB's "LINE n". */
  modelLineOffset?: number;
  /** What the statement is, for error messages: "model", "pre-hook", "post-hook", "swap". */
  role: "model" | "pre-hook" | "post-hook" | "swap" | "setup";
}

export interface ModelPlan {
  kind: "view" | "table" | "incremental" | "ephemeral";
  prepare: Statement[];
  build: Statement[];
  commit: Statement[];
  /** Statements to run after a failure so no temporary relation is left behind. */
  cleanup: Statement[];
  /** How to count rowsAffected afterwards: the final table, the staged new rows, or not at all. */
  count: { from: Relation } | undefined;
}

export const TMP_SUFFIX = "__qe_tmp";
const NEW_SUFFIX = "__qe_new";

export const withSuffix = (rel: Relation, suffix: string): Relation => ({ schema: rel.schema, name: rel.name + suffix });

/**
 * Plans one model. `existing` is what currently sits at the model's relation (undefined: nothing).
 * Incremental runs against an existing table append, or with a unique key delete-then-insert
 * matching keys; a first run, --full-refresh, or an existing view rebuilds like `table`.
 */
export function planModel(compiled: CompiledNode, existing: RelationKind | undefined, fullRefresh: boolean): ModelPlan {
  // A trailing `;` is harmless in a query but breaks `create ... as (<sql>)`; dbt users do write it.
  const node = { ...compiled, sql: compiled.sql.replace(/;\s*$/, "") };
  const m = node.config.materialized;
  if (m === "ephemeral") return { kind: "ephemeral", prepare: [], build: [], commit: [], cleanup: [], count: undefined };
  if (m === "view") return planReplace(node, "view", existing);
  if (m === "incremental" && existing === "table" && !fullRefresh) return planIncremental(node);
  return { ...planReplace(node, "table", existing), kind: m };
}

function prepare(node: CompiledNode): Statement[] {
  return [
    { sql: `create schema if not exists ${quoteIdent(node.relation.schema)}`, role: "setup" },
    ...node.config.preHook.map((sql): Statement => ({ sql, role: "pre-hook" })),
  ];
}

const postHooks = (node: CompiledNode): Statement[] => node.config.postHook.map((sql) => ({ sql, role: "post-hook" }));

// Build under a temporary name, then drop the old relation (whatever its kind) and rename, in one transaction.
function planReplace(node: CompiledNode, kind: RelationKind, existing: RelationKind | undefined): ModelPlan {
  const rel = node.relation;
  const tmp = withSuffix(rel, TMP_SUFFIX);
  const create = `create or replace ${kind} ${quoteRelation(tmp)} as (\n`;
  return {
    kind,
    prepare: prepare(node),
    build: [{ sql: `${create}${node.sql}\n)`, modelLineOffset: 1, role: "model" }],
    commit: [
      ...(existing ? [{ sql: `drop ${existing} ${quoteRelation(rel)}`, role: "swap" as const }] : []),
      { sql: `alter ${kind} ${quoteRelation(tmp)} rename to ${quoteIdent(rel.name)}`, role: "swap" },
      ...postHooks(node),
    ],
    cleanup: [{ sql: `drop ${kind} if exists ${quoteRelation(tmp)}`, role: "setup" }],
    count: kind === "table" ? { from: rel } : undefined,
  };
}

function planIncremental(node: CompiledNode): ModelPlan {
  const rel = node.relation;
  const keys = node.config.uniqueKey;
  const strategy = node.config.incrementalStrategy ?? (keys.length > 0 ? "delete+insert" : "append");
  if (strategy === "append" || keys.length === 0) {
    return {
      kind: "incremental",
      prepare: prepare(node),
      build: [],
      commit: [{ sql: `insert into ${quoteRelation(rel)} by name (\n${node.sql}\n)`, modelLineOffset: 1, role: "model" }, ...postHooks(node)],
      cleanup: [],
      count: undefined,
    };
  }
  // merge and delete+insert: stage new rows once, then delete rows whose key reappears and insert
  // all staged rows, in one transaction. Works without a primary key, which DuckDB's upsert needs.
  const staged = { schema: "temp", name: `${rel.schema}__${rel.name}${NEW_SUFFIX}` };
  const target = quoteIdent(rel.name);
  const match = keys.map((k) => `${target}.${quoteIdent(k)} = ${quoteIdent(staged.name)}.${quoteIdent(k)}`).join(" and ");
  return {
    kind: "incremental",
    prepare: prepare(node),
    build: [{ sql: `create or replace temp table ${quoteIdent(staged.name)} as (\n${node.sql}\n)`, modelLineOffset: 1, role: "model" }],
    commit: [
      { sql: `delete from ${quoteRelation(rel)} using ${quoteRelation(staged)} where ${match}`, role: "swap" },
      { sql: `insert into ${quoteRelation(rel)} by name (select * from ${quoteRelation(staged)})`, role: "swap" },
      ...postHooks(node),
    ],
    cleanup: [{ sql: `drop table if exists ${quoteRelation(staged)}`, role: "setup" }],
    count: { from: staged },
  };
}
