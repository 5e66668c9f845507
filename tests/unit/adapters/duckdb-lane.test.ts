// DuckDB lanes: a connection of its own per side-by-side data test, writes through the owner's.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/duckdb-adapter.js";
import { execute } from "../../../src/execute/index.js";
import { buildGraph } from "../../../src/graph/index.js";
import type { CompiledNode } from "../../../src/compile/types.js";
import { nodeId } from "../../../src/project/types.js";
import { createTestRunner } from "../../../src/testing/index.js";

let wh: DuckDBAdapter | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

describe("DuckDB lanes", () => {
  it("read what the owner committed, on a connection of their own", async () => {
    wh = await DuckDBAdapter.open(join(mkdtempSync(join(tmpdir(), "qe-lane-")), "w.duckdb"), { threads: 3 });
    expect(wh.concurrentQueries).toBe(3);
    await wh.exec("create table t as select 1 as n");
    const lane = await wh.lane();
    try {
      expect(await lane.all("select n from t")).toEqual([{ n: 1 }]);
      // A connection setting of the owner does not reach the lane: it is another connection.
      await wh.exec("create schema other; create table other.t as select 9 as n; set search_path = 'other'");
      expect(await wh.all("select n from t")).toEqual([{ n: 9 }]);
      expect(await lane.all("select n from t")).toEqual([{ n: 1 }]);
    } finally {
      await lane.close();
    }
    // Closing a lane leaves the owner open.
    expect(await wh.all("select n from main.t")).toEqual([{ n: 1 }]);
  });

  it("write through the owner's connection", async () => {
    wh = await DuckDBAdapter.open(":memory:", { threads: 2, catalog: "qe" });
    const lane = await wh.lane();
    try {
      await wh.exec("begin transaction");
      await lane.exec("create table made_by_lane as select 2 as n");
      // Inside the owner's open transaction: the lane's write was the owner's, so it rolls back with it.
      await wh.exec("rollback");
      await expect(wh.all("select * from made_by_lane")).rejects.toThrow(/made_by_lane/);
      // The lane works in the owner's catalog, as compiled SQL expects.
      await lane.exec("create table qe.main.kept as select 3 as n");
      expect(await lane.all("select n from kept")).toEqual([{ n: 3 }]);
    } finally {
      await lane.close();
    }
  });

  it("let tests that store failures run side by side, with the same results as one at a time", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qe-lanes-"));
    const model: CompiledNode = {
      id: nodeId("model.p.m"), name: "m", kind: "model", path: "models/m.sql", sql: "select range as i from range(1000)",
      relation: { schema: "main", name: "m" }, dependsOn: [], config: { materialized: "table" },
    } as unknown as CompiledNode;
    const tests = Array.from({ length: 12 }, (_, k) => ({
      id: nodeId(`test.p.t${k}`), name: `t${k}`, kind: "singular_test", path: `tests/t${k}.sql`,
      sql: `select i from "w"."main"."m" where i % 100 < ${k}`, relation: { schema: "audit", name: `t${k}` }, dependsOn: [model.id],
      config: {}, testConfig: { severity: "error", errorIf: "!=0", warnIf: "!=0", storeFailures: true },
    })) as unknown as CompiledNode[];
    const graph = buildGraph([model, ...tests]);
    const ids = tests.map((t) => t.id);
    const run = async (threads: number) => {
      const w = await DuckDBAdapter.open(join(dir, "w.duckdb"), { threads });
      try {
        await w.exec(`create or replace table main.m as ${model.sql}; drop schema if exists audit cascade`);
        const opts = { failFast: false, fullRefresh: false, runners: { singular_test: createTestRunner() }, testConcurrency: w.concurrentQueries };
        const results = await execute(graph, ids, w, opts, () => undefined);
        const stored = await w.all("select table_name, estimated_size from duckdb_tables() where schema_name = 'audit' order by table_name");
        return { results: results.map((r) => [r.name, r.status, r.failures]), stored };
      } finally {
        await w.close();
      }
    };
    const serial = await run(1);
    const side = await run(4);
    expect(side).toEqual(serial);
    expect(serial.results.filter((r) => r[1] === "fail")).toHaveLength(11);
  });
});
