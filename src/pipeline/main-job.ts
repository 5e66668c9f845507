// The whole job (`qe-run`) on a fresh clone: generate the source database when it is missing, load,
// build every model with its tests, and only when everything passed, replace the exports.
import type { NodeResult } from "../core/results.js";
import type { Project } from "../project/types.js";
import { buildInSession } from "./build.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import { loadExportStage, runExportStep } from "./export-step.js";
import { withDataTests } from "./session.js";
import { generateMissingSources, type GenerateFlags } from "./sources.js";
import { withAdapter } from "./with-adapter.js";

export interface MainJobOptions {
  generate: GenerateFlags;
  storeFailures: boolean;
  /** false: stop after the tests (--no-export). */
  export: boolean;
  /** PNG scale for the charts. */
  scale: number;
  /** Publication mode for charts and dashboard; undefined: the project's var publication_mode. */
  publication?: boolean;
}

/** Runs the job; returns every result (generate, load, build, tests, export). Exports stay untouched unless all passed. */
export async function runMainJob(project: Project, opts: GlobalOptions, job: MainJobOptions, args: Record<string, unknown>, ctx: PipelineContext): Promise<NodeResult[]> {
  // One warehouse session and one compile for the whole job, opened before anything is generated:
  // a bad ref, template, test or --select (or a warehouse another process holds) fails now, not
  // after minutes of generating the source database. Templates that query relations the build
  // makes are compiled again when they run (as in qe build).
  return withAdapter(
    project,
    opts,
    ctx,
    async (s, wh, existing) => {
      const generated = await generateMissingSources(project, job.generate, ctx);
      // Load the export stage now, while the main thread mostly waits on DuckDB; its errors surface at the export.
      if (job.export) loadExportStage().catch(() => undefined);
      const built = await buildInSession(s, wh, existing, opts, { reloadSources: "always", storeFailures: job.storeFailures }, args, ctx);
      const results = [...generated, ...built];
      if (results.some((r) => r.status === "error" || r.status === "fail" || r.status === "partial success")) {
        ctx.reporter.info("Exports left unchanged: the build or its tests failed.");
        return results;
      }
      if (!job.export) return results;
      // Every compiled node, whatever --select chose: the export reads the marts it declares.
      const exported = await runExportStep(project, s.nodes, wh, { scale: job.scale, publication: job.publication }, ctx);
      ctx.reporter.info(`Exported: ${exported.message}`);
      return [...results, exported];
    },
    withDataTests(ctx, true),
  );
}
