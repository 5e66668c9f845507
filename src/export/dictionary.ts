// The data dictionary: every exported column's type, unit and description, taken from the models'
// properties YAML (one source of truth with the docs). Units follow column meta `unit:` when
// given, else the marts' naming conventions; `meta: { n: <column> }` names the population a rate
// or average rests on (a list means the smallest of them), which publication mode and the
// dashboard's "n" use.
import { isDecimalType, isFloatType, isIntegerType } from "./mart-query.js";
import type { PublishedStatistic } from "./hesa.js";
import type { ExportColumn } from "./types.js";

/** What the export needs to know of a model's documentation (a slice of the project's ModelNode). */
export interface ModelDocs {
  name: string;
  description?: string;
  columns: readonly { name: string; description?: string; meta: Record<string, unknown> }[];
}

export interface ColumnDoc {
  name: string;
  /** Exported type (see ExportColumn.type). */
  type: string;
  martType?: string;
  unit: string;
  description?: string;
  /** Population column(s) of a rate or average; the smallest counts. */
  n?: string[];
  /** How publication mode treats the column. */
  statistic: PublishedStatistic;
}

/** Units whose values are proportions of people: suppressed below 22.5 in publication mode. */
const RATE_UNITS = new Set(["fraction", "percentage_points", "per_1000_students"]);
/** Units of values that are not counts or rates: means, medians and indices (suppressed on 7 or fewer). */
const AVERAGE_UNITS = new Set(["days", "score_1_5", "gbp", "index", "visits", "number"]);

/** A column's unit from its meta, else from the marts' naming conventions and its type. */
export function inferUnit(name: string, type: string, meta: Record<string, unknown> = {}): string {
  if (typeof meta["unit"] === "string") return meta["unit"];
  if (type === "BOOLEAN") return "flag";
  const numeric = isIntegerType(type) || isFloatType(type) || isDecimalType(type);
  if (!numeric) return "text";
  if (/(^|_)id$/.test(name)) return "identifier";
  if (/(^|_)order$/.test(name)) return "order";
  if (/(^|_)(rate|share|positivity|threshold)$/.test(name) || name === "share") return "fraction";
  if (/_pp$/.test(name)) return "percentage_points";
  if (/_days$/.test(name)) return "days";
  if (/_per_1000_students$/.test(name)) return "per_1000_students";
  if (/_gbp$/.test(name)) return "gbp";
  if (isIntegerType(type)) return "count";
  return "number";
}

function populationOf(meta: Record<string, unknown>): string[] | undefined {
  const n = meta["n"];
  if (typeof n === "string") return [n];
  if (Array.isArray(n) && n.every((x) => typeof x === "string")) return n as string[];
  return undefined;
}

/** The dictionary entries of one mart's exported columns, in column order. */
export function describeColumns(columns: readonly ExportColumn[], docs: ModelDocs | undefined): ColumnDoc[] {
  return columns.map((c) => {
    const props = docs?.columns.find((d) => d.name === c.name);
    const meta = props?.meta ?? {};
    const unit = inferUnit(c.name, c.type, meta);
    const n = populationOf(meta);
    const statistic: PublishedStatistic =
      unit === "count" ? "count" : n && RATE_UNITS.has(unit) ? "rate" : n && AVERAGE_UNITS.has(unit) ? "average" : "none";
    const doc: ColumnDoc = { name: c.name, type: c.type, unit, statistic };
    if (c.martType) doc.martType = c.martType;
    if (props?.description) doc.description = props.description.trim();
    if (n) doc.n = n;
    return doc;
  });
}

/** data_dictionary.csv: one row per exported column of every exported mart. */
export function dictionaryCsv(marts: readonly { mart: string; description?: string; columns: readonly ColumnDoc[] }[], field: (v: string | null) => string): string {
  const header = ["mart", "column", "type", "mart_type", "unit", "population", "description"];
  let out = header.join(",") + "\n";
  for (const m of marts) {
    for (const c of m.columns) {
      out += [m.mart, c.name, c.type, c.martType ?? c.type, c.unit, c.n?.join("|") ?? null, c.description ?? null].map((v) => field(v)).join(",") + "\n";
    }
  }
  return out;
}
