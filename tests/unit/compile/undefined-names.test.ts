// An undefined name in a template, as dbt's Jinja treats it: printed, it renders as nothing (Jinja2's
// default Undefined, which dbt uses at execute time); looked into (x.y, x['y'], x.f()), called, or
// computed with, it is an error naming it at its file, line and column.
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { ProjectErrors, formatError } from "../../../src/core/errors.js";
import { tempProject } from "../project/temp-project.js";

const HINT = "(define it with {% set %}, pass it as a var, or check the spelling)";

async function compileModel(model: string, extra: Record<string, string> = {}) {
  const project = loadProject({ projectDir: tempProject({ "models/o.sql": "select 1 as id", "models/m.sql": model, ...extra }) });
  return compileProject(project, {});
}
async function errorsOf(model: string, extra: Record<string, string> = {}): Promise<string[]> {
  try {
    await compileModel(model, extra);
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map(formatError);
    throw e;
  }
  throw new Error("expected ProjectErrors");
}
async function sqlOf(model: string): Promise<string> {
  return (await compileModel(model)).find((n) => n.name === "m")!.sql;
}
const undefinedAt = (at: string, name: string, file = "models/m.sql") => `${file}:${at}: error[undefined-name]: '${name}' is undefined ${HINT}`;

describe("an undefined name used beyond printing is named, with file, line and column", () => {
  it.each([
    ["{{ x.y }}", "select 1,\n{{ undefined_thing.y }}", "2:4"],
    ["{{ x.y.z }}", "select 1,\n  {{ undefined_thing.y.z }} as c", "2:6"],
    ["{{ x['y'] }}", "select\n\n{{ undefined_thing['y'] }}", "3:4"],
    ["{{ x.f(1) }}", "select {{ undefined_thing.f(1) }}", "1:11"],
    ["{% if x.y %}", "select 1\n{% if undefined_thing.y %}, 2{% endif %}", "2:7"],
    ["{% set a = x.y %}, reported at the set, not the use", "select 1\n{% set a = undefined_thing.y %}\n\n{{ a }}", "2:12"],
    ["a lookup inside {% for %}", "select 1\n{% for c in [1, 2] %}\n, {{ undefined_thing.y }}\n{% endfor %}", "3:6"],
    ["a lookup inside a filter's argument", "select {{ 'a' | replace('a', undefined_thing.b) }}", "1:30"],
    ["arithmetic", "select {{ undefined_thing + 1 }}", "1:11"],
  ])("%s", async (_, model, at) => {
    expect(await errorsOf(model)).toEqual([undefinedAt(at, "undefined_thing")]);
  });

  it("{{ x(1) }}: not a macro or function", async () => {
    expect(await errorsOf("select 1\nfrom {{ undefined_thing(1) }}")).toEqual([
      "models/m.sql:2:9: error[undefined-macro]: 'undefined_thing' is not a macro or function (macros are read from the macro-paths in dbt_project.yml)",
    ]);
  });

  it("a member missing from a defined dict is Undefined too; looking into it is the error", async () => {
    expect(await sqlOf("{% set d = {'a': 1} %}\nselect {{ d.a }}, '{{ d.b }}'")).toBe("\nselect 1, ''");
    expect((await errorsOf("{% set d = {'a': {'z': 1} } %}\nselect {{ d.a.b.c }}"))[0]).toMatch(/^models\/m\.sql:2:\d+: error\[undefined-name\]: 'dict object' has no attribute 'b'/);
  });

  it("a lookup on an undefined name inside a macro names the macro file's line", async () => {
    expect(await errorsOf("select 1\nfrom {{ m1() }}", { "macros/m.sql": "{% macro m1() %}\n{{ undefined_thing.y }}\n{% endmacro %}" })).toEqual([
      undefinedAt("2:4", "undefined_thing", "macros/m.sql"),
    ]);
  });
});

describe("printing an undefined name renders nothing, as in dbt", () => {
  it.each([
    ["{{ x }}", "select 1,\n{{ undefined_thing }}", "select 1,\n"],
    ["{{- x -}}", "select 1,\n{{- undefined_thing -}}", "select 1,"],
    ["over lines", "select {{\n  undefined_thing\n}}", "select "],
  ])("%s", async (_, model, sql) => {
    expect(await sqlOf(model)).toBe(sql);
  });
});

describe("defined and guarded lookups still render", () => {
  it("is defined guards, default on a missing member, Python dict/list and string methods", async () => {
    expect(await sqlOf("select {% if undefined_thing is defined and undefined_thing.y %}1{% else %}0{% endif %} as a")).toBe("select 0 as a");
    expect(await sqlOf("select {{ undefined_thing.y if undefined_thing is defined else 2 }} as a")).toBe("select 2 as a");
    expect(await sqlOf("{% set d = {'a': 'x'} %}select '{{ d.b | default('z') }}{{ d.a }}' as a")).toBe("select 'zx' as a");
    expect(await sqlOf("{% set l = [1, 2, 3] %}select {{ l[1] }}, {{ l[0] }}, {{ l[-1] }}")).toBe("select 2, 1, 3");
    expect(await sqlOf("{% set d = {'a': 1} %}select {% for k, v in d.items() %}{{ v }} as {{ k }}{% endfor %}, '{{ 'ab'.upper() }}'")).toBe("select 1 as a, 'AB'");
    expect(await sqlOf("{% if undefined_thing %}x{% endif %}select 1")).toBe("select 1");
  });
});
