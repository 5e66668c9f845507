// The fast path must render exactly what nunjucks renders, or decline.
import { describe, expect, it } from "vitest";
import nunjucks from "nunjucks";
import { parseFast, runFast, FallBack } from "../../../src/compile/fast-template.js";

const globals: Record<string, unknown> = {
  ref: (n: string) => `"main"."${n}"`,
  var: (n: string, d?: unknown) => (n === "cols" ? ["a", "b"] : n === "n" ? 3 : d),
  macro: (a: unknown, kw?: Record<string, unknown>) => `m(${String(a)},${String(kw?.["k"] ?? "-")})`,
  this: { schema: "s", name: "t", toString: () => `"s"."t"` },
};
const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
for (const [k, v] of Object.entries(globals)) env.addGlobal(k, v);

const scope = { lookup: (n: string) => globals[n], locate: (e: unknown): never => { throw e; } };

describe("fast templates", () => {
  it.each([
    "select * from {{ ref('x') }}",
    "select {{ var('n') }} as n, '{{ var('missing', 'd') }}' as d\nfrom {{ this }} -- {{ this.schema }}",
    "  {{- ref('a') -}}  \n x {# note #} y {#- trimmed -#}  z",
    "{%- set c = var('cols') -%}\nselect {{ c }}, {{ macro(c, k=2) }}, {{ macro(\"q\") }}",
    "{% set n = 1.5 %}{{ n }} {{ none }}x",
  ])("%j renders as nunjucks does", (text) => {
    const prog = parseFast(text);
    expect(prog).toBeDefined();
    let fast: string | undefined;
    try {
      fast = runFast(prog!, scope);
    } catch (e) {
      expect(e).toBeInstanceOf(FallBack); // `{{ none }}` must go to nunjucks, which errors
      expect(() => env.renderString(text, {})).toThrow(/undefined value/);
      return;
    }
    expect(fast).toBe(env.renderString(text, {}));
  });

  it.each([
    "{% for x in y %}{% endfor %}", "{{ x | upper }}", "{{ a ~ b }}", "{{ x.items() }}", "{{ 'a\\'b' }}",
    "{% if x %}{% endif %}", "{{ f(a=1, 2) }}", "{{ unclosed ", "{% set x %}block{% endset %}",
  ])("declines %j", (text) => {
    expect(parseFast(text)).toBeUndefined();
  });
});
