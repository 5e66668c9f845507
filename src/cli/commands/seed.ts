import { BUILDERS } from "./definitions.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";
import { openProject } from "../../pipeline/session.js";
import { seedProject } from "../../pipeline/run-models.js";

/** `qe seed`: load seeds/*.csv into the warehouse. */
export const seedCommand: Command = {
  name: "seed",
  describe: "load seeds/*.csv into the warehouse",
  builder: BUILDERS.seed,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    return { results: await seedProject(project, opts, args, ctx) };
  },
};
