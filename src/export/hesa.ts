// HESA's standard rounding methodology, which UK institutions follow when they publish student
// figures (see DOMAIN.md): counts to the nearest 5 (below 2.5 → 0, halves up), percentages on
// fewer than 22.5 people and averages on 7 or fewer people suppressed, shown as "..". Rates are
// computed from unrounded numbers; only what is shown is rounded. The marts keep exact figures.
//
// These functions are also serialised into dashboard.html (Function.prototype.toString) and
// registered as Vega expression functions, so the page, the PNGs and the tests share one copy:
// keep them self-contained (no imports, no closures, plain ES2015).

/** Shown in place of a suppressed value. */
export const SUPPRESSED = "..";

/** A count rounded to the nearest multiple of 5, halves up: 2.4 → 0, 2.5 → 5, 22 → 20, 23 → 25. */
export function hesaRoundCount(n: number): number {
  return Math.floor((n + 2.5) / 5) * 5;
}

/** A percentage (or rate, share, gap) may be shown only when it rests on at least 22.5 people: 22 no, 23 yes. */
export function hesaShowsRate(n: number | null | undefined): boolean {
  return typeof n === "number" && n >= 22.5;
}

/** An average (mean, median, index) may be shown only when it rests on more than 7 people: 7 no, 8 yes. */
export function hesaShowsAverage(n: number | null | undefined): boolean {
  return typeof n === "number" && n > 7;
}

/** How a value is published under the rules. */
export type PublishedStatistic = "count" | "rate" | "average" | "none";

/**
 * The value as published: a rounded count, the value itself, or null (suppressed, shown as "..").
 * `n` is the number of people the rate or average rests on; without one, nothing is suppressed.
 */
export function hesaPublish(stat: PublishedStatistic, value: number | null, n: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (stat === "count") return Math.floor((value + 2.5) / 5) * 5;
  if (n === undefined) return value;
  if (stat === "rate") return typeof n === "number" && n >= 22.5 ? value : null;
  if (stat === "average") return typeof n === "number" && n > 7 ? value : null;
  return value;
}
