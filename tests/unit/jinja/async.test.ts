// A host function may return a Promise (run_query): the render waits for it, and stays
// synchronous when nothing waits.
import { describe, expect, it } from "vitest";
import { parseTemplate, renderTemplate, JINJA_GLOBALS, MISSING, type Globals } from "../../../src/jinja/index.js";

function globalsWith(fns: Record<string, unknown>): Globals {
  return { get: (n) => (n in fns ? fns[n] : n in JINJA_GLOBALS ? JINJA_GLOBALS[n] : MISSING) };
}

describe("waiting on host functions", () => {
  it("awaits a Promise inside a macro, a loop and a set, in order", async () => {
    const log: string[] = [];
    const slow = (x: unknown) => new Promise((res) => setTimeout(() => { log.push(String(x)); res(Number(x) * 10); }, 5));
    // A macro the template defines is bound as dbt_macro__<name>, as dbt's parser binds it.
    const t = parseTemplate("{% macro m(v) %}{% set r = slow(v) %}{{ r }}{% endmacro %}{% for i in [1, 2] %}{{ dbt_macro__m(i) }},{% endfor %}{{ slow(3) + 1 }}", "t.sql");
    const out = renderTemplate(t, globalsWith({ slow }));
    expect(out).toBeInstanceOf(Promise);
    expect(await out).toBe("10,20,31");
    expect(log).toEqual(["1", "2", "3"]);
  });
  it("a rejected Promise is a located template error", async () => {
    const t = parseTemplate("select\n  {{ fail() }}", "models/m.sql");
    await expect(renderTemplate(t, globalsWith({ fail: () => Promise.reject(new Error("boom")) }))).rejects.toMatchObject({ message: "boom", loc: { file: "models/m.sql", line: 2, column: 6 } });
  });
  it("stays synchronous when nothing waits", () => {
    const t = parseTemplate("{{ f() }}", "t.sql");
    expect(renderTemplate(t, globalsWith({ f: () => "x" }))).toBe("x");
  });
});
