// Every key dbt documents for dbt_project.yml, properties files and configs. Strict validation
// rejects anything else (with a did-you-mean); documented keys we do not act on become notes.

/** dbt_project.yml top-level keys we act on. */
export const PROJECT_KEYS_USED = [
  "name", "version", "profile", "config-version", "model-paths", "seed-paths", "macro-paths", "test-paths",
  "docs-paths", "asset-paths", "target-path", "clean-targets", "require-dbt-version", "vars",
  "models", "seeds", "tests", "data_tests", "sources", "snapshots", "snapshot-paths",
  "packages-install-path", "dispatch", "on-run-start", "on-run-end",
];
/** dbt_project.yml keys dbt documents that we accept and ignore. */
export const PROJECT_KEYS_IGNORED = [
  "analysis-paths", "log-path", "query-comment", "quoting",
  "flags", "dbt-cloud", "restrict-access",
  "metrics", "semantic-models", "saved-queries", "exposures", "unit_tests", "source-paths", "data-paths",
  "modules-path", "functions", "function-paths",
];

/** Configs shared by models and seeds (dbt "general configs"); spelled with `_` and `-` alike. */
const GENERAL_CONFIG = [
  "enabled", "tags", "pre_hook", "post_hook", "database", "schema", "alias", "persist_docs", "full_refresh",
  "meta", "grants", "docs", "contract", "event_time", "group", "access", "materialized", "quoting",
];
/** Model configs we act on (besides GENERAL_CONFIG's enabled/tags/hooks/schema/alias/meta/materialized). */
export const MODEL_CONFIG_USED = [
  "materialized", "schema", "alias", "tags", "enabled", "unique_key", "incremental_strategy", "pre_hook",
  "post_hook", "meta", "export", "export_order_by", "contract", "on_schema_change", "incremental_predicates",
  "merge_update_columns", "merge_exclude_columns", "event_time", "batch_size", "begin", "lookback", "concurrent_batches",
];
export const MODEL_CONFIG_KEYS = [
  ...GENERAL_CONFIG, "unique_key", "incremental_strategy", "on_schema_change", "on_configuration_change",
  "sql_header", "batch_size", "lookback", "begin", "concurrent_batches", "incremental_predicates",
  "merge_update_columns", "merge_exclude_columns", "packages", "static_analysis", "latest_version",
  "deprecation_date", "constraints", "export", "export_order_by",
  // dbt-duckdb adapter configs
  "location", "format", "delimiter", "options", "glue_register", "glue_database", "partition_by", "plugin",
];
export const SEED_CONFIG_KEYS = [...GENERAL_CONFIG, "column_types", "delimiter", "quote_columns", "export", "export_order_by"];
export const SEED_CONFIG_USED = ["event_time", "schema", "alias", "tags", "enabled", "meta", "column_types", "delimiter", "quote_columns", "pre_hook", "post_hook", "materialized", "export", "export_order_by"];
export const TEST_CONFIG_KEYS = [
  "severity", "warn_if", "error_if", "limit", "where", "store_failures", "store_failures_as", "enabled", "tags",
  "meta", "fail_calc", "alias", "schema", "database", "group", "sql_header",
];
export const SOURCE_CONFIG_KEYS = ["enabled", "meta", "tags", "event_time", "freshness", "loaded_at_field", "loaded_at_query"];

/** Properties file keys, per level. */
export const PROPS_TOP = ["version", "models", "sources", "seeds", "unit_tests", "macros", "snapshots", "analyses", "exposures", "metrics", "semantic_models", "saved_queries", "groups", "data_tests", "functions"];
export const PROPS_MODEL = ["name", "description", "docs", "latest_version", "deprecation_date", "access", "config", "constraints", "tests", "data_tests", "columns", "time_spine", "versions", "group", "meta"];
export const PROPS_SNAPSHOT = ["name", "description", "docs", "relation", "config", "tests", "data_tests", "columns", "meta", "group"];
export const PROPS_VERSION = ["v", "defined_in", "description", "access", "config", "constraints", "docs", "data_tests", "tests", "columns", "deprecation_date"];
export const PROPS_SEED = ["name", "description", "docs", "config", "tests", "data_tests", "columns", "meta"];
export const PROPS_COLUMN = ["name", "description", "data_type", "meta", "quote", "tests", "data_tests", "constraints", "tags", "granularity", "config", "policy_tags"];
export const PROPS_SOURCE = ["name", "description", "database", "schema", "loader", "loaded_at_field", "loaded_at_query", "meta", "tags", "config", "overrides", "freshness", "quoting", "tables"];
export const PROPS_SOURCE_TABLE = ["name", "description", "identifier", "meta", "tags", "config", "loaded_at_field", "loaded_at_query", "external", "freshness", "quoting", "columns", "tests", "data_tests", "docs"];
export const PROPS_UNIT_TEST = ["name", "model", "description", "given", "expect", "overrides", "config", "versions"];
export const PROPS_UNIT_GIVEN = ["input", "rows", "format", "fixture"];
export const PROPS_UNIT_EXPECT = ["rows", "format", "fixture"];
export const PROPS_TEST_ENTRY = ["name", "test_name", "config", "arguments", "description"];

/** `pre-hook` and `pre_hook` are one key. */
export function normKey(k: string): string {
  return k.replaceAll("-", "_");
}
