// Pure SQL planning for each materialization: golden-testable, no database access.
// A plan has three phases: `prepare` (schema, pre-hooks), `build` (the model's query into a
// temporary relation) and `commit` (swap the new relation in, post-hooks). The runner executes all
// three in one transaction, so a failure anywhere leaves the previous relation as it was.
// Engine SQL comes from the adapter's dialect (DuckDB's by default).
import type { CompiledNode, Relation } from "../compile/types.js";
import type { RelationKind, SqlDialect } from "../adapters/types.js";
import { duckdbDialect } from "../adapters/duckdb/duckdb-dialect.js";
import { quoteRelation } from "../adapters/quote.js";
import { ProjectError } from "../core/errors.js";
import { contractTableSql } from "./contract.js";

export type { RelationKind } from "../adapters/types.js";

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
  /** Statements to run after a failure so no temporary relation is left behind (after success it was renamed into place). */
  cleanup: Statement[];
  /** Statements to run after the model, success or failure, once its rows are counted: drop a staging table. */
  always: Statement[];
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
export function planModel(compiled: CompiledNode, existing: RelationKind | undefined, fullRefresh: boolean, dialect: SqlDialect = duckdbDialect): ModelPlan {
  // A trailing `;` is harmless in a query but breaks `create ... as (<sql>)`; dbt users do write it.
  const node = { ...compiled, sql: compiled.sql.replace(/;\s*$/, "") };
  const m = node.config.materialized;
  if (m === "ephemeral") return { kind: "ephemeral", prepare: [], build: [], commit: [], cleanup: [], always: [], count: undefined };
  if (m === "view" && dialect.replaceView && existing !== "table") return planReplaceView(node, dialect);
  if (m === "view") return planReplace(node, "view", existing, dialect);
  if (m === "incremental" && existing === "table" && !fullRefresh) return planIncremental(node, dialect);
  return { ...planReplace(node, "table", existing, dialect), kind: m };
}

function prepare(node: CompiledNode, d: SqlDialect): Statement[] {
  return [
    { sql: d.createSchema(node.relation.schema), role: "setup" },
    ...node.config.preHook.map((sql): Statement => ({ sql, role: "pre-hook" })),
  ];
}

const postHooks = (node: CompiledNode): Statement[] => node.config.postHook.map((sql) => ({ sql, role: "post-hook" }));

// Build under a temporary name, then drop the old relation (whatever its kind) and rename, in one transaction.
function planReplace(node: CompiledNode, kind: RelationKind, existing: RelationKind | undefined, d: SqlDialect): ModelPlan {
  const rel = node.relation;
  const tmp = withSuffix(rel, TMP_SUFFIX);
  return {
    kind,
    // Where create cannot replace, a leftover temporary relation (a killed run) is dropped first.
    prepare: [...prepare(node, d), ...(d.createReplaces ? [] : [{ sql: d.drop(kind, tmp, true), role: "setup" as const }])],
    build: kind === "table" && node.contractColumns
      // An enforced contract: the declared columns, types and constraints, then the rows.
      ? contractTableSql(tmp, node, d)
      : [{ sql: d.createAs(kind, tmp, node.sql), modelLineOffset: 1, role: "model" }],
    commit: [
      ...(existing ? [{ sql: d.drop(existing, rel), role: "swap" as const }] : []),
      { sql: d.rename(kind, tmp, rel.name), role: "swap" },
      ...postHooks(node),
    ],
    cleanup: [{ sql: d.drop(kind, tmp, true), role: "setup" }],
    always: [],
    count: kind === "table" && d.countsRows ? { from: rel } : undefined,
  };
}

// Where only views can be replaced in place (Spark), a view is one statement, atomic by itself.
function planReplaceView(node: CompiledNode, d: SqlDialect): ModelPlan {
  return {
    kind: "view",
    prepare: prepare(node, d),
    build: [{ sql: d.replaceView!(node.relation, node.sql), modelLineOffset: 1, role: "model" }],
    commit: postHooks(node),
    cleanup: [],
    always: [],
    count: undefined,
  };
}

function planIncremental(node: CompiledNode, d: SqlDialect): ModelPlan {
  const rel = node.relation;
  const keys = node.config.uniqueKey;
  const strategy = node.config.incrementalStrategy ?? (keys.length > 0 ? "delete+insert" : "append");
  if (strategy === "insert_overwrite") {
    return {
      kind: "incremental",
      prepare: prepare(node, d),
      build: [],
      commit: [{ sql: d.insertOverwrite(rel, node.sql), modelLineOffset: 1, role: "model" }, ...postHooks(node)],
      cleanup: [],
      always: [],
      count: d.countsRows ? { from: rel } : undefined,
    };
  }
  if (strategy === "append" || keys.length === 0) {
    return {
      kind: "incremental",
      prepare: prepare(node, d),
      build: [],
      commit: [{ sql: d.insertByName(rel, node.sql), modelLineOffset: 1, role: "model" }, ...postHooks(node)],
      cleanup: [],
      always: [],
      count: undefined,
    };
  }
  // merge and delete+insert: stage new rows once, then delete rows whose key reappears and insert
  // all staged rows, in one transaction. Works without a primary key, which DuckDB's upsert needs.
  const staged = d.stagingRelation(rel, NEW_SUFFIX);
  const del = d.deleteMatching(rel, staged, keys);
  if (del === undefined) throw new UnsupportedStrategyError(node, strategy);
  return {
    kind: "incremental",
    prepare: prepare(node, d),
    build: [{ sql: d.createStaging(staged, node.sql), modelLineOffset: 1, role: "model" }],
    commit: [
      { sql: del, role: "swap" },
      { sql: d.insertByName(rel, `select * from ${quoteRelation(staged)}`), role: "swap" },
      ...postHooks(node),
    ],
    cleanup: [],
    always: [{ sql: d.drop("table", staged, true), role: "setup" }],
    count: d.countsRows ? { from: staged } : undefined,
  };
}

/** An incremental strategy the engine cannot run (dbt-spark on Parquet has append and insert_overwrite only). */
export class UnsupportedStrategyError extends ProjectError {
  constructor(node: CompiledNode, strategy: string) {
    super(
      "incremental-strategy-unsupported",
      `model ${node.name}: incremental_strategy '${strategy}' needs row-level deletes, which this adapter's tables do not have`,
      { file: node.path },
      "use incremental_strategy 'append' or 'insert_overwrite' (as dbt-spark does for Parquet tables)",
    );
  }
}
