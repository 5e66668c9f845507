// One student's years of study: module registrations, marks and resits, evaluations, support,
// complaints, placements, withdrawal or completion. Everything for the student is written before
// the next one starts, so memory never holds more than one student.
import { SCENARIO as S } from "./scenario.js";
import { academicYear, iso, yearDates } from "./calendar.js";
import type { Catalogue, Programme } from "./catalogue.js";
import type { Profile } from "./student-profile.js";
import type { RowSink } from "./sink.js";
import { writeComplaint, writeOutcome, writePlacement, writeSupport, type Ids, type Streams } from "./student-life.js";

const ITEMS = S.surveyItems;

interface YearPlan {
  stage: number;
  terms: number[]; // terms of the stage taken this year (PT students split a stage over two years)
  final: boolean;
}

/** The stage and terms a student takes in study year k (0-based), or undefined when done. */
function planYear(prog: Programme, mode: "FT" | "PT", k: number): YearPlan | undefined {
  if (mode === "FT") {
    if (k >= prog.stages) return undefined;
    return { stage: k + 1, terms: prog.level === "PGT" ? [0, 1, 2] : [0, 1], final: k === prog.stages - 1 };
  }
  if (prog.level === "PGT") {
    if (k > 1) return undefined;
    return { stage: 1, terms: k === 0 ? [0, 1] : [2], final: k === 1 };
  }
  if (k >= prog.stages * 2) return undefined;
  return { stage: Math.floor(k / 2) + 1, terms: [k % 2], final: k === prog.stages * 2 - 1 };
}

function hazard(p: Profile, k: number): number {
  const base = S.hazard[p.programme.level]![p.mode]!;
  let h = base[Math.min(k, base.length - 1)]!;
  if (p.mature) h *= S.hazardMatureFactor;
  if (p.polar4 === 1) h += S.hazardPolarQ1Add;
  if (p.ethnicity === "black") h += S.hazardBlackAdd;
  return Math.min(0.9, h * Math.exp(S.hazardAbilitySlope * p.ability));
}

export interface JourneyResult {
  status: "active" | "completed" | "withdrawn";
  leaveStart: number | null;
  award: string | null;
}

function classify(level: "UG" | "PGT", mark: number): string {
  if (level === "PGT") return mark >= 70 ? "distinction" : mark >= 60 ? "merit" : "pass";
  return mark >= 70 ? "first" : mark >= 60 ? "upper_second" : mark >= 50 ? "lower_second" : "third";
}

export function simulateJourney(p: Profile, cat: Catalogue, rs: Streams, ids: Ids, sink: RowSink): JourneyResult {
  const prog = p.programme;
  const lastYear = cat.firstYear + cat.years - 1;
  const passMark = S.passMark[prog.level];
  const leniency = S.surveyStudentSd * rs.surveys.normal();
  let start = p.entryStart;
  let hadPlacement = false;
  let creditMarks = 0;
  let credits = 0;
  for (let k = 0; ; k++, start++) {
    const plan = planYear(prog, p.mode, k);
    if (!plan) break; // unreachable: completion returns below
    if (start > lastYear) return { status: "active", leaveStart: null, award: null };
    const inWindow = start >= cat.firstYear;
    const y = start - cat.firstYear;
    const dates = yearDates(start);
    const h = hazard(p, k);
    // In-year withdrawal: registered modules of the leaving term onwards are withdrawn, unassessed.
    let leaveTerm = 99;
    let leaveDay = 0;
    if (rs.enrolments.chance(h * S.inYearWithdrawalShare)) {
      leaveTerm = plan.terms[rs.enrolments.int(0, plan.terms.length - 1)]!;
      const [a, b] = dates.terms[leaveTerm]!;
      leaveDay = a + rs.enrolments.int(0, b - a - 14);
    }
    let failed = 0;
    if (inWindow) {
      const skills = writeSupport(p, start, plan.final, rs.support, ids, sink);
      const lift = skills ? S.academicSkillsMarkLift : 0;
      const ay = academicYear(start);
      const enrolled = iso(dates.start + 20);
      for (const term of plan.terms) {
        for (const specIx of prog.specsByStageTerm[plan.stage - 1]![term]!) {
          const moduleId = cat.runBase[y]![prog.index]! + specIx;
          const withdrawn = term >= leaveTerm;
          const enrolmentId = ++ids.enrolment;
          sink.put("enrolments", [enrolmentId, p.id, moduleId, ay, plan.stage, enrolled,
            withdrawn ? "withdrawn" : "completed", withdrawn ? iso(leaveDay) : null]);
          if (withdrawn) continue;
          const mark = writeGrades(p, cat, moduleId, enrolmentId, passMark, lift, rs, ids, sink);
          if (mark.final < passMark) failed++;
          const cr = prog.specs[specIx]!.credits;
          if (plan.stage > 1 || prog.level === "PGT") {
            creditMarks += cr * mark.final;
            credits += cr;
          }
          if (rs.surveys.chance(S.surveyResponseRate)) writeSurvey(p, cat, moduleId, ay, mark.first, leniency, rs, ids, sink);
          if (cat.troubled[moduleId] && rs.complaints.chance(S.troubledComplaintRate)) {
            writeComplaint(p, start, moduleId, cat.snapshotDay, rs.complaints, ids, sink);
          }
        }
      }
      if (rs.complaints.chance(S.complaintRate)) writeComplaint(p, start, null, cat.snapshotDay, rs.complaints, ids, sink);
    }
    if (leaveTerm !== 99) return { status: "withdrawn", leaveStart: start, award: null };
    if (plan.final) {
      const mean = credits > 0 ? creditMarks / credits : S.markBase[prog.level] + S.markStudentSd * p.ability;
      if (inWindow) writeOutcome(p, start, hadPlacement, cat.snapshotDay, rs.outcomes, ids, sink);
      return { status: "completed", leaveStart: start, award: classify(prog.level, mean + S.classificationAllowance) };
    }
    const endHazard = h * (1 - S.inYearWithdrawalShare) * (failed > 0 ? S.hazardFailedModuleFactor : 1);
    if (rs.enrolments.chance(endHazard)) return { status: "withdrawn", leaveStart: start, award: null };
    // Placements: short ones and study abroad in year 2; a sandwich year between stages 2 and 3.
    if (prog.level === "UG" && plan.stage === 2 && plan.terms.includes(1)) {
      const write = (kind: "short_placement" | "study_abroad" | "sandwich_year", at: number) => {
        if (at >= cat.firstYear && at <= lastYear) hadPlacement = writePlacement(p, kind, at, rs.placements, ids, sink) || hadPlacement;
        else hadPlacement = true;
      };
      if (rs.placements.chance(S.studyAbroadRate)) write("study_abroad", start);
      if (rs.placements.chance(S.shortPlacementRate)) write("short_placement", start);
      if (p.mode === "FT" && prog.placementOption && rs.placements.chance(S.sandwichTakeUp)) {
        start++;
        write("sandwich_year", start);
      }
    }
  }
  return { status: "active", leaveStart: null, award: null };
}

/** First sits, then resits of failed components when the module is failed; returns module marks. */
function writeGrades(
  p: Profile, cat: Catalogue, moduleId: number, enrolmentId: number, passMark: number, lift: number,
  rs: Streams, ids: Ids, sink: RowSink,
): { first: number; final: number } {
  const g = rs.grades;
  const first = cat.firstAssessment[moduleId]!;
  const n = cat.assessmentCount[moduleId]!;
  const troubled = cat.troubled[moduleId] === 1;
  const mu = S.markBase[p.programme.level] + S.markStudentSd * p.ability + cat.markShift[moduleId]! + lift;
  const nonSub = (troubled ? S.troubledNonSubmissionRate : S.nonSubmissionRate) * (p.ability < -1 ? 2 : 1);
  const marks = [0, 0, 0];
  let firstMark = 0;
  for (let k = 0; k < n; k++) {
    const submitted = !g.chance(nonSub);
    const mark = submitted ? Math.min(100, Math.max(0, Math.round(mu + S.markNoiseSd * g.normal()))) : 0;
    marks[k] = mark;
    firstMark += cat.weight[first + k]! * mark;
    sink.put("grades", [++ids.grade, enrolmentId, first + k, 1, mark, mark, submitted ? 1 : 0, submitted && g.chance(S.lateSubmissionRate) ? 1 : 0]);
  }
  let finalMark = firstMark;
  if (firstMark < passMark) {
    // Resit each failed component; the counted mark is capped at the pass mark.
    finalMark = 0;
    for (let k = 0; k < n; k++) {
      let counted = marks[k]!;
      if (counted < passMark) {
        const submitted = !g.chance(nonSub);
        const mark = submitted ? Math.min(100, Math.max(0, Math.round(mu + 4 + S.markNoiseSd * g.normal()))) : 0;
        counted = Math.min(mark, passMark);
        sink.put("grades", [++ids.grade, enrolmentId, first + k, 2, mark, counted, submitted ? 1 : 0, 0]);
      }
      finalMark += cat.weight[first + k]! * counted;
    }
  }
  return { first: firstMark, final: finalMark };
}

function writeSurvey(
  p: Profile, cat: Catalogue, moduleId: number, ay: string, moduleMark: number, leniency: number,
  rs: Streams, ids: Ids, sink: RowSink,
): void {
  const r = rs.surveys;
  const day = iso(cat.termEnd[moduleId]! - r.int(0, 14));
  const base = cat.surveyShift[moduleId]! + leniency + S.surveyMarkSlope * (moduleMark - 60);
  const lateDays = Math.max(0, cat.meanTurnaround[moduleId]! - S.afWindowDays);
  const troubled = cat.troubled[moduleId] === 1;
  for (const it of ITEMS) {
    let latent = it.mean + base + S.surveyNoiseSd * r.normal();
    if (it.theme === "assessment_feedback") latent += S.afPerDayLate * lateDays * (it.item === "af_timely" ? S.afTimelyFactor : 1);
    if (troubled && it.theme === "organisation_management") latent += S.troubledOrganisationShift;
    const score = Math.min(5, Math.max(1, Math.round(latent)));
    sink.put("surveys", [++ids.response, p.id, moduleId, ay, day, it.theme, it.item, score]);
  }
}
