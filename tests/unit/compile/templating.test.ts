import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { compileProject, createRenderer } from "../../../src/compile/index.js";
import { ProjectErrors, formatError } from "../../../src/core/errors.js";
import { tempProject } from "../project/temp-project.js";

async function compile(files: Record<string, string>, env = {}) {
  const project = loadProject({ projectDir: tempProject(files) });
  return { project, nodes: await compileProject(project, env) };
}
async function sqlOf(files: Record<string, string>, name: string): Promise<string> {
  return (await compile(files)).nodes.find((n) => n.name === name)!.sql;
}
async function errorsOf(files: Record<string, string>): Promise<string[]> {
  try {
    await compile(files);
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map(formatError);
    throw e;
  }
  throw new Error("expected ProjectErrors");
}

describe("ephemeral models", () => {
  const eph = "{{ config(materialized='ephemeral') }}\nselect 1 as id";
  it("inline as a CTE with a WITH clause", async () => {
    expect(await sqlOf({ "models/e.sql": eph, "models/m.sql": "select * from {{ ref('e') }}" }, "m")).toBe(
      // dbt-core's inject_ctes_into_sql, byte for byte.
      "with __dbt__cte__e as (\n\nselect 1 as id\n) select * from __dbt__cte__e",
    );
  });
  it("merge into the model's own leading WITH, after comments", async () => {
    const sql = await sqlOf({ "models/e.sql": eph, "models/m.sql": "-- note\nWITH a as (select * from {{ ref('e') }})\nselect * from a" }, "m");
    expect(sql).toBe("-- note\nWITH  __dbt__cte__e as (\n\nselect 1 as id\n), a as (select * from __dbt__cte__e)\nselect * from a");
  });
  it("chain parents first, each once", async () => {
    const sql = await sqlOf({
      "models/e1.sql": eph,
      "models/e2.sql": "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('e1') }}",
      "models/m.sql": "select * from {{ ref('e2') }} join {{ ref('e1') }} using (id)",
    }, "m");
    expect(sql.indexOf("__dbt__cte__e1 as (")).toBeLessThan(sql.indexOf("__dbt__cte__e2 as ("));
    expect(sql.match(/__dbt__cte__e1 as \(/g)).toHaveLength(1);
  });
  it("keep source lines of the model after the CTE prefix", async () => {
    const n = (await compile({ "models/e.sql": eph, "models/m.sql": "select *\nfrom {{ ref('e') }}" })).nodes.find((x) => x.name === "m")!;
    const lines = n.sql.split("\n");
    expect(n.sourceLines[lines.indexOf("from __dbt__cte__e")]).toBe(2);
    expect(n.sourceLines[0]).toBe(0);
  });
});

describe("Jinja support", () => {
  it("set, for, loop.last, whitespace control, vars with --vars precedence", async () => {
    const files = {
      "dbt_project.yml": "name: demo\nvars:\n  cols: [a, b]\n  n: 1\n",
      "models/m.sql": "{%- set cols = var('cols') -%}\nselect {% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}, {{ var('n') }} as n, {{ var('x', 'dflt') }} as x",
    };
    expect(await sqlOf(files, "m")).toBe("select a, b, 1 as n, dflt as x");
    const project = loadProject({ projectDir: tempProject(files), cliVars: { n: 7 } });
    expect((await compileProject(project, {})).find((x) => x.name === "m")!.sql).toContain("7 as n");
  });
  it("macros from any macro file, calling each other, with return() and do", async () => {
    const sql = await sqlOf({
      "macros/a.sql": "{% macro cols() %}{% set out = [] %}{% do out.append('x') %}{% do out.append('y') %}{{ return(out) }}{% endmacro %}",
      "macros/b.sql": "{% macro sel() %}select {{ cols() | join(', ') }}{% endmacro %}",
      "models/m.sql": "{{ sel() }} from t",
    }, "m");
    expect(sql).toBe("select x, y from t");
  });
  it("env_var, this, doc, string methods and is none", async () => {
    const files = {
      "models/m.sql": "select '{{ env_var('QE_X', 'd') }}', '{{ this }}', '{{ this.name }}', '{{ 'Ab'.upper() }}', {{ 1 if none is none else 0 }}",
      "models/d.md": "{% docs x %}hi{% enddocs %}",
    };
    const project = loadProject({ projectDir: tempProject(files) });
    const sql = (await compileProject(project, { env: { QE_X: "set" } }))[0]!.sql;
    expect(sql).toBe(`select 'set', '"qe"."main"."m"', 'm', 'AB', 1`);
  });
  it("source() resolves to the source's schema and identifier", async () => {
    const sql = await sqlOf({
      "models/_s.yml": "sources:\n  - name: sis\n    schema: raw\n    tables: [{name: students, identifier: student}]\n",
      "models/m.sql": "select * from {{ source('sis', 'students') }}",
    }, "m");
    expect(sql).toBe(`select * from "qe"."raw"."student"`);
  });
});

describe("template errors name file, line and the thing", () => {
  it("unknown ref with did-you-mean", async () => {
    expect(await errorsOf({ "models/orders.sql": "select 1", "models/m.sql": "select *\nfrom {{ ref('order') }}" })).toEqual([
      "models/m.sql:2:9: error[unknown-ref]: ref('order') matches no model or seed (did you mean ref('orders')?)",
    ]);
  });
  it("undefined var, unknown macro, undefined name, unsupported construct: all reported together", async () => {
    expect(await errorsOf({
      "models/a.sql": "select\n{{ var('pass_mark') }}",
      "models/b.sql": "select\n\n{{ cents_to_pound('x') }}",
      "models/c.sql": "select {{ colums.x }}",
      "models/d.sql": "{% include 'x.sql' %}",
      "macros/m.sql": "{% macro cents_to_pounds(c) %}{{ c }}/100{% endmacro %}",
    })).toEqual([
      `models/a.sql:2:4: error[undefined-var]: var('pass_mark') is not set and has no default (set it under vars: in dbt_project.yml or pass --vars '{"pass_mark": ...}')`,
      "models/b.sql:3:4: error[undefined-macro]: 'cents_to_pound' is not a macro or function (did you mean 'cents_to_pounds'?)",
      "models/c.sql:1:11: error[undefined-name]: 'colums' is undefined (define it with {% set %}, pass it as a var, or check the spelling)",
      "models/d.sql:1:4: error[unsupported-jinja]: {% include %} is not available in dbt's Jinja (dbt models and macros use if/for/set/macro/call/filter/do/raw)",
    ]);
  });
  it("{% with %} scopes its names to the block, as in Jinja2", async () => {
    expect(await sqlOf({ "models/m.sql": "{% set x = 0 %}{% with x = 1, y = 2 %}{{ x }}{{ y }}{% endwith %}{{ x }}" }, "m")).toBe("120");
  });
  it("unknown key in config() with suggestion, at the call's line", async () => {
    expect(await errorsOf({ "models/m.sql": "\n{{ config(materialized='table', uniqe_key='id') }}\nselect 1" })).toEqual([
      "models/m.sql:2: error[unknown-key]: unknown key 'uniqe_key' in config() in models/m.sql (did you mean 'unique_key'?)",
    ]);
  });
  it("a model file is read as dbt reads it (stripped), its errors still at the file's own lines", async () => {
    const { nodes } = await compile({ "models/m.sql": "\n\n  select 1\n\n\n", "tests/t.sql": "\n select 2 \n" });
    expect(nodes.filter((n) => n.name === "m" || n.name === "t").map((n) => [n.sql, n.sourceLines])).toEqual([["select 1", [3]], ["select 2", [2]]]);
    expect(await errorsOf({ "models/m.sql": "\n\n  select {{ 1 + }}\n\n" })).toEqual(["models/m.sql:3:17: error[template-syntax]: unexpected token: }}"]);
  });
  it("a syntax error in a macro file names that file and line", async () => {
    expect(await errorsOf({ "macros/m.sql": "{% macro a() %}\nselect {{ 1 + }}\n{% endmacro %}", "models/m.sql": "select 1" })).toEqual([
      "macros/m.sql:2:15: error[template-syntax]: unexpected token: }}",
    ]);
  });
  it("an error raised inside a macro points at the macro's line, as dbt's 'in macro a' does", async () => {
    expect(await errorsOf({ "macros/m.sql": "{% macro a() %}{{ ref('nope') }}{% endmacro %}", "models/m.sql": "select 1\nfrom {{ a() }}" })).toEqual([
      "macros/m.sql:1:19: error[unknown-ref]: ref('nope') matches no model or seed",
    ]);
  });
  it("adapter.dispatch with no such macro names what it searched, as dbt does", async () => {
    expect((await errorsOf({ "models/m.sql": "select {{ adapter.dispatch('x')() }}" }))[0]).toMatch(/models\/m\.sql:1:\d+: error\[dispatch\]: In dispatch: No macro named 'x' found within namespace: 'null' \(searched for: 'duckdb__x', 'default__x'\)/);
  });
});

describe("createRenderer", () => {
  it("renders generic test blocks as test_<name> macros and reports refs", async () => {
    const project = loadProject({ projectDir: tempProject({
      "tests/generic/positive.sql": "{% test positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}",
      "models/m.sql": "select 1 as x",
    }) });
    const r = createRenderer(project, {});
    expect(r.genericTestNames()).toEqual(["positive"]);
    const out = await r.render("{{ test_positive(model=ref('m'), column_name='x') }}", "models/_p.yml");
    expect(out.sql.trim()).toBe(`select * from "qe"."main"."m" where x <= 0`);
    expect(out.refs).toEqual(["model.demo.m"]);
  });
});

describe("generate_schema_name", () => {
  it("is used for model and seed schemas when the project defines it", async () => {
    const { nodes } = await compile({
      "dbt_project.yml": "name: demo\nmodels:\n  demo:\n    +schema: marts\n",
      "macros/schema.sql": "{% macro generate_schema_name(custom_schema_name, node) -%}\n{%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ target.schema }}_{{ custom_schema_name | trim }}{%- endif -%}\n{%- endmacro %}",
      "models/m.sql": "select * from {{ ref('s') }}",
      "seeds/s.csv": "a\n1\n",
    });
    expect(nodes.find((n) => n.name === "m")!.relation).toEqual({ database: "qe", schema: "main_marts", name: "m" });
    expect(nodes.find((n) => n.name === "s")!.relation).toEqual({ database: "qe", schema: "main", name: "s" });
    expect(nodes.find((n) => n.name === "m")!.sql).toBe(`select * from "qe"."main"."s"`);
  });
});

describe("selection-related compile options", () => {
  const files = {
    "models/e.sql": "{{ config(materialized='ephemeral') }}\nselect 1 as id",
    "models/a.sql": "select * from {{ ref('e') }}",
    "models/b.sql": "select * from {{ ref('a') }}",
    "models/off.sql": "{{ config(enabled=false) }}\nselect 1",
  };
  it("`only` renders just the listed nodes, still inlining their ephemeral parents", async () => {
    const project = loadProject({ projectDir: tempProject(files) });
    const out = await compileProject(project, { only: new Set(["model.demo.a"]) as never });
    expect(out.map((n) => n.id)).toEqual(["model.demo.a"]);
    expect(out[0]!.sql).toContain("__dbt__cte__e as (");
  });
  it("disabled models are left out, and a ref to one is an error", async () => {
    const { nodes } = await compile(files);
    expect(nodes.map((n) => n.name)).not.toContain("off");
    expect(await errorsOf({ ...files, "models/c.sql": "select * from {{ ref('off') }}" })).toEqual([
      "models/c.sql:1:18: error[disabled-ref]: ref('off') points at a disabled model (enable it or remove the ref)",
    ]);
  });
});

describe("Jinja filters nunjucks lacks", () => {
  it("map(attribute=...), map('upper') and unique", async () => {
    const sql = await sqlOf({
      "dbt_project.yml": "name: demo\nvars:\n  cols: [{name: a}, {name: b}, {name: a}]\n",
      "models/m.sql": "select {{ var('cols') | map(attribute='name') | unique | map('upper') | join(', ') }}",
    }, "m");
    expect(sql).toBe("select A, B");
  });
});

describe("config.get", () => {
  it("reads the resolved config, config() in the file included", async () => {
    const sql = await sqlOf({
      "dbt_project.yml": "name: demo\nmodels:\n  demo:\n    +materialized: table\n",
      "models/m.sql": "{{ config(alias='mm') }}select '{{ config.get('materialized') }}', '{{ config.get('alias') }}', '{{ config.get('nope', 'd') }}'",
    }, "m");
    expect(sql).toBe("select 'table', 'mm', 'd'");
  });
});

describe("Jinja namespaces and format", () => {
  it("set ns.x inside a loop, and '%s' | format", async () => {
    const sql = await sqlOf({
      "models/m.sql": "{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}select {{ ns.total }}, '{{ '%s_%s' | format('a', 1) }}'",
    }, "m");
    expect(sql).toBe("select 6, 'a_1'");
  });
});
