// Snapshots on a real in-memory DuckDB: a source changes between runs and the snapshot table keeps
// each version, closes changed and deleted rows, and (new_record) records deletions as rows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
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
