import { describe, expect, it } from "vitest";
import { NotJsonSafe, parseLossless, stringifyLossless } from "../../../src/project/lossless-json.js";

describe("lossless JSON for the parse cache", () => {
  it("round-trips what plain JSON loses", () => {
    const v = { a: undefined, b: [undefined, NaN, Infinity, -Infinity, -0, 0, 1.5], c: { d: "x", e: null, f: true } };
    const back = parseLossless(stringifyLossless(v)) as typeof v;
    expect(back).toStrictEqual(v);
    expect(Object.hasOwn(back, "a")).toBe(true);
    expect(Object.is(back.b[4], -0)).toBe(true);
    expect(Object.is(back.b[5], 0)).toBe(true);
  });

  it("keeps a '__proto__' key as a key, not a prototype", () => {
    const v = JSON.parse('{"__proto__": {"polluted": 1}, "x": 1}') as Record<string, unknown>;
    const back = parseLossless(stringifyLossless(v)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, "__proto__")).toBe(true);
    expect(back).toStrictEqual(v);
  });

  it.each([
    ["a Map", { m: new Map() }],
    ["a Date", { d: new Date(0) }],
    ["a function", { f: () => 1 }],
    ["a bigint", { n: 1n }],
    ["a null-prototype object", { o: Object.create(null) as object }],
    ["a sparse array", { a: [1, , 3] }],
    ["the tag key", { o: { "$qe:t": "undefined" } }],
  ])("refuses %s rather than storing something different", (_n, v) => {
    expect(() => stringifyLossless(v)).toThrow(NotJsonSafe);
  });
});
