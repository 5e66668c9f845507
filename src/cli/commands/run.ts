import { BUILDERS } from "./definitions.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";
import { openProject } from "../session.js";
import { withWarehouse } from "../warehouse-session.js";
import { runFlow } from "../flow.js";

/** `qe run`: build the selected models (loading any raw source they read that is not loaded yet). */
export const runCommand: Command = {
  name: "run",
  describe: "build the selected models",
  builder: BUILDERS.run,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const results = await withWarehouse(project, opts, ctx, (s, wh, existing) =>
      runFlow(s, wh, {
        kinds: new Set(["model", "source"]),
        reloadSources: args["reload-sources"] ? "always" : "missing",
        failFast: opts.failFast,
        fullRefresh: opts.fullRefresh,
        existing,
        args,
      }, ctx),
    );
    return { results };
  },
};
