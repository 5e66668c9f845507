// Every template error names file:line:column from the tree (or the token stream, for a block
// left open), with a stable code.
import { describe, expect, it } from "vitest";
import { formatError, QeError } from "../../../src/core/errors.js";
import { render, renderWithMacros } from "./render.js";

function errorOf(src: string): string {
  try {
    render(src, "models/m.sql");
  } catch (e) {
    if (e instanceof QeError) return formatError(e);
    throw e;
  }
  throw new Error("expected an error");
}

describe("errors are located", () => {
  it.each([
    ["a syntax error", "select 1\n{{ 1 + }}", "models/m.sql:2:8: error[template-syntax]: unexpected token: }}"],
    ["an unclosed block, at its opening tag", "select\n  {% for x in [1] %}\n{{ x }}", "models/m.sql:2:3: error[template-syntax]: {% for %} is never closed (add {% endfor %})"],
    ["an unknown tag", "{% frobnicate %}", "models/m.sql:1:4: error[template-syntax]: unknown block tag: frobnicate"],
    ["an attribute of an undefined name, at the name", "select\n   {{ nope.x }}", "models/m.sql:2:7: error[undefined-name]: 'nope' is undefined (define it with {% set %}, pass it as a var, or check the spelling)"],
    ["a type error, at the operator's expression", "{{ 1 + 'a' }}", "models/m.sql:1:4: error[template-error]: unsupported operand type(s) for +: 'int' and 'str'"],
    ["too many arguments to a macro", "{% macro f(a) %}{% endmacro %}\n{{ dbt_macro__f(1, 2) }}", "models/m.sql:2:4: error[template-error]: macro 'f' takes not more than 1 argument(s)"],
    ["an unknown filter, with did-you-mean", "{{ 'a' | uper }}", "models/m.sql:1:10: error[unknown-filter]: no filter named 'uper' (did you mean 'upper'?)"],
    ["an unknown test", "{{ 1 is evn }}", "models/m.sql:1:4: error[unknown-test]: no test named 'evn' (did you mean 'even'?)"],
    ["unpacking the wrong number of values", "{% set a, b = (1, 2, 3) %}", "models/m.sql:1:4: error[template-error]: cannot unpack 3 value(s) into 2 name(s)"],
    ["return() outside a macro", "{{ return(1) }}", "models/m.sql: error[template-error]: return() is only allowed inside a macro"],
    ["a loop filter with else", "{% for x in [1]\n  if x else 2 %}{% endfor %}", "models/m.sql:2:8: error[template-syntax]: expected token 'end of statement block', got 'else' (a loop's `if` filters items and takes no else)"],
    ["** of something not a mapping, at its value", "{{ dict(**[1]) }}", "models/m.sql:1:11: error[template-error]: argument after ** must be a mapping, not list"],
    ["arguments out of Jinja2's order", "{{ dict(**{'a': 1}, b=2) }}", "models/m.sql:1:21: error[template-syntax]: invalid syntax for function call expression (arguments go positional, *args, keyword, **kwargs)"],
    ["a keyword given twice", "{{ dict(a=1, **{'a': 2}) }}", "models/m.sql:1:16: error[template-error]: got multiple values for keyword argument 'a'"],
    ["a zero slice step", "select\n{{ [1][::0] }}", "models/m.sql:2:7: error[template-error]: slice step cannot be zero"],
    ["a slice bound that is not an int", "{{ [1, 2][:'a'] }}", "models/m.sql:1:10: error[template-error]: slice indices must be integers or None or have an __index__ method"],
    ["slicing what cannot be sliced", "{{ 5[1:] }}", "models/m.sql:1:5: error[template-error]: 'int' object cannot be sliced"],
    ["a tuple joined to a list", "{{ (1,) + [2] }}", "models/m.sql:1:4: error[template-error]: can only concatenate tuple (not \"list\") to tuple"],
    ["range() of nothing", "{{ range(*[]) }}", "models/m.sql:1:4: error[template-error]: range expected at least 1 argument, got 0"],
    ["an unknown materialization argument", "{% materialization m, flavour='x' %}{% endmaterialization %}", "models/m.sql:1:23: error[template-syntax]: materialization 'm' takes no argument 'flavour' (only default, adapter=, supported_languages=)"],
    ["a subscript with a trailing comma", "{{ [1][0,] }}", "models/m.sql:1:10: error[template-syntax]: unexpected ']' (a subscript takes no trailing comma)"],
    ["a colon in a list literal (not a slice)", "{{ [1:2] }}", "models/m.sql:1:4: error[template-syntax]: expected comma after expression"],
  ])("%s", (_, src, expected) => {
    expect(errorOf(src)).toBe(expected);
  });
});

describe("return() ends the macro", () => {
  it("returns a value, not the text rendered so far, and stops rendering", () => {
    expect(renderWithMacros("{% macro f() %}before{{ return([1, 2]) }}after{{ 1 / 0 }}{% endmacro %}", "{{ f() }}")).toBe("[1, 2]");
  });
  it("lets a recursive macro terminate", () => {
    expect(renderWithMacros("{% macro fact(n) %}{% if n <= 1 %}{{ return(1) }}{% endif %}{{ return(n * fact(n - 1)) }}{% endmacro %}", "{{ fact(10) }}")).toBe("3628800");
  });
  it("returns from the innermost macro only", () => {
    expect(renderWithMacros("{% macro inner() %}{{ return('i') }}{% endmacro %}{% macro outer() %}{% set x = inner() %}[{{ x }}]{% endmacro %}", "{{ outer() }}")).toBe("[i]");
  });
});
