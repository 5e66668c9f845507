// Before rendering any model we need every model's final relation (schema, alias) and whether it
// is ephemeral, since `ref()` renders them. Those can be set by `{{ config(...) }}` inside a model,
// so the config() calls alone are evaluated first: a small snippet each, cached by text.
import type { SourceLoc } from "../core/errors.js";
import { ProjectError, QeError } from "../core/errors.js";
import type { ModelConfig, ModelNode, Project } from "../project/types.js";
import { modelKey } from "../project/model-key.js";
import type { Problems } from "../project/problems.js";
import { checkConfig, mergeConfig, toModelConfig, type RawConfig } from "../project/model-config.js";
import type { TemplateRenderer, RefTarget } from "./renderer.js";
import { findClose } from "./template-prep.js";

const CONFIG_CALL = /\{\{-?\s*config\s*\(/g;

export interface ModelTarget extends RefTarget {
  config: ModelConfig;
}

/** Every `{{ config(...) }}` call in `text`, with its 1-based line. */
export function configCalls(text: string): { snippet: string; line: number }[] {
  const out: { snippet: string; line: number }[] = [];
  if (!text.includes("config")) return out;
  for (const m of text.matchAll(CONFIG_CALL)) {
    const end = findClose(text, m.index + 2, "}}", true);
    if (end < 0) continue; // the full render reports the syntax error
    out.push({ snippet: text.slice(m.index, end + 2), line: text.slice(0, m.index).split("\n").length });
  }
  return out;
}

/** Renders the config() calls of a file; problems are reported at the call's line. */
export function inFileConfig(
  text: string, file: string, renderer: TemplateRenderer, problems: Problems, cache: Map<string, RawConfig>,
  check: (raw: RawConfig, loc: SourceLoc) => RawConfig,
): RawConfig {
  let cfg: RawConfig = {};
  for (const call of configCalls(text)) {
    let raw = cache.get(call.snippet);
    if (!raw) {
      try {
        raw = renderer.renderConfigOnly(call.snippet, file);
      } catch (e) {
        if (!(e instanceof QeError)) throw e;
        const line = call.line + (e.loc?.line ?? 1) - 1;
        problems.push(new ProjectError(e.code, e.message, { file, line }, e.hint, { cause: e }));
        continue;
      }
      cache.set(call.snippet, raw);
    }
    cfg = mergeConfig(cfg, check(raw, { file, line: call.line }));
  }
  return cfg;
}

export function modelTargets(project: Project, renderer: TemplateRenderer, problems: Problems, notes: Set<string>): Map<string, ModelTarget> {
  const out = new Map<string, ModelTarget>();
  const cache = new Map<string, RawConfig>();
  // dbt's hook for naming schemas: honoured when the project defines it, so a project that
  // overrides it gets the same schemas here as in dbt. Without it, `schema: X` means schema X.
  const schemaOf = (custom: string | undefined, node: Record<string, unknown>, file: string): string => {
    let r: { value: unknown } | undefined;
    try {
      r = renderer.callMacro("generate_schema_name", [custom ?? null, node]);
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e.loc ? e : new ProjectError(e.code, e.message, { file, line: 1 }, e.hint));
      return custom ?? "main";
    }
    if (!r) return custom ?? "main";
    const s = String(r.value ?? "").trim();
    return s === "" ? "main" : s;
  };
  for (const m of project.models) {
    const over = inFileConfig(m.rawSql, m.path, renderer, problems, cache,
      (raw, loc) => checkConfig(raw, "model", `config() in ${m.path}`, () => loc, problems, notes));
    const config = Object.keys(over).length === 0 ? m.config : applyOverrides(m, over);
    out.set(modelKey(m), {
      id: m.id, config, ephemeral: config.materialized === "ephemeral", enabled: config.enabled,
      relation: { schema: schemaOf(config.schema, nodeInfo("model", m.name, m.path, m.fqn, config), m.path), name: config.alias ?? m.name },
    });
  }
  // An unversioned ref to a versioned model means its latest version.
  for (const m of project.models) if (m.version !== undefined && m.version === m.latestVersion) out.set(m.name, out.get(modelKey(m))!);
  // Snapshots are ref()-able like models; legacy target_schema is used as written.
  for (const s of project.snapshots ?? []) {
    if (out.has(s.name)) continue;
    const schema = s.targetSchema ?? schemaOf(s.config.schema, nodeInfo("snapshot", s.name, s.path, s.fqn, s.config), s.path);
    out.set(s.name, { id: s.id, config: s.config, ephemeral: false, enabled: s.config.enabled, relation: { schema, name: s.config.alias ?? s.name } });
  }
  for (const s of project.seeds) {
    if (out.has(s.name)) continue;
    out.set(s.name, {
      id: s.id, config: s.config, ephemeral: false, enabled: s.config.enabled,
      relation: { schema: schemaOf(s.config.schema, nodeInfo("seed", s.name, s.path, s.fqn, s.config), s.path), name: s.config.alias ?? s.name },
    });
  }
  return out;
}

/** The slice of dbt's `node` that schema macros read. */
function nodeInfo(kind: string, name: string, path: string, fqn: string[], config: ModelConfig): Record<string, unknown> {
  return { name, resource_type: kind, original_file_path: path, path, fqn: [...fqn, name], config: { ...configToRaw(config) }, tags: config.tags };
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
  return raw;
}

