// `test`: the data tests (generic + singular) of the selected models against the built warehouse,
// then the unit tests (on the same engine, fixtures as CTEs); writes run_results.json.
import { compiledPath, writeCompiled, writeRunResults } from "../artifacts/index.js";
import { createRenderer } from "../compile/index.js";
import type { CompiledNode } from "../compile/types.js";
import { ProjectErrors } from "../core/errors.js";
import type { NodeResult } from "../core/results.js";
import { execute } from "../execute/index.js";
import type { NodeId, Project } from "../project/types.js";
import { createTestRunner, missingColumnErrors, runUnitTests } from "../testing/index.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import { artifactMeta, withDataTests } from "./session.js";
import { withAdapter } from "./with-adapter.js";

const DATA_TEST_KINDS = new Set(["generic_test", "singular_test"]);

export interface TestJobResult {
  results: NodeResult[];
  /** The data tests that ran, for a JUnit report. */
  tests: CompiledNode[];
}

export async function runTests(project: Project, opts: GlobalOptions, storeFailures: boolean, args: Record<string, unknown>, ctx: PipelineContext): Promise<TestJobResult> {
  const started = ctx.now();
  let tests: CompiledNode[] = [];
  const results = await withAdapter(
    project,
    opts,
    ctx,
    async (s, wh) => {
      const ids = s.selected.filter((id) => DATA_TEST_KINDS.has(s.graph.nodes.get(id)!.kind));
      const nodes = ids.map((id) => s.graph.nodes.get(id)!);
      const missing = await missingColumnErrors(nodes, (id) => s.graph.nodes.get(id as NodeId), wh);
      if (missing.length) throw new ProjectErrors(missing);
      tests = nodes;
      writeCompiled(s.targetDir, nodes);
      const pathOf = (n: CompiledNode) => compiledPath(s.targetDir, n);
      const runner = createTestRunner({ storeFailures });
      const data = await execute(
        s.graph,
        ids,
        wh,
        { failFast: opts.failFast, fullRefresh: false, runners: { generic_test: runner, singular_test: runner }, compiledPathOf: pathOf, now: ctx.now, testConcurrency: wh.concurrentQueries },
        (e) => ctx.reporter.event(e),
      );
      const withPaths = data.map((r) => ({ ...r, compiledPath: r.compiledPath ?? pathOf(s.graph.nodes.get(r.id)!) }));
      const selectedModels = new Set<string>(s.selected);
      const filtered = opts.select.length || opts.exclude.length;
      const unit = project.unitTests.filter((u) => !filtered || selectedModels.has(modelId(project, u.model)));
      const unitResults = opts.failFast && failed(withPaths) ? [] : await runUnitTests(project, unit, createRenderer(project, { env: ctx.env }), wh, (e) => ctx.reporter.event(e), { now: ctx.now });
      const all = [...withPaths, ...unitResults];
      writeRunResults(s.targetDir, all, ctx.now() - started, args, artifactMeta(ctx));
      return all;
    },
    withDataTests(ctx),
  );
  return { results, tests };
}

function failed(results: readonly NodeResult[]): boolean {
  return results.some((r) => r.status === "fail" || r.status === "error");
}

function modelId(project: Project, name: string): string {
  return project.models.find((m) => m.name === name)?.id ?? "";
}
