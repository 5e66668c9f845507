// `qe test` / `qe-test`: data tests then unit tests against the built warehouse; with --junit, a
// JUnit report for CI.
import { BUILDERS } from "./definitions.js";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../../core/errors.js";
import { openProject } from "../../pipeline/session.js";
import { runTests } from "../../pipeline/test-job.js";
import { writeJunit } from "../../testing/index.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";

export const testCommand: Command = {
  name: "test",
  describe: "run data tests and unit tests against the built warehouse",
  builder: BUILDERS.test,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    if (opts.target === undefined && !existsSync(project.databasePath))
      throw new UsageError(`no warehouse at ${project.databasePath}`, { file: project.databasePath }, "run `qe run` (or `qe build`) first");
    const { results, tests } = await runTests(project, opts, Boolean(args["store-failures"]), args, ctx);
    if (typeof args["junit"] === "string") writeJunit(resolve(ctx.cwd, args["junit"]), results, tests);
    return { results };
  },
};
