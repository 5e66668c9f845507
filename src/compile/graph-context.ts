// dbt's `graph` context member: the project's nodes and sources as dicts keyed by unique_id,
// with the relation names compile resolved. Built once, on first read, after the parse pass.
import type { Project } from "../project/types.js";
import type { ModelTarget } from "./parse-pass.js";
import { configToRaw } from "./parse-pass.js";

export function graphOf(project: Project, targets: ReadonlyMap<string, ModelTarget>, targetDatabase: string | null): Record<string, unknown> {
  const pkg = project.config.name;
  const nodes: Record<string, unknown> = {};
  for (const m of project.models) {
    const t = targets.get(m.name);
    nodes[m.id] = {
      unique_id: m.id, name: m.name, resource_type: "model", package_name: pkg, path: m.path, original_file_path: m.path,
      fqn: [pkg, ...m.fqn, m.name], schema: t?.relation.schema, alias: t?.relation.name, database: t?.relation.database ?? targetDatabase,
      config: configToRaw(t?.config ?? m.config), tags: (t?.config ?? m.config).tags, raw_code: m.rawSql, description: m.description ?? "",
      columns: Object.fromEntries(m.columns.map((c) => [c.name, { name: c.name, description: c.description ?? "", data_type: c.dataType ?? null }])),
    };
  }
  for (const s of project.seeds) {
    const t = targets.get(s.name);
    nodes[s.id] = {
      unique_id: s.id, name: s.name, resource_type: "seed", package_name: pkg, path: s.path, original_file_path: s.path,
      schema: t?.relation.schema, alias: t?.relation.name, database: t?.relation.database ?? targetDatabase, config: configToRaw(s.config), tags: s.config.tags,
    };
  }
  const sources: Record<string, unknown> = {};
  for (const s of project.sources) {
    sources[s.id] = {
      unique_id: s.id, name: s.name, source_name: s.sourceName, resource_type: "source", package_name: pkg,
      schema: s.schema, identifier: s.identifier, database: targetDatabase, description: s.description ?? "",
    };
  }
  return { nodes, sources, macros: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {} };
}
