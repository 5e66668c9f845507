import { describe, expect, it } from "vitest";
import { hesaPublish, hesaRoundCount, hesaShowsAverage, hesaShowsRate } from "../../../src/export/hesa.js";

describe("HESA rounding and suppression", () => {
  it.each([
    [0, 0], [2.4, 0], [2.5, 5], [3, 5], [7, 5], [7.5, 10], [8, 10], [22, 20], [22.5, 25], [23, 25], [1234, 1235], [1237.5, 1240],
  ])("rounds the count %s to %s", (n, want) => {
    expect(hesaRoundCount(n)).toBe(want);
    expect(hesaPublish("count", n, undefined)).toBe(want);
  });

  it("suppresses a percentage on fewer than 22.5 people: 22 suppressed, 23 shown", () => {
    expect(hesaShowsRate(22)).toBe(false);
    expect(hesaShowsRate(22.4)).toBe(false);
    expect(hesaShowsRate(22.5)).toBe(true);
    expect(hesaShowsRate(23)).toBe(true);
    expect(hesaPublish("rate", 0.5, 22)).toBeNull();
    expect(hesaPublish("rate", 0.5, 23)).toBe(0.5);
    expect(hesaShowsRate(null)).toBe(false);
  });

  it("suppresses an average on 7 or fewer people: 7 suppressed, 8 shown", () => {
    expect(hesaShowsAverage(7)).toBe(false);
    expect(hesaShowsAverage(8)).toBe(true);
    expect(hesaPublish("average", 3.9, 7)).toBeNull();
    expect(hesaPublish("average", 3.9, 8)).toBe(3.9);
  });

  it("leaves nulls, unknown populations and non-statistics alone", () => {
    expect(hesaPublish("rate", null, 100)).toBeNull();
    expect(hesaPublish("rate", 0.4, undefined)).toBe(0.4);
    expect(hesaPublish("none", 17, 1)).toBe(17);
  });

  it("serialises to self-contained JavaScript the dashboard can embed", () => {
    const fn = new Function(`${hesaPublish.toString()}; return hesaPublish("count", 2.5, undefined);`);
    expect(fn()).toBe(5);
  });
});
