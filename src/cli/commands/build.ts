import { BUILDERS } from "./definitions.js";
import { buildProject } from "../../pipeline/build.js";
import { openProject } from "../../pipeline/session.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";

export const buildCommand: Command = {
  name: "build",
  describe: "seed, run and test in DAG order",
  builder: BUILDERS.build,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const results = await buildProject(
      project,
      opts,
      { reloadSources: args["reload-sources"] ? "always" : "missing", storeFailures: Boolean(args["store-failures"]) },
      args,
      ctx,
    );
    return { results };
  },
};
