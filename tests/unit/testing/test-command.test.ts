// `qe test` end to end on the shop fixture: seed, run, then test against the built warehouse.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../../src/cli/commands/run.js";
import { seedCommand } from "../../../src/cli/commands/seed.js";
import { testCommand } from "../../../src/cli/commands/test.js";
import { main } from "../../../src/cli/main.js";
import type { CommandContext } from "../../../src/cli/context.js";
import { TextReporter } from "../../../src/cli/reporter.js";
import { UsageError } from "../../../src/core/errors.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { findAll, parseXml } from "./xml-check.js";

const FIXTURE = join(import.meta.dirname, "../../fixtures/shop");

function context(dir: string): { ctx: CommandContext; log: () => string } {
  let text = "";
  const out = { write: (s: string) => (text += s) };
  let t = 0;
  return { ctx: { reporter: new TextReporter(out, out, false), env: {}, now: () => (t += 1), cwd: dir }, log: () => text };
}

const UNIT_YML = `
unit_tests:
  - name: drops_old_orders
    model: stg_orders
    given:
      - input: ref('raw_orders')
        rows:
          - {id: 1, customer_id: 7, order_date: "2023-12-31", status: placed}
          - {id: 2, customer_id: 7, order_date: "2024-02-01", status: shipped}
    expect:
      rows:
        - {order_id: 2, status: shipped}
  - name: csv_wrong_on_purpose
    model: stg_orders
    given:
      - input: ref('raw_orders')
        format: csv
        rows: |
          id,customer_id,order_date,status
          3,8,2024-03-01,placed
    expect:
      rows:
        - {order_id: 4, status: placed}
`;

const argsFor = (dir: string, extra: Record<string, unknown> = {}) =>
  ({ "project-dir": dir, select: [], exclude: [], "log-format": "text", "store-failures": false, _: [], $0: "qe", ...extra }) as never;

describe("qe test on the shop fixture", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "qe-shop-test-"));
    cpSync(FIXTURE, dir, { recursive: true });
    const { ctx } = context(dir);
    await seedCommand.run(argsFor(dir), ctx);
    const built = await runCommand.run(argsFor(dir), ctx);
    expect(built.results.filter((r) => r.status === "error")).toEqual([]);
  });

  it("runs every data test, writes run_results.json, compiled SQL and JUnit", async () => {
    const { ctx, log } = context(dir);
    const { results } = await testCommand.run(argsFor(dir, { junit: "target/junit.xml" }), ctx);
    const data = results.filter((r) => r.kind === "generic_test" || r.kind === "singular_test");
    expect(data.length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status === "error" || r.status === "fail")).toEqual([]);
    expect(results.map((r) => r.name)).toContain("relationships_stg_orders_customer_id__customer_id__ref_stg_customers_");
    const runResults = JSON.parse(readFileSync(join(dir, "target/run_results.json"), "utf8"));
    expect(runResults.results).toHaveLength(results.length);
    expect(existsSync(join(dir, "target/compiled/shop/models/staging/_staging.yml/unique_stg_orders_order_id.sql"))).toBe(true);
    const doc = parseXml(readFileSync(join(dir, "target/junit.xml"), "utf8"));
    expect(findAll(findAll(doc, "testsuite")[0]!, "testcase")).toHaveLength(data.length);
    expect(log()).toContain("PASS generic_test unique_stg_orders_order_id");
  });

  it("--select runs only the tests of the selected models", async () => {
    const { ctx } = context(dir);
    const { results } = await testCommand.run(argsFor(dir, { select: ["stg_payments"] }), ctx);
    expect(results.map((r) => r.name).sort()).toEqual(["accepted_values_stg_payments_payment_method__card__bank_transfer__voucher__gift_card", "not_null_stg_payments_payment_id", "unique_stg_payments_payment_id"]);
  });

  it("a broken model makes a test fail with the model, the count and sample rows; --store-failures keeps them", async () => {
    const wh = await DuckDBAdapter.open(join(dir, "target/shop.duckdb"));
    const [{ schema }] = await wh.all<{ schema: string }>("select table_schema as schema from information_schema.tables where table_name = 'customers'");
    await wh.exec(`insert into "${schema}"."customers" select * from "${schema}"."customers" limit 2`);
    wh.close();
    const { ctx, log } = context(dir);
    const { results } = await testCommand.run(argsFor(dir, { select: ["customers"], "store-failures": true }), ctx);
    const unique = results.find((r) => r.name === "unique_customers_customer_id")!;
    expect(unique).toMatchObject({ status: "fail", failures: 2 });
    expect(unique.sampleRows).toHaveLength(2);
    expect(log()).toMatch(/FAIL generic_test unique_customers_customer_id .*2 failing rows/);
    expect(log()).toContain("unique_field | n_records");
    const check = await DuckDBAdapter.open(join(dir, "target/shop.duckdb"));
    expect((await check.all("select * from dbt_test__audit.unique_customers_customer_id")).length).toBe(2);
    check.close();
  });

  it("runs unit tests on fixtures only, with a row diff on mismatch (dict and csv rows)", async () => {
    writeFileSync(join(dir, "models/staging/_unit.yml"), UNIT_YML);
    const { ctx, log } = context(dir);
    const { results } = await testCommand.run(argsFor(dir, { select: ["stg_orders"], junit: "target/junit.xml" }), ctx);
    const unit = results.filter((r) => r.kind === "unit_test");
    expect(unit.map((r) => [r.name, r.status])).toEqual([["drops_old_orders", "pass"], ["csv_wrong_on_purpose", "fail"]]);
    expect(unit[1]!.message).toContain('+ {order_id: 4, status: "placed"}\n- {order_id: 3, status: "placed"}');
    expect(log()).toContain("FAIL unit_test csv_wrong_on_purpose");
    const suites = findAll(parseXml(readFileSync(join(dir, "target/junit.xml"), "utf8")), "testsuite");
    expect(suites.map((s) => [s.attrs["name"], s.attrs["tests"]])).toEqual([["data tests", "4"], ["unit tests", "2"]]);
  });

  it("a declared column the model does not produce stops the run with exit 2 before any test runs", async () => {
    const yml = join(dir, "models/marts/_marts.yml");
    const original = readFileSync(yml, "utf8");
    const anchor = "      - name: customer_id\n        data_tests: [unique, not_null]\n";
    expect(original).toContain(anchor);
    writeFileSync(yml, original.replace(anchor, anchor + "      - name: loyalty_tier\n        data_tests: [not_null]\n"));
    const before = readFileSync(join(dir, "target/run_results.json"), "utf8");
    const { ctx, log } = context(dir);
    expect(await main(["test", "--project-dir", dir, "-s", "customers"], ctx.reporter, ctx)).toBe(2);
    expect(log()).toMatch(/models\/marts\/_marts\.yml:\d+: error\[test-column-missing\]: test not_null_customers_loyalty_tier: column 'loyalty_tier' is not in model customers as built/);
    expect(log()).not.toMatch(/PASS|FAIL/);
    expect(readFileSync(join(dir, "target/run_results.json"), "utf8")).toBe(before);
    writeFileSync(yml, original);
  });

  it("through the CLI: exit 1 on a failing test, exit 2 on a bad declaration with nothing written", async () => {
    const { ctx, log } = context(dir);
    expect(await main(["test", "--project-dir", dir, "-s", "customers"], ctx.reporter, ctx)).toBe(1);
    expect(log()).toContain("FAIL generic_test unique_customers_customer_id");
    const yml = join(dir, "models/marts/_marts.yml");
    writeFileSync(yml, readFileSync(yml, "utf8").replace("data_tests: [unique, not_null]", "data_tests: [unique, not_nul]"));
    const before = readFileSync(join(dir, "target/run_results.json"), "utf8");
    const bad = context(dir);
    expect(await main(["test", "--project-dir", dir], bad.ctx.reporter, bad.ctx)).toBe(2);
    expect(bad.log()).toMatch(/models\/marts\/_marts\.yml:\d+: error\[unknown-test\]: unknown test 'not_nul' \(test not_nul on model orders, column order_id\) \(did you mean 'not_null'\?\)/);
    expect(readFileSync(join(dir, "target/run_results.json"), "utf8")).toBe(before);
  });

  it("refuses to run without a built warehouse", async () => {
    const empty = mkdtempSync(join(tmpdir(), "qe-shop-empty-"));
    cpSync(FIXTURE, empty, { recursive: true });
    const { ctx } = context(empty);
    await expect(testCommand.run(argsFor(empty), ctx)).rejects.toThrow(UsageError);
    expect(existsSync(join(empty, "target/shop.duckdb"))).toBe(false);
  });
});
