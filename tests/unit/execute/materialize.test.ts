import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { DatabaseError } from "../../../src/core/errors.js";
import { planModel, relationKind, runModel } from "../../../src/execute/index.js";
import { node } from "../graph/fixtures.js";

let wh: DuckDBAdapter;
beforeEach(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  await wh.exec("create table main.src as select range as id, 'v' || range as v from range(5)");
});
afterEach(() => wh.close());

const opts = { fullRefresh: false };
const count = async (rel: string): Promise<number> => Number((await wh.all<{ n: bigint }>(`select count(*) as n from ${rel}`))[0]!.n);

describe("planModel", () => {
  it("plans a table as build-under-temp-name then drop+rename in one transaction", () => {
    const plan = planModel(node("m", { sql: "select 1 as x", schema: "marts", config: { materialized: "table", postHook: ["select 42"] } }), "view", false);
    expect(plan.build.map((s) => s.sql)).toEqual(['create or replace table "marts"."m__qe_tmp" as (\nselect 1 as x\n)']);
    expect(plan.commit.map((s) => s.sql)).toEqual(['drop view "marts"."m"', 'alter table "marts"."m__qe_tmp" rename to "m"', "select 42"]);
  });

  it("drops a trailing semicolon so the query can be wrapped", () => {
    const plan = planModel(node("m", { sql: "select 1 as x;\n", config: { materialized: "table" } }), undefined, false);
    expect(plan.build[0]!.sql).toBe('create or replace table "main"."m__qe_tmp" as (\nselect 1 as x\n)');
  });

  it("plans a keyed incremental as stage, delete matching keys, insert", () => {
    const plan = planModel(node("m", { config: { materialized: "incremental", uniqueKey: ["id", "term"] } }), "table", false);
    expect(plan.commit[0]!.sql).toBe(
      'delete from "main"."m" using "temp"."main__m__qe_new" where "m"."id" = "main__m__qe_new"."id" and "m"."term" = "main__m__qe_new"."term"',
    );
  });

  it("rebuilds an incremental on full refresh or when no table exists", () => {
    const n = node("m", { config: { materialized: "incremental" } });
    expect(planModel(n, "table", true).build[0]!.sql).toContain("create or replace table");
    expect(planModel(n, undefined, false).build[0]!.sql).toContain("create or replace table");
    expect(planModel(n, "table", false).commit[0]!.sql).toContain('insert into "main"."m" by name');
  });
});

describe("runModel", () => {
  it("creates a view in its schema and replaces a table of the same name", async () => {
    await wh.exec("create schema s; create table s.m as select 1 as old");
    const r = await runModel(node("m", { schema: "s", sql: "select id from main.src" }), wh, opts);
    expect(r.status).toBe("success");
    expect(await relationKind(wh, { schema: "s", name: "m" })).toBe("view");
    expect(await count("s.m")).toBe(5);
  });

  it("creates a table with rowsAffected, replacing a view of the same name", async () => {
    await wh.exec("create view main.m as select 1 as old");
    const r = await runModel(node("m", { sql: "select * from main.src where id < 3", config: { materialized: "table" } }), wh, opts);
    expect(r.rowsAffected).toBe(3);
    expect(await relationKind(wh, { schema: "main", name: "m" })).toBe("table");
    expect(await relationKind(wh, { schema: "main", name: "m__qe_tmp" })).toBeUndefined();
  });

  it("leaves the previous table readable when a rebuild fails", async () => {
    const good = node("m", { sql: "select * from main.src", config: { materialized: "table" } });
    await runModel(good, wh, opts);
    const bad = node("m", { sql: "select nope from main.src", config: { materialized: "table" } });
    await expect(runModel(bad, wh, opts)).rejects.toBeInstanceOf(DatabaseError);
    expect(await count("main.m")).toBe(5);
    expect(await relationKind(wh, { schema: "main", name: "m__qe_tmp" })).toBeUndefined();
  });

  it("rolls the swap back when a post-hook fails", async () => {
    await runModel(node("m", { sql: "select 1 as x", config: { materialized: "table" } }), wh, opts);
    const n = node("m", { sql: "select * from main.src", config: { materialized: "table", postHook: ["select * from no_such_table"] } });
    const e = await runModel(n, wh, opts).catch((x: DatabaseError) => x);
    expect(e).toBeInstanceOf(DatabaseError);
    expect((e as DatabaseError).message).toContain("(post-hook)");
    expect(await count("main.m")).toBe(1);
  });

  it("runs pre-hooks before the build", async () => {
    const n = node("m", { sql: "select * from main.hooked", config: { materialized: "table", preHook: ["create or replace table main.hooked as select 7 as x"] } });
    expect((await runModel(n, wh, opts)).rowsAffected).toBe(1);
  });

  it("appends only new rows on a second incremental run, and rebuilds on full refresh", async () => {
    const sql = "select * from main.src where id >= (select coalesce(max(id) + 1, 0) from main.inc where true)";
    const first = node("inc", { sql: "select * from main.src", config: { materialized: "incremental" } });
    expect((await runModel(first, wh, opts)).rowsAffected).toBe(5);
    await wh.exec("insert into main.src select range, 'v' || range from range(5, 8)");
    const second = node("inc", { sql, config: { materialized: "incremental" } });
    const r = await runModel(second, wh, opts);
    expect(r.rowsAffected).toBe(3);
    expect(await count("main.inc")).toBe(8);
    const full = await runModel(first, wh, { fullRefresh: true });
    expect(full.rowsAffected).toBe(8);
    expect(await count("main.inc")).toBe(8);
  });

  it("merges by unique key: changed rows replaced, new rows added, others kept", async () => {
    const n = node("inc", { sql: "select * from main.src", config: { materialized: "incremental", uniqueKey: ["id"] } });
    await runModel(n, wh, opts);
    await wh.exec("update main.src set v = 'changed' where id = 1; insert into main.src values (9, 'new')");
    const delta = node("inc", { sql: "select * from main.src where id in (1, 9)", config: { materialized: "incremental", uniqueKey: ["id"] } });
    const r = await runModel(delta, wh, opts);
    expect(r.rowsAffected).toBe(2);
    const rows = await wh.all<{ id: bigint; v: string }>("select id, v from main.inc order by id");
    expect(rows.map((x) => `${x.id}:${x.v}`)).toEqual(["0:v0", "1:changed", "2:v2", "3:v3", "4:v4", "9:new"]);
    expect(await wh.all("select * from duckdb_tables() where temporary")).toEqual([]);
  });

  it("does nothing for an ephemeral model", async () => {
    const r = await runModel(node("e", { sql: "select nope", config: { materialized: "ephemeral" } }), wh, opts);
    expect(r.status).toBe("success");
    expect(await relationKind(wh, { schema: "main", name: "e" })).toBeUndefined();
  });
});
