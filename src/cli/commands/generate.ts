// `qe generate`: writes the synthetic source system. Options come from flags, else from
// dbt_project.yml vars (generate_students, generate_seed, generate_years), else the defaults.
import { BUILDERS } from "./definitions.js";
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../../core/errors.js";
import { generate } from "../../generate/index.js";
import { GENERATE_DEFAULTS, generateDefaults, summaryResults } from "../../pipeline/sources.js";
import type { Command } from "./command.js";

export { ensureSourceDatabase, generateDefaults, generateDefaultsFromVars, summaryResults, GENERATE_DEFAULTS } from "../../pipeline/sources.js";

/** Flag value as given (string from argv or number), without yargs coercion hiding bad input. */
function given(v: unknown): unknown {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export const generateCommand: Command = {
  name: "generate",
  describe: "write the synthetic source system to data/qe.db",
  builder: BUILDERS.generate,
  run: async (args, ctx) => {
    const projectDir = path.resolve(ctx.cwd, String(args["project-dir"] ?? "."));
    if (!fs.existsSync(projectDir)) throw new UsageError(`--project-dir ${String(args["project-dir"])} does not exist`);
    const d = generateDefaults(projectDir);
    const seedArg = given(args["seed"]);
    const out = given(args["out"]);
    if (out !== undefined && String(out).trim() === "") throw new UsageError("--out must be a file path");
    const summary = await generate(
      {
        students: (given(args["students"]) ?? d.students) as number,
        seed: seedArg === undefined ? d.seed : String(seedArg),
        years: (given(args["years"]) ?? d.years) as number,
        out: path.resolve(projectDir, out === undefined ? GENERATE_DEFAULTS.out : String(out)),
        workers: given(args["workers"]) as number | undefined,
      },
      (e) => ctx.reporter.event(e),
      ctx.now,
    );
    ctx.reporter.info(`wrote ${summary.totalRows} rows to ${summary.path} in ${(summary.elapsedMs / 1000).toFixed(1)}s`);
    return { results: summaryResults(summary) };
  },
};
