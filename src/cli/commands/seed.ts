import { BUILDERS } from "./definitions.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";
import { openProject } from "../session.js";
import { withWarehouse } from "../warehouse-session.js";
import { runFlow } from "../flow.js";

/** `qe seed`: load seeds/*.csv into the warehouse. */
export const seedCommand: Command = {
  name: "seed",
  describe: "load seeds/*.csv into the warehouse",
  builder: BUILDERS.seed,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const results = await withWarehouse(project, opts, ctx, (s, wh, existing) =>
      runFlow(s, wh, { kinds: new Set(["seed"]), reloadSources: "missing", failFast: opts.failFast, fullRefresh: opts.fullRefresh, existing, args }, ctx),
    );
    return { results };
  },
};
