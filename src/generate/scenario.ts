// The scenario: every rate, distribution and causal link the generator uses, in one place.
// Sources are in /work/shared/DOMAIN.md ("est." = no published source; tune freely).
// Tune a scenario here; the simulation code reads these numbers and hard-codes none of its own.
// Marks are on the 0-100 scale; survey scores on the 1-5 scale; durations in calendar days.

export const SCENARIO = {
  /** Students per programme; the catalogue grows with --students so module runs keep realistic sizes. */
  studentsPerProgramme: 250, // est.: a 10k-student university runs about 40 programmes
  minProgrammes: 6,
  /** Share of students on taught-masters programmes (est.; about a quarter of HE students are PG). */
  pgtShare: 0.25,
  /** Share of UG programmes with a sandwich-year option; 9% of UG take one (LEO via HEPI 2019). */
  placementOptionShare: 0.4,
  sandwichTakeUp: 0.22, // of students on such programmes: 0.4 * 0.22 ≈ 9% of UG
  shortPlacementRate: 0.05, // per UG student, est.
  studyAbroadRate: 0.02, // per UG student, est.
  placementCompletion: 0.95, // est.

  // ---- who the students are ------------------------------------------------------------------------
  /** Mature share of UG entrants 37%, PT 28% of mature vs 3% of young (Commons Library 2021). */
  ugMatureShare: 0.37,
  ptShareMature: 0.28,
  ptShareYoung: 0.03,
  pgtMatureShare: 0.45, // aged 25+ on entry to PGT, est.
  pgtPtShare: 0.3, // est.
  /** Domicile split by level; overall about 26% international (Commons Library, 2022/23). */
  domicile: {
    UG: { uk: 0.85, eu: 0.04, non_eu: 0.11 },
    PGT: { uk: 0.45, eu: 0.07, non_eu: 0.48 },
  },
  /** POLAR4 quintile of UK entrants: Q1 11-12% overall, 6.6% at high tariff (HESA 2016/17; HEFCE). */
  polar4: {
    high: [0.066, 0.12, 0.18, 0.25, 0.384],
    medium: [0.115, 0.15, 0.19, 0.23, 0.315],
    low: [0.15, 0.18, 0.21, 0.22, 0.24],
  },
  careLeaverRate: 0.007, // est.
  disabilityRate: 0.17, // est. (HESA: about 1 in 6 declare a disability)
  sex: { female: 0.57, male: 0.425, other: 0.005 }, // HESA 2022/23, rounded
  ethnicity: {
    uk: { white: 0.7, black: 0.09, asian: 0.13, mixed: 0.05, other: 0.02, unknown: 0.01 },
    intl: { white: 0.3, black: 0.08, asian: 0.5, mixed: 0.04, other: 0.06, unknown: 0.02 },
  },
  /** UCAS tariff on entry by programme tariff band: mean, sd; WP entrants have lower tariff (est.). */
  tariff: { high: [150, 20], medium: [122, 20], low: [100, 20] } as Record<string, [number, number]>,
  tariffWpPenalty: 10,

  // ---- attainment --------------------------------------------------------------------------------
  /** Regulations: module pass mark UG 40, PGT 50; resits capped at the pass mark (Staffordshire, City regs). */
  passMark: { UG: 40, PGT: 50 },
  /** First-attempt component mark = base + ability*studentSd + run effect + noise (est.). Calibrated so
   *  about 80-90% of first-attempt module marks reach 50 (DOMAIN: module pass rate mean 90%, 80-97%). */
  markBase: { UG: 65, PGT: 66 },
  markStudentSd: 8,
  markNoiseSd: 10,
  markRunSd: 3,
  /** Awarding gaps kept after controlling for tariff (OfS KPM 4; Wonkhe on OfS data): ability shifts. */
  abilityGap: { black: -0.45, asian: -0.2, imdLow: -0.2 },
  tariffAbilityWeight: 0.5, // share of ability explained by tariff
  yearTwoMarkShift: -2, // year-2 modules are harder (DOMAIN: at-risk drivers)
  quantInNonQuantShift: -5, // quantitative modules in non-quantitative programmes fail more
  nonSubmissionRate: 0.02, // component not submitted → mark 0 (est.)
  lateSubmissionRate: 0.06, // est.
  /** Study-skills use lifts marks (workshops add 0.11-0.27 GPA; DOMAIN "support use ↔ passing"). */
  academicSkillsMarkLift: 3,
  /** Classification uses the mean counted mark plus this allowance (discounting the worst module). */
  classificationAllowance: 3,

  // ---- module runs in trouble (the at-risk signal) -----------------------------------------------
  /** Share of module runs that are troubled (harder assessment, slow feedback, weak organisation).
   *  DOMAIN: 3-5% of runs at risk; year-2 and quant-in-non-quant runs more likely. */
  troubledRate: 0.045,
  troubledRiskMultiplier: 1.6, // for year-2 or quant-in-non-quant runs
  troubledMarkShift: -13,
  troubledTurnaroundFactor: 1.9,
  troubledSurveyShift: -0.75, // every theme
  troubledOrganisationShift: -0.6, // on top, for organisation_management
  troubledNonSubmissionRate: 0.05,

  // ---- feedback turnaround -----------------------------------------------------------------------
  /** Calendar days from due date to feedback: lognormal(median, sigma) per component, times a run
   *  factor. Gives about 33% ≤10, 37% 11-15, 19% 16-20, 11% >20 (DOMAIN bins est. 35/35/18/12). */
  turnaroundMedianDays: 11.5,
  turnaroundSigma: 0.4,
  turnaroundRunSigma: 0.15,
  longItemFactor: 1.3, // dissertations and 30+ credit work get 30 working days (Manchester, Warwick)
  minTurnaroundDays: 2,

  // ---- continuation ------------------------------------------------------------------------------
  /** Yearly withdrawal hazard. Young FT UG year 1: 6% (HESA UKPI); later years lower (est.);
   *  mature ×2 (HESA UKPI 12%); POLAR4 Q1 +3 pp (OfS KPM 3); Black students +2.5 pp/yr (7.5 pp
   *  completion gap); PT UG continuation 57% (OfS KPM 2); PGT (est.). */
  hazard: {
    UG: { FT: [0.06, 0.035, 0.02], PT: [0.3, 0.15, 0.1] },
    PGT: { FT: [0.05], PT: [0.15, 0.1] },
  } as Record<string, Record<string, number[]>>,
  hazardMatureFactor: 2,
  hazardPolarQ1Add: 0.03,
  hazardBlackAdd: 0.025,
  hazardAbilitySlope: -0.5, // hazard × exp(slope × ability)
  hazardFailedModuleFactor: 1.8, // failed modules after resits → more likely not to return
  inYearWithdrawalShare: 0.4, // the rest leave at year end

  // ---- module evaluation survey ------------------------------------------------------------------
  /** Module evaluations get lower response than the NSS's 70% (PLMR on NSS 2023); est. 30%. */
  surveyResponseRate: 0.3,
  /** Item means on the latent 1-5 scale; with noise and rounding they give theme positivity near
   *  the NSS order (resources 86, teaching 85, support 83, opps 81, A&F 78, O&M 75, voice 73). */
  surveyItems: [
    { theme: "teaching", item: "teach_explain", mean: 4.4 },
    { theme: "teaching", item: "teach_engaging", mean: 4.25 },
    { theme: "learning_opportunities", item: "lo_apply", mean: 4.25 },
    { theme: "assessment_feedback", item: "af_timely", mean: 4.25 },
    { theme: "assessment_feedback", item: "af_fair", mean: 4.25 },
    { theme: "assessment_feedback", item: "af_helpful", mean: 4.15 },
    { theme: "academic_support", item: "as_contact", mean: 4.35 },
    { theme: "organisation_management", item: "om_organised", mean: 4.15 },
    { theme: "organisation_management", item: "om_changes", mean: 4.05 },
    { theme: "learning_resources", item: "lr_resources", mean: 4.45 },
    { theme: "student_voice", item: "sv_opinions", mean: 4 },
  ],
  surveyNoiseSd: 0.75,
  surveyStudentSd: 0.35,
  surveyRunSd: 0.12,
  /** Slow feedback lowers A&F: −0.2 per 5 days past the window (DOMAIN, est.); af_timely feels it most. */
  afWindowDays: 14,
  afPerDayLate: -0.04,
  afTimelyFactor: 1.5,
  /** Own module mark colours every answer a little (est.): + slope × (mark − 60). */
  surveyMarkSlope: 0.015,

  // ---- student support ---------------------------------------------------------------------------
  /** Users per student-year and mean extra visits; risk (low ability, WP, disability) raises use.
   *  Counselling 6% (BACP), academic skills/wellbeing 15% (est.), visits mean ~3-5 (CCMH; est.). */
  services: [
    { service: "counselling", rate: 0.06, extraVisitsMean: 3.5, minutes: 50 },
    { service: "wellbeing", rate: 0.08, extraVisitsMean: 1.5, minutes: 30 },
    { service: "academic_skills", rate: 0.12, extraVisitsMean: 2, minutes: 45 },
    { service: "disability", rate: 0.04, extraVisitsMean: 1, minutes: 60 },
    { service: "careers", rate: 0.1, extraVisitsMean: 0.8, minutes: 30 },
    { service: "money_advice", rate: 0.03, extraVisitsMean: 0.7, minutes: 30 },
  ],
  supportRiskFactor: 1.8, // use × (1 + factor × risk), risk in [0, 1]
  referralSources: { self: 0.6, personal_tutor: 0.25, module_leader: 0.1, other: 0.05 },

  // ---- complaints (internal 12 per 1,000 a year; 85/12/3 by stage; est. from Dundee 2024) -----------
  complaintRate: 0.012,
  troubledComplaintRate: 0.02, // extra, per enrolment on a troubled run
  complaintStage: { stage_1: 0.85, stage_2: 0.12, review: 0.03 },
  /** Resolution days (lognormal median): stage 1 5-20 working days, formal 30-50, ≤90 end to end. */
  complaintDays: { stage_1: 12, stage_2: 45, review: 80 },
  complaintOutcome: { upheld: 0.15, partly_upheld: 0.2, not_upheld: 0.45, resolved: 0.15, withdrawn: 0.05 },
  oiaReferralRate: 0.3, // of complaints that reach review (OIA 1.1-1.3 per 1,000 students)
  complaintCategories: {
    teaching_quality: 0.2, assessment_feedback: 0.22, organisation: 0.15, facilities: 0.1,
    support_services: 0.1, accommodation: 0.1, financial: 0.08, conduct: 0.05,
  },

  // ---- admissions (UCAS via HEPI 2023: offer rate 76%, 66% high tariff; acceptance est.) ------------
  offerRate: 0.76,
  offerRateHighTariff: 0.66,
  unconditionalShare: 0.1, // est.
  firmAcceptance: 0.25, // offer → firm acceptance at one provider
  conditionsMet: 0.9, // est.
  withdrawnBeforeDecision: 0.05, // est.

  // ---- graduate outcomes (HESA Graduate Outcomes 2021/22) -----------------------------------------
  goResponseRate: 0.45, // est. (GO response about 45-50%)
  goActivity: { ft_work: 0.61, pt_work: 0.09, work_and_study: 0.08, further_study: 0.11, unemployed: 0.05, other: 0.06 },
  highlySkilled: { science: 0.82, other: 0.73 },
  placementHighlySkilledLift: 0.08, // placements lift high-skilled outcomes (DOMAIN)
  salaryBase: 26000, // est.
  salaryAbilityGbp: 2500,
  placementSalaryGbp: 3000, // LEO premium ≈ £6k later in careers; smaller at 15 months (est.)
} as const;

export type Scenario = typeof SCENARIO;

/**
 * What the default scenario produces, measured the way the KPI models measure it (module mark =
 * weighted first-attempt mark; pass at ≥ 50 for every level; turnaround in calendar days; a run is
 * at risk when pass rate < 0.70 and survey mean < 3.5). Tests hold the generator to these ranges.
 */
export const CALIBRATION = {
  firstAttemptPassRate: [0.8, 0.9], // measured ≈ 0.85
  turnaroundShare: {
    // measured ≈ 34 / 33 / 17 / 16 %
    le10: [0.2, 0.45],
    d11to15: [0.2, 0.45],
    d16to20: [0.08, 0.3],
    gt20: [0.05, 0.25],
  },
  themeMean: [3.7, 4.5], // every theme; measured 3.96 (voice) .. 4.33 (resources)
  assessmentFeedbackBelowTeaching: true, // A&F is among the lowest themes (NSS)
  atRiskRunShare: [0.01, 0.15], // aim 3-8%; measured ≈ 4.6%
} as const;
