// One row of bench.json. Times are seconds; a record that could not be measured carries
// `skipped` with the reason and null figures, so every expected record is always present.

export interface BenchRecord {
  /** Stable measurement name, e.g. "generate", "load", "startup_help". */
  name: string;
  /** What was measured at, e.g. "10k students", "1000 models", "-" when scale-free. */
  scale: string;
  median_s: number | null;
  min_s: number | null;
  max_s: number | null;
  runs: number;
  rows: number | null;
  rows_per_s: number | null;
  peak_rss_mb: number | null;
  /** Ours / manual route (sqlite3 -csv + DuckDB read_csv): lower is better, goal ≤ 1.0. */
  load_vs_manual?: number | null;
  /** `qe run` / the same SQL executed with no runner: goal ≤ 1.15. */
  run_vs_raw?: number | null;
  /** qe / dbt-core on the same project and command, whole processes: lower is better for qe. */
  qe_vs_dbt?: number | null;
  /** Median seconds of the alternative a ratio compares against. */
  baseline_median_s?: number | null;
  goal: string;
  /** Peak RSS per process in MiB, where a run spans several (the Spark cluster's JVMs). */
  process_peak_rss_mb?: Record<string, number | null>;
  /** Whether the goal held on this machine; null when not measured. */
  goal_met: boolean | null;
  note: string;
  skipped?: string;
}

export interface Summary {
  median_s: number;
  min_s: number;
  max_s: number;
  runs: number;
}

/** Median, min and max of a list of seconds; the median of an even count averages the middle two. */
export function summarise(seconds: readonly number[]): Summary {
  if (seconds.length === 0) throw new Error("summarise: no samples");
  const s = [...seconds].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median_s: round(median), min_s: round(s[0]!), max_s: round(s[s.length - 1]!), runs: s.length };
}

/** A record for a stage that cannot run here yet (module missing, tool absent, command failing). */
export function skippedRecord(name: string, scale: string, goal: string, reason: string): BenchRecord {
  return {
    name, scale, median_s: null, min_s: null, max_s: null, runs: 0, rows: null, rows_per_s: null,
    peak_rss_mb: null, goal, goal_met: null, note: "", skipped: reason,
  };
}

/** Builds a measured record; rows_per_s is derived from rows and the median when both are known. */
export function measuredRecord(
  name: string,
  scale: string,
  goal: string,
  sum: Summary,
  extra: Partial<BenchRecord> = {},
): BenchRecord {
  const rows = extra.rows ?? null;
  return {
    name, scale, ...sum, rows,
    rows_per_s: rows !== null && sum.median_s > 0 ? Math.round(rows / sum.median_s) : null,
    peak_rss_mb: null, goal, goal_met: null, note: "",
    ...extra,
  };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** "10k", "100k", "1M": how scales read in record names and tables. */
export function scaleLabel(students: number): string {
  if (students >= 1_000_000 && students % 1_000_000 === 0) return `${students / 1_000_000}M students`;
  if (students >= 1000 && students % 1000 === 0) return `${students / 1000}k students`;
  return `${students} students`;
}
