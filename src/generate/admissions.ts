// Applications leading to one enrolled student: unsuccessful applicants to the same programme and
// cycle are drawn until one application ends in enrolment, so the offer, acceptance and conversion
// rates of the scenario hold by construction. Draws come from the 'admissions' stream only.
import { SCENARIO as S } from "./scenario.js";
import { dayOf, iso, academicYear } from "./calendar.js";
import { drawDomicile, drawPolar, type Profile } from "./student-profile.js";
import type { Rng } from "./random.js";
import type { RowSink } from "./sink.js";

type Outcome = "rejected" | "withdrawn" | "declined" | "conditions_not_met" | "enrolled";

export interface AdmissionsState {
  nextApplicationId: number;
  nextApplicantId: number;
}

function drawOutcome(rng: Rng, highTariff: boolean): { outcome: Outcome; offer: boolean; unconditional: boolean } {
  if (rng.chance(S.withdrawnBeforeDecision)) return { outcome: "withdrawn", offer: false, unconditional: false };
  if (!rng.chance(highTariff ? S.offerRateHighTariff : S.offerRate)) return { outcome: "rejected", offer: false, unconditional: false };
  const unconditional = rng.chance(S.unconditionalShare);
  if (!rng.chance(S.firmAcceptance)) return { outcome: "declined", offer: true, unconditional };
  if (!unconditional && !rng.chance(S.conditionsMet)) return { outcome: "conditions_not_met", offer: true, unconditional };
  return { outcome: "enrolled", offer: true, unconditional };
}

export function writeAdmissions(p: Profile, rng: Rng, state: AdmissionsState, sink: RowSink): void {
  const prog = p.programme;
  const ay = academicYear(p.entryStart);
  const high = prog.tariffBand === "high";
  for (let tries = 0; ; tries++) {
    const drawn = drawOutcome(rng, high);
    const enrolled = drawn.outcome === "enrolled" || tries >= 40;
    // UG apply through UCAS from October to January before entry; PGT apply in the entry year.
    const applied = prog.level === "UG"
      ? dayOf(p.entryStart - 1, 10, 1) + rng.int(0, 120)
      : dayOf(p.entryStart, 1, 5) + rng.int(0, 200);
    const decided = drawn.outcome === "withdrawn" ? null : iso(applied + rng.int(7, 60));
    const offerType = drawn.offer ? (drawn.unconditional ? "unconditional" : "conditional") : null;
    if (enrolled) {
      const route = p.domicile !== "uk" ? "international" : prog.level === "UG" && p.mode === "FT" ? "ucas" : "direct";
      const tariff = p.tariff === null ? null : p.tariff + 8 * rng.int(0, 2);
      sink.put("admissions", [state.nextApplicationId++, p.id, p.id, prog.code, ay, iso(applied), route, p.domicile,
        p.polar4, p.wp ? 1 : 0, tariff, 1, offerType ?? "conditional", decided ?? iso(applied + 30), "enrolled"]);
      return;
    }
    const domicile = drawDomicile(rng, prog.level);
    const polar = domicile === "uk" ? drawPolar(rng, prog.tariffBand) : null;
    const wp = polar === 1 || rng.chance(0.05);
    const route = domicile !== "uk" ? "international" : prog.level === "UG" ? "ucas" : "direct";
    const [mean, sd] = S.tariff[prog.tariffBand]!;
    const tariff = prog.level === "UG" && domicile === "uk" ? Math.max(48, Math.round((mean + sd * rng.normal()) / 8) * 8) : null;
    sink.put("admissions", [state.nextApplicationId++, state.nextApplicantId++, null, prog.code, ay, iso(applied), route,
      domicile, polar, wp ? 1 : 0, tariff, drawn.offer ? 1 : 0, offerType, decided, drawn.outcome]);
  }
}
