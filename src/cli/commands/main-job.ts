// `qe-run`: the whole job (src/pipeline/main-job.ts) with its flags.
import { BUILDERS } from "./definitions.js";
import { openProject } from "../../pipeline/session.js";
import { runMainJob } from "../../pipeline/main-job.js";
import type { Command } from "./command.js";
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
    const results = await runMainJob(
      project,
      opts,
      {
        generate: { students: args["students"] as number | undefined, seed: args["seed"] as string | undefined, years: args["years"] as number | undefined },
        storeFailures: Boolean(args["store-failures"]),
        export: args["export"] !== false,
        scale: Number(args["scale"] ?? 2),
        publication: args["publication"] as boolean | undefined,
      },
      args,
      ctx,
    );
    return { results };
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
