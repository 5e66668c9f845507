// The synthetic source system's tables: the one contract the staging models are written against.
// Column names and types here are frozen once committed; add columns at the end, never rename.
// Tables are created without indexes; `INDEXES` are built after the data (faster bulk load).

export type SqliteType = "INTEGER" | "REAL" | "TEXT";

export interface ColumnDef {
  name: string;
  type: SqliteType;
  /** Extra constraint text, e.g. "PRIMARY KEY", "NOT NULL", "REFERENCES students(student_id)". */
  constraint: string;
  /** What the column means, its codes or units; rendered into docs/source-system.md. */
  doc: string;
}

export interface TableDef {
  name: string;
  doc: string;
  /** The grain: rows are written in this order. */
  grain: string;
  columns: ColumnDef[];
  /** Table-level constraints, e.g. UNIQUE (...). */
  extra?: string[];
}

export interface IndexDef {
  name: string;
  table: string;
  columns: string[];
  unique?: boolean;
}

const c = (name: string, type: SqliteType, constraint: string, doc: string): ColumnDef => ({ name, type, constraint, doc });

/** Academic-year codes look like '2023/24'; dates are ISO 'YYYY-MM-DD' text; flags are 0/1 integers. */
export const TABLES: readonly TableDef[] = [
  {
    name: "programmes",
    doc: "Programme catalogue: one row per programme of study (a course a student registers on).",
    grain: "programme",
    columns: [
      c("programme", "TEXT", "PRIMARY KEY", "Programme code, e.g. 'U-CMP-01' (U = undergraduate, P = postgraduate taught)."),
      c("programme_name", "TEXT", "NOT NULL", "Human-readable title, e.g. 'BSc Computer Science'."),
      c("level", "TEXT", "NOT NULL CHECK (level IN ('UG','PGT'))", "'UG' first degree or 'PGT' taught masters."),
      c("department", "TEXT", "NOT NULL", "Owning department (subject area), e.g. 'Computing'."),
      c("faculty", "TEXT", "NOT NULL", "Faculty: 'science' or 'arts_humanities_social'."),
      c("quantitative_flag", "INTEGER", "NOT NULL", "1 when the subject is quantitative (science, engineering, economics)."),
      c("duration_years", "INTEGER", "NOT NULL", "Study years full time: 3 for UG, 1 for PGT (PT students take twice as long)."),
      c("placement_option_flag", "INTEGER", "NOT NULL", "1 when the UG programme offers a sandwich (placement) year."),
      c("tariff_band", "TEXT", "NOT NULL", "Entry selectivity: 'high', 'medium' or 'low' tariff."),
    ],
  },
  {
    name: "students",
    doc: "Student records: one row per student registered in the years covered (including earlier entrants still studying).",
    grain: "student_id",
    columns: [
      c("student_id", "INTEGER", "PRIMARY KEY", "Student number (synthetic, 1..N)."),
      c("programme", "TEXT", "NOT NULL REFERENCES programmes(programme)", "Programme registered on."),
      c("level", "TEXT", "NOT NULL CHECK (level IN ('UG','PGT'))", "'UG' or 'PGT' (the programme's level)."),
      c("entry_year", "TEXT", "NOT NULL", "Academic year of entry, e.g. '2022/23' (may precede the first year covered)."),
      c("mode", "TEXT", "NOT NULL CHECK (mode IN ('FT','PT'))", "'FT' full time or 'PT' part time."),
      c("domicile", "TEXT", "NOT NULL", "Fee domicile: 'uk', 'eu' or 'non_eu'."),
      c("wp_flag", "INTEGER", "NOT NULL", "Widening participation: 1 when POLAR4 quintile 1, IMD quintile 1, care leaver or first in family with low income."),
      c("polar4_quintile", "INTEGER", "", "POLAR4 participation quintile 1 (lowest) to 5 of home postcode; NULL when not UK-domiciled."),
      c("imd_quintile", "INTEGER", "", "Index of Multiple Deprivation quintile 1 (most deprived) to 5; NULL when not UK-domiciled."),
      c("age_on_entry", "INTEGER", "NOT NULL", "Age in whole years on 31 August before entry."),
      c("mature_flag", "INTEGER", "NOT NULL", "1 when age_on_entry >= 21 (UG) or >= 25 (PGT), the HESA convention."),
      c("sex", "TEXT", "NOT NULL", "'female', 'male' or 'other'."),
      c("ethnicity_group", "TEXT", "NOT NULL", "'white', 'black', 'asian', 'mixed', 'other' or 'unknown' (HESA groups)."),
      c("disability_flag", "INTEGER", "NOT NULL", "1 when a disability is declared."),
      c("care_leaver_flag", "INTEGER", "NOT NULL", "1 for care-experienced students."),
      c("entry_tariff", "INTEGER", "", "UCAS tariff points on entry (UG, UK-domiciled); NULL otherwise."),
      c("status", "TEXT", "NOT NULL CHECK (status IN ('active','completed','withdrawn'))", "Status at the snapshot date (end of the last year covered)."),
      c("leave_year", "TEXT", "", "Academic year the student completed or withdrew; NULL while active."),
      c("award", "TEXT", "", "Final award when completed: UG 'first','upper_second','lower_second','third'; PGT 'distinction','merit','pass'; NULL otherwise."),
    ],
  },
  {
    name: "admissions",
    doc: "Applications: one row per application to a programme, enrolled or not (applicant_id links repeat applicants, student_id links those who enrolled).",
    grain: "application_id",
    columns: [
      c("application_id", "INTEGER", "PRIMARY KEY", "Application number."),
      c("applicant_id", "INTEGER", "NOT NULL", "Applicant number; for enrolled applicants equals student_id, others are numbered above N."),
      c("student_id", "INTEGER", "REFERENCES students(student_id)", "The student record created when the applicant enrolled; NULL otherwise."),
      c("programme", "TEXT", "NOT NULL REFERENCES programmes(programme)", "Programme applied for."),
      c("academic_year", "TEXT", "NOT NULL", "Cycle: academic year of intended entry, e.g. '2023/24'."),
      c("application_date", "TEXT", "NOT NULL", "Date the application was received."),
      c("route", "TEXT", "NOT NULL", "'ucas' (UG), 'direct' (PGT and PT) or 'international' (agent/overseas)."),
      c("domicile", "TEXT", "NOT NULL", "'uk', 'eu' or 'non_eu'."),
      c("polar4_quintile", "INTEGER", "", "POLAR4 quintile 1-5; NULL when not UK-domiciled."),
      c("wp_flag", "INTEGER", "NOT NULL", "Widening-participation marker as in students.wp_flag."),
      c("predicted_tariff", "INTEGER", "", "Predicted UCAS points (UG, UK); NULL otherwise."),
      c("offer_made", "INTEGER", "NOT NULL", "1 when an offer was made."),
      c("offer_type", "TEXT", "", "'conditional' or 'unconditional'; NULL when no offer."),
      c("decision_date", "TEXT", "", "Date of the provider's decision; NULL when withdrawn before a decision."),
      c("outcome", "TEXT", "NOT NULL", "'rejected', 'withdrawn' (by applicant before decision), 'declined' (offer not accepted), 'conditions_not_met' or 'enrolled'."),
    ],
  },
  {
    name: "modules",
    doc: "Module runs: one row per module code taught in a given academic year and term.",
    grain: "module_id",
    columns: [
      c("module_id", "INTEGER", "PRIMARY KEY", "Module-run number."),
      c("module_code", "TEXT", "NOT NULL", "Module code, stable across years, e.g. 'CMP1003'."),
      c("module_title", "TEXT", "NOT NULL", "Module title."),
      c("programme", "TEXT", "NOT NULL REFERENCES programmes(programme)", "Programme the module belongs to (its students take it)."),
      c("level", "TEXT", "NOT NULL", "'UG' or 'PGT'."),
      c("study_year", "INTEGER", "NOT NULL", "Year of study (stage) the module is taught in: 1-3 for UG, 1 for PGT."),
      c("academic_year", "TEXT", "NOT NULL", "Academic year of the run, e.g. '2023/24'."),
      c("term", "TEXT", "NOT NULL CHECK (term IN ('T1','T2','T3'))", "Teaching term: 'T1' autumn, 'T2' spring, 'T3' summer (PGT dissertation)."),
      c("credits", "INTEGER", "NOT NULL", "Credit value: 15, 20, 30 or 60 (1 credit = 10 notional hours)."),
      c("quantitative_flag", "INTEGER", "NOT NULL", "1 for quantitative content (statistics, maths, programming)."),
      c("core_flag", "INTEGER", "NOT NULL", "1 for a compulsory module, 0 for an option."),
    ],
    extra: ["UNIQUE (module_code, academic_year, term)"],
  },
  {
    name: "enrolments",
    doc: "Module registrations: one row per student per module run.",
    grain: "enrolment_id",
    columns: [
      c("enrolment_id", "INTEGER", "PRIMARY KEY", "Enrolment number."),
      c("student_id", "INTEGER", "NOT NULL REFERENCES students(student_id)", "The student."),
      c("module_id", "INTEGER", "NOT NULL REFERENCES modules(module_id)", "The module run."),
      c("academic_year", "TEXT", "NOT NULL", "Academic year (same as the module run's)."),
      c("study_year", "INTEGER", "NOT NULL", "The student's year of study when enrolled."),
      c("enrolment_date", "TEXT", "NOT NULL", "Registration date."),
      c("status", "TEXT", "NOT NULL CHECK (status IN ('completed','withdrawn'))", "'completed' (assessed: grades exist) or 'withdrawn' (student left before assessment: no grades)."),
      c("withdrawal_date", "TEXT", "", "Date of withdrawal from the module; NULL unless withdrawn."),
    ],
  },
  {
    name: "assessments",
    doc: "Assessment components of a module run; the weights of a run's components sum to exactly 1.",
    grain: "assessment_id",
    columns: [
      c("assessment_id", "INTEGER", "PRIMARY KEY", "Assessment number."),
      c("module_id", "INTEGER", "NOT NULL REFERENCES modules(module_id)", "The module run assessed."),
      c("sequence", "INTEGER", "NOT NULL", "Component number within the run, 1..3."),
      c("assessment_type", "TEXT", "NOT NULL", "'exam', 'coursework', 'essay', 'lab_report', 'presentation', 'portfolio' or 'dissertation'."),
      c("weight", "REAL", "NOT NULL", "Share of the module mark: 1.0, 0.5/0.5 or 0.4/0.3/0.3 (exact binary sums)."),
      c("due_date", "TEXT", "NOT NULL", "Submission deadline or exam date."),
      c("feedback_date", "TEXT", "", "Date marks and feedback were returned (after due_date); NULL when not yet returned at the snapshot."),
    ],
    extra: ["UNIQUE (module_id, sequence)"],
  },
  {
    name: "grades",
    doc: "Marks: one row per enrolment, assessment and attempt (attempt 2 is a resit of failed work).",
    grain: "grade_id",
    columns: [
      c("grade_id", "INTEGER", "PRIMARY KEY", "Grade number."),
      c("enrolment_id", "INTEGER", "NOT NULL REFERENCES enrolments(enrolment_id)", "The enrolment."),
      c("assessment_id", "INTEGER", "NOT NULL REFERENCES assessments(assessment_id)", "The component (of the enrolment's module run)."),
      c("attempt", "INTEGER", "NOT NULL CHECK (attempt IN (1,2))", "1 first sit, 2 resit of a component failed at the first sit."),
      c("mark", "INTEGER", "NOT NULL CHECK (mark BETWEEN 0 AND 100)", "Mark achieved, 0-100 (0 for a non-submission)."),
      c("capped_mark", "INTEGER", "NOT NULL", "Mark that counts: equals mark at attempt 1; at a resit, capped at the level's pass mark (UG 40, PGT 50)."),
      c("submitted_flag", "INTEGER", "NOT NULL", "0 for a non-submission (mark 0)."),
      c("late_flag", "INTEGER", "NOT NULL", "1 when submitted after the deadline."),
    ],
  },
  {
    name: "surveys",
    doc: "Module evaluation answers: one row per respondent, module run and item (not every student responds).",
    grain: "response_id",
    columns: [
      c("response_id", "INTEGER", "PRIMARY KEY", "Answer number."),
      c("student_id", "INTEGER", "NOT NULL REFERENCES students(student_id)", "Respondent (surveys are confidential, not anonymous)."),
      c("module_id", "INTEGER", "NOT NULL REFERENCES modules(module_id)", "Module run evaluated."),
      c("academic_year", "TEXT", "NOT NULL", "Academic year of the run."),
      c("response_date", "TEXT", "NOT NULL", "Date answered (end of the run's term)."),
      c("theme", "TEXT", "NOT NULL", "NSS-style theme code: 'teaching', 'learning_opportunities', 'assessment_feedback', 'academic_support', 'organisation_management', 'learning_resources', 'student_voice'."),
      c("item", "TEXT", "NOT NULL", "Item code within the theme, e.g. 'af_timely' (see docs/source-system.md)."),
      c("score", "INTEGER", "NOT NULL CHECK (score BETWEEN 1 AND 5)", "Likert answer: 1 definitely disagree .. 5 definitely agree (4-5 = positive)."),
    ],
  },
  {
    name: "support_usage",
    doc: "Student-services visits: one row per appointment or drop-in.",
    grain: "visit_id",
    columns: [
      c("visit_id", "INTEGER", "PRIMARY KEY", "Visit number."),
      c("student_id", "INTEGER", "NOT NULL REFERENCES students(student_id)", "The student."),
      c("service", "TEXT", "NOT NULL", "'counselling', 'wellbeing', 'academic_skills', 'disability', 'careers' or 'money_advice'."),
      c("visit_date", "TEXT", "NOT NULL", "Date of the visit."),
      c("academic_year", "TEXT", "NOT NULL", "Academic year of the visit."),
      c("referral_source", "TEXT", "NOT NULL", "'self', 'personal_tutor', 'module_leader' or 'other'."),
      c("duration_minutes", "INTEGER", "NOT NULL", "Length of the contact."),
    ],
  },
  {
    name: "complaints",
    doc: "Student complaints handled under the complaints procedure: one row per complaint, at the highest stage reached.",
    grain: "complaint_id",
    columns: [
      c("complaint_id", "INTEGER", "PRIMARY KEY", "Complaint number."),
      c("student_id", "INTEGER", "NOT NULL REFERENCES students(student_id)", "Complainant."),
      c("module_id", "INTEGER", "REFERENCES modules(module_id)", "Module run complained about, when there is one."),
      c("academic_year", "TEXT", "NOT NULL", "Academic year received."),
      c("category", "TEXT", "NOT NULL", "'teaching_quality', 'assessment_feedback', 'organisation', 'facilities', 'support_services', 'accommodation', 'financial' or 'conduct'."),
      c("stage", "TEXT", "NOT NULL CHECK (stage IN ('stage_1','stage_2','review'))", "Highest internal stage reached: frontline, formal investigation, or review."),
      c("received_date", "TEXT", "NOT NULL", "Date received."),
      c("resolved_date", "TEXT", "", "Date closed; NULL while open at the snapshot."),
      c("outcome", "TEXT", "", "'upheld', 'partly_upheld', 'not_upheld', 'resolved' (settled early) or 'withdrawn'; NULL while open."),
      c("oia_referral_flag", "INTEGER", "NOT NULL", "1 when the student took it to the Office of the Independent Adjudicator."),
    ],
  },
  {
    name: "placements",
    doc: "Work placements and sandwich years taken during study: one row per placement.",
    grain: "placement_id",
    columns: [
      c("placement_id", "INTEGER", "PRIMARY KEY", "Placement number."),
      c("student_id", "INTEGER", "NOT NULL REFERENCES students(student_id)", "The student."),
      c("academic_year", "TEXT", "NOT NULL", "Academic year the placement started."),
      c("placement_type", "TEXT", "NOT NULL", "'sandwich_year' (full year, UG), 'short_placement' (summer/term) or 'study_abroad'."),
      c("employer_sector", "TEXT", "NOT NULL", "'industry', 'public_sector', 'health', 'education', 'finance', 'creative' or 'third_sector'."),
      c("start_date", "TEXT", "NOT NULL", "Start date."),
      c("end_date", "TEXT", "NOT NULL", "End date (after start_date)."),
      c("completed_flag", "INTEGER", "NOT NULL", "1 when completed, 0 when ended early."),
    ],
  },
  {
    name: "graduate_outcomes",
    doc: "Graduate Outcomes survey: one row per responding graduate, 15 months after completing.",
    grain: "outcome_id",
    columns: [
      c("outcome_id", "INTEGER", "PRIMARY KEY", "Response number."),
      c("student_id", "INTEGER", "NOT NULL UNIQUE REFERENCES students(student_id)", "The graduate (students.status = 'completed')."),
      c("graduation_year", "TEXT", "NOT NULL", "Academic year of completion."),
      c("census_date", "TEXT", "NOT NULL", "Survey reference date, about 15 months after completion."),
      c("activity", "TEXT", "NOT NULL", "'ft_work', 'pt_work', 'work_and_study', 'further_study', 'unemployed' or 'other'."),
      c("highly_skilled_flag", "INTEGER", "", "1 when in highly skilled work (SOC major groups 1-3); NULL when not working."),
      c("salary_gbp", "INTEGER", "", "Annual salary when in full-time work; NULL otherwise."),
      c("had_placement_flag", "INTEGER", "NOT NULL", "1 when the graduate completed a placement (see placements)."),
    ],
  },
];

/**
 * Indexes on every foreign key and the common filters, and the unique grains of the big tables;
 * built after the bulk load because maintaining them row by row halves the insert rate.
 */
export const INDEXES: readonly IndexDef[] = [
  { name: "ix_students_programme", table: "students", columns: ["programme"] },
  { name: "ix_admissions_student", table: "admissions", columns: ["student_id"] },
  { name: "ix_admissions_programme", table: "admissions", columns: ["programme", "academic_year"] },
  { name: "ix_modules_programme", table: "modules", columns: ["programme", "academic_year"] },
  { name: "ux_enrolments_student_module", table: "enrolments", columns: ["student_id", "module_id"], unique: true },
  { name: "ix_enrolments_module", table: "enrolments", columns: ["module_id"] },
  { name: "ix_assessments_module", table: "assessments", columns: ["module_id"] },
  { name: "ux_grades_enrolment_assessment_attempt", table: "grades", columns: ["enrolment_id", "assessment_id", "attempt"], unique: true },
  { name: "ix_grades_assessment", table: "grades", columns: ["assessment_id"] },
  { name: "ix_surveys_module", table: "surveys", columns: ["module_id"] },
  { name: "ux_surveys_student_module_item", table: "surveys", columns: ["student_id", "module_id", "item"], unique: true },
  { name: "ix_support_usage_student", table: "support_usage", columns: ["student_id"] },
  { name: "ix_complaints_student", table: "complaints", columns: ["student_id"] },
  { name: "ix_complaints_module", table: "complaints", columns: ["module_id"] },
  { name: "ix_placements_student", table: "placements", columns: ["student_id"] },
];

/** Table names in creation (and foreign-key) order. */
export const TABLE_NAMES: readonly string[] = TABLES.map((t) => t.name);

export function tableDef(name: string): TableDef {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name} in the source schema`);
  return t;
}

/** CREATE TABLE statement for one table. */
export function createTableSql(t: TableDef): string {
  const lines = t.columns.map((col) => `  ${col.name} ${col.type}${col.constraint ? " " + col.constraint : ""}`);
  for (const e of t.extra ?? []) lines.push(`  ${e}`);
  return `CREATE TABLE ${t.name} (\n${lines.join(",\n")}\n)`;
}

export function createIndexSql(ix: IndexDef): string {
  return `CREATE ${ix.unique ? "UNIQUE " : ""}INDEX ${ix.name} ON ${ix.table} (${ix.columns.join(", ")})`;
}

/** The whole DDL, tables then indexes, as the generator runs it. */
export function schemaSql(): string[] {
  return [...TABLES.map(createTableSql), ...INDEXES.map(createIndexSql)];
}
