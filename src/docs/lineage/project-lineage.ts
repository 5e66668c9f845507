// Column lineage for every model of a project: each model's compiled SQL parsed by the warehouse,
// its columns from the catalog, table references resolved to the project's models, seeds and sources.
import type { CompiledNode } from "../../core/node-types.js";
import type { CatalogRelation } from "../../adapters/catalog.js";
import type { Project } from "../../project/types.js";
import { statementLineage } from "./statement-lineage.js";
import type { ModelLineage, RelationResolver } from "./types.js";
import { varLookup } from "./var-literals.js";

export interface LineageInput {
  project: Project;
  nodes: readonly CompiledNode[];
  catalog: readonly CatalogRelation[];
  /** The warehouse's parse tree of one statement (DuckDB json_serialize_sql shape). */
  parse: (sql: string) => Promise<unknown>;
  /** Schema a bare table name means (DuckDB: main). */
  defaultSchema?: string;
}

/** One entry per model with compiled SQL, in the order given; never throws for SQL it cannot follow. */
export async function projectLineage(input: LineageInput): Promise<ModelLineage[]> {
  const resolve = resolverOf(input);
  const vars = { ...input.project.config.vars, ...(input.project.cliVars ?? {}) };
  const raw = new Map(input.project.models.map((m) => [m.id as string, m.rawSql]));
  const catalog = new Map(input.catalog.map((r) => [`${r.schema}.${r.name}`.toLowerCase(), r]));
  const out: ModelLineage[] = [];
  for (const n of input.nodes) {
    if (n.kind !== "model" || n.sql === "" || n.config.materialized === "ephemeral") continue;
    const rel = catalog.get(`${n.relation.schema}.${n.relation.name}`.toLowerCase());
    if (!rel) {
      out.push({ id: n.id, columns: [], error: `${n.relation.schema}.${n.relation.name} is not in the warehouse: build it, then generate the docs` });
      continue;
    }
    const varAt = varLookup({ compiledSql: n.sql, sourceLines: n.sourceLines, rawSql: raw.get(n.id) ?? "", vars });
    const columns = statementLineage({ tree: await input.parse(n.sql), columns: rel.columns.map((c) => c.name), resolve, varAt });
    out.push({ id: n.id, columns });
  }
  return out;
}

function resolverOf(input: LineageInput): RelationResolver {
  const byRelation = new Map<string, CompiledNode>();
  for (const n of input.nodes) {
    if (n.kind === "model" || n.kind === "seed" || n.kind === "source") byRelation.set(`${n.relation.schema}.${n.relation.name}`.toLowerCase(), n);
  }
  const columns = new Map(input.catalog.map((r) => [`${r.schema}.${r.name}`.toLowerCase(), r.columns.map((c) => c.name)]));
  const defaultSchema = input.defaultSchema ?? "main";
  return (schema, name) => {
    const key = `${schema ?? defaultSchema}.${name}`.toLowerCase();
    const node = byRelation.get(key);
    return node && { node: node.id, columns: columns.get(key) };
  };
}

/** target/column_lineage.json: per model, per column, its inputs one hop up. */
export function columnLineageJson(models: readonly ModelLineage[], generatedAt: string): Record<string, unknown> {
  return {
    metadata: { qe_schema: "column_lineage/v1", generated_at: generatedAt },
    nodes: Object.fromEntries(
      models.map((m) => [
        m.id,
        { ...(m.error ? { error: m.error } : {}), columns: Object.fromEntries(m.columns.map(({ column, ...rest }) => [column, rest])) },
      ]),
    ),
  };
}
