// The teaching catalogue: programmes, their module structure, and every module run with its
// assessments. Small (it grows with programmes, not students), so it is built in memory; each run's
// hidden traits (troubled, mark shift, turnaround) are kept in typed arrays indexed by module_id.
import { SCENARIO as S } from "./scenario.js";
import { stream, type Rng } from "./random.js";
import { academicYear, iso, yearDates } from "./calendar.js";
import type { RowSink } from "./sink.js";

interface Subject {
  code: string;
  name: string;
  department: string;
  quant: boolean;
}

// Subjects cycle to make as many programmes as the scale needs.
const SUBJECTS: Subject[] = [
  ["CMP", "Computer Science", "Computing", true], ["MTH", "Mathematics", "Mathematics", true],
  ["PHY", "Physics", "Physics", true], ["BIO", "Biology", "Biosciences", true],
  ["CHM", "Chemistry", "Chemistry", true], ["ENG", "Mechanical Engineering", "Engineering", true],
  ["ECO", "Economics", "Economics", true], ["PSY", "Psychology", "Psychology", false],
  ["NUR", "Nursing", "Health Sciences", false], ["BUS", "Business Management", "Business School", false],
  ["LAW", "Law", "Law School", false], ["HIS", "History", "History", false],
  ["ENL", "English Literature", "English", false], ["SOC", "Sociology", "Social Sciences", false],
  ["EDU", "Education", "Education", false], ["ART", "Fine Art", "Art and Design", false],
  ["MUS", "Music", "Music", false], ["GEO", "Geography", "Geography", false],
  ["POL", "Politics", "Politics", false], ["SPS", "Sport Science", "Sport", true],
].map(([code, name, department, quant]) => ({ code, name, department, quant }) as Subject);

const CREDIT_PATTERNS: number[][] = [[15, 15, 15, 15], [20, 20, 20], [30, 15, 15], [30, 30]];
const TARIFF_BANDS = ["high", "medium", "low"] as const;
export type TariffBand = (typeof TARIFF_BANDS)[number];
export type Level = "UG" | "PGT";

export interface ModuleSpec {
  code: string;
  title: string;
  stage: number;
  term: number; // 0 = T1, 1 = T2, 2 = T3
  credits: number;
  quant: boolean;
}

export interface Programme {
  index: number;
  code: string;
  level: Level;
  quant: boolean;
  placementOption: boolean;
  tariffBand: TariffBand;
  stages: number;
  specs: ModuleSpec[];
  /** specsByStageTerm[stage-1][term] = indices into specs. */
  specsByStageTerm: number[][][];
}

export interface Catalogue {
  firstYear: number;
  years: number;
  snapshotDay: number;
  programmes: Programme[];
  ugProgrammes: Programme[];
  pgtProgrammes: Programme[];
  /** runBase[yearIndex][programmeIndex]: module_id of the programme's first spec that year. */
  runBase: number[][];
  runCount: number;
  // Per-run hidden traits, indexed by module_id (slot 0 unused).
  troubled: Uint8Array;
  markShift: Float32Array;
  surveyShift: Float32Array;
  meanTurnaround: Float32Array;
  termEnd: Int32Array;
  firstAssessment: Int32Array;
  assessmentCount: Uint8Array;
  /** Per assessment_id: weight (slot 0 unused). */
  weight: Float64Array;
}

export function programmeCount(students: number): number {
  return Math.max(S.minProgrammes, Math.round(students / S.studentsPerProgramme));
}

function buildProgramme(i: number, rng: Rng): Programme {
  const subject = SUBJECTS[i % SUBJECTS.length]!;
  const level: Level = i % 4 === 3 ? "PGT" : "UG";
  const serial = String(Math.floor(i / SUBJECTS.length) + 1).padStart(2, "0");
  const code = `${level === "UG" ? "U" : "P"}-${subject.code}-${serial}`;
  const stages = level === "UG" ? 3 : 1;
  const specs: ModuleSpec[] = [];
  const byStageTerm: number[][][] = [];
  let n = 0;
  for (let stage = 1; stage <= stages; stage++) {
    const terms: number[][] = [[], [], []];
    const termCount = level === "PGT" ? 3 : 2;
    for (let term = 0; term < termCount; term++) {
      const credits = level === "PGT" && term === 2 ? [60] : CREDIT_PATTERNS[rng.int(0, CREDIT_PATTERNS.length - 1)]!;
      for (const cr of credits) {
        n++;
        // A quantitative module in a non-quantitative programme (research methods, statistics).
        const quant = subject.quant || (stage === 2 && rng.chance(0.15));
        const num = `${level === "UG" ? stage : 7}${String(n).padStart(3, "0")}`;
        terms[term]!.push(specs.length);
        specs.push({
          code: `${subject.code}${serial}${num}`,
          title: cr === 60 ? `${subject.name} Dissertation` : `${subject.name} ${quant && !subject.quant ? "Research Methods" : "Topics"} ${num}`,
          stage, term, credits: cr, quant,
        });
      }
    }
    byStageTerm.push(terms);
  }
  return {
    index: i, code, level, quant: subject.quant,
    placementOption: level === "UG" && rng.chance(S.placementOptionShare),
    tariffBand: TARIFF_BANDS[rng.int(0, 2)]!,
    stages, specs, specsByStageTerm: byStageTerm,
  };
}

export function programmeRow(p: Programme): unknown[] {
  const subject = SUBJECTS[p.index % SUBJECTS.length]!;
  const name = `${p.level === "UG" ? (subject.quant ? "BSc" : "BA") : subject.quant ? "MSc" : "MA"} ${subject.name}`;
  const faculty = subject.quant ? "science" : "arts_humanities_social";
  return [p.code, name, p.level, subject.department, faculty, p.quant ? 1 : 0, p.stages, p.placementOption ? 1 : 0, p.tariffBand];
}

const WEIGHTS: number[][] = [[1], [0.5, 0.5], [0.6, 0.4], [0.4, 0.3, 0.3]];

/**
 * Builds programmes, module runs and assessments, writing their rows to the sink in id order.
 * Draws come from the 'programmes', 'modules' and 'assessments' streams only.
 */
export function buildCatalogue(seed: string | number, students: number, firstYear: number, years: number, sink: RowSink): Catalogue {
  const progRng = stream(seed, "programmes");
  const modRng = stream(seed, "modules");
  const asRng = stream(seed, "assessments");
  const programmes = Array.from({ length: programmeCount(students) }, (_, i) => buildProgramme(i, progRng));
  for (const p of programmes) sink.put("programmes", programmeRow(p));
  const specsPerYear = programmes.reduce((s, p) => s + p.specs.length, 0);
  const runCount = specsPerYear * years;
  const cat: Catalogue = {
    firstYear, years,
    snapshotDay: yearDates(firstYear + years - 1).end,
    programmes,
    ugProgrammes: programmes.filter((p) => p.level === "UG"),
    pgtProgrammes: programmes.filter((p) => p.level === "PGT"),
    runBase: [], runCount,
    troubled: new Uint8Array(runCount + 1),
    markShift: new Float32Array(runCount + 1),
    surveyShift: new Float32Array(runCount + 1),
    meanTurnaround: new Float32Array(runCount + 1),
    termEnd: new Int32Array(runCount + 1),
    firstAssessment: new Int32Array(runCount + 1),
    assessmentCount: new Uint8Array(runCount + 1),
    weight: new Float64Array(runCount * 3 + 1),
  };
  let moduleId = 0;
  let assessmentId = 0;
  for (let y = 0; y < years; y++) {
    const start = firstYear + y;
    const ay = academicYear(start);
    const dates = yearDates(start);
    const bases: number[] = [];
    for (const p of programmes) {
      bases.push(moduleId + 1);
      for (const spec of p.specs) {
        const id = ++moduleId;
        const harder = spec.stage === 2 || (spec.quant && !p.quant);
        const troubled = modRng.chance(S.troubledRate * (harder ? S.troubledRiskMultiplier : 1));
        cat.troubled[id] = troubled ? 1 : 0;
        cat.markShift[id] =
          S.markRunSd * modRng.normal() +
          (spec.stage === 2 ? S.yearTwoMarkShift : 0) +
          (spec.quant && !p.quant ? S.quantInNonQuantShift : 0) +
          (troubled ? S.troubledMarkShift : 0);
        cat.surveyShift[id] = S.surveyRunSd * modRng.normal() + (troubled ? S.troubledSurveyShift : 0);
        const [termStart, termEnd] = dates.terms[spec.term]!;
        cat.termEnd[id] = termEnd;
        sink.put("modules", [id, spec.code, spec.title, p.code, p.level, spec.stage, ay, `T${spec.term + 1}`, spec.credits, spec.quant ? 1 : 0, 1]);
        // Assessments: dissertations are one piece; otherwise 1-3 components by credit size.
        const weights = spec.credits === 60 ? WEIGHTS[0]! : spec.credits >= 30 ? WEIGHTS[asRng.int(1, 3)]! : WEIGHTS[asRng.int(0, 2)]!;
        const runFactor = Math.exp(S.turnaroundRunSigma * asRng.normal()) * (troubled ? S.troubledTurnaroundFactor : 1);
        cat.firstAssessment[id] = assessmentId + 1;
        cat.assessmentCount[id] = weights.length;
        let turnaroundSum = 0;
        weights.forEach((w, k) => {
          const aid = ++assessmentId;
          cat.weight[aid] = w;
          const last = k === weights.length - 1;
          const type = spec.credits === 60 ? "dissertation" : last && weights.length > 1 && asRng.chance(0.6) ? "exam"
            : ["coursework", "essay", "lab_report", "presentation", "portfolio"][asRng.int(0, 4)]!;
          // Coursework falls due through the term; exams sit in the term's last fortnight.
          const due = type === "exam" ? termEnd - asRng.int(2, 14)
            : type === "dissertation" ? termEnd - asRng.int(5, 10)
            : termStart + Math.floor(((termEnd - 21 - termStart) * (k + 1)) / (weights.length + 0.5)) + asRng.int(-3, 3);
          const long = type === "dissertation" || spec.credits >= 30;
          const days = Math.max(S.minTurnaroundDays, Math.round(
            S.turnaroundMedianDays * Math.exp(S.turnaroundSigma * asRng.normal()) * runFactor * (long ? S.longItemFactor : 1)));
          turnaroundSum += days;
          const feedback = due + days;
          sink.put("assessments", [aid, id, k + 1, type, w, iso(due), feedback > cat.snapshotDay ? null : iso(feedback)]);
        });
        cat.meanTurnaround[id] = turnaroundSum / weights.length;
      }
    }
    cat.runBase.push(bases);
  }
  return cat;
}
