// `qe docs generate` / `qe docs serve`: parse, call the pipeline, print. The work lives in
// src/pipeline/docs-job.ts and src/docs.
import { BUILDERS } from "./definitions.js";
import { UsageError } from "../../core/errors.js";
import { serveDocs } from "../../docs/index.js";
import { generateDocsJob } from "../../pipeline/docs-job.js";
import { openProject, targetDirOf } from "../../pipeline/session.js";
import type { CommandContext } from "../context.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";

export const docsCommand: Command = {
  name: "docs",
  usage: "docs <action>",
  describe: "docs generate | docs serve",
  builder: BUILDERS.docs,
  run: async (args, ctx) => {
    const action = String(args["action"]);
    if (action === "serve") return serve(args, ctx);
    if (action !== "generate") throw new UsageError(`unknown docs action '${action}'`, undefined, "use `qe docs generate` or `qe docs serve`");
    const summary = await generateDocsJob(globalOptionsOf(args), ctx);
    if (summary.unbuilt.length > 0) {
      ctx.reporter.info(`warning: ${summary.unbuilt.length} model${summary.unbuilt.length === 1 ? " is" : "s are"} not in the warehouse (no types, row counts or column lineage for them); run \`qe build\` first`);
    }
    ctx.reporter.info(`Column lineage: ${summary.traced} of ${summary.columns} model columns traced`);
    for (const f of summary.files) ctx.reporter.info(`Wrote ${f}`);
    return { results: [] };
  },
};

/** Serves until Ctrl+C (SIGINT) or SIGTERM; the signals are the CLI's to read. */
async function serve(args: Record<string, unknown>, ctx: CommandContext) {
  const port = Number(args["port"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number 0-65535, not ${String(args["port"])}`);
  const project = openProject(globalOptionsOf(args), ctx);
  const server = await serveDocs(targetDirOf(project), port);
  ctx.reporter.info(`Serving docs at ${server.url} (Ctrl+C to stop)`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  return { results: [] };
}
