// `qe source freshness`: how old each source's newest row is, against its warn_after/error_after;
// writes target/sources.json. Exit 1 when any table is past error_after or cannot be checked (dbt).
import type { Command } from "./command.js";
import { BUILDERS } from "./definitions.js";
import { globalOptionsOf } from "./options.js";
import { openProject } from "../../pipeline/session.js";
import { sourceFreshness } from "../../pipeline/source-freshness.js";
import { UsageError } from "../../core/errors.js";

export const sourceCommand: Command = {
  name: "source",
  describe: "source freshness: check how recently each source was loaded",
  builder: BUILDERS.source,
  run: async (args, ctx) => {
    if (args["action"] !== "freshness") throw new UsageError(`unknown source action '${String(args["action"])}'`, undefined, "use `qe source freshness`");
    const opts = globalOptionsOf(args);
    return { results: await sourceFreshness(openProject(opts, ctx), opts, ctx) };
  },
};
