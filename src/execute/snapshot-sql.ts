// Snapshot SQL, pure: the statements dbt-core's snapshot materialization and dbt-duckdb's
// snapshot_merge_sql run, written out for one snapshot (timestamp or check strategy, one or many
// key columns, hard_deletes ignore | invalidate | new_record, dbt_valid_to_current, renamed meta
// columns). A first run creates the table; later runs stage the changes, add new source columns,
// close changed rows' validity and insert their new versions. Where tables take no UPDATE (Spark's
// Parquet), snapshotRebuildSql gives the same rows as a new table instead.
import type { CompiledNode, SnapshotConfig } from "../core/node-types.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import type { ResultColumn, SqlDialect } from "../adapters/types.js";
import { duckdbDialect } from "../adapters/duckdb/duckdb-dialect.js";
import type { Relation } from "../core/node-types.js";

/** What snapshot SQL takes from the engine: its clock and its text type. */
export type SnapshotDialect = Pick<SqlDialect, "snapshotTime" | "textType">;

/** dbt's snapshot_hash_arguments: md5 of the arguments cast to text, joined by '|'. */
export function hashArguments(args: readonly string[], d: SnapshotDialect = duckdbDialect): string {
  return `md5(${args.map((a) => `coalesce(cast(${a} as ${d.textType} ), '')`).join(" || '|' || ")})`;
}

interface Strategy {
  updatedAt: string;
  rowChanged: string;
  scdId: string;
}

/** The strategy's expressions; `checkCols` are the check columns present in the target (quoted), or "added" when the query has a column the table lacks. */
function strategyOf(s: SnapshotConfig, checkCols: string[] | "added", d: SnapshotDialect): Strategy {
  const m = s.metaColumns;
  const updatedAt = s.strategy === "timestamp" ? s.updatedAt! : (s.updatedAt ?? d.snapshotTime);
  let rowChanged: string;
  if (s.strategy === "timestamp") rowChanged = `(snapshotted_data.${m.dbt_valid_from} < source_data.${updatedAt})`;
  else if (checkCols === "added") rowChanged = "(TRUE)";
  else {
    rowChanged = `(${checkCols.map((c) => `snapshotted_data.${c} != source_data.${c}\n        or\n        (\n            ((snapshotted_data.${c} is null) and not (source_data.${c} is null))\n            or\n            ((not snapshotted_data.${c} is null) and (source_data.${c} is null))\n        )`).join(" or ")})`;
  }
  return { updatedAt, rowChanged, scdId: hashArguments([...s.uniqueKey, updatedAt], d) };
}

const validToCurrent = (s: SnapshotConfig, st: Strategy): string =>
  `coalesce(nullif(${st.updatedAt}, ${st.updatedAt}), ${s.validToCurrent ?? "null"})\n  as ${s.metaColumns.dbt_valid_to}`;

/** First run: the whole query with the meta columns (dbt's build_snapshot_table). */
export function buildSnapshotTableSql(node: CompiledNode, s: SnapshotConfig, d: SnapshotDialect = duckdbDialect): string {
  const st = strategyOf(s, [], d);
  const m = s.metaColumns;
  return `select *,
        ${st.scdId} as ${m.dbt_scd_id},
        ${st.updatedAt} as ${m.dbt_updated_at},
        ${st.updatedAt} as ${m.dbt_valid_from},
        ${validToCurrent(s, st)}${s.hardDeletes === "new_record" ? `, 'False' as ${m.dbt_is_deleted}` : ""}
    from (
${node.sql}
    ) sbq`;
}

const keyFields = (keys: readonly string[]): string => keys.map((k, i) => `${k} as dbt_unique_key_${i + 1}`).join(", ");
const keyJoin = (keys: readonly string[], a: string, b: string): string => keys.map((_, i) => `${a}.dbt_unique_key_${i + 1} = ${b}.dbt_unique_key_${i + 1}`).join(" and ");

export interface StagingInput {
  node: CompiledNode;
  snapshot: SnapshotConfig;
  target: Relation;
  /** Columns of the snapshot's query (check_cols: all) and of the existing table. */
  queryColumns: readonly string[];
  targetColumns: readonly string[];
  /** The engine's clock and text type (default DuckDB's). */
  dialect?: SnapshotDialect;
}

/** Later runs: dbt's snapshot_staging_table, the changes as insert/update/delete rows. */
export function snapshotStagingSql(x: StagingInput): string {
  const s = x.snapshot;
  const m = s.metaColumns;
  const keys = s.uniqueKey;
  const existing = new Set(x.targetColumns.map((c) => c.toLowerCase()));
  let checkCols: string[] | "added" = [];
  if (s.strategy === "check") {
    const wanted = s.checkCols === "all" ? [...x.queryColumns] : s.checkCols;
    checkCols = wanted.some((c) => !existing.has(c.toLowerCase())) ? "added" : wanted.map(quoteIdent);
  }
  const d = x.dialect ?? duckdbDialect;
  const now = d.snapshotTime;
  const st = strategyOf(s, checkCols, d);
  const target = quoteRelation(x.target);
  const current = s.validToCurrent ? `( ${m.dbt_valid_to} = ${s.validToCurrent} or ${m.dbt_valid_to} is null )` : `${m.dbt_valid_to} is null`;
  const deletes = s.hardDeletes === "invalidate" || s.hardDeletes === "new_record";
  const newRecord = s.hardDeletes === "new_record";
  const latestIsDeleted = `snapshotted_data.${m.dbt_is_deleted} = 'True'\n                and\n                ${s.validToCurrent ? `snapshotted_data.${m.dbt_valid_to} = ${s.validToCurrent}` : `snapshotted_data.${m.dbt_valid_to} is null`}`;
  const parts: string[] = [];
  parts.push(`with snapshot_query as (
${x.node.sql}
    ),
    snapshotted_data as (
        select *, ${keyFields(keys)}
        from ${target}
        where ${current}
    ),
    insertions_source_data as (
        select *, ${keyFields(keys)},
            ${st.updatedAt} as ${m.dbt_updated_at},
            ${st.updatedAt} as ${m.dbt_valid_from},
            ${validToCurrent(s, st)},
            ${st.scdId} as ${m.dbt_scd_id}
        from snapshot_query
    ),
    updates_source_data as (
        select *, ${keyFields(keys)},
            ${st.updatedAt} as ${m.dbt_updated_at},
            ${st.updatedAt} as ${m.dbt_valid_from},
            ${st.updatedAt} as ${m.dbt_valid_to}
        from snapshot_query
    ),${deletes ? `
    deletes_source_data as (
        select *, ${keyFields(keys)}
        from snapshot_query
    ),` : ""}
    insertions as (
        select
            'insert' as dbt_change_type,
            source_data.*${newRecord ? `,'False' as ${m.dbt_is_deleted}` : ""}
        from insertions_source_data as source_data
        left outer join snapshotted_data
            on ${keyJoin(keys, "snapshotted_data", "source_data")}
            where snapshotted_data.dbt_unique_key_1 is null
            or (snapshotted_data.dbt_unique_key_1 is not null and (
               ${st.rowChanged}${newRecord ? ` or snapshotted_data.${m.dbt_is_deleted} = 'True'` : ""}
            )
        )
    ),
    updates as (
        select
            'update' as dbt_change_type,
            source_data.*,
            snapshotted_data.${m.dbt_scd_id}${newRecord ? `, snapshotted_data.${m.dbt_is_deleted}` : ""}
        from updates_source_data as source_data
        join snapshotted_data
            on ${keyJoin(keys, "snapshotted_data", "source_data")}
        where (
            ${st.rowChanged}${newRecord ? ` or snapshotted_data.${m.dbt_is_deleted} = 'True'` : ""}
        )
    )`);
  if (deletes) {
    parts.push(`,
    deletes as (
        select
            'delete' as dbt_change_type,
            source_data.*,
            ${now} as ${m.dbt_valid_from},
            ${now} as ${m.dbt_updated_at},
            ${now} as ${m.dbt_valid_to},
            snapshotted_data.${m.dbt_scd_id}${newRecord ? `, snapshotted_data.${m.dbt_is_deleted}` : ""}
        from snapshotted_data
        left join deletes_source_data as source_data
            on ${keyJoin(keys, "snapshotted_data", "source_data")}
            where source_data.dbt_unique_key_1 is null${newRecord ? `
            and not (
                ${latestIsDeleted}
            )` : ""}
    )`);
  }
  if (newRecord) {
    const cols = x.queryColumns.map((c) => `${existing.has(c.toLowerCase()) ? "snapshotted_data" : "source_data"}.${quoteIdent(c)},`).join("\n            ");
    parts.push(`,
    deletion_records as (
        select
            'insert' as dbt_change_type,
            ${cols}
            ${keys.map((k, i) => `snapshotted_data.${k} as dbt_unique_key_${i + 1},`).join("\n            ")}
            ${now} as ${m.dbt_valid_from},
            ${now} as ${m.dbt_updated_at},
            snapshotted_data.${m.dbt_valid_to} as ${m.dbt_valid_to},
            ${hashArguments([m.dbt_scd_id, now], d)} as ${m.dbt_scd_id},
            'True' as ${m.dbt_is_deleted}
        from snapshotted_data
        left join deletes_source_data as source_data
            on ${keyJoin(keys, "snapshotted_data", "source_data")}
        where source_data.dbt_unique_key_1 is null
        and not (
            ${latestIsDeleted}
            )
    )`);
  }
  parts.push(`
    select * from insertions
    union all
    select * from updates${deletes ? "\n    union all\n    select * from deletes" : ""}${newRecord ? "\n    union all\n    select * from deletion_records" : ""}`);
  return parts.join("");
}

/** Columns of the staging table that are bookkeeping, not snapshot columns. */
export function isStagingOnly(column: string): boolean {
  return /^dbt_change_type$|^dbt_unique_key(_\d+)?$/i.test(column);
}

/** dbt-duckdb's snapshot_merge_sql: close the validity of changed/deleted rows, insert new versions. */
export function snapshotMergeSql(target: Relation, staged: Relation, s: SnapshotConfig, insertCols: readonly string[]): string[] {
  const m = s.metaColumns;
  const t = quoteRelation(target);
  const src = quoteRelation(staged);
  const open = s.validToCurrent
    ? `(DBT_INTERNAL_TARGET.${m.dbt_valid_to} = ${s.validToCurrent} or DBT_INTERNAL_TARGET.${m.dbt_valid_to} is null)`
    : `DBT_INTERNAL_TARGET.${m.dbt_valid_to} is null`;
  const cols = insertCols.map(quoteIdent);
  return [
    `update ${t} as DBT_INTERNAL_TARGET
    set ${m.dbt_valid_to} = DBT_INTERNAL_SOURCE.${m.dbt_valid_to}
    from ${src} as DBT_INTERNAL_SOURCE
    where DBT_INTERNAL_SOURCE.${m.dbt_scd_id}::text = DBT_INTERNAL_TARGET.${m.dbt_scd_id}::text
      and DBT_INTERNAL_SOURCE.dbt_change_type::text in ('update'::text, 'delete'::text)
      and ${open}`,
    `insert into ${t} (${cols.join(", ")})
    select ${cols.map((c) => `DBT_INTERNAL_SOURCE.${c}`).join(", ")}
    from ${src} as DBT_INTERNAL_SOURCE
    where DBT_INTERNAL_SOURCE.dbt_change_type::text = 'insert'::text`,
  ];
}

/**
 * The rebuild form of snapshotMergeSql, for tables without UPDATE (Spark's Parquet): the rows of the
 * new snapshot table are the existing rows, with dbt_valid_to set where the merge would update it,
 * then the staged insertions. Its columns are the target's in order, then those the source gained
 * (null in older rows), each inserted value cast to its column's type as an INSERT would.
 * `targetCols` and `stagedCols` carry the engine's own type names; staging-only columns excluded.
 */
export function snapshotRebuildSql(target: Relation, staged: Relation, s: SnapshotConfig, targetCols: readonly ResultColumn[], stagedCols: readonly ResultColumn[]): string {
  const m = s.metaColumns;
  const lower = (c: ResultColumn): string => c.name.toLowerCase();
  const have = new Set(targetCols.map(lower));
  const added = stagedCols.filter((c) => !have.has(lower(c)));
  const staging = new Map(stagedCols.map((c) => [lower(c), c]));
  const validTo = m.dbt_valid_to.toLowerCase();
  const open = s.validToCurrent
    ? `(DBT_INTERNAL_TARGET.${m.dbt_valid_to} = ${s.validToCurrent} or DBT_INTERNAL_TARGET.${m.dbt_valid_to} is null)`
    : `DBT_INTERNAL_TARGET.${m.dbt_valid_to} is null`;
  const kept = [
    ...targetCols.map((c) => lower(c) === validTo
      ? `case when DBT_INTERNAL_SOURCE.${m.dbt_scd_id} is null then DBT_INTERNAL_TARGET.${quoteIdent(c.name)} else DBT_INTERNAL_SOURCE.${m.dbt_valid_to} end as ${quoteIdent(c.name)}`
      : `DBT_INTERNAL_TARGET.${quoteIdent(c.name)}`),
    ...added.map((c) => `cast(null as ${c.type}) as ${quoteIdent(c.name)}`),
  ];
  const inserted = [
    ...targetCols.map((c) => {
      const from = staging.get(lower(c));
      return `cast(${from ? `DBT_INTERNAL_SOURCE.${quoteIdent(from.name)}` : "null"} as ${c.type}) as ${quoteIdent(c.name)}`;
    }),
    ...added.map((c) => `DBT_INTERNAL_SOURCE.${quoteIdent(c.name)}`),
  ];
  // One closing time per scd id, as the merge's UPDATE ... FROM sets one.
  return `select ${kept.join(",\n       ")}
from ${quoteRelation(target)} as DBT_INTERNAL_TARGET
left join (
    select ${m.dbt_scd_id}, max(${m.dbt_valid_to}) as ${m.dbt_valid_to}
    from ${quoteRelation(staged)}
    where dbt_change_type in ('update', 'delete')
    group by ${m.dbt_scd_id}
) as DBT_INTERNAL_SOURCE
    on DBT_INTERNAL_SOURCE.${m.dbt_scd_id} = DBT_INTERNAL_TARGET.${m.dbt_scd_id}
    and ${open}
union all
select ${inserted.join(",\n       ")}
from ${quoteRelation(staged)} as DBT_INTERNAL_SOURCE
where DBT_INTERNAL_SOURCE.dbt_change_type = 'insert'`;
}
