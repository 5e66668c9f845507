// target/manifest.json in dbt's v12 shape (the fields tools read: nodes, sources, parent/child
// maps, config, columns, checksums, compiled code), so existing dbt tooling can load it.
import { isAbsolute, join, relative, sep } from "node:path";
import type { CompiledNode } from "../compile/types.js";
import type { ColumnProps, Constraint, FreshnessTime, ModelConfig, ModelNode, Project } from "../project/types.js";
import { quoteRelation } from "../adapters/quote.js";
import { compiledPath } from "./compiled-files.js";
import { writeFileAtomic } from "../core/write-atomic.js";

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
    dbt_version: "1.8.0",
    qe_version: meta.qeVersion ?? "0.1.0",
    generated_at: meta.generatedAt ?? "1970-01-01T00:00:00.000000Z",
    invocation_id: meta.invocationId ?? "00000000-0000-0000-0000-000000000000",
    env: {},
    ...(project ? { project_name: project.config.name, adapter_type: "duckdb" } : {}),
  };
}

export function buildManifest(targetDir: string, project: Project, nodes: readonly CompiledNode[], meta: ArtifactMeta = {}): Record<string, unknown> {
  const byId = new Map<string, { description?: string; columns: ColumnProps[]; rawCode: string; fqn: string[]; patchPath?: string; model?: ModelNode }>();
  for (const m of project.models) byId.set(m.id, { description: m.description, columns: m.columns, rawCode: m.rawSql, fqn: m.fqn, patchPath: m.propertiesLoc?.file, model: m });
  for (const s of project.snapshots ?? []) byId.set(s.id, { description: s.description, columns: s.columns, rawCode: s.rawSql, fqn: s.fqn, patchPath: s.path });
  for (const s of project.seeds) byId.set(s.id, { description: s.description, columns: s.columns, rawCode: "", fqn: s.fqn });
  for (const t of project.singularTests) byId.set(t.id, { columns: [], rawCode: t.rawSql, fqn: t.fqn ?? [] });
  const proj = project.config.name;
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
        identifier: n.relation.name, schema: n.relation.schema, database: "main", loader: s?.loader?.kind ?? "",
        original_file_path: n.path, path: n.path, fqn: [proj, s?.sourceName ?? "", s?.name ?? n.name],
        description: s?.description ?? "", columns: columnsOf(s?.columns ?? []), meta: {}, tags: [],
        relation_name: quoteRelation(n.relation), config: { enabled: true },
        loaded_at_field: s?.loadedAtField ?? null,
        freshness: {
          warn_after: timeJson(s?.freshness?.warnAfter), error_after: timeJson(s?.freshness?.errorAfter), filter: s?.freshness?.filter ?? null,
        },
      };
      continue;
    }
    const info = byId.get(n.id);
    const name = n.name;
    outNodes[n.id] = {
      unique_id: n.id, resource_type: RESOURCE[n.kind] ?? n.kind, package_name: proj, name,
      path: pathUnder(n.path, [...project.config.modelPaths, ...project.config.seedPaths, ...project.config.testPaths]),
      original_file_path: n.path, fqn: [proj, ...(info?.fqn ?? []), name, ...(n.version !== undefined ? [`v${n.version}`] : [])], alias: n.relation.name,
      schema: n.relation.schema, database: "main",
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
    };
  }
  return {
    metadata: metadata("manifest/v12.json", project, meta),
    nodes: outNodes, sources,
    macros: Object.fromEntries(project.macroFiles.map((m) => [`macro.${proj}.${m.path}`, { original_file_path: m.path, package_name: proj }])),
    docs: Object.fromEntries(Object.entries(project.docs).map(([k, v]) => [`doc.${proj}.${k}`, { name: k, block_contents: v, package_name: proj }])),
    exposures: {}, metrics: {}, groups: {}, selectors: {}, disabled: {}, semantic_models: {}, saved_queries: {},
    unit_tests: Object.fromEntries(project.unitTests.map((u) => [`unit_test.${proj}.${u.model}.${u.name}`, { name: u.name, model: u.model, given: u.given, expect: u.expect, original_file_path: u.loc.file }])),
    parent_map: parentMap, child_map: childMap, group_map: {},
  };
}

/** Writes target/manifest.json atomically. */
export function writeManifest(targetDir: string, project: Project, nodes: readonly CompiledNode[], meta: ArtifactMeta = {}): void {
  // Compact, as dbt writes it: a third smaller and quicker to write and to read than indented JSON.
  writeFileAtomic(join(targetDir, "manifest.json"), JSON.stringify(buildManifest(targetDir, project, nodes, meta)) + "\n");
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
    ...snapshotConfigJson(n),
    ...(n.testConfig ? { severity: n.testConfig.severity.toUpperCase(), warn_if: n.testConfig.warnIf, error_if: n.testConfig.errorIf, limit: n.testConfig.limit ?? null, where: n.testConfig.where ?? null, store_failures: n.testConfig.storeFailures ?? null } : {}),
    ...c.ignored,
  };
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
