// The export step: the marts declared for export, their charts and the dashboard, to exports/.
import { resolve } from "node:path";
import type { Adapter } from "../adapters/types.js";
import type { CompiledNode } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import { nodeId, type Project } from "../project/types.js";
import type { PipelineContext } from "./context.js";
import { openDuckDB } from "../adapters/open.js";
import { copyRelations } from "../load/copy-relations.js";

/**
 * The export stage (vega, vega-lite, sharp, Arrow: a third of a second to load), imported on first
 * use. The main job calls this early, so the modules load while DuckDB builds the models.
 */
export function loadExportStage(): Promise<typeof import("../export/index.js")> {
  return import("../export/index.js");
}

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
  project: Project, nodes: readonly CompiledNode[], wh: Adapter, opts: ExportStepOptions, ctx: PipelineContext,
): Promise<NodeResult> {
  if (!wh.bulk) return exportViaDuckDB(project, nodes, wh, opts, ctx);
  const started = ctx.now();
  const exportDir = resolve(project.rootDir, opts.exportDir ?? "exports");
  const { exportMarts } = await loadExportStage();
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

/**
 * A cluster warehouse: the marts are read from it into an in-memory DuckDB (streamed, typed), and
 * the files are written from there, so exports are the same bytes whichever engine built the data.
 */
async function exportViaDuckDB(project: Project, nodes: readonly CompiledNode[], wh: Adapter, opts: ExportStepOptions, ctx: PipelineContext): Promise<NodeResult> {
  const started = ctx.now();
  const local = await openDuckDB(":memory:");
  try {
    const hasModelChild = new Set(nodes.flatMap((n) => (n.kind === "model" ? n.dependsOn : [])));
    const marts = nodes.filter((n) => n.kind === "model" && n.config.materialized !== "ephemeral" && (n.config.export.length > 0 || !hasModelChild.has(n.id)));
    const present = [];
    for (const n of marts) if (await wh.relationKind(n.relation)) present.push(n.relation);
    await copyRelations(wh, local, present);
    const result = await runExportStep(project, nodes, local, opts, ctx);
    return { ...result, elapsedMs: ctx.now() - started };
  } finally {
    await local.close();
  }
}
