// `qe-run`: the whole job on a fresh clone. Generate the source database when it is missing, load,
// build every model with its tests, and only when everything passed, replace the exports.
import { BUILDERS } from "./definitions.js";
import { resolve } from "node:path";
import type { NodeResult } from "../../core/results.js";
import type { Project } from "../../project/types.js";
import type { CommandContext } from "../context.js";
import { compileSession, openProject } from "../session.js";
import { withWarehouse } from "../warehouse-session.js";
import { buildProject } from "./build.js";
import type { Command } from "./command.js";
import { runExportStep } from "./export.js";
import { ensureSourceDatabase, generateDefaultsFromVars, summaryResults } from "./generate.js";
import { globalOptionsOf } from "./options.js";
import { MAX_STUDENTS, parseCount } from "../../generate/options.js";

export const mainJobCommand: Command = {
  name: "main",
  describe: "the whole job: generate if missing, load, build, test, export (what `qe-run` runs)",
  builder: BUILDERS.main,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    checkGenerateFlags(args);
    const project = openProject(opts, ctx);
    // Compile once up front (milliseconds, no warehouse): a bad ref, template or --select fails
    // now, not after minutes of generating the source database.
    compileSession(project, opts, ctx);
    const generated = await generateMissingSources(project, args, ctx);
    const built = await buildProject(project, opts, { reloadSources: "always", storeFailures: Boolean(args["store-failures"]) }, args, ctx);
    const results = [...generated, ...built];
    if (results.some((r) => r.status === "error" || r.status === "fail")) {
      ctx.reporter.info("Exports left unchanged: the build or its tests failed.");
      return { results };
    }
    if (args["export"] === false) return { results };
    const exported = await withWarehouse(project, { ...opts, select: [], exclude: [] }, ctx, (s, wh) =>
      runExportStep(project, s.nodes, wh, { scale: Number(args["scale"] ?? 2), publication: args["publication"] as boolean | undefined }, ctx),
    );
    ctx.reporter.info(`Exported: ${exported.message}`);
    return { results: [...results, exported] };
  },
};

/**
 * --students and --years only matter when data/qe.db is missing, but a bad value is a usage error
 * either way: checked before anything runs, so `qe-run --students 0` never quietly builds.
 */
function checkGenerateFlags(args: Record<string, unknown>): void {
  if (args["students"] !== undefined) parseCount("students", args["students"], MAX_STUDENTS);
  if (args["years"] !== undefined) parseCount("years", args["years"], 20);
}

/** Every SQLite file the project's sources read from, generated with the project's defaults if absent. */
async function generateMissingSources(project: Project, args: Record<string, unknown>, ctx: CommandContext): Promise<NodeResult[]> {
  const paths = new Set(project.sources.flatMap((s) => (s.loader ? [resolve(project.rootDir, s.loader.path)] : [])));
  const defaults = generateDefaultsFromVars(project.config.vars);
  const out: NodeResult[] = [];
  for (const path of paths) {
    const summary = await ensureSourceDatabase(
      path,
      {
        students: (args["students"] as number | undefined) ?? defaults.students,
        seed: (args["seed"] as string | undefined) ?? defaults.seed,
        years: (args["years"] as number | undefined) ?? defaults.years,
      },
      (e) => ctx.reporter.event(e),
    );
    if (summary) {
      ctx.reporter.info(`Generated ${path}: ${summary.totalRows} rows in ${(summary.elapsedMs / 1000).toFixed(1)}s`);
      out.push(...summaryResults(summary));
    }
  }
  return out;
}
