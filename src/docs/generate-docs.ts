// `qe docs generate` as a stage: reads the warehouse's catalog, derives column lineage from the
// compiled SQL, and writes target/catalog.json, target/column_lineage.json and target/docs/index.html.
import { join } from "node:path";
import type { CompiledNode } from "../core/node-types.js";
import { writeFileAtomic } from "../core/write-atomic.js";
import type { CatalogRelation } from "../adapters/catalog.js";
import type { Project } from "../project/types.js";
import { buildCatalog } from "./catalog-json.js";
import { columnLineageJson, projectLineage } from "./lineage/project-lineage.js";
import { buildSiteData, type ManifestLike } from "./site/site-data.js";
import { buildSiteHtml } from "./site/site-html.js";

/** What the docs need of a warehouse: its relations, and a SQL parser (DuckDB's json_serialize_sql shape) where the engine has one. */
export interface DocsWarehouse {
  /** "duckdb", "spark": named when lineage cannot be traced for want of a parser. */
  engine: string;
  catalog(): Promise<CatalogRelation[]>;
  parse?: (sql: string) => Promise<unknown>;
}

export interface DocsInput {
  project: Project;
  nodes: readonly CompiledNode[];
  /** manifest.json as src/artifacts builds it (the site's pages come from its nodes). */
  manifest: ManifestLike;
  warehouse: DocsWarehouse;
  targetDir: string;
  /** ISO timestamp from the CLI's clock. */
  generatedAt: string;
  invocationId?: string;
}

export interface DocsSummary {
  files: string[];
  /** Models whose relation the warehouse lacks (not built yet): no types, counts or lineage for them. */
  unbuilt: string[];
  columns: number;
  traced: number;
}

/** Writes the three outputs atomically; throws only for file-system failures. */
export async function generateDocs(input: DocsInput): Promise<DocsSummary> {
  const catalog = await input.warehouse.catalog();
  const parse = input.warehouse.parse;
  const lineage = await projectLineage({
    project: input.project,
    nodes: input.nodes,
    catalog,
    parse: parse ?? (async () => ({ error: true, error_message: `no SQL parser for the ${input.warehouse.engine} engine` })),
  });
  const files = {
    catalog: join(input.targetDir, "catalog.json"),
    lineage: join(input.targetDir, "column_lineage.json"),
    site: join(input.targetDir, "docs", "index.html"),
  };
  const catalogJson = buildCatalog(catalog, input.nodes, { generatedAt: input.generatedAt, invocationId: input.invocationId });
  writeFileAtomic(files.catalog, JSON.stringify(catalogJson, null, 2) + "\n");
  writeFileAtomic(files.lineage, JSON.stringify(columnLineageJson(lineage, input.generatedAt), null, 2) + "\n");
  const site = buildSiteData({ project: input.project, manifest: input.manifest, catalog, lineage, generatedAt: input.generatedAt });
  writeFileAtomic(files.site, buildSiteHtml(site));
  const columns = lineage.flatMap((m) => m.columns);
  return {
    files: Object.values(files),
    unbuilt: lineage.filter((m) => m.error).map((m) => m.id),
    columns: columns.length,
    traced: columns.filter((c) => c.status === "traced").length,
  };
}
