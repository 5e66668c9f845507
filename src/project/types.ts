// The typed shape of a loaded project. Raw YAML is `unknown` until src/project normalises it
// into these types once; every later stage reads only these.
import type { SourceLoc } from "../core/errors.js";
import type { ProfileTarget } from "./profile-target.js";
export type { ProfileTarget, DuckdbTarget, SparkTarget, SparkMethod } from "./profile-target.js";

export type { NodeId, Materialization, ExportFormat, Severity, ModelConfig, TestConfig } from "../core/node-types.js";
export { nodeId } from "../core/node-types.js";
import type { NodeId, Severity, ModelConfig, TestConfig } from "../core/node-types.js";

/** A generic test as written in properties YAML, not yet rendered. */
export interface GenericTestDecl {
  /** Test name as written: "unique", "accepted_values", "dbt_utils.expression_is_true", or a custom `{% test %}` name. */
  testName: string;
  /** Keyword arguments (values, to, field, min_value, expression, ...) minus config keys. */
  args: Record<string, unknown>;
  config: TestConfig;
  /** Column the test is attached to, when declared under `columns:`. */
  columnName?: string;
  /** Optional user-given `name:`. */
  customName?: string;
  loc: SourceLoc;
}

export interface ColumnProps {
  name: string;
  description?: string;
  dataType?: string;
  meta: Record<string, unknown>;
  tests: GenericTestDecl[];
}

export interface ModelNode {
  kind: "model";
  id: NodeId;
  name: string;
  /** Path relative to the project root, forward slashes: "models/marts/kpi_pass_rate.sql". */
  path: string;
  rawSql: string;
  description?: string;
  columns: ColumnProps[];
  /** Model-level tests (`tests:`/`data_tests:` directly under the model). */
  tests: GenericTestDecl[];
  config: ModelConfig;
  /** Directory of `path`, split: ["staging"] for models/staging/x.sql — used for folder configs and path: selection. */
  fqn: string[];
  /** Where the model's properties entry is, if any. */
  propertiesLoc?: SourceLoc;
}

export interface SeedNode {
  kind: "seed";
  id: NodeId;
  name: string;
  path: string;
  description?: string;
  columns: ColumnProps[];
  tests: GenericTestDecl[];
  config: ModelConfig & { columnTypes: Record<string, string>; delimiter: string; quoteColumns?: boolean };
  fqn: string[];
}

export interface SourceTableNode {
  kind: "source";
  id: NodeId;
  sourceName: string;
  name: string;
  /** Table name in the source system (`identifier:`), defaults to name. */
  identifier: string;
  /** DuckDB schema the raw table is loaded into (source `schema:`, default the source name). */
  schema: string;
  description?: string;
  columns: ColumnProps[];
  tests: GenericTestDecl[];
  /**
   * Where this source is loaded from: `loader: sqlite` and `meta: { sqlite_path: data/qe.db }` on the
   * source; `meta.loaded_at_column` names the column qe's loader stamps with the load time.
   */
  loader?: { kind: "sqlite"; path: string; loadedAtColumn?: string };
  loc: SourceLoc;
}

export interface SingularTestNode {
  kind: "singular_test";
  id: NodeId;
  name: string;
  path: string;
  rawSql: string;
}

/** dbt 1.8 unit test: fixture rows for each input of one model, expected output rows. */
export interface UnitTestDecl {
  name: string;
  model: string;
  given: { input: string; rows: Record<string, unknown>[] }[];
  expect: { rows: Record<string, unknown>[] };
  loc: SourceLoc;
}

export interface MacroFile {
  /** Path relative to the project root (`dbt_packages/<pkg>/macros/x.sql` for a package's). */
  path: string;
  /** The dbt package the macro belongs to: the root project's name for its own macros. */
  packageName: string;
  text: string;
}

export interface ProjectConfig {
  name: string;
  version?: string;
  profile?: string;
  modelPaths: string[];
  seedPaths: string[];
  macroPaths: string[];
  testPaths: string[];
  docsPaths: string[];
  targetPath: string;
  vars: Record<string, unknown>;
  /** Raw folder-level `models:`/`seeds:`/`tests:` config trees, keyed as in dbt_project.yml. */
  modelsConfig: Record<string, unknown>;
  seedsConfig: Record<string, unknown>;
  testsConfig: Record<string, unknown>;
}

export interface Project {
  /** Absolute path of the project root. */
  rootDir: string;
  config: ProjectConfig;
  models: ModelNode[];
  seeds: SeedNode[];
  sources: SourceTableNode[];
  singularTests: SingularTestNode[];
  unitTests: UnitTestDecl[];
  macroFiles: MacroFile[];
  /** `{% docs name %}` blocks from *.md files. */
  docs: Record<string, string>;
  /** DuckDB database file (--db, else the duckdb target's path, else <target>/qe.duckdb), absolute. */
  databasePath: string;
  /** The profile target dbt would use (profiles.yml found as dbt finds it, --target, env_var rendered). */
  target: ProfileTarget;
  /** Informational notes, e.g. accepted-but-unused dbt keys; the CLI prints each once. */
  notes: string[];
}

// ---- additions by the project loader (additive only) ----
export interface ProjectConfig {
  /** `clean-targets` from dbt_project.yml (folders `qe clean` may delete). */
  cleanTargets?: string[];
  /** `require-dbt-version`, recorded as written; qe does not enforce it. */
  requireDbtVersion?: string | string[];
  /** Absolute target folder (after `--target-path`). */
  targetDir?: string;
}

export interface Project {
  /** Names of `{% test name(...) %}` generic tests found in macro files and tests/generic. */
  genericTestNames?: string[];
}

export interface SingularTestNode {
  /** Test config from folder-level `tests:` configs and `config()` in the file. */
  config?: TestConfig;
  /** Folders under the test path, for `tests:` folder configs and path: selection. */
  fqn?: string[];
}

export interface Project {
  /** `--vars` given on the command line; they win over dbt_project.yml vars. */
  cliVars?: Record<string, unknown>;
  /** The `env` passed to loadProject (for env_var() in templates). */
  env?: Record<string, string | undefined>;
}

// ---- packages, dispatch and run hooks (issue #11) ----
export type { InstalledPackage, PackageSpec } from "./packages.js";
import type { InstalledPackage } from "./packages.js";

/** One `dispatch:` entry of dbt_project.yml: where adapter.dispatch looks for a namespace's macros. */
export interface DispatchConfig {
  macroNamespace: string;
  searchOrder: string[];
}

export interface ProjectConfig {
  /** `packages-install-path` (default dbt_packages), relative to the root. */
  packagesInstallPath?: string;
  /** `dispatch:` search orders, as written. */
  dispatch?: DispatchConfig[];
  /** `on-run-start` / `on-run-end` hooks, unrendered. */
  onRunStart?: string[];
  onRunEnd?: string[];
}

export interface ModelNode {
  /** The package a model comes from, when not the root project (ids read model.<package>.<name>). */
  packageName?: string;
}

export interface SeedNode {
  packageName?: string;
}

export interface Project {
  /** Installed packages (dbt_packages/ and the like), sorted by folder; their macros are in macroFiles. */
  packages?: InstalledPackage[];
}

// ---- contracts, versions, freshness, snapshots (issue 12) ----
import type { Constraint, SnapshotConfig } from "../core/node-types.js";
export type { Constraint, Contract, OnSchemaChange, SnapshotConfig, SnapshotMetaColumns } from "../core/node-types.js";

export interface ColumnProps {
  /** Column-level constraints (`constraints: [{type: not_null}]`). */
  constraints?: Constraint[];
}

export interface ModelNode {
  /** Versioned models (`versions:` in the YAML): this node's version, e.g. "2". */
  version?: string;
  /** The model's `latest_version` (or the greatest declared one), for every version's node. */
  latestVersion?: string;
  /** `deprecation_date` as written (ISO date/time). */
  deprecationDate?: string;
  /** Model-level constraints. */
  constraints?: Constraint[];
}

/** `warn_after` / `error_after`: age limits for source freshness. */
export interface FreshnessTime {
  count: number;
  period: "minute" | "hour" | "day";
}

export interface FreshnessRule {
  warnAfter?: FreshnessTime;
  errorAfter?: FreshnessTime;
  /** SQL condition applied when looking for the newest load time. */
  filter?: string;
}

export interface SourceTableNode {
  /** Freshness after source → table inheritance; undefined when neither declares any (or the table sets `freshness: null`). */
  freshness?: FreshnessRule;
  /** Column (or SQL expression) holding each row's load time. */
  loadedAtField?: string;
  /** `config: {event_time: ...}`: a microbatch model reading this table sees only its batch's rows. */
  eventTime?: string;
}

export interface SnapshotNode {
  kind: "snapshot";
  id: NodeId;
  name: string;
  /** The YAML file (YAML snapshots) or the .sql file holding the `{% snapshot %}` block. */
  path: string;
  /** The select the snapshot records: `select * from {{ <relation> }}` for YAML snapshots. */
  rawSql: string;
  description?: string;
  columns: ColumnProps[];
  tests: GenericTestDecl[];
  /** General config (schema, alias, tags, enabled, hooks, meta) and the snapshot's own. */
  config: ModelConfig;
  /** Typed snapshot config; for legacy blocks it is known only after their `config()` calls render (compile). */
  snapshot?: SnapshotConfig;
  /** Legacy `{% snapshot %}` blocks: folder + properties config, for compile to merge `config()` over. */
  legacy?: { rawConfig: Record<string, unknown>; bodyLine: number };
  /** Legacy `target_schema`: the schema exactly as written (not through generate_schema_name). */
  targetSchema?: string;
  fqn: string[];
  loc: SourceLoc;
}

export interface Project {
  snapshots?: SnapshotNode[];
}

export interface ProjectConfig {
  snapshotPaths?: string[];
  /** Raw folder-level `snapshots:` config tree from dbt_project.yml. */
  snapshotsConfig?: Record<string, unknown>;
}
