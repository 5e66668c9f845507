// Python value printing and operators: what `{{ v }}` shows. Expected outputs were rendered by dbt-core 1.11's Jinja environment
// (dbt_common.clients.jinja.get_environment; macros with jinja2 + do/loopcontrols), not guessed.
import { describe, expect, it } from "vitest";
import { render } from "./render.js";

const CASES: [string, string][] = [
  ["{{ True }} {{ False }} {{ None }}", "True False None"],
  ["{{ true }}|{{ none }}", "True|None"],
  ["{{ 1 }} {{ 1.0 }} {{ 1.5 }} {{ -2 }} {{ 10 / 4 }} {{ 4 / 2 }}", "1 1.0 1.5 -2 2.5 2.0"],
  ["{{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ 2.0 * 3 }} {{ 1 + 1.0 }}", "3 1 1024 6.0 2.0"],
  ["{{ [1, 'a', None, True] }}", "[1, 'a', None, True]"],
  ["{{ {'a': 1, 'b': [1, 2]} }}", "{'a': 1, 'b': [1, 2]}"],
  ["{{ ('a', 'b') }}", "('a', 'b')"],
  ["{{ (1,) }} {{ (1, 2,) }} {{ () }} {{ ((1,),) }} {{ [(1,)] }}", "(1,) (1, 2) () ((1,),) [(1,)]"],
  ["{{ (1) }} {{ (1 + 2) * 3 }} {{ 2 in (1, 2,) }} {{ 2 in (2,) }}", "1 9 True True"],
  ["{{ (1, 2) + (3,) }} {{ (1,) * 3 }} {{ [1] * 2 }}", "(1, 2, 3) (1, 1, 1) [1, 1]"],
  ["{{ [] }} {{ {} }}", "[] {}"],
  ["{{ [\"it's\"] }}", "[\"it's\"]"],
  ["{{ 'a' ~ 1 ~ True ~ None }}", "a1TrueNone"],
  ["{{ 'x' * 3 }}", "xxx"],
  ["{{ [1] + [2] }}", "[1, 2]"],
  ["{{ '%s-%d' % ('a', 3) }}", "a-3"],
  ["{{ '%05.1f' % 3.14159 }}", "003.1"],
  ["{{ 3 > 2 > 1 }} {{ 1 == 1.0 }} {{ 'a' < 'b' }}", "True True True"],
  ["{{ 1 if false else 2 }}", "2"],
  ["{{ 0 or 'x' }} {{ 1 and 'y' }} {{ not 0 }}", "x y True"],
  ["{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 3 not in [1] }}", "True True True True"],
  ["{{ -(3) }} {{ -1.0 }}", "-3 -1.0"],
  ["a\n", "a"],
  ["a\n\n", "a\n"],
  ["{{ [1.0, 2.5] }}", "[1.0, 2.5]"],
  ["{{ {'x': None} }}", "{'x': None}"],
  ["{{ undefined_name }}|", "|"],
];

describe("printing", () => {
  it.each(CASES)("%s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});
