// Incremental runs against an existing table, as dbt-duckdb's incremental materialization: the new
// rows are staged, on_schema_change reconciles the columns (ignore | fail | append_new_columns |
// sync_all_columns), then the strategy (append | delete+insert | merge, or microbatch's delete+insert
// by batch window) writes them, with any incremental_predicates. SQL builders are pure; runIncremental drives them in one transaction.
import type { BatchWindow, CompiledNode, Relation } from "../core/node-types.js";
import type { ResultColumn } from "../adapters/types.js";
import { ProjectError, QeError } from "../core/errors.js";
import { sqlTimestamp } from "../core/wall-time.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";

export class SchemaChangeError extends QeError {
  readonly code = "schema-change";
}

export interface SchemaChanges {
  sourceNotInTarget: ResultColumn[];
  targetNotInSource: ResultColumn[];
  newTypes: { column: string; oldType: string; newType: string }[];
}

/** dbt's check_for_schema_changes (column names compare case-insensitively, as DuckDB does). */
export function schemaChanges(source: readonly ResultColumn[], target: readonly ResultColumn[]): SchemaChanges {
  const lower = (cs: readonly ResultColumn[]) => new Map(cs.map((c) => [c.name.toLowerCase(), c]));
  const s = lower(source), t = lower(target);
  return {
    sourceNotInTarget: source.filter((c) => !t.has(c.name.toLowerCase())),
    targetNotInSource: target.filter((c) => !s.has(c.name.toLowerCase())),
    newTypes: source.flatMap((c) => {
      const old = t.get(c.name.toLowerCase());
      return old && old.type !== c.type ? [{ column: c.name, oldType: old.type, newType: c.type }] : [];
    }),
  };
}

const changed = (x: SchemaChanges) => x.sourceNotInTarget.length > 0 || x.targetNotInSource.length > 0 || x.newTypes.length > 0;

/**
 * The ALTERs on_schema_change asks for, and the columns the insert then writes (dbt's dest_columns:
 * the target's columns for ignore, else the new query's). Throws SchemaChangeError for `fail`.
 */
export function reconcileColumns(node: CompiledNode, source: readonly ResultColumn[], target: readonly ResultColumn[]): { alters: string[]; destColumns: string[] } {
  const mode = node.config.onSchemaChange ?? "ignore";
  if (mode === "ignore") return { alters: [], destColumns: target.map((c) => c.name) };
  const x = schemaChanges(source, target);
  const rel = quoteRelation(node.relation);
  if (!changed(x)) return { alters: [], destColumns: source.map((c) => c.name) };
  if (mode === "fail") {
    const names = (cs: readonly ResultColumn[]) => `[${cs.map((c) => c.name).join(", ")}]`;
    throw new SchemaChangeError(
      `The source and target schemas on this incremental model are out of sync!
They can be reconciled in several ways:
  - set the \`on_schema_change\` config to either append_new_columns or sync_all_columns, depending on your situation.
  - Re-run the incremental model with \`full_refresh: True\` to update the target schema.
  - update the schema manually and re-run the process.
Additional troubleshooting context:
   Source columns not in target: ${names(x.sourceNotInTarget)}
   Target columns not in source: ${names(x.targetNotInSource)}
   New column types: [${x.newTypes.map((t) => `${t.column}: ${t.oldType} → ${t.newType}`).join(", ")}]`,
      { file: node.path },
      "set on_schema_change, or run with --full-refresh",
    );
  }
  const alters = x.sourceNotInTarget.map((c) => `alter table ${rel} add column ${quoteIdent(c.name)} ${c.type}`);
  if (mode === "sync_all_columns") {
    alters.push(...x.targetNotInSource.map((c) => `alter table ${rel} drop column ${quoteIdent(c.name)}`));
    // dbt's alter_column_type: a new column under a temporary name, copied, swapped in (it moves to the end).
    for (const t of x.newTypes) {
      const tmp = quoteIdent(`${t.column}__dbt_alter`);
      const col = quoteIdent(t.column);
      alters.push(`alter table ${rel} add column ${tmp} ${t.newType}`, `update ${rel} set ${tmp} = ${col}`, `alter table ${rel} drop column ${col} cascade`, `alter table ${rel} rename column ${tmp} to ${col}`);
    }
  }
  return { alters, destColumns: source.map((c) => c.name) };
}

/** The statements that write the staged rows into the target, per dbt-duckdb's strategy macros. */
export function strategySql(node: CompiledNode, staged: Relation, destColumns: readonly string[]): string[] {
  const target = quoteRelation(node.relation);
  const source = quoteRelation(staged);
  const keys = node.config.uniqueKey;
  const preds = node.config.incrementalPredicates ?? [];
  const cols = destColumns.map(quoteIdent).join(", ");
  const insert = `insert into ${target} (${cols})\n(\n    select ${cols}\n    from ${source}\n)`;
  const strategy = node.config.incrementalStrategy ?? (keys.length > 0 ? "delete+insert" : "append");
  if (strategy === "append" || (strategy === "delete+insert" && keys.length === 0)) return [insert];
  if (strategy === "delete+insert") {
    const del = keys.length > 1
      ? `delete from ${target} as DBT_INCREMENTAL_TARGET\nusing ${source}\nwhere (\n    ${keys.map((k) => `${source}.${k} = DBT_INCREMENTAL_TARGET.${k}`).join("\n    and ")}${preds.map((p) => `\n    and ${p}`).join("")}\n)`
      : `delete from ${target}\nwhere (\n    ${keys[0]}) in (\n    select (${keys[0]})\n    from ${source}\n)${preds.map((p) => `\n    and ${p}`).join("")}`;
    return [del, insert];
  }
  // merge (DuckDB MERGE INTO, as dbt-duckdb 1.11 on DuckDB >= 1.4)
  const on = [...(keys.length > 0 ? keys.map((k) => `DBT_INTERNAL_SOURCE.${k} = DBT_INTERNAL_DEST.${k}`) : ["FALSE"]), ...preds].join(") AND (");
  const explicit = node.config.mergeUpdateColumns ?? (node.config.mergeExcludeColumns ? destColumns.filter((c) => !node.config.mergeExcludeColumns!.includes(c)) : undefined);
  const update = explicit ? `UPDATE SET ${explicit.map((c) => `${quoteIdent(c)} = DBT_INTERNAL_SOURCE.${quoteIdent(c)}`).join(", ")}` : "UPDATE BY NAME";
  return [`MERGE INTO ${target} AS DBT_INTERNAL_DEST\n    USING ${source} AS DBT_INTERNAL_SOURCE\n    ON (${on})\nWHEN MATCHED THEN\n    ${update}\nWHEN NOT MATCHED THEN\n    INSERT BY NAME`];
}

/**
 * dbt-duckdb 1.11's microbatch strategy: delete the target's rows in the batch window (and any
 * incremental_predicates), then insert the staged rows in the window. Throws ProjectError for a
 * unique_key, which dbt-duckdb refuses (microbatch replaces by time, not by key).
 */
export function microbatchSql(node: CompiledNode, staged: Relation, destColumns: readonly string[], batch: BatchWindow): string[] {
  if (node.config.uniqueKey.length > 0) {
    throw new ProjectError(
      "microbatch-unique-key",
      "microbatch incremental strategy does not support 'unique_key'. Microbatch runs delete+insert per batch based on 'event_time' and does not do key-based upserts. Remove 'unique_key' or use incremental_strategy='merge'.",
      { file: node.path },
      "remove unique_key from the model's config",
    );
  }
  const et = node.config.eventTime!;
  const inBatch = `${et} >= '${sqlTimestamp(batch.startMs)}'\n        and ${et} < '${sqlTimestamp(batch.endMs)}'`;
  const preds = (node.config.incrementalPredicates ?? []).map((p) => `\n        and (${p})`).join("");
  const target = quoteRelation(node.relation);
  const cols = destColumns.map(quoteIdent).join(", ");
  return [
    `delete from ${target}\n        where ${inBatch}${preds}`,
    `insert into ${target} (${cols})\n        select ${cols}\n        from ${quoteRelation(staged)}\n        where ${inBatch}`,
  ];
}
