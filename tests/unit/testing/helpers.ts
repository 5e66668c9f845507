// Small in-memory projects for the testing stage: typed Project values and a minimal nunjucks
// renderer (ref, source, {% test %} blocks), so these tests need no project files on disk and fail
// only for testing's own reasons. real-project.test.ts covers the real loader and renderer.
import nunjucks from "nunjucks";
import type { CompiledNode, Relation } from "../../../src/compile/types.js";
import {
  nodeId,
  type ColumnProps,
  type GenericTestDecl,
  type ModelNode,
  type Project,
  type SingularTestNode,
  type SourceTableNode,
  type TestConfig,
  type UnitTestDecl,
} from "../../../src/project/types.js";
import type { TestRenderer } from "../../../src/testing/types.js";

export const YAML = "models/_schema.yml";

export function decl(testName: string, args: Record<string, unknown> = {}, config: Partial<TestConfig> = {}, line = 3): GenericTestDecl {
  return {
    testName,
    args,
    config: { severity: "error", warnIf: "!=0", errorIf: "!=0", enabled: true, tags: [], ...config },
    loc: { file: YAML, line },
  };
}

export function column(name: string, ...tests: GenericTestDecl[]): ColumnProps {
  return { name, meta: {}, tests };
}

export function model(name: string, columns: ColumnProps[] = [], tests: GenericTestDecl[] = [], rawSql = "select 1"): ModelNode {
  return {
    kind: "model",
    id: nodeId(`model.qe.${name}`),
    name,
    path: `models/${name}.sql`,
    rawSql,
    columns,
    tests,
    config: { materialized: "table", tags: [], enabled: true, uniqueKey: [], preHook: [], postHook: [], meta: {}, export: [], ignored: {} },
    fqn: [],
  };
}

export function source(sourceName: string, name: string, columns: ColumnProps[] = [], tests: GenericTestDecl[] = []): SourceTableNode {
  return { kind: "source", id: nodeId(`source.qe.${sourceName}.${name}`), sourceName, name, identifier: name, schema: sourceName, columns, tests, loc: { file: "models/_sources.yml", line: 1 } };
}

export function project(parts: { models?: ModelNode[]; sources?: SourceTableNode[]; singularTests?: SingularTestNode[]; unitTests?: UnitTestDecl[]; macros?: string[] }): Project {
  return {
    rootDir: "/nonexistent",
    config: {
      name: "qe",
      modelPaths: ["models"],
      seedPaths: ["seeds"],
      macroPaths: ["macros"],
      testPaths: ["tests/data"],
      docsPaths: [],
      targetPath: "target",
      vars: {},
      modelsConfig: {},
      seedsConfig: {},
      testsConfig: {},
    },
    models: parts.models ?? [],
    seeds: [],
    sources: parts.sources ?? [],
    singularTests: parts.singularTests ?? [],
    unitTests: parts.unitTests ?? [],
    macroFiles: (parts.macros ?? []).map((text, i) => ({ path: `macros/m${i}.sql`, packageName: "qe", text })),
    docs: {},
    databasePath: ":memory:",
    target: { type: "duckdb", name: "dev", profileName: "qe", schema: "main", database: "memory", threads: 1, path: ":memory:", settings: {}, extensions: [], raw: {} },
    notes: [],
  };
}

/** Compiled stand-ins for the project's models: relation main.<name>. */
export function compiledModels(p: Project): CompiledNode[] {
  return p.models.map((m) => ({
    id: m.id,
    kind: "model",
    name: m.name,
    path: m.path,
    config: m.config,
    relation: { schema: "main", name: m.name },
    sql: m.rawSql,
    dependsOn: [],
    sourceLines: [],
    checksum: "",
  }));
}

/** A minimal renderer: ref() → "main"."x", source(a, b) → "a"."b", {% test %} blocks as test_ macros. */
export function miniRenderer(p: Project): TestRenderer {
  const env = new nunjucks.Environment(null, { autoescape: false });
  const macros = p.macroFiles
    .map((f) => f.text.replace(/\{%-?\s*test\s+(\w+)/g, "{% macro test_$1").replace(/\{%-?\s*endtest\s*-?%\}/g, "{% endmacro %}"))
    .join("\n");
  const testNames = [...macros.matchAll(/macro test_(\w+)/g)].map((m) => m[1]!);
  const q = (r: Relation) => `"${r.schema}"."${r.name}"`;
  return {
    genericTestNames: () => testNames,
    render(text, _file, context = {}) {
      const refs: string[] = [];
      const sources: string[] = [];
      const ctx = {
        ref: (name: string) => {
          refs.push(`model.qe.${name}`);
          return q({ schema: "main", name });
        },
        source: (s: string, t: string) => {
          sources.push(`source.qe.${s}.${t}`);
          return q({ schema: s, name: t });
        },
        // A caller's ref/source (unit tests render them to fixture CTEs) win, as in the real renderer.
        ...context,
      };
      const sql = env.renderString(macros + "\n" + text, ctx).trim();
      return { sql, refs, sources, config: {} };
    },
  };
}
