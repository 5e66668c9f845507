// Finds the relation a test runs against and resolves relationships' `to:` text, from the compiled
// nodes when they are there (their relation is final) and the project otherwise (sources).
import { didYouMean } from "../core/did-you-mean.js";
import type { CompiledNode, Relation } from "../compile/types.js";
import { quoteIdent, relationPolicyOf, renderRelation } from "../adapters/quote.js";
import type { ColumnProps, GenericTestDecl, NodeId, Project } from "../project/types.js";
import { TestArgsError } from "./builtin-sql.js";

/** A model, seed or source that tests can attach to. */
export interface TestTarget {
  id: NodeId;
  kind: "model" | "seed" | "snapshot" | "source";
  name: string;
  /** Versioned models: the version this target is. */
  version?: string;
  sourceName?: string;
  relation: Relation;
  /** What test SQL selects from: the quoted relation, or an ephemeral model's SQL as a subquery (dbt inlines it too). */
  from: string;
  columns: readonly ColumnProps[];
  tests: readonly GenericTestDecl[];
}

export interface TargetIndex {
  targets: TestTarget[];
  /** Resolves "ref('x')", "ref('pkg', 'x')" or "source('a', 'b')" to a target; throws TestArgsError. */
  resolve(text: string): TestTarget;
  byId(id: string): TestTarget | undefined;
}

const REF = /^\s*ref\(\s*(['"])([^'"]+)\1\s*(?:,\s*(['"])([^'"]+)\3\s*)?(?:,\s*v(?:ersion)?\s*=\s*[^)]*)?\)\s*$/;
const SOURCE = /^\s*source\(\s*(['"])([^'"]+)\1\s*,\s*(['"])([^'"]+)\3\s*\)\s*$/;

/** Targets for every enabled model and seed that compiled, and every source. */
export function indexTargets(project: Project, compiled: readonly CompiledNode[]): TargetIndex {
  const byCompiledId = new Map(compiled.map((n) => [n.id as string, n]));
  // Rendered as the target's adapter renders ref() and source() in the test's template.
  const policy = relationPolicyOf(project.target?.type);
  const quoteRelation = (r: Relation) => renderRelation(r, policy);
  const fromOf = (n: CompiledNode | undefined, relation: Relation) =>
    n?.kind === "model" && n.config.materialized === "ephemeral" ? `(\n${n.sql.trim()}\n) as ${quoteIdent(n.name)}` : quoteRelation(relation);
  const targets: TestTarget[] = [];
  for (const m of [...project.models, ...project.seeds]) {
    const node = byCompiledId.get(m.id);
    if (!node || m.config.enabled === false) continue; // disabled models take their tests with them, as in dbt
    const version = m.kind === "model" ? m.version : undefined;
    targets.push({ id: m.id, kind: m.kind, name: m.name, ...(version !== undefined ? { version } : {}), relation: node.relation, from: fromOf(node, node.relation), columns: m.columns, tests: m.tests });
  }
  for (const s of project.snapshots ?? []) {
    const node = byCompiledId.get(s.id);
    if (!node) continue;
    targets.push({ id: s.id, kind: "snapshot", name: s.name, relation: node.relation, from: quoteRelation(node.relation), columns: s.columns, tests: s.tests });
  }
  for (const s of project.sources) {
    const relation = byCompiledId.get(s.id)?.relation ?? { ...(project.target?.type === "duckdb" ? { database: project.target.database } : {}), schema: s.schema, name: s.identifier };
    targets.push({ id: s.id, kind: "source", name: s.name, sourceName: s.sourceName, relation, from: quoteRelation(relation), columns: s.columns, tests: s.tests });
  }
  const byId = new Map(targets.map((t) => [t.id as string, t]));
  // A versioned model's name refers to its latest version.
  const latest = (t: TestTarget) => t.version === undefined || project.models.find((m) => m.id === t.id)?.latestVersion === t.version;
  const byName = new Map(targets.filter((t) => t.kind !== "source" && latest(t)).map((t) => [t.name, t]));
  const bySource = new Map(targets.filter((t) => t.kind === "source").map((t) => [`${t.sourceName}.${t.name}`, t]));

  const resolve = (text: string): TestTarget => {
    const ref = REF.exec(text);
    if (ref) {
      const name = ref[4] ?? ref[2]!;
      const hit = byName.get(name);
      if (hit) return hit;
      const near = didYouMean(name, byName.keys());
      throw new TestArgsError(`relationships \`to: ${text}\` matches no model or seed`, near && `did you mean ref('${near}')?`);
    }
    const src = SOURCE.exec(text);
    if (src) {
      const key = `${src[2]}.${src[4]}`;
      const hit = bySource.get(key);
      if (hit) return hit;
      const near = didYouMean(key, bySource.keys());
      throw new TestArgsError(`relationships \`to: ${text}\` matches no source table`, near && `did you mean source('${near.replace(".", "', '")}')?`);
    }
    throw new TestArgsError(`relationships \`to:\` must be ref('name') or source('source', 'table'), got ${JSON.stringify(text)}`);
  };
  return { targets, resolve, byId: (id) => byId.get(id) };
}
