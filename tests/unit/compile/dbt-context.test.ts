// dbt's context on the engine: the parse pass finds config() by evaluation, schema names come from
// generate_schema_name (dbt's default or the project's), adapter.dispatch searches as dbt-core does,
// run_query and statement reach a real DuckDB only when a template asks, hooks are rendered.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { loadProject } from "../../../src/project/index.js";
import { compileProject, renderRunHooks } from "../../../src/compile/index.js";
import { MacroRegistry } from "../../../src/compile/macro-registry.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { LazyAdapter } from "../../../src/adapters/lazy-adapter.js";
import { ProjectErrors, formatError } from "../../../src/core/errors.js";
import { tempProject } from "../project/temp-project.js";

async function compile(files: Record<string, string>, warehouse?: LazyAdapter) {
  const project = loadProject({ projectDir: tempProject(files) });
  return compileProject(project, { warehouse });
}
async function node(files: Record<string, string>, name = "m", warehouse?: LazyAdapter) {
  return (await compile(files, warehouse)).find((n) => n.name === name)!;
}

describe("config() is found by evaluating the template (dbt's parse pass)", () => {
  it.each([
    ["in a Jinja comment: no effect", "{# {{ config(materialized='table') }} #}\nselect 1", "view"],
    ["under {% if false %}: no effect", "{% if false %}{{ config(materialized='table') }}{% endif %}\nselect 1", "view"],
    ["under {% do %}", "{% do config(materialized='table') %}\nselect 1", "table"],
    ["with a computed value", "{% set m = 'table' %}{{ config(materialized=m) }}\nselect 1", "table"],
    ["guarded by execute (still parsed: execute is false only at parse time)", "{% if not execute %}{{ config(materialized='table') }}{% endif %}select 1", "table"],
  ])("%s", async (_, sql, materialized) => {
    expect((await node({ "models/m.sql": sql })).config.materialized).toBe(materialized);
  });
  it("from a macro the model calls", async () => {
    const n = await node({ "macros/c.sql": "{% macro as_table() %}{{ config(materialized='table', alias='mm') }}{% endmacro %}", "models/m.sql": "{{ as_table() }}select 1" });
    expect(n.config.materialized).toBe("table");
    expect(n.relation).toEqual({ database: "qe", schema: "main", name: "mm" });
  });
  it("config.get reads the final config at execute time", async () => {
    expect((await node({ "models/m.sql": "{{ config(materialized='table') }}select '{{ config.get('materialized') }}', '{{ config.get('nope', 'd') }}'" })).sql).toBe("select 'table', 'd'");
  });
});

describe("schema names, as dbt's generate_schema_name gives them", () => {
  const yml = "name: demo\nconfig-version: 2\nmodels:\n  demo:\n    marts:\n      +schema: marts\n";
  it("a custom schema is <target schema>_<custom> by default", async () => {
    expect((await node({ "dbt_project.yml": yml, "models/marts/m.sql": "select 1" })).relation).toEqual({ database: "qe", schema: "main_marts", name: "m" });
  });
  it("the project's own macro overrides it", async () => {
    const files = { "dbt_project.yml": yml, "models/marts/m.sql": "select 1", "macros/s.sql": "{% macro generate_schema_name(custom, node) %}{{ custom or target.schema }}{% endmacro %}" };
    expect((await node(files)).relation).toEqual({ database: "qe", schema: "marts", name: "m" });
  });
});

describe("adapter.dispatch", () => {
  it("tries <adapter>__name, then default__name", async () => {
    const macros = "{% macro x() %}{{ return(adapter.dispatch('x')()) }}{% endmacro %}{% macro default__x() %}default{% endmacro %}{% macro duckdb__y() %}duck{% endmacro %}{% macro default__y() %}default{% endmacro %}";
    expect((await node({ "macros/d.sql": macros, "models/m.sql": "select '{{ x() }}', '{{ adapter.dispatch('y')() }}'" })).sql).toBe("select 'default', 'duck'");
  });
  it("follows the project's dispatch: search order for a namespace", async () => {
    const files = {
      "dbt_project.yml": "name: demo\nconfig-version: 2\ndispatch:\n  - macro_namespace: lib\n    search_order: [demo, lib]\n",
      "macros/d.sql": "{% macro default__z() %}mine{% endmacro %}",
      "models/m.sql": "select '{{ adapter.dispatch('z', 'lib')() }}'",
    };
    expect((await node(files)).sql).toBe("select 'mine'");
  });
  it("searches packages: a package's own variant, then the root project's override of dbt's", () => {
    const reg = new MacroRegistry("demo", [
      { path: "dbt_packages/lib/macros/a.sql", text: "{% macro default__a() %}lib{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{% macro a() %}A{% endmacro %}", packageName: "lib" },
      { path: "macros/m.sql", text: "{% macro default__now() %}mine{% endmacro %}" },
    ], [{ path: "global_project/macros/now.sql", text: "{% macro default__now() %}dbt{% endmacro %}{% macro generate_schema_name(c, n) %}x{% endmacro %}" }]);
    expect(reg.fromPackage("lib", "default__a")?.file).toBe("dbt_packages/lib/macros/a.sql");
    expect(reg.fromPackage(null, "default__now")?.packageName).toBe("demo");
    expect(reg.fromPackage("dbt", "default__now")?.packageName).toBe("dbt");
    expect(reg.isGlobal("generate_schema_name")).toBe(true);
    expect(reg.fromPackage(null, "default__a")).toBeUndefined(); // a package's macros are namespaced, not global
  });
});

describe("the warehouse, only when a template asks", () => {
  it("run_query, statement + load_result and adapter.get_columns_in_relation read a real DuckDB file", async () => {
    const dir = tempProject({});
    const db = join(dir, "wh.duckdb");
    const setup = await DuckDBAdapter.open(db);
    await setup.execute("create table main.t as select 1 as a, 'x' as b");
    await setup.close();
    const wh = new LazyAdapter(() => DuckDBAdapter.open(db), true);
    try {
      const sql = (await node({
        "models/m.sql": [
          "{% set r = run_query('select count(*) as n from main.t') %}",
          "{% call statement('s', fetch_result=True) %}select max(a) as m from main.t{% endcall %}",
          "{% set cols = adapter.get_columns_in_relation(api.Relation.create(schema='main', identifier='t')) %}",
          "select {{ r.columns[0].values()[0] }} as n, {{ load_result('s').table.rows[0][0] }} as m, '{{ cols | map(attribute='name') | join(',') }}' as c",
        ].join("\n"),
      }, "m", wh)).sql;
      expect(sql.trim()).toBe("select 1 as n, 1 as m, 'a,b' as c");
      expect(wh.used).toBe(true);
    } finally {
      await wh.close();
    }
  });
  it("compile opens nothing when no template asks, and run_query is None at parse time", async () => {
    const wh = new LazyAdapter(() => { throw new Error("must not open"); }, true);
    const n = await node({ "models/m.sql": "{{ config(materialized='table') }}{% if execute %}{% endif %}select {{ run_query is defined }}" }, "m", wh);
    expect(n.sql).toBe("select True");
    expect(wh.used).toBe(false);
  });
  it("without a warehouse, a template that asks gets a clear error", async () => {
    let err: unknown;
    try {
      await compile({ "models/m.sql": "select {{ run_query('select 1').rows[0][0] }}" });
    } catch (e) {
      err = e;
    }
    expect((err as ProjectErrors).errors.map(formatError)[0]).toMatch(/^models\/m\.sql:1:\d+: error\[no-warehouse\]: a statement needs a warehouse/);
  });
});

describe("hooks and values", () => {
  it("pre- and post-hooks are rendered in the model's context", async () => {
    const files = { "models/m.sql": "{{ config(post_hook=\"analyze {{ this }}\") }}select 1", "dbt_project.yml": "name: demo\nconfig-version: 2\nmodels:\n  demo:\n    +pre-hook: \"select '{{ this.name }}'\"\n" };
    const n = await node(files);
    expect(n.config.preHook).toEqual(["select 'm'"]);
    expect(n.config.postHook).toEqual(['analyze "qe"."main"."m"']);
  });
  it("modules.datetime: date, datetime and timedelta arithmetic and comparison, as Python", async () => {
    const sql = (await node({ "models/m.sql": "{% set dt = modules.datetime %}{{ dt.date(2024, 3, 1) + dt.timedelta(days=30) }}|{{ dt.datetime(2024, 1, 1, 12) + dt.timedelta(hours=13) }}|{{ dt.date(2024, 3, 1) - dt.date(2024, 1, 1) }}|{{ (dt.date(2024, 3, 1) - dt.date(2024, 1, 1)).days }}|{{ dt.timedelta(days=1, seconds=30) }}|{{ dt.timedelta(hours=1) * 2 }}|{{ dt.date(2024, 1, 2) > dt.date(2024, 1, 1) }}|{{ dt.date(2024, 1, 1) - dt.timedelta(days=1) }}|{{ dt.timedelta(days=1) + dt.date(2024, 2, 28) }}|{{ dt.timedelta(seconds=-1) }}" })).sql;
    expect(sql).toBe("2024-03-31|2024-01-02 01:00:00|60 days, 0:00:00|60|1 day, 0:00:30|2:00:00|True|2023-12-31|2024-02-29|-1 day, 23:59:59");
  });
  it("Python printing, tojson/fromjson, modules, zip", async () => {
    const sql = (await node({ "models/m.sql": "{{ [1, 'a'] }} {{ {'k': none} }} {{ 1.0 }} {{ tojson({'a': 1}) }} {{ fromjson('[1]')[0] }} {{ modules.re.sub('a', 'b', 'aa') }} {{ zip([1], ['x']) }}" })).sql;
    expect(sql).toBe(`[1, 'a'] {'k': None} 1.0 {"a": 1} 1 bb [(1, 'x')]`);
  });
});

describe("on-run-start / on-run-end", () => {
  it("are rendered with the project's context; on-run-end sees the run's schemas", async () => {
    const project = loadProject({ projectDir: tempProject({
      "dbt_project.yml": "name: demo\nconfig-version: 2\non-run-start:\n  - \"create schema if not exists {{ target.schema }}_audit\"\non-run-end: \"{% for s in schemas %}select '{{ s }}';{% endfor %}\"\n",
      "models/m.sql": "select 1",
    }) });
    expect(await renderRunHooks(project, {}, "on-run-start")).toEqual(["create schema if not exists main_audit"]);
    expect(await renderRunHooks(project, {}, "on-run-end", { schemas: ["main", "x"] })).toEqual(["select 'main';select 'x';"]);
  });
});
