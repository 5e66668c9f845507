import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import type { GenericTestDecl } from "../../../src/project/types.js";
import { compileTests } from "../../../src/testing/compile-tests.js";
import { runDataTest } from "../../../src/testing/run-data-test.js";
import { column, compiledModels, decl, miniRenderer, model, project } from "./helpers.js";

let wh: DuckDBAdapter;
beforeAll(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  await wh.exec(`
    create table good as select * from (values (1, 'placed', 10, 0.0), (2, 'shipped', 11, 100.0), (3, 'placed', 10, 50.0)) t(id, status, customer_id, amount);
    create table bad as select * from (values (1, 'placed', 10, 150.0), (1, 'placed', 99, -1.0), (null, 'lost', 11, 50.0), (2, 'placed', 10, 50.0)) t(id, status, customer_id, amount);
    create table customers as select * from (values (10), (11)) t(id);
    create table nothing as select * from good where false;
  `);
});
afterAll(() => wh.close());

/** Compiles one declaration against `table` and runs it. */
async function run(table: string, d: GenericTestDecl, col?: string) {
  const m = model(table, col ? [column(col, d)] : [], col ? [] : [d]);
  const p = project({ models: [m, model("customers")] });
  const [test] = await compileTests(p, compiledModels(p), miniRenderer(p));
  expect(test).toBeDefined();
  return { test: test!, result: await runDataTest(test!, wh) };
}

const CASES: [string, string | undefined, GenericTestDecl, number][] = [
  ["unique", "id", decl("unique"), 1],
  ["not_null", "id", decl("not_null"), 1],
  ["accepted_values", "status", decl("accepted_values", { values: ["placed", "shipped"] }), 1],
  ["accepted_values quote: false", "customer_id", decl("accepted_values", { values: [10, 11], quote: false }), 1],
  ["relationships", "customer_id", decl("relationships", { to: "ref('customers')", field: "id" }), 1],
  ["expression_is_true (model)", undefined, decl("expression_is_true", { expression: "amount >= 0" }), 1],
  ["dbt_utils.expression_is_true (column)", "amount", decl("dbt_utils.expression_is_true", { expression: ">= 0" }), 1],
  ["accepted_range", "amount", decl("accepted_range", { min_value: 0, max_value: 100 }), 2],
  ["dbt_utils.unique_combination_of_columns", undefined, decl("dbt_utils.unique_combination_of_columns", { combination_of_columns: ["id", "status"] }), 1],
  ["row_count", undefined, decl("row_count", { min_value: 3, max_value: 3 }), 1],
  ["expect_table_row_count_to_be_between", undefined, decl("dbt_expectations.expect_table_row_count_to_be_between", { max_value: 3 }), 1],
];

describe("built-in generic tests", () => {
  it.each(CASES)("%s passes on good rows", async (_n, col, d) => {
    const { result } = await run("good", d, col);
    expect(result).toMatchObject({ status: "pass", failures: 0 });
    expect(result.sampleRows).toBeUndefined();
  });

  it.each(CASES)("%s fails on bad rows", async (_n, col, d, failures) => {
    const { result } = await run("bad", d, col);
    expect(result).toMatchObject({ status: "fail", failures });
    expect(result.sampleRows).toHaveLength(failures);
    expect(result.message).toContain("bad");
  });

  it("not_empty fails only on an empty relation", async () => {
    expect((await run("good", decl("not_empty"))).result.status).toBe("pass");
    expect((await run("nothing", decl("not_empty"))).result).toMatchObject({ status: "fail", failures: 1 });
  });

  it("accepted_range inclusive: false excludes the bounds", async () => {
    const { result } = await run("good", decl("accepted_range", { min_value: 0, max_value: 100, inclusive: false }), "amount");
    expect(result).toMatchObject({ status: "fail", failures: 2 });
  });

  it("where: filters the relation before testing", async () => {
    const { result, test } = await run("bad", decl("accepted_range", { min_value: 0, max_value: 100 }, { where: "amount between 0 and 100 or customer_id = 10" }), "amount");
    expect(test.sql).toContain("dbt_subquery");
    expect(result).toMatchObject({ status: "fail", failures: 1 });
    expect(result.sampleRows).toEqual([expect.objectContaining({ id: 1, amount: "150.0" })]);
  });

  it("tests an ephemeral model through its SQL, as dbt inlines it", async () => {
    const p = project({ models: [model("eph", [column("id", decl("unique"))])] });
    const [node] = compiledModels(p);
    node!.config = { ...node!.config, materialized: "ephemeral" };
    node!.sql = "select * from bad where id = 1";
    const [test] = await compileTests(p, [node!], miniRenderer(p));
    expect(test!.sql).toContain('from (\nselect * from bad where id = 1\n) as "eph"');
    expect(await runDataTest(test!, wh)).toMatchObject({ status: "fail", failures: 1 });
  });

  it("writes accepted_values' strings as the target engine reads them", async () => {
    await wh.exec(`create or replace table quoted as select * from (values ('it''s'), ('a\\b')) t(status)`);
    const m = model("quoted", [column("status", decl("accepted_values", { values: ["it's", "a\\b"] }))]);
    const duck = project({ models: [m] });
    const [onDuck] = await compileTests(duck, compiledModels(duck), miniRenderer(duck));
    expect(onDuck!.sql).toContain(`'it''s', 'a\\b'`);
    expect(await runDataTest(onDuck!, wh)).toMatchObject({ status: "pass", failures: 0 });
    // Spark reads 'it''s' as two adjacent literals ("its"): it escapes with backslashes.
    const spark = { ...duck, target: { ...duck.target!, type: "spark" } } as typeof duck;
    const [onSpark] = await compileTests(spark, compiledModels(spark), miniRenderer(spark));
    expect(onSpark!.sql).toContain(`'it\\'s', 'a\\\\b'`);
  });

  it("names tests like dbt and records what they depend on", async () => {
    const { test } = await run("bad", decl("relationships", { to: "ref('customers')", field: "id" }), "customer_id");
    expect(test.name).toBe("relationships_bad_customer_id__id__ref_customers_");
    expect(test.id).toBe("test.qe.relationships_bad_customer_id__id__ref_customers_.d27bf7738b");
    expect(test).toMatchObject({ kind: "generic_test", attachedTo: "model.qe.bad", columnName: "customer_id", path: "models/_schema.yml" });
    expect(test.dependsOn).toEqual(["model.qe.bad", "model.qe.customers"]);
    const av = await run("good", decl("accepted_values", { values: ["placed", "shipped"] }), "status");
    expect(av.test.name).toBe("accepted_values_good_status__placed__shipped");
  });
});
