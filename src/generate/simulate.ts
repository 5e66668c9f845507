// The deterministic simulation: catalogue, then each student's admissions and journey, every row in
// table order. The same options give the same rows whichever tables the sink keeps, so several
// threads can each run it whole and keep only their share.
import { buildCatalogue } from "./catalogue.js";
import type { CheckedOptions } from "./options.js";
import type { BatchSink } from "./sink.js";
import { stream } from "./random.js";
import { drawProfile } from "./student-profile.js";
import { writeAdmissions } from "./admissions.js";
import { simulateJourney } from "./student-journey.js";
import type { Ids, Streams } from "./student-life.js";
import { academicYear } from "./calendar.js";

/** Progress steps per run: often enough for a bar, rare enough to cost nothing (or a message between threads). */
const PROGRESS_STEPS = 20;

/** Writes every row to `sink`; calls `onStep` with the students done so far about 20 times, last with all. */
export function simulate(o: CheckedOptions, sink: BatchSink, onStep: (done: number) => void): void {
  const cat = buildCatalogue(o.seed, o.students, o.firstYear, o.years, sink);
  const rs: Streams = {
    students: stream(o.seed, "students"),
    admissions: stream(o.seed, "admissions"),
    enrolments: stream(o.seed, "enrolments"),
    grades: stream(o.seed, "grades"),
    surveys: stream(o.seed, "surveys"),
    support: stream(o.seed, "support_usage"),
    complaints: stream(o.seed, "complaints"),
    placements: stream(o.seed, "placements"),
    outcomes: stream(o.seed, "graduate_outcomes"),
  };
  const ids: Ids = { enrolment: 0, grade: 0, response: 0, visit: 0, complaint: 0, placement: 0, outcome: 0 };
  const adm = { nextApplicationId: 1, nextApplicantId: o.students + 1 };
  const step = Math.max(1, Math.ceil(o.students / PROGRESS_STEPS));
  for (let id = 1; id <= o.students; id++) {
    const p = drawProfile(id, rs.students, cat);
    writeAdmissions(p, rs.admissions, adm, sink);
    const j = simulateJourney(p, cat, rs, ids, sink);
    sink.put("students", [
      id, p.programme.code, p.programme.level, academicYear(p.entryStart), p.mode, p.domicile, p.wp ? 1 : 0,
      p.polar4, p.imd, p.age, p.mature ? 1 : 0, p.sex, p.ethnicity, p.disabled ? 1 : 0, p.careLeaver ? 1 : 0,
      p.tariff, j.status, j.leaveStart === null ? null : academicYear(j.leaveStart), j.award,
    ]);
    sink.flushIfFull();
    if (id % step === 0 || id === o.students) onStep(id);
  }
}
