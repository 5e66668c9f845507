// Who a student is: programme, entry, demographics, widening-participation markers and a latent
// ability that drives marks. Draws come from the 'students' stream only.
import { SCENARIO as S } from "./scenario.js";
import { Categorical, cumulative, type Rng } from "./random.js";
import type { Catalogue, Programme, TariffBand } from "./catalogue.js";

export type Domicile = "uk" | "eu" | "non_eu";

export interface Profile {
  id: number;
  programme: Programme;
  entryStart: number;
  mode: "FT" | "PT";
  domicile: Domicile;
  polar4: number | null;
  imd: number | null;
  wp: boolean;
  age: number;
  mature: boolean;
  sex: string;
  ethnicity: string;
  disabled: boolean;
  careLeaver: boolean;
  tariff: number | null;
  /** Standard-normal-ish latent attainment, including awarding gaps beyond tariff. */
  ability: number;
}

const DOMICILE = { UG: new Categorical(S.domicile.UG), PGT: new Categorical(S.domicile.PGT) };
const SEX = new Categorical(S.sex);
const ETHNICITY = { uk: new Categorical(S.ethnicity.uk), intl: new Categorical(S.ethnicity.intl) };
const POLAR = {
  high: cumulative(S.polar4.high), medium: cumulative(S.polar4.medium), low: cumulative(S.polar4.low),
} as Record<TariffBand, Float64Array>;

export function drawDomicile(rng: Rng, level: "UG" | "PGT"): Domicile {
  return DOMICILE[level].draw(rng) as Domicile;
}

export function drawPolar(rng: Rng, band: TariffBand): number {
  return rng.pick(POLAR[band]) + 1;
}

export function drawProfile(id: number, rng: Rng, cat: Catalogue): Profile {
  const pgt = rng.chance(S.pgtShare) && cat.pgtProgrammes.length > 0;
  const pool = pgt ? cat.pgtProgrammes : cat.ugProgrammes;
  const programme = pool[rng.int(0, pool.length - 1)]!;
  const level = programme.level;
  const mature = rng.chance(level === "UG" ? S.ugMatureShare : S.pgtMatureShare);
  const mode = rng.chance(level === "UG" ? (mature ? S.ptShareMature : S.ptShareYoung) : S.pgtPtShare) ? "PT" : "FT";
  // UG entrants up to two years before the window are still studying in it (steady state).
  const lead = level === "UG" ? 2 : mode === "PT" ? 1 : 0;
  const entryStart = cat.firstYear - lead + rng.int(0, cat.years - 1 + lead);
  const domicile = drawDomicile(rng, level);
  const uk = domicile === "uk";
  const polar4 = uk ? drawPolar(rng, programme.tariffBand) : null;
  // IMD and POLAR4 are correlated area measures: IMD is POLAR4 moved by at most one quintile.
  const imd = polar4 === null ? null : Math.min(5, Math.max(1, polar4 + rng.int(-1, 1)));
  const careLeaver = rng.chance(S.careLeaverRate);
  const wp = polar4 === 1 || imd === 1 || careLeaver;
  const age = level === "UG"
    ? mature ? 21 + Math.floor(-7 * Math.log(1 - rng.next())) : 18 + rng.pick(cumulative([0.6, 0.3, 0.1]))
    : mature ? 25 + Math.floor(-8 * Math.log(1 - rng.next())) : 21 + rng.int(0, 3);
  const sex = SEX.draw(rng);
  const ethnicity = ETHNICITY[uk ? "uk" : "intl"].draw(rng);
  const disabled = rng.chance(S.disabilityRate);
  const [tMean, tSd] = S.tariff[programme.tariffBand]!;
  const tariffZ = rng.normal();
  const tariff = level === "UG" && uk ? Math.max(48, Math.round((tMean - (wp ? S.tariffWpPenalty : 0) + tSd * tariffZ) / 8) * 8) : null;
  const w = S.tariffAbilityWeight;
  const ability = w * tariffZ + Math.sqrt(1 - w * w) * rng.normal()
    + (ethnicity === "black" ? S.abilityGap.black : ethnicity === "asian" ? S.abilityGap.asian : 0)
    + (imd !== null && imd <= 2 ? S.abilityGap.imdLow : 0);
  return {
    id, programme, entryStart, mode, domicile, polar4, imd, wp,
    age: Math.min(age, 70), mature, sex, ethnicity, disabled, careLeaver, tariff, ability,
  };
}
