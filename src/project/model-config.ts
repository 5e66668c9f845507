// Config layers (dbt_project.yml folders → properties `config:` → `config()` in SQL) merged the
// way dbt merges them: tags and hooks add up, meta merges, everything else overrides.
import type { SourceLoc } from "../core/errors.js";
import type { ExportFormat, Materialization, ModelConfig, OnSchemaChange } from "./types.js";
import { MODEL_CONFIG_KEYS, MODEL_CONFIG_USED, SEED_CONFIG_KEYS, SEED_CONFIG_USED, normKey } from "./known-keys.js";
import type { Problems } from "./problems.js";
import { parseWallTime } from "../core/wall-time.js";

export type RawConfig = Record<string, unknown>;
export type ConfigKind = "model" | "seed";

const ADDITIVE = new Set(["tags", "pre_hook", "post_hook"]);
const MATERIALIZATIONS: readonly Materialization[] = ["view", "table", "incremental", "ephemeral"];
const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "parquet", "arrow"];
const ON_SCHEMA_CHANGE: readonly OnSchemaChange[] = ["ignore", "fail", "append_new_columns", "sync_all_columns"];

export function knownConfigKeys(kind: ConfigKind): string[] {
  return kind === "seed" ? SEED_CONFIG_KEYS : MODEL_CONFIG_KEYS;
}

/** Normalises `-` to `_` and checks every key; unknown keys are problems, unused ones notes. */
export function checkConfig(
  raw: RawConfig, kind: ConfigKind, where: string, locOf: (key: string) => SourceLoc,
  problems: Problems, notes: Set<string>,
): RawConfig {
  const known = knownConfigKeys(kind);
  const used = kind === "seed" ? SEED_CONFIG_USED : MODEL_CONFIG_USED;
  const out: RawConfig = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = normKey(k);
    if (!known.includes(key)) {
      problems.unknownKey(k, where, known, locOf(k));
      continue;
    }
    if (!used.includes(key)) notes.add(`config '${key}' is accepted for dbt compatibility but has no effect in qe`);
    const bad = kind === "model" ? badValue(key, v) : undefined;
    if (bad) {
      problems.add("invalid-config", bad.message, locOf(k), bad.hint);
      continue;
    }
    out[key] = v;
  }
  return out;
}

/** Checks the values qe acts on, where the key is written (so the error has the right line). */
function badValue(key: string, v: unknown): { message: string; hint: string } | undefined {
  if (key === "materialized" && !(typeof v === "string" && (MATERIALIZATIONS as string[]).includes(v))) {
    return { message: `materialized '${String(v)}' is not supported`, hint: `use one of ${MATERIALIZATIONS.join(", ")}` };
  }
  if (key === "incremental_strategy" && v !== null && !["append", "merge", "delete+insert", "insert_overwrite", "microbatch"].includes(String(v))) {
    return { message: `incremental_strategy '${String(v)}' is not supported`, hint: "use append, merge, delete+insert, insert_overwrite or microbatch" };
  }
  if (key === "on_schema_change" && v !== null && !(ON_SCHEMA_CHANGE as string[]).includes(String(v))) {
    return { message: `on_schema_change '${String(v)}' is not valid`, hint: `use ${ON_SCHEMA_CHANGE.join(", ")}` };
  }
  if (key === "contract" && v !== null && !(isObj(v) && Object.keys(v).every((k) => k === "enforced" || k === "alias_types"))) {
    return { message: "contract must be a mapping like {enforced: true}", hint: "keys: enforced, alias_types" };
  }
  const mb = microbatchValueProblem(key, v);
  if (mb) return mb;
  if (key === "export") {
    const f = asList(v).map(String).find((x) => !(EXPORT_FORMATS as string[]).includes(x));
    if (f !== undefined) return { message: `export format '${f}' is not supported`, hint: `use ${EXPORT_FORMATS.join(", ")}` };
  }
  return undefined;
}

/** dbt's microbatch config types (its parse errors name them): checked wherever they are written. */
function microbatchValueProblem(key: string, v: unknown): { message: string; hint: string } | undefined {
  if (v === null) return undefined;
  if (key === "event_time" && typeof v !== "string") return { message: `event_time must be a column name or SQL expression (a string), not ${JSON.stringify(v)}`, hint: "e.g. event_time: occurred_at" };
  if (key === "batch_size" && !["hour", "day", "month", "year"].includes(String(v))) return { message: `batch_size '${String(v)}' is not one of hour, day, month, year`, hint: "e.g. batch_size: day" };
  if (key === "begin" && !(v instanceof Date) && (typeof v !== "string" || parseWallTime(v) === undefined)) return { message: `begin '${String(v)}' is not an ISO date or date-time`, hint: "e.g. begin: '2024-01-01' or '2024-01-01T06:00:00'" };
  if (key === "lookback" && !(typeof v === "number" && Number.isInteger(v) && v >= 0)) return { message: `lookback must be a whole number of batches, not ${JSON.stringify(v)}`, hint: "e.g. lookback: 1 (dbt's default)" };
  if (key === "concurrent_batches" && typeof v !== "boolean") return { message: `concurrent_batches must be true or false, not ${JSON.stringify(v)}`, hint: "qe runs batches one after another either way" };
  return undefined;
}

export function mergeConfig(base: RawConfig, over: RawConfig): RawConfig {
  const out: RawConfig = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (ADDITIVE.has(k)) out[k] = [...asList(out[k]), ...asList(v)];
    else if (k === "meta" && isObj(out[k]) && isObj(v)) out[k] = { ...(out[k] as object), ...(v as object) };
    else out[k] = v;
  }
  return out;
}

/** Turns merged raw config (already validated by checkConfig) into a typed ModelConfig. */
export function toModelConfig(raw: RawConfig, kind: ConfigKind): ModelConfig {
  const ignored: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!(kind === "seed" ? SEED_CONFIG_USED : MODEL_CONFIG_USED).includes(k)) ignored[k] = v;
  let materialized: Materialization = kind === "seed" ? "table" : "view";
  const m = raw["materialized"];
  if (m !== undefined && kind === "model") {
    // Values were checked where they were written (checkConfig); here only known ones are taken.
    if (typeof m === "string" && (MATERIALIZATIONS as string[]).includes(m)) materialized = m as Materialization;
  }
  const strategy = raw["incremental_strategy"];
  let incrementalStrategy: ModelConfig["incrementalStrategy"];
  if (strategy !== undefined && strategy !== null) {
    if (strategy === "append" || strategy === "merge" || strategy === "delete+insert" || strategy === "insert_overwrite" || strategy === "microbatch") incrementalStrategy = strategy;
  }
  const exportList = asList(raw["export"]).map(String);
  const enabled = raw["enabled"];
  return {
    materialized,
    schema: optString(raw["schema"]),
    alias: optString(raw["alias"]),
    tags: [...new Set(asList(raw["tags"]).map(String))],
    enabled: enabled === undefined || enabled === null ? true : enabled !== false && enabled !== "false",
    uniqueKey: asList(raw["unique_key"]).flatMap((k) => String(k).split(",")).map((s) => s.trim()).filter(Boolean),
    incrementalStrategy,
    preHook: asList(raw["pre_hook"]).map(hookSql),
    postHook: asList(raw["post_hook"]).map(hookSql),
    meta: isObj(raw["meta"]) ? { ...(raw["meta"] as object) } : {},
    export: exportList.filter((f): f is ExportFormat => (EXPORT_FORMATS as string[]).includes(f)),
    exportOrderBy: raw["export_order_by"] === undefined ? undefined : asList(raw["export_order_by"]).map(String),
    ...(typeof raw["event_time"] === "string" ? { eventTime: raw["event_time"] } : {}),
    ignored,
    ...modelOnlyConfig(raw),
  };
}

/** Contract and incremental settings, present only when written. */
function modelOnlyConfig(raw: RawConfig): Partial<ModelConfig> {
  const out: Partial<ModelConfig> = {};
  const c = raw["contract"];
  if (isObj(c)) out.contract = { enforced: c["enforced"] === true, aliasTypes: c["alias_types"] !== false };
  const osc = raw["on_schema_change"];
  if (typeof osc === "string" && (ON_SCHEMA_CHANGE as string[]).includes(osc)) out.onSchemaChange = osc as OnSchemaChange;
  if (raw["incremental_predicates"] !== undefined && raw["incremental_predicates"] !== null) out.incrementalPredicates = asList(raw["incremental_predicates"]).map(String);
  if (raw["merge_update_columns"] !== undefined && raw["merge_update_columns"] !== null) out.mergeUpdateColumns = asList(raw["merge_update_columns"]).map(String);
  if (raw["merge_exclude_columns"] !== undefined && raw["merge_exclude_columns"] !== null) out.mergeExcludeColumns = asList(raw["merge_exclude_columns"]).map(String);
  // Microbatch settings are kept as written; checkMicrobatch (compile) judges them once config() is merged.
  const size = raw["batch_size"];
  if (size === "hour" || size === "day" || size === "month" || size === "year") out.batchSize = size;
  const begin = raw["begin"];
  if (typeof begin === "string") out.begin = begin;
  else if (begin instanceof Date) out.begin = begin.toISOString();
  if (typeof raw["lookback"] === "number" && Number.isInteger(raw["lookback"])) out.lookback = raw["lookback"];
  if (typeof raw["concurrent_batches"] === "boolean") out.concurrentBatches = raw["concurrent_batches"];
  return out;
}

/** dbt hooks are strings or `{sql: ..., transaction: ...}` mappings. */
function hookSql(h: unknown): string {
  if (isObj(h) && typeof (h as { sql?: unknown }).sql === "string") return (h as { sql: string }).sql;
  return String(h);
}

export function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function optString(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
