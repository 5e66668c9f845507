// The testing stage's compile step: every enabled generic test in properties YAML and every singular
// test file, as runnable nodes. Problems are collected so one run names every bad declaration.
import { stringLiteralOf } from "../adapters/quote.js";
import { ProjectError, ProjectErrors, QeError } from "../core/errors.js";
import type { CompiledNode } from "../compile/types.js";
import type { Project, TestConfig } from "../project/types.js";
import { compileGenericTest, compileGenericTestShell, displayName } from "./compile-generic-test.js";
import { compileSingularTest } from "./compile-singular-test.js";
import { indexTargets } from "./test-targets.js";
import type { CompiledTest, TestRenderer } from "./types.js";

const DEFAULT_CONFIG: TestConfig = { severity: "error", warnIf: "!=0", errorIf: "!=0", enabled: true, tags: [] };

export interface CompileTestsOptions {
  /** Compile only these tests (by id): the late compile of one test just before it runs. */
  only?: ReadonlySet<string>;
  /**
   * Where a test's macro queried the warehouse and failed, keep the test with compileDeferred set
   * instead of failing: `qe build` compiles every test before the models they read exist, and
   * compiles those again when they run, as dbt compiles each test then.
   */
  deferWarehouseErrors?: boolean;
}

/**
 * Compiles the project's data tests against the compiled models (whose relations they read).
 * Returns nodes of kind "generic_test", plus "singular_test" for singular tests not already among
 * `models` (compileProject compiles them); each carries its TestConfig in `testConfig`.
 * Rejects with ProjectErrors listing every bad declaration. Touches the warehouse only where a test's
 * macro asks it (run_query, adapter.get_columns_in_relation...), through the renderer.
 */
export async function compileTests(project: Project, models: readonly CompiledNode[], renderer: TestRenderer, opts: CompileTestsOptions = {}): Promise<CompiledTest[]> {
  const index = indexTargets(project, models);
  // Names of `{% test %}` blocks, callable through the renderer as `test_<name>` macros.
  const customTests = new Set([...(project.genericTestNames ?? []), ...renderer.genericTestNames()]);
  const env = { projectName: project.config.name, index, renderer, customTests, stringLiteral: stringLiteralOf(project.target?.type) };
  const out: CompiledTest[] = [];
  const problems: QeError[] = [];
  const seen = new Map<string, number>();
  // Two declarations can synthesize one name (same args, different config): keep both, as dbt does with its hash suffix.
  const numbered = (t: CompiledTest, n: number): CompiledTest => (n === 1 ? t : { ...t, id: `${t.id}_${n}` as CompiledTest["id"], name: `${t.name}_${n}` });
  const add = (t: CompiledTest) => {
    const n = (seen.get(t.id) ?? 0) + 1;
    seen.set(t.id, n);
    out.push(numbered(t, n));
  };

  for (const target of index.targets) {
    const decls = [...target.tests, ...target.columns.flatMap((c) => c.tests.map((d) => ({ ...d, columnName: d.columnName ?? c.name })))];
    for (const decl of decls) {
      if (decl.config.enabled === false) continue;
      try {
        const shell = () => compileGenericTestShell(target, decl, env);
        if (opts.only) {
          // Named without rendering, so one test compiles alone.
          const s = shell();
          const n = (seen.get(s.id) ?? 0) + 1;
          seen.set(s.id, n);
          if (!opts.only.has(numbered(s, n).id)) continue;
          out.push(numbered(await compileGenericTest(target, decl, env), n));
          continue;
        }
        const t = compileGenericTest(target, decl, env);
        add(t instanceof Promise ? await t.catch((e: unknown) => deferred(e, shell, opts)) : t);
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
    if (compiled.has(node.id) || (opts.only && !opts.only.has(node.id))) continue;
    try {
      const t = await compileSingularTest(node, renderer, node.config ?? DEFAULT_CONFIG, (id) => names.get(id));
      if (t) add(t);
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      problems.push(e instanceof ProjectError || e.loc ? e : new ProjectError("test-render", e.message, { file: node.path }, e.hint, { cause: e }));
    }
  }
  if (problems.length > 0) throw new ProjectErrors(problems);
  return out;
}

/** A test whose warehouse query failed: rethrown, or (deferWarehouseErrors) its shell to compile when it runs. */
function deferred(e: unknown, shell: () => CompiledTest, opts: CompileTestsOptions): CompiledTest {
  if (!opts.deferWarehouseErrors || !(e instanceof QeError)) throw e;
  return { ...shell(), sql: "", queriesWarehouse: true, compileDeferred: true };
}
