// `run` and `seed`: build the selected models (loading any raw source they read that is not loaded
// yet), or load the seeds.
import type { NodeResult } from "../core/results.js";
import type { Project } from "../project/types.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import { runFlow } from "./flow.js";
import { withAdapter } from "./with-adapter.js";

export function runModels(project: Project, opts: GlobalOptions, reloadSources: boolean, args: Record<string, unknown>, ctx: PipelineContext): Promise<NodeResult[]> {
  return withAdapter(project, opts, ctx, (s, wh, existing) =>
    runFlow(s, wh, {
      kinds: new Set(["model", "source"]),
      reloadSources: reloadSources ? "always" : "missing",
      failFast: opts.failFast,
      fullRefresh: opts.fullRefresh,
      existing,
      args,
      eventTimeStartMs: opts.eventTimeStartMs,
      eventTimeEndMs: opts.eventTimeEndMs,
    }, ctx),
  );
}

export function seedProject(project: Project, opts: GlobalOptions, args: Record<string, unknown>, ctx: PipelineContext): Promise<NodeResult[]> {
  return withAdapter(project, opts, ctx, (s, wh, existing) =>
    runFlow(s, wh, { kinds: new Set(["seed"]), reloadSources: "missing", failFast: opts.failFast, fullRefresh: opts.fullRefresh, existing, args }, ctx),
  );
}

/** `snapshot`: the selected snapshots in DAG order (loading any raw source they read that is not loaded yet). */
export function snapshotProject(project: Project, opts: GlobalOptions, args: Record<string, unknown>, ctx: PipelineContext): Promise<NodeResult[]> {
  return withAdapter(project, opts, ctx, (s, wh, existing) =>
    runFlow(s, wh, { kinds: new Set(["snapshot"]), reloadSources: "missing", failFast: opts.failFast, fullRefresh: false, existing, args }, ctx),
  );
}
