// Things that happen to a student outside the module runs: support visits, complaints, placements
// and the Graduate Outcomes survey. Each family draws from its own stream.
import { SCENARIO as S } from "./scenario.js";
import { Categorical, type Rng } from "./random.js";
import { academicYear, dayOf, iso, yearDates } from "./calendar.js";
import type { Profile } from "./student-profile.js";
import type { RowSink } from "./sink.js";

export interface Streams {
  students: Rng;
  admissions: Rng;
  enrolments: Rng;
  grades: Rng;
  surveys: Rng;
  support: Rng;
  complaints: Rng;
  placements: Rng;
  outcomes: Rng;
}

export interface Ids {
  enrolment: number;
  grade: number;
  response: number;
  visit: number;
  complaint: number;
  placement: number;
  outcome: number;
}

const REFERRAL = new Categorical(S.referralSources);
const STAGE = new Categorical(S.complaintStage);
const OUTCOME = new Categorical(S.complaintOutcome);
const CATEGORY = new Categorical(S.complaintCategories);
const ACTIVITY = new Categorical(S.goActivity);
const TROUBLED_CATEGORIES = ["assessment_feedback", "organisation", "teaching_quality"];
const SECTORS = ["industry", "public_sector", "health", "education", "finance", "creative", "third_sector"];

/** Risk in [0, 1]: struggling, WP and disabled students seek more support (DOMAIN). */
export function supportRisk(p: Profile): number {
  const z = -1.2 * p.ability - 0.8 + (p.wp ? 0.4 : 0) + (p.disabled ? 0.4 : 0);
  return 1 / (1 + Math.exp(-z));
}

/**
 * Writes one year's support visits; returns true when the student used academic-skills support
 * (which lifts that year's marks).
 */
export function writeSupport(p: Profile, start: number, finalYear: boolean, rng: Rng, ids: Ids, sink: RowSink): boolean {
  const d = yearDates(start);
  const from = d.terms[0]![0];
  const span = d.terms[1]![1] - from;
  const riskLift = 1 + S.supportRiskFactor * supportRisk(p);
  const ay = academicYear(start);
  let skills = false;
  for (const svc of S.services) {
    let rate = svc.rate * riskLift;
    if (svc.service === "disability") rate = p.disabled ? svc.rate / S.disabilityRate : 0;
    else if (svc.service === "money_advice" && p.wp) rate *= 2;
    else if (svc.service === "careers" && finalYear) rate *= 2;
    if (!rng.chance(rate)) continue;
    if (svc.service === "academic_skills") skills = true;
    const visits = 1 + rng.poisson(svc.extraVisitsMean);
    const days: number[] = [];
    for (let k = 0; k < visits; k++) days.push(from + rng.int(0, span));
    days.sort((a, b) => a - b);
    for (const day of days) {
      sink.put("support_usage", [++ids.visit, p.id, svc.service, iso(day), ay, REFERRAL.draw(rng), svc.minutes + 10 * rng.int(-1, 1)]);
    }
  }
  return skills;
}

/** One complaint; `moduleId` when it is about a module run (troubled runs draw more). */
export function writeComplaint(p: Profile, start: number, moduleId: number | null, snapshot: number, rng: Rng, ids: Ids, sink: RowSink): void {
  const d = yearDates(start);
  const received = d.terms[0]![0] + rng.int(0, d.terms[2]![0] - d.terms[0]![0]);
  const category = moduleId === null ? CATEGORY.draw(rng) : TROUBLED_CATEGORIES[rng.int(0, 2)]!;
  const stage = STAGE.draw(rng);
  const days = Math.max(1, Math.round(S.complaintDays[stage] * Math.exp(0.4 * rng.normal())));
  const resolved = received + days;
  const open = resolved > snapshot;
  const oia = stage === "review" && !open && rng.chance(S.oiaReferralRate) ? 1 : 0;
  sink.put("complaints", [++ids.complaint, p.id, moduleId, academicYear(start), category, stage, iso(received),
    open ? null : iso(resolved), open ? null : OUTCOME.draw(rng), oia]);
}

export type PlacementKind = "sandwich_year" | "short_placement" | "study_abroad";

/** One placement starting in academic year `start`; returns whether it was completed. */
export function writePlacement(p: Profile, kind: PlacementKind, start: number, rng: Rng, ids: Ids, sink: RowSink): boolean {
  let from: number;
  let to: number;
  if (kind === "sandwich_year") {
    from = dayOf(start, 9, 1) + rng.int(0, 30);
    to = from + rng.int(300, 350);
  } else if (kind === "short_placement") {
    from = dayOf(start + 1, 6, 10) + rng.int(0, 20);
    to = from + rng.int(42, 84);
  } else {
    from = dayOf(start + 1, 1, 20) + rng.int(0, 10);
    to = from + rng.int(100, 140);
  }
  const completed = rng.chance(S.placementCompletion);
  if (!completed) to = from + Math.floor((to - from) * rng.next()) + 1;
  sink.put("placements", [++ids.placement, p.id, academicYear(start), kind, SECTORS[rng.int(0, SECTORS.length - 1)]!,
    iso(from), iso(to), completed ? 1 : 0]);
  return completed;
}

/** Graduate Outcomes, about 15 months after completing, when that falls before the snapshot. */
export function writeOutcome(p: Profile, gradStart: number, hadPlacement: boolean, snapshot: number, rng: Rng, ids: Ids, sink: RowSink): void {
  const census = dayOf(gradStart + 2, 12, 1);
  if (census > snapshot || !rng.chance(S.goResponseRate)) return;
  const activity = ACTIVITY.draw(rng);
  const working = activity === "ft_work" || activity === "pt_work" || activity === "work_and_study";
  const pSkilled = (p.programme.quant ? S.highlySkilled.science : S.highlySkilled.other)
    + (hadPlacement ? S.placementHighlySkilledLift : 0) + 0.05 * p.ability;
  const skilled = working ? (rng.chance(pSkilled) ? 1 : 0) : null;
  const salary = activity === "ft_work"
    ? Math.round((S.salaryBase + S.salaryAbilityGbp * p.ability + (hadPlacement ? S.placementSalaryGbp : 0) + 3000 * rng.normal()) / 100) * 100
    : null;
  sink.put("graduate_outcomes", [++ids.outcome, p.id, academicYear(gradStart), iso(census), activity, skilled,
    salary === null ? null : Math.max(12000, salary), hadPlacement ? 1 : 0]);
}
