// `qe test` / `qe-test`: run the data tests (generic + singular) of the selected models against the
// built warehouse, then the unit tests (each in its own in-memory DuckDB); write run_results.json
// and, with --junit, a JUnit report for CI.
import { BUILDERS } from "./definitions.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { compiledPath, writeCompiled, writeRunResults } from "../../artifacts/index.js";
import { createRenderer } from "../../compile/index.js";
import type { CompiledNode } from "../../compile/types.js";
import { ProjectErrors, UsageError } from "../../core/errors.js";
import type { NodeResult } from "../../core/results.js";
import { execute } from "../../execute/index.js";
import type { NodeId, Project } from "../../project/types.js";
import { compileTests, createTestRunner, missingColumnErrors, runUnitTests, writeJunit } from "../../testing/index.js";
import { artifactMeta, openProject } from "../session.js";
import { withWarehouse } from "../warehouse-session.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";

const DATA_TEST_KINDS = new Set(["generic_test", "singular_test"]);

export const testCommand: Command = {
  name: "test",
  describe: "run data tests and unit tests against the built warehouse",
  builder: BUILDERS.test,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    if (!existsSync(project.databasePath))
      throw new UsageError(`no warehouse at ${project.databasePath}`, { file: project.databasePath }, "run `qe run` (or `qe build`) first");
    const started = ctx.now();
    let tests: CompiledNode[] = [];
    const results = await withWarehouse(
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
        const runner = createTestRunner({ storeFailures: Boolean(args["store-failures"]) });
        const data = await execute(
          s.graph,
          ids,
          wh,
          { failFast: opts.failFast, fullRefresh: false, runners: { generic_test: runner, singular_test: runner }, compiledPathOf: pathOf, now: ctx.now },
          (e) => ctx.reporter.event(e),
        );
        const withPaths = data.map((r) => ({ ...r, compiledPath: r.compiledPath ?? pathOf(s.graph.nodes.get(r.id)!) }));
        const selectedModels = new Set<string>(s.selected);
        const filtered = opts.select.length || opts.exclude.length;
        const unit = project.unitTests.filter((u) => !filtered || selectedModels.has(modelId(project, u.model)));
        const unitResults = opts.failFast && failed(withPaths) ? [] : await runUnitTests(project, unit, createRenderer(project, { env: ctx.env }), (e) => ctx.reporter.event(e), { now: ctx.now });
        const all = [...withPaths, ...unitResults];
        writeRunResults(s.targetDir, all, ctx.now() - started, args, artifactMeta(ctx));
        return all;
      },
      (p, nodes) => compileTests(p, nodes, createRenderer(p, { env: ctx.env })),
    );
    if (typeof args["junit"] === "string") writeJunit(resolve(ctx.cwd, args["junit"]), results, tests);
    return { results };
  },
};

function failed(results: readonly NodeResult[]): boolean {
  return results.some((r) => r.status === "fail" || r.status === "error");
}

function modelId(project: Project, name: string): string {
  return project.models.find((m) => m.name === name)?.id ?? "";
}
