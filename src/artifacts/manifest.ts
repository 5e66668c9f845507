// target/manifest.json in dbt's v12 shape (the fields tools read: nodes, sources, parent/child
// maps, config, columns, checksums, compiled code), so existing dbt tooling can load it.
import { parseWallTime } from "../core/wall-time.js";
import { isAbsolute, join, relative, sep } from "node:path";
import type { CompiledNode } from "../compile/types.js";
import type { ColumnProps, Constraint, FreshnessTime, ModelConfig, ModelNode, Project } from "../project/types.js";
import { relationPolicyOf, renderRelation } from "../adapters/quote.js";
import { compiledPath } from "./compiled-files.js";
import { writeFileAtomic } from "../core/write-atomic.js";
import { findBlocks } from "../project/jinja-blocks.js";
import { Problems } from "../project/problems.js";

export interface ArtifactMeta {
  /** ISO timestamp; the CLI passes its clock so stages never read it. */
  generatedAt?: string;
  invocationId?: string;
  qeVersion?: string;
}

const RESOURCE: Record<string, string> = {
  model: "model", seed: "seed", snapshot: "snapshot", singular_test: "test", generic_test: "test", unit_test: "unit_test", source: "source",
};

export function metadata(schema: string, project: Project | undefined, meta: ArtifactMeta): Record<string, unknown> {
  return {
    dbt_schema_version: `https://schemas.getdbt.com/dbt/${schema}`,
    // The dbt version whose artifact schemas these follow (metadata admits no other keys, so qe's
    // own version is not written here).
    dbt_version: "1.11.0",
    generated_at: meta.generatedAt ?? "1970-01-01T00:00:00.000000Z",
    invocation_id: meta.invocationId ?? "00000000-0000-0000-0000-000000000000",
    env: {},
    ...(project ? { project_name: project.config.name, adapter_type: project.target?.type ?? "duckdb" } : {}),
  };
}

export function buildManifest(targetDir: string, project: Project, nodes: readonly CompiledNode[], meta: ArtifactMeta = {}): Record<string, unknown> {
  const byId = new Map<string, { description?: string; columns: ColumnProps[]; rawCode: string; fqn: string[]; patchPath?: string; model?: ModelNode }>();
  for (const m of project.models) byId.set(m.id, { description: m.description, columns: m.columns, rawCode: m.rawSql, fqn: m.fqn, patchPath: m.propertiesLoc?.file, model: m });
  for (const s of project.snapshots ?? []) byId.set(s.id, { description: s.description, columns: s.columns, rawCode: s.rawSql, fqn: s.fqn, patchPath: s.path });
  for (const s of project.seeds) byId.set(s.id, { description: s.description, columns: s.columns, rawCode: "", fqn: s.fqn });
  for (const t of project.singularTests) byId.set(t.id, { columns: [], rawCode: t.rawSql, fqn: t.fqn ?? [] });
  const proj = project.config.name;
  // dbt's relation_name: the relation as the target's adapter renders it.
  const policy = relationPolicyOf(project.target?.type);
  const quoteRelation = (r: CompiledNode["relation"]) => renderRelation(r, policy);
  const nodeById = new Map(nodes.map((n) => [n.id as string, n]));
  const outNodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const n of nodes) {
    parentMap[n.id] = [...new Set(n.dependsOn)].sort();
    childMap[n.id] ??= [];
  }
  for (const n of nodes) for (const p of parentMap[n.id]!) (childMap[p] ??= []).push(n.id);
  for (const k of Object.keys(childMap)) childMap[k] = [...new Set(childMap[k])].sort();

  for (const n of nodes) {
    if (n.kind === "source") {
      const s = project.sources.find((x) => x.id === n.id);
      sources[n.id] = {
        unique_id: n.id, resource_type: "source", package_name: proj, name: s?.name ?? n.name, source_name: s?.sourceName,
        identifier: n.relation.name, schema: n.relation.schema, database: n.relation.database ?? null, loader: s?.loader?.kind ?? "",
        original_file_path: n.path, path: n.path, fqn: [proj, s?.sourceName ?? "", s?.name ?? n.name],
        description: s?.description ?? "", columns: columnsOf(s?.columns ?? []), meta: {}, tags: [],
        relation_name: quoteRelation(n.relation), config: { enabled: true, event_time: s?.eventTime ?? null },
        loaded_at_field: s?.loadedAtField ?? null, loaded_at_query: null, external: null, quoting: {}, patch_path: null,
        source_description: "", source_meta: {}, unrendered_config: {}, unrendered_database: null, unrendered_schema: null,
        created_at: 0, doc_blocks: [],
        freshness: {
          warn_after: timeJson(s?.freshness?.warnAfter), error_after: timeJson(s?.freshness?.errorAfter), filter: s?.freshness?.filter ?? null,
        },
      };
      continue;
    }
    const info = byId.get(n.id);
    outNodes[n.id] = n.kind === "seed" ? seedShape(node(n, info)) : node(n, info);
  }
  function node(n: CompiledNode, info: ReturnType<typeof byId.get>): Record<string, unknown> {
    const name = n.name;
    return {
      unique_id: n.id, resource_type: RESOURCE[n.kind] ?? n.kind, package_name: proj, name,
      path: pathUnder(n.path, [...project.config.modelPaths, ...project.config.seedPaths, ...project.config.testPaths]),
      original_file_path: n.path, fqn: [proj, ...(info?.fqn ?? []), name, ...(n.version !== undefined ? [`v${n.version}`] : [])], alias: n.relation.name,
      schema: n.relation.schema, database: n.relation.database ?? null,
      checksum: { name: "sha256", checksum: n.checksum },
      config: configJson(n.config, n),
      tags: n.config.tags, description: info?.description ?? "", columns: columnsOf(info?.columns ?? []),
      meta: n.config.meta, docs: { show: true, node_color: null }, patch_path: info?.patchPath ? `${proj}://${info.patchPath}` : null,
      relation_name: n.kind === "model" || n.kind === "seed" || n.kind === "snapshot" ? (n.config.materialized === "ephemeral" ? null : quoteRelation(n.relation)) : null,
      raw_code: info?.rawCode ?? "", language: "sql",
      refs: n.dependsOn.filter((d) => /^(model|seed|snapshot)\./.test(d)).map((d) => {
        const p = nodeById.get(d);
        return { name: p?.name ?? d.split(".").slice(2).join("."), package: null, version: versionJson(p?.version) };
      }),
      sources: n.dependsOn.filter((d) => d.startsWith("source.")).map((d) => d.split(".").slice(2)),
      depends_on: { macros: [], nodes: parentMap[n.id] },
      compiled: n.sql !== "", compiled_code: n.sql,
      compiled_path: n.sql === "" ? null : projectRelative(project.rootDir, compiledPath(targetDir, n)),
      extra_ctes_injected: true, extra_ctes: [],
      ...(n.attachedTo ? { attached_node: n.attachedTo } : {}),
      ...(n.columnName ? { column_name: n.columnName } : {}),
      ...(n.kind === "model" ? modelFields(n, info?.model) : {}),
      // Fields dbt 1.11 writes that qe has nothing for; present so tools that read them find them.
      build_path: null, created_at: 0, doc_blocks: [], unrendered_config: {}, group: null,
      ...(n.kind === "seed" ? { root_path: project.rootDir } : { functions: [], metrics: [] }),
      ...(n.kind !== "model" && n.kind !== "seed" ? { contract: { enforced: false, alias_types: true, checksum: null } } : {}),
      ...(n.kind === "model" ? { primary_key: primaryKey(n), time_spine: null } : {}),
      ...(n.testMetadata ? { test_metadata: n.testMetadata, file_key_name: fileKeyName(n, project) } : {}),
    };
  }
  return {
    metadata: metadata("manifest/v12.json", project, meta),
    nodes: outNodes, sources,
    macros: macrosJson(project),
    docs: Object.fromEntries(Object.entries(project.docs).map(([k, v]) => [`doc.${proj}.${k}`, { name: k, block_contents: v, package_name: proj }])),
    exposures: {}, metrics: {}, groups: {}, functions: {}, selectors: {}, disabled: {}, semantic_models: {}, saved_queries: {},
    unit_tests: Object.fromEntries(project.unitTests.map((u) => {
      const id = `unit_test.${proj}.${u.model}.${u.name}`;
      const model = project.models.find((m) => m.name === u.model);
      return [id, {
        name: u.name, resource_type: "unit_test", package_name: proj, unique_id: id, model: u.model,
        path: pathUnder(u.loc.file, project.config.modelPaths), original_file_path: u.loc.file,
        fqn: [proj, ...(model?.fqn ?? []), u.model, u.name],
        given: u.given.map((g) => ({ input: g.input, rows: g.rows, format: "dict", fixture: null })),
        expect: { rows: u.expect.rows, format: "dict", fixture: null },
        description: "", overrides: null, depends_on: { macros: [], nodes: model ? [model.id] : [] },
        config: { tags: [], meta: {}, enabled: true }, checksum: null, schema: null, created_at: 0, versions: null, version: null,
      }];
    })),
    parent_map: parentMap, child_map: childMap, group_map: {},
  };
}

/** Writes target/manifest.json atomically. */
export function writeManifest(targetDir: string, project: Project, nodes: readonly CompiledNode[], meta: ArtifactMeta = {}): void {
  // Compact, as dbt writes it: a third smaller and quicker to write and to read than indented JSON.
  writeFileAtomic(join(targetDir, "manifest.json"), JSON.stringify(buildManifest(targetDir, project, nodes, meta)) + "\n");
}

/** One entry per `{% macro %}` (and `{% test %}`, as dbt's test_<name> macro), as dbt lists them. */
function macrosJson(project: Project): Record<string, unknown> {
  const proj = project.config.name;
  const out: Record<string, unknown> = {};
  const ignore = new Problems(); // the template engine reports bad macro files; here they are only listed
  for (const f of project.macroFiles) {
    const blocks = [...findBlocks(f.text, f.path, "macro", ignore), ...findBlocks(f.text, f.path, "test", ignore).map((b) => ({ ...b, name: `test_${b.name}` }))];
    for (const b of blocks) {
      const id = `macro.${proj}.${b.name}`;
      out[id] = {
        name: b.name, resource_type: "macro", package_name: proj, path: f.path, original_file_path: f.path, unique_id: id,
        macro_sql: b.text, depends_on: { macros: [] }, description: "", meta: {}, docs: { show: true, node_color: null },
        patch_path: null, arguments: [], created_at: 0, supported_languages: null,
      };
    }
  }
  return out;
}

/** dbt's seed nodes have no compiled code, refs or sources, and depend on macros only. */
function seedShape(node: Record<string, unknown>): Record<string, unknown> {
  const { compiled, compiled_code, compiled_path, extra_ctes, extra_ctes_injected, language, refs, sources, functions, metrics, ...rest } = node;
  void [compiled, compiled_code, compiled_path, extra_ctes, extra_ctes_injected, language, refs, sources, functions, metrics];
  return { ...rest, depends_on: { macros: [] } };
}

/** Versions, contract and constraints: the model fields dbt 1.5+ writes. */
function modelFields(n: CompiledNode, m: ModelNode | undefined): Record<string, unknown> {
  const contract = n.config.contract;
  return {
    version: versionJson(m?.version), latest_version: versionJson(m?.latestVersion), deprecation_date: m?.deprecationDate ?? null,
    access: "protected", group: null,
    contract: { enforced: contract?.enforced ?? false, alias_types: contract?.aliasTypes ?? true, checksum: null },
    constraints: (m?.constraints ?? []).map(constraintJson),
  };
}

/** dbt's primary_key: the columns of a primary_key constraint (column- or model-level), else of unique + not_null tests. */
function primaryKey(n: CompiledNode): string[] {
  const model = (n.constraints ?? []).find((c) => c.type === "primary_key")?.columns;
  if (model) return model;
  return (n.contractColumns ?? []).filter((c) => c.constraints.some((k) => k.type === "primary_key")).map((c) => c.name);
}

/** dbt's file_key_name: where the test was declared, "models.<name>" or "sources.<source>". */
function fileKeyName(n: CompiledNode, project: Project): string {
  const target = n.attachedTo ?? "";
  const src = project.sources.find((s) => s.id === target);
  if (src) return `sources.${src.sourceName}`;
  const parts = target.split(".");
  const section = parts[0] === "seed" ? "seeds" : parts[0] === "snapshot" ? "snapshots" : "models";
  return `${section}.${parts[2] ?? ""}`;
}

/** dbt writes numeric versions as numbers (`v: 2` → 2). */
function versionJson(v: string | undefined): string | number | null {
  if (v === undefined) return null;
  return /^\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function constraintJson(c: Constraint): Record<string, unknown> {
  return {
    type: c.type, name: c.name ?? null, expression: c.expression ?? null, warn_unenforced: c.warnUnenforced, warn_unsupported: c.warnUnsupported,
    to: c.to ?? null, to_columns: c.toColumns ?? [], ...(c.columns ? { columns: c.columns } : {}),
  };
}

function timeJson(t: FreshnessTime | undefined): Record<string, unknown> {
  return { count: t?.count ?? null, period: t?.period ?? null };
}

function snapshotConfigJson(n: CompiledNode): Record<string, unknown> {
  const s = n.snapshot;
  if (!s) return {};
  return {
    strategy: s.strategy, unique_key: s.uniqueKey.length === 1 ? s.uniqueKey[0] : s.uniqueKey, updated_at: s.updatedAt ?? null,
    check_cols: s.checkCols, hard_deletes: s.hardDeletes, dbt_valid_to_current: s.validToCurrent ?? null,
    snapshot_meta_column_names: Object.fromEntries(Object.entries(s.metaColumns).map(([k, v]) => [k, v === k ? null : v])),
  };
}

function configJson(c: ModelConfig, n: CompiledNode): Record<string, unknown> {
  return {
    enabled: c.enabled, materialized: n.kind === "seed" ? "seed" : n.kind === "snapshot" ? "snapshot" : n.kind.endsWith("test") ? "test" : c.materialized,
    schema: c.schema ?? null, alias: c.alias ?? null, tags: c.tags, meta: c.meta,
    unique_key: c.uniqueKey.length === 0 ? null : c.uniqueKey.length === 1 ? c.uniqueKey[0] : c.uniqueKey,
    incremental_strategy: c.incrementalStrategy ?? null,
    "pre-hook": c.preHook.map((sql) => ({ sql, transaction: true })), "post-hook": c.postHook.map((sql) => ({ sql, transaction: true })),
    ...(c.export.length > 0 ? { export: c.export } : {}),
    ...(c.exportOrderBy ? { export_order_by: c.exportOrderBy } : {}),
    ...(n.kind === "model" ? { contract: { enforced: c.contract?.enforced ?? false, alias_types: c.contract?.aliasTypes ?? true }, on_schema_change: c.onSchemaChange ?? "ignore", incremental_predicates: c.incrementalPredicates ?? null } : {}),
    ...(n.kind === "model" || n.kind === "seed" || n.kind === "snapshot" ? { event_time: c.eventTime ?? null } : {}),
    ...(n.kind === "model" ? { batch_size: c.batchSize ?? null, begin: beginJson(c.begin), lookback: c.lookback ?? 1, concurrent_batches: c.concurrentBatches ?? null } : {}),
    ...snapshotConfigJson(n),
    ...(n.testConfig ? { severity: n.testConfig.severity.toUpperCase(), warn_if: n.testConfig.warnIf, error_if: n.testConfig.errorIf, limit: n.testConfig.limit ?? null, where: n.testConfig.where ?? null, store_failures: n.testConfig.storeFailures ?? null } : {}),
    ...c.ignored,
  };
}

/** `begin` as dbt writes the datetime it parsed: ISO, no zone. */
function beginJson(begin: string | undefined): string | null {
  const ms = begin === undefined ? undefined : parseWallTime(begin);
  return ms === undefined ? null : new Date(ms).toISOString().slice(0, 19);
}

function columnsOf(cols: readonly ColumnProps[]): Record<string, unknown> {
  return Object.fromEntries(cols.map((c) => [c.name, { name: c.name, description: c.description ?? "", meta: c.meta, data_type: c.dataType ?? null, constraints: (c.constraints ?? []).map(constraintJson), quote: null, tags: [] }]));
}

/** Relative to the project root as dbt writes it, or absolute when the target is elsewhere. */
function projectRelative(root: string, p: string): string {
  const r = relative(root, p);
  return r.startsWith("..") || isAbsolute(r) ? p : r.split(sep).join("/");
}

function pathUnder(p: string, bases: readonly string[]): string {
  const b = bases.find((x) => p.startsWith(x + "/"));
  return b ? p.slice(b.length + 1) : p;
}
