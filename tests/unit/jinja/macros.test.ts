// macros, caller(), call blocks, loops, scoping, whitespace control, tags. Expected outputs were rendered by dbt-core 1.11's Jinja environment
// (dbt_common.clients.jinja.get_environment; macros with jinja2 + do/loopcontrols), not guessed.
import { describe, expect, it } from "vitest";
import { render } from "./render.js";

const CASES: [string, string][] = [
  ["{% macro f(a, b=2) %}{{ a }}+{{ b }}{% endmacro %}{{ f(1) }} {{ f(1, 3) }} {{ f(a=5, b=6) }} {{ f(b=0, a=9) }}", "1+2 1+3 5+6 9+0"],
  ["{% macro f() %}{{ varargs }}{{ kwargs }}{% endmacro %}{{ f(1, 2, k=3) }}", "(1, 2){'k': 3}"],
  ["{% macro w(x) %}<{{ caller() }}:{{ x }}>{% endmacro %}{% call w(1) %}in{% endcall %}", "<in:1>"],
  ["{% macro w() %}{% for i in [1, 2] %}{{ caller(i) }}{% endfor %}{% endmacro %}{% call(n) w() %}[{{ n }}]{% endcall %}", "[1][2]"],
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
  ["{% macro r(n) %}{{ n }}{% if n > 0 %}{{ r(n - 1) }}{% endif %}{% endmacro %}{{ r(3) }}", "3210"],
];

describe("macros", () => {
  it.each(CASES)("%s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});
