// Academic calendar and fast date formatting. Days are counted from 1970-01-01 (UTC) so date
// arithmetic is integer addition; ISO strings are cached because millions of rows need them.

const MS_PER_DAY = 86_400_000;
const isoCache = new Map<number, string>();

/** Day number of a calendar date (month 1-12). */
export function dayOf(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** 'YYYY-MM-DD' for a day number. */
export function iso(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/** '2023/24' for the academic year starting in September 2023. */
export function academicYear(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`;
}

/** Key dates of one academic year (starting 1 September of startYear). */
export interface YearDates {
  start: number;
  /** Teaching periods: [first day, last day] of T1, T2, T3. */
  terms: [number, number][];
  /** Last day of the academic year (31 August). */
  end: number;
}

export function yearDates(startYear: number): YearDates {
  return {
    start: dayOf(startYear, 9, 1),
    terms: [
      [dayOf(startYear, 9, 22), dayOf(startYear + 1, 1, 20)], // T1 incl. January exams
      [dayOf(startYear + 1, 1, 27), dayOf(startYear + 1, 6, 6)], // T2 incl. May exams
      [dayOf(startYear + 1, 6, 9), dayOf(startYear + 1, 8, 22)], // T3: dissertation, resits
    ],
    end: dayOf(startYear + 1, 8, 31),
  };
}
