// dbt constraints, model- and column-level:
//   constraints: [{type: not_null}, {type: check, expression: "x > 0"}, {type: primary_key, columns: [id]}]
// Validated and typed once; which ones DuckDB enforces is the executor's business.
import type { Constraint } from "./types.js";
import type { Problems } from "./problems.js";
import { isMapping, type YamlFile } from "./yaml-file.js";

const TYPES: readonly Constraint["type"][] = ["not_null", "unique", "primary_key", "foreign_key", "check", "custom"];
const KEYS = ["type", "name", "expression", "columns", "to", "to_columns", "warn_unenforced", "warn_unsupported"];

/** Parses a `constraints:` list; `modelLevel` lists may (and for some types must) name columns. */
export function parseConstraints(v: unknown, yf: YamlFile, where: string, problems: Problems, modelLevel: boolean): Constraint[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    problems.add("invalid-properties", `constraints of ${where} must be a list`, yf.loc(v));
    return [];
  }
  const out: Constraint[] = [];
  v.forEach((c, i) => {
    const loc = yf.loc(v, i);
    if (!isMapping(c) || typeof c["type"] !== "string") {
      problems.add("invalid-properties", `each constraint of ${where} needs a type`, loc, `one of ${TYPES.join(", ")}`);
      return;
    }
    for (const k of Object.keys(c)) if (!KEYS.includes(k)) problems.unknownKey(k, `a constraint of ${where}`, KEYS, yf.loc(c, k));
    const type = c["type"] as Constraint["type"];
    if (!TYPES.includes(type)) {
      problems.add("invalid-properties", `constraint type '${type}' on ${where} is not one dbt knows`, yf.loc(c, "type"), `use one of ${TYPES.join(", ")}`);
      return;
    }
    const columns = Array.isArray(c["columns"]) ? c["columns"].map(String) : typeof c["columns"] === "string" ? [c["columns"]] : undefined;
    if (modelLevel && !columns && type !== "check" && type !== "custom") {
      problems.add("invalid-properties", `model-level ${type} constraint on ${where} must name its columns`, loc, "add columns: [col, ...]");
      return;
    }
    if ((type === "check" || type === "custom") && typeof c["expression"] !== "string") {
      problems.add("invalid-properties", `${type} constraint on ${where} needs an expression`, loc, 'e.g. expression: "amount >= 0"');
      return;
    }
    out.push({
      type,
      ...(typeof c["name"] === "string" ? { name: c["name"] } : {}),
      ...(c["expression"] !== undefined && c["expression"] !== null ? { expression: String(c["expression"]) } : {}),
      ...(columns ? { columns } : {}),
      ...(typeof c["to"] === "string" ? { to: c["to"] } : {}),
      ...(Array.isArray(c["to_columns"]) ? { toColumns: c["to_columns"].map(String) } : {}),
      warnUnenforced: c["warn_unenforced"] !== false,
      warnUnsupported: c["warn_unsupported"] !== false,
    });
  });
  return out;
}
