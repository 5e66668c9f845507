import { BUILDERS } from "./definitions.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";
import { openProject } from "../../pipeline/session.js";
import { snapshotProject } from "../../pipeline/run-models.js";

/** `qe snapshot`: run the selected snapshots, as `dbt snapshot`. */
export const snapshotCommand: Command = {
  name: "snapshot",
  describe: "record changes of the selected snapshots' sources (dbt snapshots)",
  builder: BUILDERS.snapshot,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    return { results: await snapshotProject(project, opts, args, ctx) };
  },
};
