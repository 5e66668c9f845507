import { BUILDERS } from "./definitions.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";
import { openProject } from "../../pipeline/session.js";
import { runModels } from "../../pipeline/run-models.js";

/** `qe run`: build the selected models (loading any raw source they read that is not loaded yet). */
export const runCommand: Command = {
  name: "run",
  describe: "build the selected models",
  builder: BUILDERS.run,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    return { results: await runModels(project, opts, Boolean(args["reload-sources"]), args, ctx) };
  },
};
