// Snapshot configs, from dbt_project.yml `snapshots:`, a YAML snapshot's `config:` and (legacy
// blocks) `config()`, merged like model configs and then checked once, as dbt checks them.
import type { SourceLoc } from "../core/errors.js";
import type { ModelConfig, SnapshotConfig, SnapshotMetaColumns } from "./types.js";
import { normKey } from "./known-keys.js";
import type { Problems } from "./problems.js";
import { asList, isObj, toModelConfig, type RawConfig } from "./model-config.js";

export const SNAPSHOT_CONFIG_KEYS = [
  "enabled", "tags", "pre_hook", "post_hook", "database", "schema", "alias", "persist_docs", "meta", "grants",
  "docs", "group", "quoting", "materialized", "event_time",
  "strategy", "unique_key", "updated_at", "check_cols", "invalidate_hard_deletes", "hard_deletes",
  "dbt_valid_to_current", "snapshot_meta_column_names", "target_schema", "target_database",
];
const META_KEYS: readonly (keyof SnapshotMetaColumns)[] = ["dbt_valid_from", "dbt_valid_to", "dbt_scd_id", "dbt_updated_at", "dbt_is_deleted"];
const HARD_DELETES = ["ignore", "invalidate", "new_record"] as const;

/** Normalises and checks keys; unknown ones are problems with a did-you-mean. */
export function checkSnapshotConfig(raw: RawConfig, where: string, locOf: (k: string) => SourceLoc, problems: Problems): RawConfig {
  const out: RawConfig = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = normKey(k);
    if (!SNAPSHOT_CONFIG_KEYS.includes(key)) problems.unknownKey(k, where, SNAPSHOT_CONFIG_KEYS, locOf(k));
    else out[key] = v;
  }
  return out;
}

export interface TypedSnapshotConfig {
  general: ModelConfig;
  snapshot: SnapshotConfig;
  /** `target_schema` is used as written (legacy); `schema` goes through generate_schema_name. */
  targetSchema?: string;
}

/** The merged raw config of one snapshot → typed, or undefined (with problems) when dbt would refuse it. */
export function toSnapshotConfig(raw: RawConfig, name: string, loc: SourceLoc, problems: Problems): TypedSnapshotConfig | undefined {
  const where = `snapshot '${name}'`;
  const strategy = raw["strategy"];
  const uniqueKey = asList(raw["unique_key"]).map(String).filter(Boolean);
  const bad = (msg: string, hint?: string) => {
    problems.add("invalid-snapshot", `${where}: ${msg}`, loc, hint);
    return undefined;
  };
  if (strategy !== "timestamp" && strategy !== "check") {
    return bad(strategy === undefined ? "no strategy configured" : `strategy '${String(strategy)}' is not supported`, "set strategy: timestamp (with updated_at) or check (with check_cols)");
  }
  if (uniqueKey.length === 0) return bad("no unique_key configured", "set unique_key: a column or a list of columns");
  const updatedAt = raw["updated_at"];
  if (strategy === "timestamp" && typeof updatedAt !== "string") return bad("the timestamp strategy needs updated_at", "set updated_at: the column that changes when a row changes");
  let checkCols: SnapshotConfig["checkCols"] = "all";
  if (strategy === "check") {
    const cc = raw["check_cols"];
    if (cc === "all") checkCols = "all";
    else if (Array.isArray(cc) && cc.length > 0) checkCols = cc.map(String);
    else return bad("the check strategy needs check_cols", "set check_cols: all, or a list of columns");
  }
  let hardDeletes: SnapshotConfig["hardDeletes"] = raw["invalidate_hard_deletes"] === true ? "invalidate" : "ignore";
  if (raw["hard_deletes"] !== undefined && raw["hard_deletes"] !== null) {
    const h = String(raw["hard_deletes"]);
    if (!(HARD_DELETES as readonly string[]).includes(h)) return bad(`hard_deletes '${h}' is not valid`, `use ${HARD_DELETES.join(", ")}`);
    hardDeletes = h as SnapshotConfig["hardDeletes"];
  }
  const metaColumns: SnapshotMetaColumns = { dbt_valid_from: "dbt_valid_from", dbt_valid_to: "dbt_valid_to", dbt_scd_id: "dbt_scd_id", dbt_updated_at: "dbt_updated_at", dbt_is_deleted: "dbt_is_deleted" };
  const names = raw["snapshot_meta_column_names"];
  if (names !== undefined && names !== null) {
    if (!isObj(names)) return bad("snapshot_meta_column_names must be a mapping");
    for (const [k, v] of Object.entries(names)) {
      if (!(META_KEYS as readonly string[]).includes(k)) {
        problems.unknownKey(k, `snapshot_meta_column_names of ${where}`, META_KEYS, loc);
        continue;
      }
      if (v !== null && v !== undefined) metaColumns[k as keyof SnapshotMetaColumns] = String(v);
    }
  }
  const general = toModelConfig({ ...pick(raw, ["enabled", "tags", "pre_hook", "post_hook", "schema", "alias", "meta"]) }, "model");
  return {
    general: { ...general, materialized: "table", ignored: {} },
    snapshot: {
      strategy,
      uniqueKey,
      ...(typeof updatedAt === "string" ? { updatedAt } : {}),
      checkCols,
      hardDeletes,
      ...(raw["dbt_valid_to_current"] !== undefined && raw["dbt_valid_to_current"] !== null ? { validToCurrent: String(raw["dbt_valid_to_current"]) } : {}),
      metaColumns,
    },
    ...(typeof raw["target_schema"] === "string" ? { targetSchema: raw["target_schema"] } : {}),
  };
}

function pick(raw: RawConfig, keys: readonly string[]): RawConfig {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => keys.includes(k)));
}
