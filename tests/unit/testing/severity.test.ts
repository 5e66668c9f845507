import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import type { GenericTestDecl } from "../../../src/project/types.js";
import { compileTests } from "../../../src/testing/compile-tests.js";
import { runDataTest } from "../../../src/testing/run-data-test.js";
import { parseCondition, testStatus } from "../../../src/testing/thresholds.js";
import { AUDIT_SCHEMA } from "../../../src/testing/types.js";
import { column, compiledModels, decl, miniRenderer, model, project } from "./helpers.js";

describe("thresholds", () => {
  it.each([
    ["!=0", 0, false], ["!=0", 3, true], [">10", 10, false], [">10", 11, true], [">=5", 5, true],
    ["=0", 0, true], ["<2", 1, true], ["<=2", 3, false], ["<>1", 1, false],
  ] as const)("%s with %i failures → %s", (cond, n, hit) => {
    expect(parseCondition(cond)!(n)).toBe(hit);
  });

  it("rejects text that is not a condition", async () => {
    expect(parseCondition("more than 10")).toBeUndefined();
  });

  it("follows dbt: error_if decides fail, warn_if decides warn, severity warn never fails", async () => {
    const cfg = { severity: "error" as const, warnIf: ">0", errorIf: ">10" };
    expect(testStatus(0, cfg)).toBe("pass");
    expect(testStatus(5, cfg)).toBe("warn");
    expect(testStatus(11, cfg)).toBe("fail");
    expect(testStatus(11, { ...cfg, severity: "warn" })).toBe("warn");
    expect(testStatus(0, { severity: "warn", warnIf: "!=0", errorIf: "!=0" })).toBe("pass");
  });
});

describe("running with severity, thresholds, limit and store_failures", () => {
  let wh: DuckDBAdapter;
  beforeAll(async () => {
    wh = await DuckDBAdapter.open(":memory:");
    // 12 rows, ids 1..6 each twice, so `unique` on id reports 6 groups.
    await wh.exec("create table dupes as select (i % 6) + 1 as id, i as seq from range(12) t(i)");
  });
  afterAll(() => wh.close());

  async function run(d: GenericTestDecl, opts = {}) {
    const p = project({ models: [model("dupes", [column("id", d), column("seq")])] });
    const [test] = await compileTests(p, compiledModels(p), miniRenderer(p));
    return { test: test!, result: await runDataTest(test!, wh, opts) };
  }

  it("severity warn turns a failure into a warning", async () => {
    const { result } = await run(decl("unique", {}, { severity: "warn" }));
    expect(result).toMatchObject({ status: "warn", failures: 6 });
    expect(result.message).toMatch(/Got 6 failing rows in dupes\.id .*warn if !=0/);
  });

  it("error_if >10 and warn_if >5 grade by count", async () => {
    expect((await run(decl("unique", {}, { errorIf: ">10", warnIf: ">5" }))).result.status).toBe("warn");
    expect((await run(decl("unique", {}, { errorIf: ">5" }))).result.status).toBe("fail");
    expect((await run(decl("unique", {}, { errorIf: ">6", warnIf: ">6" }))).result.status).toBe("pass");
  });

  it("limit caps the count and the samples, as dbt does", async () => {
    const { result } = await run(decl("unique", {}, { limit: 2 }));
    expect(result).toMatchObject({ status: "fail", failures: 2 });
    expect(result.sampleRows).toHaveLength(2);
  });

  it("shows at most 5 sorted sample rows by default", async () => {
    const { result } = await run(decl("unique"));
    expect(result.sampleRows).toHaveLength(5);
    expect(result.sampleRows![0]).toEqual({ unique_field: "1", n_records: "2" });
  });

  it("store_failures writes every failing row to the audit schema, replacing the last run", async () => {
    const { test, result } = await run(decl("unique", {}, { storeFailures: true }));
    expect(result.failures).toBe(6);
    expect(test.relation).toEqual({ schema: AUDIT_SCHEMA, name: "unique_dupes_id" });
    const count = async () => (await wh.all<{ n: bigint }>(`select count(*) as n from ${AUDIT_SCHEMA}.unique_dupes_id`))[0]!.n;
    expect(await count()).toBe(6n);
    await wh.exec("delete from dupes where id > 2");
    await run(decl("unique"), { storeFailures: true }); // the CLI flag stores too
    expect(await count()).toBe(2n);
  });

  it("a relation that was never built is an error with a hint to build it", async () => {
    const p = project({ models: [model("not_built", [column("id", decl("unique"))])] });
    const [test] = await compileTests(p, compiledModels(p), miniRenderer(p));
    const result = await runDataTest(test!, wh);
    expect(result).toMatchObject({ status: "error", error: { code: "database", hint: "build it first: qe run -s not_built" } });
    expect(result.message).toMatch(/^test unique_not_built_id: .*not_built does not exist/s);
  });

  it("a column missing at run time names the YAML file, the model and the column", async () => {
    const p = project({ models: [model("dupes", [], [decl("not_null", { column_name: "student_id" })])] });
    const [test] = await compileTests(p, compiledModels(p), miniRenderer(p));
    const result = await runDataTest(test!, wh);
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ code: "test-column-missing", loc: { file: "models/_schema.yml", line: 3 } });
    expect(result.message).toContain('column "student_id" not found in model dupes');
  });
});
