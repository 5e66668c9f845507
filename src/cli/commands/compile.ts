import { BUILDERS } from "./definitions.js";
import { writeCompiled, writeManifest } from "../../artifacts/index.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";
import { artifactMeta, compileSession, openProject, withDataTests } from "../../pipeline/session.js";

/** `qe compile`: render models and tests to target/compiled without opening the warehouse. */
export const compileCommand: Command = {
  name: "compile",
  describe: "render models to target/compiled without running them",
  builder: BUILDERS.compile,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const s = compileSession(project, opts, ctx, { addNodes: withDataTests(ctx) });
    const chosen = new Set(s.selected);
    const nodes = s.nodes.filter((n) => chosen.has(n.id) && n.sql !== "");
    writeCompiled(s.targetDir, nodes);
    writeManifest(s.targetDir, project, s.nodes, artifactMeta(ctx));
    ctx.reporter.info(`Compiled ${nodes.length} node${nodes.length === 1 ? "" : "s"} to ${s.targetDir}/compiled`);
    return { results: [] };
  },
};
