// Jinja2's built-in filters and dbt's text filters. Expected outputs were rendered by dbt-core 1.11's Jinja environment
// (dbt_common.clients.jinja.get_environment; macros with jinja2 + do/loopcontrols), not guessed.
import { describe, expect, it } from "vitest";
import { render } from "./render.js";

const CASES: [string, string][] = [
  ["{{ [3, 1, 2] | sort }}", "[1, 2, 3]"],
  ["{{ ['b', 'A', 'c'] | sort }}", "['A', 'b', 'c']"],
  ["{{ [3, 1, 2] | sort(reverse=true) }}", "[3, 2, 1]"],
  ["{{ ['a', 'b'] | join(', ') }}", "a, b"],
  ["{{ [1, 2] | join }}", "12"],
  ["{{ 'Hello' | upper }} {{ 'Hello' | lower }} {{ 'hello world' | title }} {{ 'hELLO' | capitalize }}", "HELLO hello Hello World Hello"],
  ["{{ '  x  ' | trim }}|", "x|"],
  ["{{ 'xxaxx' | trim('x') }}", "a"],
  ["{{ [1, 2, 3] | length }} {{ 'abc' | length }} {{ {'a': 1} | length }}", "3 3 1"],
  ["{{ [1, 2, 3] | first }} {{ [1, 2, 3] | last }}", "1 3"],
  ["{{ undefined_x | default('d') }}", "d"],
  ["{{ '' | default('d') }}|{{ '' | default('d', true) }}", "|d"],
  ["{{ [1, 2, 2, 3, 1] | unique | list }}", "[1, 2, 3]"],
  ["{{ [1, 2, 3] | sum }} {{ [1.5, 2] | sum }}", "6 3.5"],
  ["{{ [3, 1, 2] | max }} {{ [3, 1, 2] | min }}", "3 1"],
  ["{{ 3.14159 | round(2) }} {{ 2.5 | round }} {{ 3.5 | round }} {{ 3.7 | round(method='floor') }}", "3.14 2.0 4.0 3.0"],
  ["{{ '42' | int }} {{ '4.2' | float }} {{ 'x' | int }} {{ 3.9 | int }}", "42 4.2 0 3"],
  ["{{ 'a,b' | replace(',', ';') }}", "a;b"],
  ["{{ [1, 2, 3] | reverse | list }} {{ 'abc' | reverse }}", "[3, 2, 1] cba"],
  ["{{ [{'a': 1}, {'a': 2}] | map(attribute='a') | list }}", "[1, 2]"],
  ["{{ ['a', 'b'] | map('upper') | list }}", "['A', 'B']"],
  ["{{ [1, 2, 3, 4] | select('odd') | list }}", "[1, 3]"],
  ["{{ [1, 2, 3, 4] | reject('odd') | list }}", "[2, 4]"],
  ["{{ [{'a': 1, 'ok': true}, {'a': 2, 'ok': false}] | selectattr('ok') | map(attribute='a') | list }}", "[1]"],
  ["{{ [{'a': 1, 'ok': true}, {'a': 2, 'ok': false}] | rejectattr('ok') | map(attribute='a') | list }}", "[2]"],
  ["{{ {'b': 2, 'a': 1} | dictsort }}", "[('a', 1), ('b', 2)]"],
  ["{{ {'a': 1} | items | list }}", "[('a', 1)]"],
  ["{{ [1, 2, 3, 4, 5] | batch(2) | list }}", "[[1, 2], [3, 4], [5]]"],
  ["{{ [1, 2, 3, 4, 5] | slice(2) | list }}", "[[1, 2, 3], [4, 5]]"],
  ["{{ 'a\nb' | indent(2) }}", "a\n  b"],
  ["{{ 'a\nb' | indent(2, true) }}", "  a\n  b"],
  ["{{ {'a': [1, 'x']} | tojson }}", "{\"a\": [1, \"x\"]}"],
  ["{{ 'x' | string }} {{ 1 | string }}", "x 1"],
  ["{{ 'a b c' | wordcount }}", "3"],
  ["{{ 'hello world foo' | truncate(9, leeway=0) }}", "hello..."],
  ["{{ '%s=%s' | format('a', 1) }}", "a=1"],
  ["{{ 'ab' | center(6) }}|", "  ab  |"],
  ["{{ [{'g': 1, 'v': 'a'}, {'g': 1, 'v': 'b'}, {'g': 2, 'v': 'c'}] | groupby('g') | map(attribute='list') | list }}", "[[{'g': 1, 'v': 'a'}, {'g': 1, 'v': 'b'}], [{'g': 2, 'v': 'c'}]]"],
  ["{{ -3 | abs }}", "3"],
  ["{{ 'True' | as_bool }} {{ '12' | as_number }} {{ 5 | as_text }}", "True 12 5"],
  ["{{ [1,2,3] | list | count }}", "3"],
  ["{{ [[1, 2], [3]] | map('length') | list }}", "[2, 1]"],
  ["{{ 'x' | attr('upper') is defined }}", "True"],
];

describe("filters", () => {
  it.each(CASES)("%s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});
