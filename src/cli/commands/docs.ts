// `qe docs generate` / `qe docs serve`: thin wiring of the docs stage to the project, the compiled
// nodes and the warehouse; the work lives in src/docs.
import { BUILDERS } from "./definitions.js";
import { UsageError } from "../../core/errors.js";
import { buildManifest, writeManifest } from "../../artifacts/index.js";
import { readCatalog, serializeSql } from "../../db/catalog.js";
import { generateDocs, serveDocs } from "../../docs/index.js";
import type { ManifestLike } from "../../docs/site/site-data.js";
import type { CommandContext } from "../context.js";
import { artifactMeta, openProject, targetDirOf, withDataTests } from "../session.js";
import { withWarehouse } from "../warehouse-session.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";

export const docsCommand: Command = {
  name: "docs",
  usage: "docs <action>",
  describe: "docs generate | docs serve",
  builder: BUILDERS.docs,
  run: async (args, ctx) => {
    const action = String(args["action"]);
    if (action === "serve") return serve(Number(args["port"]), args, ctx);
    if (action !== "generate") throw new UsageError(`unknown docs action '${action}'`, undefined, "use `qe docs generate` or `qe docs serve`");
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const meta = artifactMeta(ctx);
    const summary = await withWarehouse(project, opts, ctx, async (s, wh) => {
      writeManifest(s.targetDir, project, s.nodes, meta);
      return generateDocs({
        project,
        nodes: s.nodes,
        manifest: buildManifest(s.targetDir, project, s.nodes, meta) as unknown as ManifestLike,
        warehouse: { catalog: () => readCatalog(wh), parse: (sql) => serializeSql(wh, sql) },
        targetDir: s.targetDir,
        generatedAt: meta.generatedAt,
      });
    }, withDataTests(ctx));
    if (summary.unbuilt.length > 0) {
      ctx.reporter.info(`warning: ${summary.unbuilt.length} model${summary.unbuilt.length === 1 ? " is" : "s are"} not in the warehouse (no types, row counts or column lineage for them); run \`qe build\` first`);
    }
    ctx.reporter.info(`Column lineage: ${summary.traced} of ${summary.columns} model columns traced`);
    for (const f of summary.files) ctx.reporter.info(`Wrote ${f}`);
    return { results: [] };
  },
};

async function serve(port: number, args: Record<string, unknown>, ctx: CommandContext) {
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
