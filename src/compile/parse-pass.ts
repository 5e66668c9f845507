// The parse pass, as dbt runs it: every model is rendered once with `execute` false, so the
// config() calls the template really makes (in a macro, under `{% do %}`, with computed values;
// not in comments or dead branches) are captured. With every model's final config known, each
// relation is named through generate_schema_name / generate_alias_name, as in dbt: the project's
// own macro when it defines one, else dbt's default.
import type { SourceLoc } from "../core/errors.js";
import { ProjectError, QeError } from "../core/errors.js";
import type { ModelConfig, ModelNode, Project } from "../project/types.js";
import type { Problems } from "../project/problems.js";
import { checkConfig, mergeConfig, toModelConfig, type RawConfig } from "../project/model-config.js";
import { pyStr } from "../jinja/index.js";
import type { TemplateRenderer, RefTarget } from "./renderer.js";
import { newRenderState, type RenderState } from "./dbt-context.js";
import { modelKey } from "../project/model-key.js";
import type { SnapshotConfig } from "../project/types.js";
import { checkSnapshotConfig, toSnapshotConfig } from "../project/snapshot-config.js";

export interface ModelTarget extends RefTarget {
  config: ModelConfig;
  /** Snapshots: the typed snapshot config (legacy blocks: after their config() calls). */
  snapshot?: SnapshotConfig;
}

/**
 * Renders `text` with execute false and returns the config() it set. Template errors are left
 * to the real render, which reports them with their location (dbt's parse-time undefined is lenient).
 */
/** A template that does not name config, in a project whose macros do not either, cannot call it: no parse render needed. */
export function mayCallConfig(renderer: TemplateRenderer, text: string): boolean {
  return text.includes("config") || renderer.registry.projectMacrosNameConfig;
}

export function capturedConfig(renderer: TemplateRenderer, text: string, file: string, state: RenderState, wholeFile = false): RawConfig {
  if (!mayCallConfig(renderer, text)) return {};
  try {
    // With execute false nothing asks the warehouse, so the render does not wait.
    const r = renderer.renderNode(text, file, state, { lenient: true, wholeFile });
    if (r instanceof Promise) r.catch(() => undefined);
  } catch (e) {
    if (!(e instanceof QeError)) throw e;
  }
  return state.config;
}

/** The line of a config key in the file (for messages): where `key` follows `config(`, else the first `config(`. */
export function configLine(text: string, key?: string): number {
  const at = text.search(/\bconfig\s*\(/);
  if (at < 0) return 1;
  const k = key ? text.indexOf(key, at) : -1;
  const i = k >= 0 ? k : at;
  return text.slice(0, i).split("\n").length;
}

export function modelTargets(project: Project, renderer: TemplateRenderer, problems: Problems, notes: Set<string>): Map<string, ModelTarget> {
  const out = new Map<string, ModelTarget>();
  const targetSchema = String(renderer.context.target["schema"]);
  // The catalog compiled SQL names relations in (dbt's target.database); none on Spark.
  const db = renderer.context.target["database"];
  const database = db === null || db === undefined ? {} : { database: String(db) };
  const nameOf = (macro: "generate_schema_name" | "generate_alias_name", custom: string | undefined, nodeOf: () => Record<string, unknown>, file: string, dflt: () => string): string => {
    // dbt's own macro (the bundled global project's, not overridden) is computed here, as it reads
    // only the custom name, the target and the node's name: one macro render per model saved.
    if (!renderer.registry.fromPackage(null, macro) || renderer.registry.isGlobal(macro)) return dflt();
    let r: { value: unknown } | undefined;
    try {
      const node = nodeOf();
      r = renderer.callMacro(macro, [custom ?? null, node], newRenderState(file, false, { model: node }));
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e.loc ? e : new ProjectError(e.code, e.message, { file, line: 1 }, e.hint));
      return dflt();
    }
    if (!r) return dflt();
    const s = pyStr(r.value).trim();
    return s === "" ? dflt() : s;
  };
  // dbt's default__generate_schema_name: the target schema, or `<target schema>_<custom>`.
  const schemaOf = (custom: string | undefined, node: () => Record<string, unknown>, file: string) =>
    nameOf("generate_schema_name", custom, node, file, () => (custom ? `${targetSchema}_${custom.trim()}` : targetSchema));
  const aliasOf = (custom: string | undefined, name: string, node: () => Record<string, unknown>, file: string) =>
    nameOf("generate_alias_name", custom, node, file, () => (custom ? custom.trim() : name));

  for (const m of project.models) {
    const raw = !mayCallConfig(renderer, m.rawSql) ? {} : capturedConfig(renderer, m.rawSql, m.path, newRenderState(m.path, false, {
      nodeConfig: configToRaw(m.config), self: renderer.context.relation(targetSchema, m.name), model: nodeInfo("model", m.name, m.path, m.fqn, m.config, project.config.name),
    }), true);
    const loc = (key: string): SourceLoc => ({ file: m.path, line: configLine(m.rawSql, key) });
    const over = Object.keys(raw).length === 0 ? {} : checkConfig(raw, "model", `config() in ${m.path}`, loc, problems, notes);
    const config = Object.keys(over).length === 0 ? m.config : applyOverrides(m, over);
    const node = () => nodeInfo("model", m.name, m.path, m.fqn, config, project.config.name);
    out.set(modelKey(m), {
      id: m.id, config, ephemeral: config.materialized === "ephemeral", enabled: config.enabled, eventTime: config.eventTime,
      relation: { ...database, schema: schemaOf(config.schema, node, m.path), name: aliasOf(config.alias, m.name, node, m.path) },
    });
  }
  // An unversioned ref to a versioned model means its latest version.
  for (const m of project.models) if (m.version !== undefined && m.version === m.latestVersion) out.set(m.name, out.get(modelKey(m))!);
  // Snapshots are ref()-able like models; legacy target_schema is used as written.
  for (const s of project.snapshots ?? []) {
    if (out.has(s.name)) continue;
    let { config, snapshot, targetSchema: snapshotSchema } = s;
    if (s.legacy) {
      // A legacy block's config() calls complete its config: captured by the parse render, typed (and checked) only now.
      const legacy = s.legacy;
      const raw = capturedConfig(renderer, s.rawSql, s.path, newRenderState(s.path, false, { nodeConfig: configToRaw(s.config), self: renderer.context.relation(targetSchema, s.name) }));
      const at = (key: string): SourceLoc => ({ file: s.path, line: configLine(s.rawSql, key) + legacy.bodyLine - 1 });
      const over = Object.keys(raw).length === 0 ? {} : checkSnapshotConfig(raw, `config() in ${s.path}`, at, problems);
      const typed = toSnapshotConfig(mergeConfig(legacy.rawConfig, over), s.name, s.loc, problems);
      if (!typed) continue;
      ({ general: config, snapshot, targetSchema: snapshotSchema } = typed);
    }
    const schema = snapshotSchema ?? schemaOf(config.schema, () => nodeInfo("snapshot", s.name, s.path, s.fqn, config, project.config.name), s.path);
    out.set(s.name, { id: s.id, config, snapshot, ephemeral: false, enabled: config.enabled, eventTime: config.eventTime, relation: { ...database, schema, name: config.alias ?? s.name } });
  }
  for (const s of project.seeds) {
    if (out.has(s.name)) continue;
    const node = () => nodeInfo("seed", s.name, s.path, s.fqn, s.config, project.config.name);
    out.set(s.name, {
      id: s.id, config: s.config, ephemeral: false, enabled: s.config.enabled, eventTime: s.config.eventTime,
      relation: { ...database, schema: schemaOf(s.config.schema, node, s.path), name: aliasOf(s.config.alias, s.name, node, s.path) },
    });
  }
  return out;
}

/** dbt's `node` / `model` as macros read it. */
export function nodeInfo(kind: string, name: string, path: string, fqn: string[], config: ModelConfig, pkg: string): Record<string, unknown> {
  return {
    name, resource_type: kind, package_name: pkg, original_file_path: path, path, fqn: [pkg, ...fqn, name],
    unique_id: `${kind}.${pkg}.${name}`, config: { ...configToRaw(config) }, tags: config.tags, alias: config.alias ?? name,
  };
}

function applyOverrides(m: ModelNode, over: RawConfig): ModelConfig {
  return toModelConfig(mergeConfig(configToRaw(m.config), over), "model");
}

/** The inverse of toModelConfig, so config() can be merged over folder + properties config. */
export function configToRaw(c: ModelConfig): RawConfig {
  const raw: RawConfig = { ...c.ignored, materialized: c.materialized, tags: c.tags, enabled: c.enabled, meta: c.meta, pre_hook: c.preHook, post_hook: c.postHook };
  if (c.schema !== undefined) raw["schema"] = c.schema;
  if (c.alias !== undefined) raw["alias"] = c.alias;
  if (c.uniqueKey.length > 0) raw["unique_key"] = c.uniqueKey;
  if (c.incrementalStrategy) raw["incremental_strategy"] = c.incrementalStrategy;
  if (c.export.length > 0) raw["export"] = c.export;
  if (c.exportOrderBy) raw["export_order_by"] = c.exportOrderBy;
  if (c.contract) raw["contract"] = { enforced: c.contract.enforced, alias_types: c.contract.aliasTypes };
  if (c.onSchemaChange) raw["on_schema_change"] = c.onSchemaChange;
  if (c.incrementalPredicates) raw["incremental_predicates"] = c.incrementalPredicates;
  if (c.mergeUpdateColumns) raw["merge_update_columns"] = c.mergeUpdateColumns;
  if (c.mergeExcludeColumns) raw["merge_exclude_columns"] = c.mergeExcludeColumns;
  if (c.eventTime !== undefined) raw["event_time"] = c.eventTime;
  if (c.batchSize !== undefined) raw["batch_size"] = c.batchSize;
  if (c.begin !== undefined) raw["begin"] = c.begin;
  if (c.lookback !== undefined) raw["lookback"] = c.lookback;
  if (c.concurrentBatches !== undefined) raw["concurrent_batches"] = c.concurrentBatches;
  return raw;
}
