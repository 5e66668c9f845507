// Source freshness as dbt declares it, on the source and on each table (the table's wins key by
// key; `freshness: null` on a table turns it off):
//   freshness: {warn_after: {count: 12, period: hour}, error_after: {count: 1, period: day}, filter: "..."}
//   loaded_at_field: _loaded_at
// dbt 1.9+ also accepts both under `config:`; the top-level spelling wins when both are written.
import type { FreshnessRule, FreshnessTime } from "./types.js";
import type { Problems } from "./problems.js";
import { isMapping, type YamlFile, type YamlMap } from "./yaml-file.js";

const PERIODS: readonly FreshnessTime["period"][] = ["minute", "hour", "day"];
const RULE_KEYS = ["warn_after", "error_after", "filter"];

/** What one level (source or table) says: undefined when silent, null when it turns freshness off. */
export interface FreshnessDecl {
  rule: FreshnessRule | null | undefined;
  loadedAtField?: string;
}

export function freshnessDecl(owner: YamlMap, yf: YamlFile, where: string, problems: Problems): FreshnessDecl {
  const config = isMapping(owner["config"]) ? owner["config"] : {};
  const has = (o: YamlMap, k: string) => Object.prototype.hasOwnProperty.call(o, k);
  const [from, raw] = has(owner, "freshness") ? [owner, owner["freshness"]] : has(config, "freshness") ? [config, config["freshness"]] : [undefined, undefined];
  const rule = from === undefined ? undefined : raw === null ? null : parseRule(raw, from, yf, where, problems);
  const laf = owner["loaded_at_field"] ?? config["loaded_at_field"];
  if (laf !== undefined && laf !== null && typeof laf !== "string") problems.add("invalid-properties", `loaded_at_field of ${where} must be a column name or SQL expression`, yf.loc(owner, "loaded_at_field"));
  return { rule, loadedAtField: typeof laf === "string" ? laf : undefined };
}

/** The table's rule over the source's, as dbt merges them. */
export function inheritFreshness(source: FreshnessDecl, table: FreshnessDecl): { freshness?: FreshnessRule; loadedAtField?: string } {
  const loadedAtField = table.loadedAtField ?? source.loadedAtField;
  if (table.rule === null) return { loadedAtField };
  const s = source.rule ?? undefined;
  const t = table.rule;
  const merged: FreshnessRule = {
    warnAfter: t?.warnAfter ?? s?.warnAfter,
    errorAfter: t?.errorAfter ?? s?.errorAfter,
    filter: t?.filter ?? s?.filter,
  };
  const any = merged.warnAfter || merged.errorAfter;
  return { freshness: any ? dropUndefined(merged) : undefined, loadedAtField };
}

function parseRule(v: unknown, parent: YamlMap, yf: YamlFile, where: string, problems: Problems): FreshnessRule | undefined {
  if (!isMapping(v)) {
    problems.add("invalid-properties", `freshness of ${where} must be a mapping with warn_after and/or error_after`, yf.loc(parent, "freshness"));
    return undefined;
  }
  for (const k of Object.keys(v)) if (!RULE_KEYS.includes(k)) problems.unknownKey(k, `freshness of ${where}`, RULE_KEYS, yf.loc(v, k));
  const time = (k: string): FreshnessTime | undefined => {
    const t = v[k];
    if (t === undefined || t === null) return undefined;
    if (!isMapping(t)) {
      problems.add("invalid-properties", `${k} of ${where} must be {count: N, period: minute|hour|day}`, yf.loc(v, k));
      return undefined;
    }
    for (const tk of Object.keys(t)) if (tk !== "count" && tk !== "period") problems.unknownKey(tk, `${k} of ${where}`, ["count", "period"], yf.loc(t, tk));
    // dbt treats a half-written threshold ({count} without period) as no threshold.
    if (t["count"] === undefined || t["count"] === null || t["period"] === undefined || t["period"] === null) return undefined;
    const count = Number(t["count"]);
    if (!Number.isInteger(count)) {
      problems.add("invalid-properties", `${k}.count of ${where} must be a whole number`, yf.loc(t, "count"));
      return undefined;
    }
    const period = String(t["period"]);
    if (!(PERIODS as string[]).includes(period)) {
      problems.add("invalid-properties", `${k}.period of ${where} is '${period}'`, yf.loc(t, "period"), `use ${PERIODS.join(", ")}`);
      return undefined;
    }
    return { count, period: period as FreshnessTime["period"] };
  };
  return dropUndefined({
    warnAfter: time("warn_after"),
    errorAfter: time("error_after"),
    filter: typeof v["filter"] === "string" ? v["filter"] : undefined,
  });
}

/** Seconds in one threshold, as dbt's timedelta does. */
export function thresholdSeconds(t: FreshnessTime): number {
  return t.count * { minute: 60, hour: 3600, day: 86400 }[t.period];
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined)) as T;
}
