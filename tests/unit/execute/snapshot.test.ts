// Snapshots on a real in-memory DuckDB: a source changes between runs and the snapshot table keeps
// each version, closes changed and deleted rows, and (new_record) records deletions as rows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBAdapter, duckdbDialect } from "../../../src/adapters/duckdb/index.js";
import type { Adapter } from "../../../src/adapters/types.js";
import { DatabaseError } from "../../../src/core/errors.js";
import { runSnapshot } from "../../../src/execute/run-snapshot.js";
import { nodeId, type CompiledNode, type SnapshotConfig } from "../../../src/core/node-types.js";
import { toModelConfig } from "../../../src/project/model-config.js";

let wh: DuckDBAdapter;
beforeEach(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  await wh.exec("create table src (id int, name varchar, ts timestamp); insert into src values (1, 'a', '2024-01-01'), (2, 'b', '2024-01-01'), (3, 'c', '2024-01-01')");
});
afterEach(async () => wh.close());

const META = { dbt_valid_from: "dbt_valid_from", dbt_valid_to: "dbt_valid_to", dbt_scd_id: "dbt_scd_id", dbt_updated_at: "dbt_updated_at", dbt_is_deleted: "dbt_is_deleted" };
const snap = (s: Partial<SnapshotConfig>): CompiledNode => ({
  id: nodeId("snapshot.p.s"), kind: "snapshot", name: "s", path: "snapshots/s.yml", config: toModelConfig({}, "model"),
  relation: { schema: "snaps", name: "s" }, sql: "select * from src", dependsOn: [], sourceLines: [], checksum: "",
  snapshot: { strategy: "timestamp", uniqueKey: ["id"], updatedAt: "ts", checkCols: "all", hardDeletes: "ignore", metaColumns: META, ...s },
});
const rows = (cols: string) => wh.allJson(`select ${cols} from snaps.s order by id, dbt_valid_from, 3`);

describe("runSnapshot", () => {
  it("timestamp strategy: a later updated_at closes the old version at that time and adds the new one", async () => {
    const node = snap({});
    expect((await runSnapshot(node, wh)).rowsAffected).toBe(3);
    await wh.exec("update src set name = 'B', ts = '2024-02-01' where id = 2; delete from src where id = 3");
    await runSnapshot(node, wh);
    expect(await rows("id, name, dbt_valid_to::varchar as valid_to")).toEqual([
      { id: 1, name: "a", valid_to: null },
      { id: 2, name: "b", valid_to: "2024-02-01 00:00:00" },
      { id: 2, name: "B", valid_to: null },
      { id: 3, name: "c", valid_to: null }, // hard_deletes: ignore keeps a deleted row current
    ]);
  });

  it("check strategy with hard_deletes new_record: a deletion is a row; a return opens a new version", async () => {
    const node = snap({ strategy: "check", updatedAt: undefined, checkCols: ["name"], hardDeletes: "new_record" });
    await runSnapshot(node, wh);
    await wh.exec("delete from src where id = 3");
    await runSnapshot(node, wh);
    await wh.exec("insert into src values (3, 'c', '2024-01-01')");
    await runSnapshot(node, wh);
    expect(await rows("id, name, dbt_valid_to is null as current, dbt_is_deleted")).toEqual([
      { id: 1, name: "a", current: true, dbt_is_deleted: "False" },
      { id: 2, name: "b", current: true, dbt_is_deleted: "False" },
      { id: 3, name: "c", current: false, dbt_is_deleted: "False" },
      { id: 3, name: "c", current: false, dbt_is_deleted: "True" },
      { id: 3, name: "c", current: true, dbt_is_deleted: "False" },
    ]);
  });

  it("adds columns the source gained since the last run", async () => {
    const node = snap({ hardDeletes: "invalidate" });
    await runSnapshot(node, wh);
    await wh.exec("alter table src add column grade int; update src set grade = 1, ts = '2024-03-01' where id = 1");
    await runSnapshot(node, wh);
    expect(await rows("id, grade, dbt_valid_to is null as current")).toEqual([
      { id: 1, grade: null, current: false }, { id: 1, grade: 1, current: true }, { id: 2, grade: null, current: true }, { id: 3, grade: null, current: true },
    ]);
  });
});

// The rebuild-and-swap path Spark's Parquet tables take, run here on DuckDB (its dialect told that
// tables take no UPDATE) beside the merge path, through the same source changes: the rows must agree.
describe("runSnapshot without row updates (rebuild and swap)", () => {
  const rebuilding = (a: DuckDBAdapter): Adapter =>
    new Proxy(a, { get: (t, k) => (k === "dialect" ? { ...duckdbDialect, updatesRows: false } : Reflect.get(t, k, t)) }) as Adapter;
  const changes = [
    "update src set name = 'B', ts = '2024-02-01' where id = 2; delete from src where id = 3; insert into src values (4, 'd', '2024-02-01')",
    "alter table src add column grade int; update src set grade = 1, ts = '2024-03-01' where id = 1; insert into src values (3, 'c2', '2024-03-01', 2)",
    "update src set name = 'BB', ts = '2024-04-01' where id = 2; delete from src where id = 1",
  ];
  const all = (a: Adapter, cols: string) => a.allJson(`select ${cols} from snaps.s order by all`);

  // Times a run takes from the clock differ between the two databases: compared as "now".
  const TIMED = "* exclude (dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to), dbt_valid_to is null as current";
  const validTo = "case when dbt_valid_to > timestamp '2025-01-01' then 'now' else cast(dbt_valid_to as varchar) end";
  it.each([
    ["timestamp, hard_deletes invalidate", { hardDeletes: "invalidate" as const }, `* exclude (dbt_valid_to), ${validTo} as valid_to`],
    ["timestamp, hard_deletes ignore", {}, "*"],
    ["check all, hard_deletes new_record", { strategy: "check" as const, updatedAt: undefined, checkCols: "all" as const, hardDeletes: "new_record" as const }, TIMED],
    ["check cols, dbt_valid_to_current", { strategy: "check" as const, updatedAt: undefined, checkCols: ["name"], hardDeletes: "invalidate" as const, validToCurrent: "'9999-12-31'::timestamp" }, TIMED.replace("is null", "= '9999-12-31'")],
  ])("%s: the same rows as the merge after each change", async (_, config, cols) => {
    const other = await DuckDBAdapter.open(":memory:");
    try {
      await other.exec("create table src (id int, name varchar, ts timestamp); insert into src values (1, 'a', '2024-01-01'), (2, 'b', '2024-01-01'), (3, 'c', '2024-01-01')");
      const node = snap(config);
      const rebuilt = rebuilding(other);
      await runSnapshot(node, wh);
      await runSnapshot(node, rebuilt);
      for (const sql of changes) {
        await wh.exec(sql);
        await other.exec(sql);
        const merged = await runSnapshot(node, wh);
        const swapped = await runSnapshot(node, rebuilt);
        expect(swapped.rowsAffected).toBe(merged.rowsAffected);
        expect(await all(rebuilt, cols)).toEqual(await all(wh, cols));
      }
      // Nothing left beside the snapshot: no staging or temporary table.
      expect([...(await other.listRelations()).keys()].sort()).toEqual(["main.src", "snaps.s"]);
      // A run that fails leaves the snapshot as it was, and nothing beside it.
      const before = await all(rebuilt, "*");
      // (grade, an INTEGER in the snapshot, now text that is no number: the new versions cannot be written.)
      await other.exec("create or replace table src as select id, name || '!' as name, ts + interval 1 day as ts, 'x' || grade as grade from src");
      await expect(runSnapshot(node, rebuilt)).rejects.toBeInstanceOf(DatabaseError);
      expect(await all(rebuilt, "*")).toEqual(before);
      expect([...(await other.listRelations()).keys()].sort()).toEqual(["main.src", "snaps.s"]);
    } finally {
      await other.close();
    }
  });
});
