// target/catalog.json in dbt's catalog v1 shape: each project relation the warehouse holds, keyed
// by unique id, with its columns (type, position, comment) and stats. Where dbt-duckdb reports no
// stats, qe adds the exact row count of tables, under the `row_count` stat other adapters use.
import type { CompiledNode } from "../core/node-types.js";
import type { CatalogRelation } from "../adapters/catalog.js";

export interface CatalogMeta {
  generatedAt: string;
  invocationId?: string;
}

/** The catalog entry of each node whose relation exists, by unique id (nodes: models and seeds; sources apart). */
export function buildCatalog(relations: readonly CatalogRelation[], nodes: readonly CompiledNode[], meta: CatalogMeta): Record<string, unknown> {
  const byRelation = new Map(relations.map((r) => [`${r.schema}.${r.name}`, r]));
  const out = { nodes: {} as Record<string, unknown>, sources: {} as Record<string, unknown> };
  for (const n of [...nodes].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (n.kind !== "model" && n.kind !== "seed" && n.kind !== "source") continue;
    if (n.config.materialized === "ephemeral" && n.kind === "model") continue;
    const rel = byRelation.get(`${n.relation.schema}.${n.relation.name}`);
    if (!rel) continue;
    (n.kind === "source" ? out.sources : out.nodes)[n.id] = catalogTable(rel, n.id);
  }
  return {
    metadata: {
      // Only the keys dbt's catalog v1 schema allows (it forbids additional properties).
      dbt_schema_version: "https://schemas.getdbt.com/dbt/catalog/v1.json",
      dbt_version: "1.11.0",
      generated_at: meta.generatedAt,
      invocation_id: meta.invocationId ?? null,
      env: {},
    },
    nodes: out.nodes,
    sources: out.sources,
    errors: null,
  };
}

function catalogTable(rel: CatalogRelation, id: string): Record<string, unknown> {
  return {
    metadata: { type: rel.type, schema: rel.schema, name: rel.name, database: rel.database, comment: rel.comment, owner: null },
    columns: Object.fromEntries(rel.columns.map((c, i) => [c.name, { type: c.type, index: i + 1, name: c.name, comment: c.comment }])),
    stats: statsOf(rel),
    unique_id: id,
  };
}

function statsOf(rel: CatalogRelation): Record<string, unknown> {
  const hasStats = rel.rowCount !== undefined;
  return {
    ...(hasStats
      ? { row_count: { id: "row_count", label: "Row Count", value: rel.rowCount, include: true, description: "Exact number of rows in the table when the catalog was generated" } }
      : {}),
    has_stats: { id: "has_stats", label: "Has Stats?", value: hasStats, include: false, description: "Indicates whether there are statistics for this table" },
  };
}
