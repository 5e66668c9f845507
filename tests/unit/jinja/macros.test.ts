// macros, caller(), call blocks, loops, scoping, whitespace control, tags. Expected outputs were rendered by dbt-core 1.11's Jinja environment
// (dbt_common.clients.jinja.get_environment; macros with jinja2 + do/loopcontrols), not guessed.
import { describe, expect, it } from "vitest";
import { parseTemplate, TemplateEval } from "../../../src/jinja/index.js";
import { render, renderWithMacros } from "./render.js";

const CASES: [string, string][] = [
  ["{% set a, b = (1, 2) %}{{ b }}{{ a }}", "21"],
  ["{% for a, b in [(1, 2), (3, 4)] %}{{ a }}{{ b }};{% endfor %}", "12;34;"],
  ["{% for x in [1, 2, 3] %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }};{% endfor %}", "10TrueFalse33;21FalseFalse32;32FalseTrue31;"],
  ["{% for x in [] %}x{% else %}empty{% endfor %}", "empty"],
  ["{% for x in range(5) %}{% if x == 3 %}{% break %}{% endif %}{% if x == 1 %}{% continue %}{% endif %}{{ x }}{% endfor %}", "02"],
  ["{% set ns = namespace(n=0) %}{% for x in range(4) %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}", "6"],
  ["{% set n = 0 %}{% for x in range(4) %}{% set n = n + x %}{% endfor %}{{ n }}", "0"],
  ["{% set x %}a{{ 1 + 1 }}b{% endset %}{{ x }}|{{ x | length }}", "a2b|3"],
  ["{% filter upper %}abc{% endfilter %}", "ABC"],
  ["{% for x in ['a', 'b'] %}{{ loop.cycle('odd', 'even') }}{% endfor %}", "oddeven"],
  ["{%- if true -%}\n  x\n{%- endif -%}\n|", "x|"],
  ["a {#- c -#} b", "ab"],
  ["{% raw %}{{ x }}{% endraw %}", "{{ x }}"],
  ["{% with a = 1 %}{{ a }}{% endwith %}{{ a is defined }}", "1False"],
  ["{% if 1 %}a{% elif 2 %}b{% else %}c{% endif %}{% if 0 %}a{% elif 2 %}b{% else %}c{% endif %}{% if 0 %}a{% elif 0 %}b{% else %}c{% endif %}", "abc"],
  ["{{ range(3) | list }} {{ range(1, 7, 2) | list }} {{ dict(a=1) }}", "[0, 1, 2] [1, 3, 5] {'a': 1}"],
  // Loop filters: the `if` sees the loop variable; loop.* and else count only the kept items.
  ["{% for x in range(6) if x is even %}{{ x }}{% endfor %}", "024"],
  ["{% for x in range(6) if x > 2 %}{{ loop.index }}/{{ loop.length }}{{ ',' if not loop.last }}{% endfor %}", "1/3,2/3,3/3"],
  ["{% for a, b in [(1, 2), (3, 4)] if a > 1 %}{{ b }}{% endfor %}", "4"],
  ["{% for x in [1, 2] if x > 5 %}{{ x }}{% else %}none{% endfor %}", "none"],
  ["{% for x in ([1, 2] if true else []) %}{{ x }}{% endfor %}", "12"],
  ["{% for x in 1, 2 if x > 1 %}{{ x }}{% endfor %}", "2"],
  // Tuples without parentheses.
  ["{% set a, b = 1, 2 %}{{ a }}-{{ b }}{% set a, b = b, a %}{{ a }}-{{ b }}", "1-22-1"],
  ["{% set t = 1, %}{{ t }} {% set u = 'a', 'b' %}{{ u }}", "(1,) ('a', 'b')"],
  ["{{ 1, 2 }} {{ 'a', }}", "(1, 2) ('a',)"],
  ["{% for x in 1, 2 %}{{ x }}{% endfor %}", "12"],
  // Jinja2's + modifiers keep whitespace (dbt turns on neither trim_blocks nor lstrip_blocks).
  ["{%+ if true +%} x {%+ endif +%}|{{+ 1 }}", " x |1"],
  // Forms dbt's own macros use: a colon ending a tag's header, a dict key that is an expression, adjacent strings.
  ["{% if true: %}y{% else: %}n{% endif %}{% for x in [1, 2]: %}{{ x }}{% endfor %}{% set x: %}abc{% endset %}{{ x }}", "y12abc"],
  ["{% set k = 'z' %}{{ {'A' | lower: 1, 'b' ~ 'c': 2, k: 3, (k ~ 'y'): 4} }}", "{'a': 1, 'bc': 2, 'z': 3, 'zy': 4}"],
  ["{{ 'a' 'b' \"c\" }} {{ ('x' 'y') | upper }}", "abc XY"],
  // Argument unpacking at a call.
  ["{{ dict(b=2, **{'a': 1}) }} {{ range(*[1, 4]) | list }} {{ range(*(0, 6, 2)) | list }}", "{'b': 2, 'a': 1} [1, 2, 3] [0, 2, 4]"],
  ["{{ '{}-{}'.format(*['x', 'y']) }} {{ '{a}'.format(**{'a': 3}) }}", "x-y 3"],
];

/** [macro file, template, output]: the macros are a macro file's, callable by name as dbt offers them. */
const MACRO_CASES: [string, string, string][] = [
  ["{% macro f(a, b=2) %}{{ a }}+{{ b }}{% endmacro %}", "{{ f(1) }} {{ f(1, 3) }} {{ f(a=5, b=6) }} {{ f(b=0, a=9) }}", "1+2 1+3 5+6 9+0"],
  ["{% macro f() %}{{ varargs }}{{ kwargs }}{% endmacro %}", "{{ f(1, 2, k=3) }}", "(1, 2){'k': 3}"],
  ["{% macro w(x) %}<{{ caller() }}:{{ x }}>{% endmacro %}", "{% call w(1) %}in{% endcall %}", "<in:1>"],
  ["{% macro w() %}{% for i in [1, 2] %}{{ caller(i) }}{% endfor %}{% endmacro %}", "{% call(n) w() %}[{{ n }}]{% endcall %}", "[1][2]"],
  ["{% macro r(n) %}{{ n }}{% if n > 0 %}{{ r(n - 1) }}{% endif %}{% endmacro %}", "{{ r(3) }}", "3210"],
  // *args / **kwargs at a call site, and a macro passing its own varargs / kwargs on.
  ["{% macro add(a, b) %}{{ a + b }}{% endmacro %}{% macro pass() %}{{ add(*varargs, **kwargs) }}{% endmacro %}", "{{ pass(1, 2) }} {{ pass(a=3, b=4) }} {{ pass(5, b=6) }} {{ add(*[7], **{'b': 8}) }}", "3 7 11 15"],
  ["{% macro f(a, b=2) %}{{ a }}{{ b }}{{ varargs }}{% endmacro %}", "{{ f(*[1, 2, 3, 4]) }}", "12(3, 4)"],
  // A macro file's macro is dbt's MacroGenerator (no .name; its parsed macro under .macro); a caller is a Jinja2 Macro.
  ["{% macro m() %}x{% endmacro %}", "[{{ m.name }}] {{ m.macro.name }} {{ m.name is defined }}", "[] m False"],
  ["{% macro w() %}{{ caller.name }} {{ caller.arguments }}{% endmacro %}", "{% call(a, b) w() %}{% endcall %}", "None ('a', 'b')"],
];

describe("a macro a template defines", () => {
  it("is bound as dbt_macro__<name> (dbt's parser), so calling it by its name fails as in dbt", () => {
    expect(render("{% macro local(x) %}[{{ x }}]{% endmacro %}{{ dbt_macro__local('y') }} {{ dbt_macro__local.name }} {{ local is defined }}")).toBe("[y] dbt_macro__local False");
    expect(() => render("{% macro local(x) %}[{{ x }}]{% endmacro %}{{ local('y') }}")).toThrow(expect.objectContaining({
      message: "'local' is not a macro or function",
      hint: "this template defines {% macro local %}, which dbt does not let it call by name: move the macro to a file under macro-paths",
    }));
  });
});

describe("dbt's block tags", () => {
  it("{% materialization name, default %} and supported_languages= define materialization_<name>_<adapter>", () => {
    const t = parseTemplate("{% materialization table, default %}t{% endmaterialization %}{% materialization v, adapter='duckdb', supported_languages=['sql', 'python'] %}{{ supported_languages }}{% endmaterialization %}", "macros/m.sql");
    const macros = new TemplateEval(t).topLevelMacros();
    expect(macros.map((m) => [m.name, m.params.map((p) => p.name)])).toEqual([["materialization_table_default", ["supported_languages"]], ["materialization_v_duckdb", ["supported_languages"]]]);
  });
});

describe("macros", () => {
  it.each(CASES)("%s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
  it.each(MACRO_CASES)("%s %s", (macros, template, expected) => {
    expect(renderWithMacros(macros, template)).toBe(expected);
  });
});
