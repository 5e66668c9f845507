// Jinja2's `is` tests. Expected outputs were rendered by dbt-core 1.11's Jinja environment
// (dbt_common.clients.jinja.get_environment; macros with jinja2 + do/loopcontrols), not guessed.
import { describe, expect, it } from "vitest";
import { render } from "./render.js";

const CASES: [string, string][] = [
  ["{{ none is none }} {{ 1 is none }} {{ x is defined }} {{ x is undefined }}", "True False False True"],
  ["{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby(3) }}", "True True True"],
  ["{{ 'a' is string }} {{ 1 is number }} {{ 1 is integer }} {{ 1.0 is float }} {{ true is boolean }}", "True True True True True"],
  ["{{ [1] is sequence }} {{ {} is mapping }} {{ 'a' is iterable }}", "True True True"],
  ["{{ 1 is eq(1) }} {{ 1 is ne(2) }} {{ 1 is lt(2) }} {{ 2 is ge(2) }}", "True True True True"],
  ["{{ 'ABC' is upper }} {{ 'abc' is lower }}", "True True"],
  ["{{ 2 is in([1, 2]) }}", "True"],
  ["{{ range is callable }} {{ 1 is callable }}", "True False"],
  ["{{ true is true }} {{ false is false }} {{ 1 is true }}", "True True False"],
  ["{{ x is not defined }} {{ 1 is not none }}", "True True"],
  // A test's single argument without parentheses (Jinja2 reads one primary expression).
  ["{{ none is sameas none }} {{ false is sameas false }} {{ 0 is sameas false }} {{ none is not sameas false }}", "True True False True"],
  ["{{ 9 is divisibleby 3 }} {{ 2 is in [1, 2] }} {{ 'b' is in 'abc' }} {{ 1 is eq 1.0 }} {{ 3 is gt 2 and 1 is lt 2 }}", "True True True True True"],
  ["{{ 'y' if 1 is odd else 'n' }} {{ 2 is in [[2]][0] }} {{ [1, 2, 3] | select('divisibleby', 2) | list }}", "y True [2]"],
];

describe("tests", () => {
  it.each(CASES)("%s", (template, expected) => {
    expect(render(template)).toBe(expected);
  });
});
