// What dashboard.html shows and where: the tabs, the headline figures that open the page, the
// tables beyond the data table behind each chart, and how the filters map onto mart columns.
// Charts place themselves (usermeta.qe.tab in their spec); this is layout, not export policy.

export const DASHBOARD_TABS = ["Overview", "Admissions", "Assessment", "Engagement", "Monitoring", "Outcomes"] as const;
export type DashboardTab = (typeof DASHBOARD_TABS)[number];

/** Columns the academic-year filter acts on, in the order a mart is searched for one. */
export const YEAR_COLUMNS = ["academic_year", "admission_cycle", "entry_cohort", "graduation_year"] as const;

/** The mart naming each programme (code, programme_name, level): filter labels and level by programme. */
export const PROGRAMME_DIMENSION = "dim_programmes";

/**
 * A headline figure: a pooled ratio (sum of numerator / sum of denominator) over the filtered rows
 * of the latest year (or the year chosen), with the change on the year before.
 * - ratio: a fraction shown as %, change in percentage points;
 * - gap: difference of two ratios (b - a) in percentage points;
 * - per1000: 1000 x ratio;
 * - rows: the number of rows (e.g. at-risk module runs).
 */
export interface Headline {
  id: string;
  label: string;
  mart: string;
  kind: "ratio" | "gap" | "per1000" | "rows";
  /** ratio/per1000: [numerator, denominator]; gap: [a numerator, a denominator, b numerator, b denominator]. */
  columns: string[];
  /** Which column's description (from the YAML) defines the figure. */
  defines: string;
  /** A rise is good news (true) or bad news (false); colours the change. */
  higherIsBetter: boolean;
  /** OfS B3: the flag column counting cohorts below threshold, and the threshold column. */
  b3?: { flag: string; threshold: string };
}

export const HEADLINES: readonly Headline[] = [
  { id: "continuation", label: "Continuation", mart: "continuation_completion", kind: "ratio", columns: ["continued", "continuation_population"], defines: "continuation_rate", higherIsBetter: true, b3: { flag: "is_below_continuation_threshold", threshold: "continuation_threshold" } },
  { id: "completion", label: "Completion", mart: "continuation_completion", kind: "ratio", columns: ["completed", "completion_population"], defines: "completion_rate", higherIsBetter: true, b3: { flag: "is_below_completion_threshold", threshold: "completion_threshold" } },
  { id: "pass_rate", label: "Module pass rate", mart: "kpi_pass_rate", kind: "ratio", columns: ["passed", "enrolments"], defines: "pass_rate", higherIsBetter: true },
  { id: "wp_gap", label: "WP attainment gap", mart: "wp_attainment_gap", kind: "gap", columns: ["wp_passed", "wp_enrolments", "other_passed", "other_enrolments"], defines: "pass_rate_gap_pp", higherIsBetter: false },
  { id: "feedback", label: "Feedback within policy", mart: "feedback_timeliness", kind: "ratio", columns: ["returned_within_policy", "returned"], defines: "within_policy_share", higherIsBetter: true },
  { id: "nss", label: "Survey positivity", mart: "nss_theme_scores", kind: "ratio", columns: ["positive_answers", "answers"], defines: "positivity", higherIsBetter: true },
  { id: "graduates", label: "Graduates in skilled work or study", mart: "graduate_outcomes_summary", kind: "ratio", columns: ["highly_skilled_or_study", "respondents"], defines: "positive_outcome_rate", higherIsBetter: true },
  { id: "offers", label: "Offer rate", mart: "admissions_funnel", kind: "ratio", columns: ["offers", "applications"], defines: "offer_rate", higherIsBetter: true },
  { id: "complaints", label: "Complaints per 1,000 students", mart: "complaints_by_year", kind: "per1000", columns: ["complaints", "students"], defines: "complaints_per_1000_students", higherIsBetter: false },
  { id: "at_risk", label: "Module runs at risk", mart: "at_risk_modules", kind: "rows", columns: [], defines: "severity", higherIsBetter: false },
];

/** A table shown on a tab in its own right (every chart also has its data table). */
export interface DashboardTable {
  tab: DashboardTab;
  title: string;
  mart: string;
  /** Columns in display order; absent ones are skipped. */
  columns: string[];
  /** Initial sort. */
  sort?: { column: string; descending: boolean };
}

export const DASHBOARD_TABLES: readonly DashboardTable[] = [
  {
    tab: "Monitoring",
    title: "Module runs at risk, most severe first",
    mart: "at_risk_modules",
    columns: ["module_code", "module_title", "programme", "academic_year", "term", "pass_rate", "enrolments", "survey_mean", "respondents", "severity"],
    sort: { column: "severity", descending: true },
  },
  {
    tab: "Outcomes",
    title: "Programme cohorts against OfS B3",
    mart: "continuation_completion",
    columns: ["programme", "entry_cohort", "mode", "level", "continuation_rate", "continuation_population", "continuation_threshold", "is_below_continuation_threshold", "completion_rate", "completion_population", "completion_threshold", "is_below_completion_threshold"],
    sort: { column: "continuation_rate", descending: false },
  },
  {
    tab: "Engagement",
    title: "Survey theme scores",
    mart: "nss_theme_scores",
    columns: ["programme", "academic_year", "theme_label", "positivity", "answers", "mean_score", "module_runs"],
  },
];
