// An independent recomputation of the seed's four KPIs (issue 6) straight from the SQLite source
// file: plain row reads through better-sqlite3 and JS arithmetic, never DuckDB or the project's
// models. The cross-check test compares it with the exported marts; the signal test reads it alone.
import Database from "better-sqlite3";

export interface KpiVars {
  passMark: number;
  atRiskPassRate: number;
  atRiskSurveyMean: number;
}

/** The defaults of dbt_project.yml's vars. */
export const DEFAULT_KPI_VARS: KpiVars = { passMark: 50, atRiskPassRate: 0.7, atRiskSurveyMean: 3.5 };

export interface PassRateRow {
  programme: string;
  academic_year: string;
  term: string;
  enrolments: number;
  passed: number;
  pass_rate: number;
}

export interface TurnaroundBinRow {
  turnaround_bin: string;
  assessments: number;
  share: number;
}

export interface EngagementRow {
  module_id: number;
  module_code: string;
  programme: string;
  academic_year: string;
  term: string;
  survey_mean: number;
  median_support_visits: number;
  engagement_index: number;
  pass_rate: number;
  enrolments: number;
}

export type AtRiskRow = Pick<EngagementRow, "module_id" | "module_code" | "programme" | "academic_year" | "term" | "enrolments" | "pass_rate" | "survey_mean">;

export interface ReferenceKpis {
  passRate: PassRateRow[];
  turnaround: TurnaroundBinRow[];
  engagement: EngagementRow[];
  atRisk: AtRiskRow[];
}

export const TURNAROUND_BINS = ["<=10", "11-15", "16-20", ">20"] as const;

interface ModuleRun {
  module_id: number;
  module_code: string;
  programme: string;
  academic_year: string;
  term: string;
}

/** Reads `dbPath` (read-only) and computes the four KPIs as issue 6 defines them. */
export function referenceKpis(dbPath: string, vars: KpiVars = DEFAULT_KPI_VARS): ReferenceKpis {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const modules = new Map<number, ModuleRun>();
    for (const m of db.prepare("select module_id, module_code, programme, academic_year, term from modules").all() as ModuleRun[]) {
      modules.set(m.module_id, m);
    }
    const studentProgramme = new Map<number, string>();
    for (const s of db.prepare("select student_id, programme from students").iterate() as Iterable<{ student_id: number; programme: string }>) {
      studentProgramme.set(s.student_id, s.programme);
    }
    const enrolments = db.prepare("select enrolment_id, student_id, module_id from enrolments").all() as {
      enrolment_id: number;
      student_id: number;
      module_id: number;
    }[];

    const marks = moduleMarks(db);
    const passRate = passRateKpi(enrolments, marks, modules, studentProgramme, vars.passMark);
    const turnaround = turnaroundKpi(db);
    const engagement = engagementKpi(db, enrolments, marks, modules, vars.passMark);
    const atRisk = engagement
      .filter((r) => r.pass_rate < vars.atRiskPassRate && r.survey_mean < vars.atRiskSurveyMean)
      .map(({ module_id, module_code, programme, academic_year, term, enrolments: n, pass_rate, survey_mean }) => ({
        module_id, module_code, programme, academic_year, term, enrolments: n, pass_rate, survey_mean,
      }));
    return { passRate, turnaround, engagement, atRisk };
  } finally {
    db.close();
  }
}

/** Weighted first-attempt module mark per enrolment: Σ mark·weight / Σ weight over attempt 1, mark not null. */
function moduleMarks(db: Database.Database): Map<number, number> {
  const weights = new Map<number, number>();
  for (const a of db.prepare("select assessment_id, weight from assessments").iterate() as Iterable<{ assessment_id: number; weight: number }>) {
    weights.set(a.assessment_id, a.weight);
  }
  const sums = new Map<number, { mw: number; w: number }>();
  const grades = db.prepare("select enrolment_id, assessment_id, attempt, mark from grades").iterate() as Iterable<{
    enrolment_id: number;
    assessment_id: number;
    attempt: number;
    mark: number | null;
  }>;
  for (const g of grades) {
    if (g.attempt !== 1 || g.mark === null) continue;
    const w = weights.get(g.assessment_id)!;
    const s = sums.get(g.enrolment_id) ?? { mw: 0, w: 0 };
    s.mw += g.mark * w;
    s.w += w;
    sums.set(g.enrolment_id, s);
  }
  const out = new Map<number, number>();
  // Rounded to 6 dp like the model: the exact mark has at most 4 decimals, so this only drops float noise.
  for (const [id, s] of sums) out.set(id, Math.round((s.mw / s.w) * 1e6) / 1e6);
  return out;
}

function passRateKpi(
  enrolments: readonly { enrolment_id: number; student_id: number; module_id: number }[],
  marks: Map<number, number>,
  modules: Map<number, ModuleRun>,
  studentProgramme: Map<number, string>,
  passMark: number,
): PassRateRow[] {
  const groups = new Map<string, PassRateRow>();
  for (const e of enrolments) {
    const mark = marks.get(e.enrolment_id);
    if (mark === undefined) continue;
    const m = modules.get(e.module_id)!;
    const programme = studentProgramme.get(e.student_id)!;
    const key = JSON.stringify([programme, m.academic_year, m.term]);
    const g = groups.get(key) ?? { programme, academic_year: m.academic_year, term: m.term, enrolments: 0, passed: 0, pass_rate: 0 };
    g.enrolments += 1;
    if (mark >= passMark) g.passed += 1;
    groups.set(key, g);
  }
  const rows = [...groups.values()].map((g) => ({ ...g, pass_rate: g.passed / g.enrolments }));
  return rows.sort((a, b) => cmp(a.programme, b.programme) || cmp(a.academic_year, b.academic_year) || cmp(a.term, b.term));
}

function turnaroundKpi(db: Database.Database): TurnaroundBinRow[] {
  const counts = new Map<string, number>(TURNAROUND_BINS.map((b) => [b, 0]));
  let total = 0;
  const rows = db.prepare("select due_date, feedback_date from assessments where feedback_date is not null").iterate() as Iterable<{
    due_date: string;
    feedback_date: string;
  }>;
  for (const r of rows) {
    const days = Math.round((Date.parse(r.feedback_date) - Date.parse(r.due_date)) / 86_400_000);
    const bin = days <= 10 ? "<=10" : days <= 15 ? "11-15" : days <= 20 ? "16-20" : ">20";
    counts.set(bin, counts.get(bin)! + 1);
    total += 1;
  }
  return TURNAROUND_BINS.map((b) => ({ turnaround_bin: b, assessments: counts.get(b)!, share: counts.get(b)! / total }));
}

function engagementKpi(
  db: Database.Database,
  enrolments: readonly { enrolment_id: number; student_id: number; module_id: number }[],
  marks: Map<number, number>,
  modules: Map<number, ModuleRun>,
  passMark: number,
): EngagementRow[] {
  const surveys = new Map<number, { sum: number; n: number }>();
  for (const s of db.prepare("select module_id, score from surveys").iterate() as Iterable<{ module_id: number; score: number }>) {
    const a = surveys.get(s.module_id) ?? { sum: 0, n: 0 };
    a.sum += s.score;
    a.n += 1;
    surveys.set(s.module_id, a);
  }
  const visits = new Map<string, number>();
  for (const v of db.prepare("select student_id, academic_year from support_usage").iterate() as Iterable<{ student_id: number; academic_year: string }>) {
    const k = `${v.student_id}|${v.academic_year}`;
    visits.set(k, (visits.get(k) ?? 0) + 1);
  }
  const students = new Map<number, Set<number>>();
  const graded = new Map<number, { n: number; passed: number }>();
  for (const e of enrolments) {
    const set = students.get(e.module_id) ?? new Set<number>();
    set.add(e.student_id);
    students.set(e.module_id, set);
    const mark = marks.get(e.enrolment_id);
    if (mark === undefined) continue;
    const g = graded.get(e.module_id) ?? { n: 0, passed: 0 };
    g.n += 1;
    if (mark >= passMark) g.passed += 1;
    graded.set(e.module_id, g);
  }
  const rows: EngagementRow[] = [];
  for (const [moduleId, g] of graded) {
    const s = surveys.get(moduleId);
    if (!s) continue;
    const m = modules.get(moduleId)!;
    const perStudent = [...students.get(moduleId)!].map((id) => visits.get(`${id}|${m.academic_year}`) ?? 0);
    const med = median(perStudent);
    const surveyMean = s.sum / s.n;
    rows.push({
      module_id: moduleId,
      module_code: m.module_code,
      programme: m.programme,
      academic_year: m.academic_year,
      term: m.term,
      survey_mean: surveyMean,
      median_support_visits: med,
      engagement_index: surveyMean * Math.log(1 + med),
      pass_rate: g.passed / g.n,
      enrolments: g.n,
    });
  }
  return rows.sort((a, b) => a.module_id - b.module_id);
}

/** Median; an even count averages the two middle values. */
export function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
