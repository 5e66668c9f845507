// One snapshot through four states of its source, on any engine: what the Spark suite runs on both
// DuckDB and the cluster to compare their snapshot tables. Each state replaces the source table
// (Spark's Parquet tables take no UPDATE), with literal rows both engines type alike.
import { quoteRelation } from "../../src/adapters/quote.js";
import type { Adapter } from "../../src/adapters/types.js";
import { nodeId, type CompiledNode, type SnapshotConfig } from "../../src/core/node-types.js";
import { runSnapshot } from "../../src/execute/run-snapshot.js";
import { toModelConfig } from "../../src/project/model-config.js";

type Row = [id: number, name: string, ts: string, grade?: number | null];

/** The source's states: first load; a change, a deletion and a new key; a new column and a return; more changes. */
export const SOURCE_STATES: Row[][] = [
  [[1, "a", "2024-01-01"], [2, "b", "2024-01-01"], [3, "c", "2024-01-01"]],
  [[1, "a", "2024-01-01"], [2, "B", "2024-02-01"], [4, "d", "2024-02-01"]],
  [[1, "a", "2024-03-01", 1], [2, "B", "2024-02-01", null], [3, "c2", "2024-03-01", 2], [4, "d", "2024-02-01", null]],
  [[2, "BB", "2024-04-01", null], [3, "c2", "2024-03-01", 2], [4, "d", "2024-02-01", 5]],
];

const META = { dbt_valid_from: "dbt_valid_from", dbt_valid_to: "dbt_valid_to", dbt_scd_id: "dbt_scd_id", dbt_updated_at: "dbt_updated_at", dbt_is_deleted: "dbt_is_deleted" };

export function snapshotNode(schema: string, s: Partial<SnapshotConfig>): CompiledNode {
  return {
    id: nodeId(`snapshot.p.${schema}`), kind: "snapshot", name: "s", path: "snapshots/s.yml", config: toModelConfig({}, "model"),
    relation: { schema, name: "s" }, sql: `select * from ${quoteRelation({ schema, name: "src" })}`, dependsOn: [], sourceLines: [], checksum: "",
    snapshot: { strategy: "timestamp", uniqueKey: ["id"], updatedAt: "ts", checkCols: "all", hardDeletes: "ignore", metaColumns: META, ...s },
  };
}

function stateSql(rows: Row[]): string {
  const withGrade = rows.some((r) => r.length > 3);
  return rows
    .map(([id, name, ts, grade]) => `select cast(${id} as int) as id, '${name}' as name, cast('${ts}' as timestamp) as ts${withGrade ? `, cast(${grade ?? "null"} as int) as grade` : ""}`)
    .join(" union all ");
}

/**
 * Runs the snapshot once per state (the source table replaced before each run) and returns the
 * snapshot's rows after each run: every column as text, except that the times a run takes from the
 * clock (hard deletes, check strategy) read "now". Rows sorted.
 */
export async function snapshotThroughStates(wh: Adapter, node: CompiledNode): Promise<string[][][]> {
  const schema = node.relation.schema;
  const src = { schema, name: "src" };
  await wh.exec(wh.dialect.createSchema(schema));
  const out: string[][][] = [];
  for (const rows of SOURCE_STATES) {
    await wh.exec(wh.dialect.drop("table", src, true));
    await wh.exec(wh.dialect.createAs("table", src, stateSql(rows)));
    await runSnapshot(node, wh);
    const cols = await wh.describe(`select * from ${quoteRelation(node.relation)}`);
    // Clock times are later than the source's (2024) dates; check-strategy scd ids hash them.
    const text = cols.map(({ name, type }) => {
      const c = `"${name}"`;
      if (name === "dbt_scd_id" && node.snapshot!.strategy === "check") return `'now' as ${c}`;
      if (type === "TIMESTAMP") return `case when ${c} > cast('2025-01-01' as timestamp) then 'now' else cast(${c} as ${wh.dialect.textType}) end as ${c}`;
      return `cast(${c} as ${wh.dialect.textType}) as ${c}`;
    });
    const got = await wh.all<Record<string, string | null>>(`select ${text.join(", ")} from ${quoteRelation(node.relation)}`);
    out.push(got.map((r) => cols.map(({ name }) => `${name}=${r[name] ?? "null"}`)).sort((a, b) => a.join().localeCompare(b.join())));
  }
  return out;
}
