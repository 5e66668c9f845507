// `build`: unit tests, then seeds, models and data tests in DAG order.
import { createRenderer } from "../compile/index.js";
import type { CompiledKind } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import type { Project } from "../project/types.js";
import { createTestRunner, runUnitTests } from "../testing/index.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import { runFlow } from "./flow.js";
import { withAdapter } from "./with-adapter.js";
import { withDataTests, type Session } from "./session.js";
import type { Adapter, RelationKind } from "../adapters/types.js";

const BUILD_KINDS: ReadonlySet<CompiledKind> = new Set(["source", "seed", "snapshot", "model", "generic_test", "singular_test"]);

export interface BuildOptions {
  reloadSources: "always" | "missing";
  storeFailures: boolean;
}

/**
 * Seeds, models and data tests in DAG order, each model's tests right after it (an error-severity
 * failure skips its downstream); unit tests first, on fixtures only, as dbt 1.8 does.
 */
export async function buildProject(
  project: Project,
  opts: GlobalOptions,
  build: BuildOptions,
  args: Record<string, unknown>,
  ctx: PipelineContext,
): Promise<NodeResult[]> {
  // Unit tests run inside the session, after the project compiled: a bad ref or template stops the
  // command (exit 2) before anything runs, rather than after the unit tests already passed.
  return withAdapter(project, opts, ctx, (s, wh, existing) => buildInSession(s, wh, existing, opts, build, args, ctx), withDataTests(ctx, true));
}

/** The build on a compiled session and its open warehouse (the main job goes on to export in the same one). */
export async function buildInSession(
  s: Session,
  wh: Adapter,
  existing: ReadonlyMap<string, RelationKind>,
  opts: GlobalOptions,
  build: BuildOptions,
  args: Record<string, unknown>,
  ctx: PipelineContext,
): Promise<NodeResult[]> {
  const project = s.project;
  // Unit tests of the selected models (any selector form), on the target's engine, fixtures as CTEs.
  const selected = new Set<string>(s.selected);
  const unitTests = project.unitTests.filter((u) => selected.has(project.models.find((m) => m.name === u.model)?.id ?? ""));
  const unitResults = await runUnitTests(project, unitTests, createRenderer(project, { env: ctx.env }), wh, (e) => ctx.reporter.event(e), { now: ctx.now });
  if (opts.failFast && unitResults.some((r) => r.status === "fail" || r.status === "error")) return unitResults;
  const dataResults = await runFlow(s, wh, {
    kinds: BUILD_KINDS,
    reloadSources: build.reloadSources,
    failFast: opts.failFast,
    fullRefresh: opts.fullRefresh,
    existing,
    testRunner: createTestRunner({ storeFailures: build.storeFailures }),
    args,
    priorResults: unitResults,
    eventTimeStartMs: opts.eventTimeStartMs,
    eventTimeEndMs: opts.eventTimeEndMs,
  }, ctx);
  return [...unitResults, ...dataResults];
}
