import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DatabaseError } from "../../../src/core/errors.js";
import type { RunEvent } from "../../../src/core/results.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { execute, type ExecuteOptions } from "../../../src/execute/index.js";
import { buildGraph } from "../../../src/graph/index.js";
import { link, node } from "../graph/fixtures.js";

let wh: DuckDBAdapter;
beforeEach(async () => {
  wh = await DuckDBAdapter.open(":memory:");
});
afterEach(() => wh.close());

const opts: ExecuteOptions = { failFast: false, fullRefresh: false, compiledPathOf: (n) => `target/compiled/${n.path}` };

// a → b → c, a → t (test on a), and an independent x → y; b is broken.
function brokenGraph() {
  return buildGraph(
    link([
      node("a", { sql: "select 1 as id", config: { materialized: "table" } }),
      node("b", { sql: "select nope from a", deps: ["a"] }),
      node("c", { sql: "select * from b", deps: ["b"] }),
      node("t_b", { kind: "generic_test", sql: "select * from b where false", deps: ["b"] }),
      node("x", { sql: "select 2 as id", config: { materialized: "table" } }),
      node("y", { sql: "select * from x", deps: ["x"] }),
    ]),
  );
}

const passTest: ExecuteOptions["runners"] = { generic_test: async (n) => ({ id: n.id, name: n.name, kind: n.kind, status: "pass" }) };

describe("execute", () => {
  it("skips downstream of a failure, naming it, and still runs independent branches", async () => {
    const g = brokenGraph();
    const events: RunEvent[] = [];
    const results = await execute(g, g.order, wh, { ...opts, runners: passTest }, (e) => events.push(e));
    const status = Object.fromEntries(results.map((r) => [r.name, r.status]));
    expect(status).toEqual({ a: "success", b: "error", c: "skipped", t_b: "skipped", x: "success", y: "success" });
    expect(results.find((r) => r.name === "c")!.message).toBe("skipped: upstream b failed");
    const err = results.find((r) => r.name === "b")!;
    expect(err.error).toBeInstanceOf(DatabaseError);
    expect(err.compiledPath).toBe("target/compiled/models/b.sql");
    expect(events.filter((e) => e.type === "start").length).toBe(4);
    expect(events.filter((e) => e.type === "done").length).toBe(6);
  });

  it("stops everything after the first failure with failFast", async () => {
    const g = brokenGraph();
    const results = await execute(g, g.order, wh, { ...opts, failFast: true }, () => {});
    const status = Object.fromEntries(results.map((r) => [r.name, r.status]));
    expect(status).toEqual({ a: "success", b: "error", c: "skipped", t_b: "skipped", x: "skipped", y: "skipped" });
    expect(results.find((r) => r.name === "x")!.message).toBe("skipped: --fail-fast after b failed");
  });

  it("skips models downstream of a failing test, but not the tested model's other tests", async () => {
    const g = buildGraph(
      link([
        node("a", { sql: "select 1 as id" }),
        node("t1", { kind: "generic_test", deps: ["a"] }),
        node("t2", { kind: "generic_test", deps: ["a"] }),
        node("b", { sql: "select * from a", deps: ["a"] }),
      ]),
    );
    const runners: ExecuteOptions["runners"] = {
      generic_test: async (n) => ({ id: n.id, name: n.name, kind: n.kind, status: n.name === "t1" ? "fail" : "pass" }),
    };
    const results = await execute(g, g.order, wh, { ...opts, runners }, () => {});
    expect(Object.fromEntries(results.map((r) => [r.name, r.status]))).toEqual({ a: "success", t1: "fail", t2: "pass", b: "skipped" });
  });

  it("a failing relationships test blocks only its own model's downstream, never the target's", async () => {
    // t_rel is declared on a and reads z (relationships to z); z's child w must still run.
    const g = buildGraph(
      link([
        node("a", { sql: "select 1 as id" }),
        node("z", { sql: "select 1 as id" }),
        node("t_rel", { kind: "generic_test", deps: ["a", "z"] }),
        node("b", { sql: "select * from a", deps: ["a"] }),
        node("w", { sql: "select * from z", deps: ["z"] }),
      ]),
    );
    const runners: ExecuteOptions["runners"] = { generic_test: async (n) => ({ id: n.id, name: n.name, kind: n.kind, status: "fail" }) };
    const results = await execute(g, g.order, wh, { ...opts, runners }, () => {});
    expect(Object.fromEntries(results.map((r) => [r.name, r.status]))).toEqual({ a: "success", z: "success", t_rel: "fail", b: "skipped", w: "success" });
  });

  it("with only tests in the run (qe test), one failing test skips no other test", async () => {
    const g = buildGraph(
      link([
        node("a", { sql: "select 1 as id" }),
        node("b", { sql: "select * from a", deps: ["a"] }),
        node("t_a", { kind: "generic_test", deps: ["a"] }),
        node("t_b", { kind: "generic_test", deps: ["b"] }),
      ]),
    );
    const tests = g.order.filter((id) => id.includes(".t_"));
    const runners: ExecuteOptions["runners"] = {
      generic_test: async (n) => ({ id: n.id, name: n.name, kind: n.kind, status: n.name === "t_a" ? "fail" : "pass" }),
    };
    const events: RunEvent[] = [];
    const results = await execute(g, tests, wh, { ...opts, runners }, (e) => events.push(e));
    expect(Object.fromEntries(results.map((r) => [r.name, r.status]))).toEqual({ t_a: "fail", t_b: "pass" });
    // Numbered 1..N like dbt's log.
    expect(events.filter((e) => e.type === "done").map((e) => (e as { index: number }).index)).toEqual([1, 2]);
  });

  it("runs only the selected ids, in graph order", async () => {
    const g = brokenGraph();
    const ids = [g.order.find((id) => id.endsWith(".y"))!, g.order.find((id) => id.endsWith(".x"))!];
    const results = await execute(g, ids, wh, opts, () => {});
    expect(results.map((r) => r.name)).toEqual(["x", "y"]);
  });

  it("reports a missing source table", async () => {
    const g = buildGraph(link([node("raw.students", { kind: "source" })]));
    const [r] = await execute(g, g.order, wh, opts, () => {});
    expect(r!.status).toBe("error");
    expect(r!.error!.code).toBe("source-missing");
  });
});

describe("SQL error source-line mapping", () => {
  it("maps DuckDB's LINE n through sourceLines to the template line", async () => {
    // Compiled lines 1-4 came from template lines 1, 2, 5, 6 (a {% for %} block collapsed).
    const sql = ["select", "  1 as a,", "  missing_col as b", "from range(3)"].join("\n");
    const g = buildGraph(link([node("m", { sql, path: "models/marts/m.sql", sourceLines: [1, 2, 5, 6], config: { materialized: "table" } })]));
    const [r] = await execute(g, g.order, wh, opts, () => {});
    const e = r!.error as DatabaseError;
    expect(e).toBeInstanceOf(DatabaseError);
    expect(e.loc).toEqual({ file: "models/marts/m.sql", line: 5 });
    expect(e.message).toContain("model m failed");
    expect(e.message).toContain("missing_col");
    expect(e.hint).toBe("compiled SQL: target/compiled/models/marts/m.sql");
    expect(e.node).toBe("model.proj.m");
  });

  it("maps a parser error in a view the same way", async () => {
    const sql = "select 1\nfrom range(2)\nwhere where";
    const g = buildGraph(link([node("v", { sql, sourceLines: [3, 4, 9] })]));
    const [r] = await execute(g, g.order, wh, opts, () => {});
    expect(r!.error!.loc).toEqual({ file: "models/v.sql", line: 9 });
  });
});
