import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { nodeId } from "../../../src/project/types.js";
import { compileTests } from "../../../src/testing/compile-tests.js";
import { runDataTest } from "../../../src/testing/run-data-test.js";
import { column, compiledModels, decl, miniRenderer, model, project } from "./helpers.js";

const IS_PERCENT = `
{% test is_percent(model, column_name, allow_null=false) %}
select * from {{ model }}
where {{ column_name }} not between 0 and 1
{% if not allow_null %} or {{ column_name }} is null {% endif %}
{% endtest %}`;

let wh: DuckDBAdapter;
beforeAll(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  await wh.exec("create table rates as select * from (values ('A', 0.5), ('B', 1.5), ('C', null)) t(module, pass_rate)");
});
afterAll(() => wh.close());

describe("custom generic tests", () => {
  it("a {% test %} block is usable from YAML with kwargs, and where: applies", async () => {
    const p = project({
      macros: [IS_PERCENT],
      models: [model("rates", [column("pass_rate", decl("is_percent"), decl("is_percent", { allow_null: true }, { where: "module <> 'B'" }))])],
    });
    const tests = await compileTests(p, compiledModels(p), miniRenderer(p));
    expect(tests.map((t) => t.name)).toEqual(["is_percent_rates_pass_rate", "is_percent_rates_True__pass_rate"]);
    expect(tests[0]!.sql).toContain(`from "main"."rates"`);
    expect((await runDataTest(tests[0]!, wh)).failures).toBe(2);
    expect((await runDataTest(tests[1]!, wh)).status).toBe("pass");
  });

  it("a project test overrides a built-in of the same name, as in dbt", async () => {
    const p = project({
      macros: [`{% test not_null(model, column_name) %}select 'overridden' as why from {{ model }} limit 1{% endtest %}`],
      models: [model("rates", [column("module", decl("not_null"))])],
    });
    const [t] = await compileTests(p, compiledModels(p), miniRenderer(p));
    expect((await runDataTest(t!, wh)).sampleRows).toEqual([{ why: "overridden" }]);
  });
});

describe("singular tests", () => {
  it("compile through the renderer, depend on their refs and honour config()", async () => {
    const p = project({
      models: [model("rates")],
      singularTests: [{
        kind: "singular_test",
        id: nodeId("test.qe.rates_in_range"),
        name: "rates_in_range",
        path: "tests/data/rates_in_range.sql",
        rawSql: "select * from {{ ref('rates') }} where pass_rate > 1;\n",
        config: { severity: "warn", warnIf: "!=0", errorIf: "!=0", enabled: true, tags: ["kpi"] },
      }],
    });
    const [t] = await compileTests(p, compiledModels(p), miniRenderer(p));
    expect(t).toMatchObject({ id: "test.qe.rates_in_range", kind: "singular_test", dependsOn: ["model.qe.rates"], attachedTo: "model.qe.rates", attachedName: "rates" });
    expect(t!.config.tags).toEqual(["kpi"]);
    const r = await runDataTest(t!, wh);
    expect(r).toMatchObject({ status: "warn", failures: 1 });
  });
});
