// The testing stage's compile step: every enabled generic test in properties YAML and every singular
// test file, as runnable nodes. Problems are collected so one run names every bad declaration.
import { ProjectError, ProjectErrors, QeError } from "../core/errors.js";
import type { CompiledNode } from "../compile/types.js";
import type { Project, TestConfig } from "../project/types.js";
import { compileGenericTest, displayName } from "./compile-generic-test.js";
import { compileSingularTest } from "./compile-singular-test.js";
import { indexTargets } from "./test-targets.js";
import type { CompiledTest, TestRenderer } from "./types.js";

const DEFAULT_CONFIG: TestConfig = { severity: "error", warnIf: "!=0", errorIf: "!=0", enabled: true, tags: [] };

/**
 * Compiles the project's data tests against the compiled models (whose relations they read).
 * Returns nodes of kind "generic_test", plus "singular_test" for singular tests not already among
 * `models` (compileProject compiles them); each carries its TestConfig in `testConfig`.
 * Throws ProjectErrors listing every bad declaration; never touches the database.
 */
export function compileTests(project: Project, models: readonly CompiledNode[], renderer: TestRenderer): CompiledTest[] {
  const index = indexTargets(project, models);
  // Names of `{% test %}` blocks, callable through the renderer as `test_<name>` macros.
  const customTests = new Set([...(project.genericTestNames ?? []), ...renderer.genericTestNames()]);
  const env = { projectName: project.config.name, index, renderer, customTests };
  const out: CompiledTest[] = [];
  const problems: QeError[] = [];
  const seen = new Map<string, number>();
  const add = (t: CompiledTest) => {
    // Two declarations can synthesize one name (same args, different config): keep both, as dbt does with its hash suffix.
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    out.push(n === 1 ? t : { ...t, id: `${t.id}_${n}` as CompiledTest["id"], name: `${t.name}_${n}` });
  };

  for (const target of index.targets) {
    const decls = [...target.tests, ...target.columns.flatMap((c) => c.tests.map((d) => ({ ...d, columnName: d.columnName ?? c.name })))];
    for (const decl of decls) {
      if (decl.config.enabled === false) continue;
      try {
        add(compileGenericTest(target, decl, env));
      } catch (e) {
        if (!(e instanceof QeError)) throw e;
        problems.push(e);
      }
    }
  }
  const names = new Map(index.targets.map((t) => [t.id as string, displayName(t)]));
  // compileProject already compiles singular tests (with ephemeral CTEs and testConfig): keep its nodes.
  const compiled = new Set(models.map((n) => n.id as string));
  for (const node of project.singularTests) {
    if (compiled.has(node.id)) continue;
    try {
      const t = compileSingularTest(node, renderer, node.config ?? DEFAULT_CONFIG, (id) => names.get(id));
      if (t) add(t);
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e instanceof ProjectError || e.loc ? e : new ProjectError("test-render", e.message, { file: node.path }, e.hint, { cause: e }));
    }
  }
  if (problems.length > 0) throw new ProjectErrors(problems);
  return out;
}
