// `qe export`: write the marts declared for export, their charts and the dashboard to exports/.
import { BUILDERS } from "./definitions.js";
import { resolve } from "node:path";
import type { CompiledNode } from "../../compile/types.js";
import { UsageError } from "../../core/errors.js";
import type { NodeResult } from "../../core/results.js";
import type { Warehouse } from "../../db/warehouse.js";
import { exportMarts } from "../../export/index.js";
import { nodeId, type Project } from "../../project/types.js";
import type { CommandContext } from "../context.js";
import { openProject } from "../session.js";
import { withWarehouse } from "../warehouse-session.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";

export interface ExportStepOptions {
  /** Export folder; relative paths resolve against the project root. Default "exports". */
  exportDir?: string;
  scale?: number;
  /** Publication mode for charts and dashboard; undefined: the project's var publication_mode (default true). */
  publication?: boolean;
  charts?: boolean;
  chartWorkers?: number;
  dashboard?: boolean;
}

/**
 * Runs the export stage against an open warehouse and returns one result for the reporter.
 * Shared by `qe export` and the main job (`qe-run`, after its tests pass). Throws what
 * exportMarts throws; the previous exports stay in place then.
 */
export async function runExportStep(
  project: Project, nodes: readonly CompiledNode[], wh: Warehouse, opts: ExportStepOptions, ctx: CommandContext,
): Promise<NodeResult> {
  const started = ctx.now();
  const exportDir = resolve(project.rootDir, opts.exportDir ?? "exports");
  const manifest = await exportMarts(
    {
      wh, nodes, projectRoot: project.rootDir, exportDir,
      runId: runIdOf(started),
      vars: project.config.vars,
      scale: opts.scale ?? 2,
      publication: opts.publication ?? publicationFromVars(project.config.vars),
      docs: project.models.map((m) => ({ name: m.name, description: m.description, columns: m.columns })),
      charts: opts.charts ?? true,
      chartWorkers: opts.chartWorkers,
      dashboard: opts.dashboard ?? true,
    },
    (e) => ctx.reporter.event(e),
  );
  return {
    id: nodeId(`export.${project.config.name}.exports`),
    name: "exports",
    kind: "export",
    status: "success",
    elapsedMs: ctx.now() - started,
    rowsAffected: manifest.files.length,
    message: `${manifest.files.length} files in ${exportDir}`,
  };
}

/** The project's var publication_mode (true unless set false); --publication / --no-publication win. */
function publicationFromVars(vars: Record<string, unknown>): boolean {
  const v = vars["publication_mode"];
  return !(v === false || v === "false" || v === 0);
}

/** A run id that sorts by time, e.g. "20250101T120000Z". */
function runIdOf(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

export const exportCommand: Command = {
  name: "export",
  describe: "write marts to exports/ as CSV, Parquet, Arrow, charts and a dashboard",
  builder: BUILDERS.export,
  run: async (args, ctx) => {
    const scale = Number(args["scale"]);
    if (scale !== 1 && scale !== 2) throw new UsageError(`--scale must be 1 or 2, not ${String(args["scale"])}`);
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const result = await withWarehouse(project, opts, ctx, (s, wh) =>
      runExportStep(project, s.nodes, wh, {
        exportDir: String(args["export-dir"] ?? "exports"),
        scale,
        publication: args["publication"] as boolean | undefined,
        charts: args["charts"] !== false,
        chartWorkers: args["chart-workers"] === undefined ? undefined : Number(args["chart-workers"]),
        dashboard: args["dashboard"] !== false,
      }, ctx),
    );
    return { results: [result] };
  },
};
