// Everything the docs page shows, as one JSON payload: built from manifest.json's nodes (so a new
// resource type in the manifest, e.g. snapshots, gets pages), the catalog (types, row counts),
// column lineage, and the project (macros, unit tests, test arguments, docs blocks).
import type { CatalogRelation } from "../../adapters/catalog.js";
import type { Project } from "../../project/types.js";
import type { ModelLineage } from "../lineage/types.js";
import { plainText, renderMarkdown } from "../markdown.js";
import { callsMacro, macroDefs } from "../macro-defs.js";
import { testLabel, type TestMetadata } from "./test-labels.js";

/** The manifest fields the site reads (dbt v12 shape, as src/artifacts writes it). */
export interface ManifestLike {
  nodes: Record<string, ManifestNode>;
  sources: Record<string, ManifestNode>;
  parent_map: Record<string, string[]>;
  child_map: Record<string, string[]>;
}

interface ManifestNode {
  unique_id: string;
  resource_type: string;
  name: string;
  original_file_path: string;
  fqn: string[];
  description?: string;
  columns?: Record<string, { name: string; description?: string; meta?: Record<string, unknown>; data_type?: string | null }>;
  config?: Record<string, unknown>;
  tags?: string[];
  meta?: Record<string, unknown>;
  raw_code?: string;
  compiled_code?: string;
  relation_name?: string | null;
  schema?: string;
  identifier?: string;
  alias?: string;
  source_name?: string;
  attached_node?: string;
  column_name?: string;
  test_metadata?: TestMetadata;
}

export interface SiteColumn {
  name: string;
  type?: string;
  desc: string;
  text: string;
  meta: Record<string, unknown>;
  tests: { id: string; label: string }[];
  /** Column lineage one hop up: status, upstream [node, column] pairs, vars, passthrough, reason. */
  lin?: { s: "traced" | "untraceable"; up: [string, string][]; vars: string[]; pass: boolean; why?: string };
  /** Documented in YAML but not in the warehouse (or the reverse, when desc is empty). */
  missing?: boolean;
}

export interface SiteNode {
  id: string;
  /** Resource type: model, seed, source, snapshot, test, unit_test, macro. */
  rt: string;
  name: string;
  /** Folder or source name, for the sidebar tree. */
  group: string;
  path: string;
  desc: string;
  text: string;
  tags: string[];
  owner?: string;
  meta: Record<string, unknown>;
  config: Record<string, unknown>;
  relation?: string;
  relType?: string;
  rows?: number;
  columns: SiteColumn[];
  raw?: string;
  compiled?: string;
  parents: string[];
  children: string[];
  tests: { id: string; label: string }[];
  /** Tests: what they test, and a short label ("accepted_range 0..1"). */
  on?: string;
  label?: string;
  column?: string;
  /** Selector facts for the page's selector (DAG nodes only). */
  fqn?: string[];
}

export interface SiteData {
  project: string;
  generatedAt: string;
  overview: string;
  nodes: SiteNode[];
}

export interface SiteInput {
  project: Project;
  manifest: ManifestLike;
  catalog: readonly CatalogRelation[];
  lineage: readonly ModelLineage[];
  generatedAt: string;
}

const DAG_TYPES = new Set(["model", "seed", "source", "snapshot"]);

export function buildSiteData(input: SiteInput): SiteData {
  const { manifest, project } = input;
  const catalog = new Map(input.catalog.map((r) => [`${r.schema}.${r.name}`.toLowerCase(), r]));
  const lineage = new Map(input.lineage.map((m) => [m.id, m]));
  const all = [...Object.values(manifest.nodes), ...Object.values(manifest.sources)];
  const testsOf = new Map<string, ManifestNode[]>();
  for (const n of all) if (n.resource_type === "test" && n.attached_node) (testsOf.get(n.attached_node) ?? testsOf.set(n.attached_node, []).get(n.attached_node)!).push(n);
  const label = (t: ManifestNode) => ({ id: t.unique_id, label: t.test_metadata ? testLabel(t.test_metadata) : t.name });

  const nodes: SiteNode[] = all.map((n) => {
    const rel = relationOf(n, catalog);
    const dagParents = (manifest.parent_map[n.unique_id] ?? []).filter((p) => !p.startsWith("test."));
    const dagChildren = (manifest.child_map[n.unique_id] ?? []).filter((c) => !c.startsWith("test."));
    const tests = (testsOf.get(n.unique_id) ?? []).sort(byId);
    const meta = { ...(n.config?.["meta"] as Record<string, unknown> | undefined), ...(n.meta ?? {}) };
    return {
      id: n.unique_id,
      rt: n.resource_type,
      name: n.resource_type === "source" ? `${n.source_name}.${n.name}` : n.name,
      group: n.resource_type === "source" ? (n.source_name ?? "") : folderOf(n),
      path: n.original_file_path,
      desc: renderMarkdown(n.description),
      text: plainText(n.description),
      tags: n.tags ?? [],
      ...(typeof meta["owner"] === "string" ? { owner: meta["owner"] } : {}),
      meta,
      config: n.config ?? {},
      ...(n.relation_name ? { relation: n.relation_name } : {}),
      ...(rel ? { relType: rel.type, ...(rel.rowCount !== undefined ? { rows: rel.rowCount } : {}) } : {}),
      columns: columnsOf(n, rel, tests.map((t) => t), label, lineage.get(n.unique_id)),
      ...(n.raw_code ? { raw: n.raw_code } : {}),
      ...(n.compiled_code ? { compiled: n.compiled_code } : {}),
      parents: n.resource_type === "test" ? (manifest.parent_map[n.unique_id] ?? []) : dagParents,
      children: dagChildren,
      tests: tests.filter((t) => !t.column_name).map(label),
      ...(n.attached_node ? { on: n.attached_node } : {}),
      ...(n.resource_type === "test" && n.test_metadata ? { label: testLabel(n.test_metadata) } : {}),
      ...(n.column_name ? { column: n.column_name } : {}),
      ...(DAG_TYPES.has(n.resource_type) ? { fqn: n.fqn } : {}),
    };
  });
  nodes.push(...unitTestNodes(project), ...macroNodes(project, nodes));
  nodes.sort(byId);
  return {
    project: project.config.name,
    generatedAt: input.generatedAt,
    overview: renderMarkdown(project.docs["__overview__"]),
    nodes,
  };
}

function relationOf(n: ManifestNode, catalog: ReadonlyMap<string, CatalogRelation>): CatalogRelation | undefined {
  if (!DAG_TYPES.has(n.resource_type) || !n.schema) return undefined;
  const name = n.resource_type === "source" ? (n.identifier ?? n.name) : (n.alias ?? n.name);
  return catalog.get(`${n.schema}.${name}`.toLowerCase());
}

function folderOf(n: ManifestNode): string {
  const parts = n.original_file_path.split("/");
  return parts.length > 2 ? parts.slice(1, -1).join("/") : "";
}

/** Warehouse columns in warehouse order, then columns documented in YAML that the warehouse lacks. */
function columnsOf(
  n: ManifestNode,
  rel: CatalogRelation | undefined,
  tests: readonly ManifestNode[],
  label: (t: ManifestNode) => { id: string; label: string },
  lineage: ModelLineage | undefined,
): SiteColumn[] {
  const documented = new Map(Object.values(n.columns ?? {}).map((c) => [c.name.toLowerCase(), c]));
  const lin = new Map((lineage?.columns ?? []).map((c) => [c.column.toLowerCase(), c]));
  const names = rel ? rel.columns.map((c) => c.name) : [];
  const seen = new Set(names.map((x) => x.toLowerCase()));
  for (const c of documented.values()) if (!seen.has(c.name.toLowerCase())) names.push(c.name);
  return names.map((name) => {
    const key = name.toLowerCase();
    const doc = documented.get(key);
    const wh = rel?.columns.find((c) => c.name.toLowerCase() === key);
    const l = lin.get(key);
    return {
      name,
      ...((wh?.type ?? doc?.data_type) ? { type: wh?.type ?? doc?.data_type ?? undefined } : {}),
      desc: renderMarkdown(doc?.description),
      text: plainText(doc?.description),
      meta: doc?.meta ?? {},
      tests: tests.filter((t) => t.column_name?.toLowerCase() === key).map(label),
      ...(l ? { lin: { s: l.status, up: l.upstream.map((u) => [u.node, u.column] as [string, string]), vars: l.vars, pass: l.passthrough, ...(l.reason ? { why: l.reason } : {}) } } : {}),
      ...(rel && !wh ? { missing: true } : {}),
    };
  });
}

function unitTestNodes(project: Project): SiteNode[] {
  const proj = project.config.name;
  return project.unitTests.map((u) => ({
    id: `unit_test.${proj}.${u.model}.${u.name}`,
    rt: "unit_test",
    name: u.name,
    group: u.model,
    path: u.loc.file,
    desc: "",
    text: "",
    tags: [],
    meta: {},
    config: { given: u.given, expect: u.expect },
    columns: [],
    parents: [`model.${proj}.${u.model}`],
    children: [],
    tests: [],
    on: `model.${proj}.${u.model}`,
  }));
}

function macroNodes(project: Project, nodes: readonly SiteNode[]): SiteNode[] {
  const proj = project.config.name;
  const defs = macroDefs(project.macroFiles);
  return defs.map((m) => ({
    id: `macro.${proj}.${m.name}`,
    rt: "macro",
    name: m.name,
    group: m.kind === "test" ? "generic tests" : m.path.split("/").slice(1, -1).join("/"),
    path: `${m.path}:${m.line}`,
    desc: renderMarkdown(m.description),
    text: plainText(m.description),
    tags: [],
    meta: {},
    config: { arguments: m.args },
    columns: [],
    raw: m.sql,
    parents: [],
    // "Used by": models, tests and other macros whose template calls it.
    children: [
      ...nodes.filter((n) => n.raw && n.rt !== "test" && callsMacro(n.raw, m.name)).map((n) => n.id),
      ...defs.filter((d) => d !== m && callsMacro(d.sql, m.name)).map((d) => `macro.${proj}.${d.name}`),
    ],
    tests: [],
  }));
}

const byId = (a: { id?: string; unique_id?: string }, b: { id?: string; unique_id?: string }) => {
  const x = a.id ?? a.unique_id ?? "";
  const y = b.id ?? b.unique_id ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
};
