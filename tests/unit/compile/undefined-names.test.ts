// An undefined name in a template is reported by that name, at its file and source line, however
// it is used: output, member lookup, call, condition, set, or beside other expressions.
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { compileProject } from "../../../src/compile/index.js";
import { parseFast } from "../../../src/compile/fast-template.js";
import { prepTemplate } from "../../../src/compile/template-prep.js";
import { ProjectErrors, formatError } from "../../../src/core/errors.js";
import { tempProject } from "../project/temp-project.js";

const HINT = "(define it with {% set %}, pass it as a var, or check the spelling)";

function compileModel(model: string, extra: Record<string, string> = {}) {
  const project = loadProject({ projectDir: tempProject({ "models/o.sql": "select 1 as id", "models/m.sql": model, ...extra }) });
  return compileProject(project, {});
}
function errorsOf(model: string, extra: Record<string, string> = {}): string[] {
  try {
    compileModel(model, extra);
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map(formatError);
    throw e;
  }
  throw new Error("expected ProjectErrors");
}
function sqlOf(model: string): string {
  return compileModel(model).find((n) => n.name === "m")!.sql;
}
const undefinedAt = (line: number, name: string) => `models/m.sql:${line}: error[undefined-name]: '${name}' is undefined ${HINT}`;

describe("an undefined name is named, with file and line", () => {
  it.each([
    ["{{ x }}", "select 1,\n{{ undefined_thing }}", 2],
    ["{{ x.y }}", "select 1,\n{{ undefined_thing.y }}", 2],
    ["{{ x.y.z }}", "select 1,\n  {{ undefined_thing.y.z }} as c", 2],
    ["{{ x['y'] }}", "select\n\n{{ undefined_thing['y'] }}", 3],
    ["{{ x.f(1) }}", "select {{ undefined_thing.f(1) }}", 1],
    ["{% if x.y %}", "select 1\n{% if undefined_thing.y %}, 2{% endif %}", 2],
    ["{% set a = x.y %}, reported at the set, not the use", "select 1\n{% set a = undefined_thing.y %}\n\n{{ a }}", 2],
    ["a lookup inside {% for %}", "select 1\n{% for c in [1, 2] %}\n, {{ undefined_thing.y }}\n{% endfor %}", 3],
    ["a lookup inside a filter's argument", "select {{ 'a' | replace('a', undefined_thing.b) }}", 1],
    ["{{- x -}} starting a line (no line marker there)", "select 1,\n{{- undefined_thing -}}", 2],
    ["an expression spread over lines", "select {{\n  undefined_thing\n}}", 1],
  ])("%s", (_, model, line) => {
    expect(errorsOf(model)).toEqual([undefinedAt(line, "undefined_thing")]);
  });

  it("{{ x(1) }}: not a macro or function", () => {
    expect(errorsOf("select 1\nfrom {{ undefined_thing(1) }}")).toEqual([
      "models/m.sql:2: error[undefined-macro]: 'undefined_thing' is not a macro or function (macros are read from the macro-paths in dbt_project.yml)",
    ]);
  });

  it("two expressions on a line: the undefined one, not the first", () => {
    for (const second of ["{{ undefined_thing.x }}", "{{ undefined_thing }}", "{{- undefined_thing }}"]) {
      expect(errorsOf(`select *\nfrom {{ ref('o') }} ${second}`), second).toEqual([undefinedAt(2, "undefined_thing")]);
    }
    expect(errorsOf("select {{ var('a', 1) }}, {{ var('b', 2) }}, {{ undefined_thing }} as c")).toEqual([undefinedAt(1, "undefined_thing")]);
  });

  it("after a rewritten {% do %} on the same line", () => {
    expect(errorsOf("{% set l = [] %}\nselect {% do l.append(1) %}{{ l | length }}, {{ undefined_thing }}")).toEqual([undefinedAt(2, "undefined_thing")]);
  });

  it("a defined object without the member names the member path", () => {
    expect(errorsOf("{% set d = {'a': 1} %}\nselect {{ d.a }}, {{ d.b }}")).toEqual([undefinedAt(2, "d.b")]);
    expect(errorsOf("{% set d = {'a': {'z': 1} } %}\nselect {{ d.a.b.c }}")).toEqual([undefinedAt(2, "d.a.b")]);
  });

  it("a lookup on an undefined name inside a macro names it, at the model line that called the macro", () => {
    expect(errorsOf("select 1\nfrom {{ m1() }}", { "macros/m.sql": "{% macro m1() %}\n{{ undefined_thing.y }}\n{% endmacro %}" })).toEqual([
      undefinedAt(2, "undefined_thing"),
    ]);
  });

  it("the fast path hands these lines to nunjucks, which names the right expression", () => {
    const model = "select *\nfrom {{ ref('o') }} {{ undefined_thing.x }}";
    expect(parseFast(prepTemplate(model, "models/m.sql", { markers: true, macroFile: false }))).toBeDefined();
    expect(errorsOf(model)).toEqual([undefinedAt(2, "undefined_thing")]);
  });
});

describe("defined and guarded lookups still render", () => {
  it("is defined guards, default on a missing member, slices, Python dict/list and string methods", () => {
    expect(sqlOf("select {% if undefined_thing is defined and undefined_thing.y %}1{% else %}0{% endif %} as a")).toBe("select 0 as a");
    expect(sqlOf("select {{ undefined_thing.y if undefined_thing is defined else 2 }} as a")).toBe("select 2 as a");
    expect(sqlOf("{% set d = {'a': 'x'} %}select '{{ d.b | default('z') }}{{ d.a }}' as a")).toBe("select 'zx' as a");
    expect(sqlOf("{% set l = [1, 2, 3] %}select {{ l[1:3] | join(', ') }}, {{ l[0] }}")).toBe("select 2, 3, 1");
    expect(sqlOf("{% set d = {'a': 1} %}select {% for k, v in d.items() %}{{ v }} as {{ k }}{% endfor %}, '{{ 'ab'.upper() }}'")).toBe("select 1 as a, 'AB'");
    expect(sqlOf("{% if undefined_thing %}x{% endif %}select 1")).toBe("select 1");
  });
});
