import { BUILDERS } from "./definitions.js";
import type { CompiledNode } from "../../compile/types.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";
import { compileSession, openProject, withDataTests } from "../../pipeline/session.js";

type Output = "name" | "path" | "json" | "selector";

/** `qe ls`: list nodes (models, seeds, sources, tests) as dbt ls does; never opens the warehouse. */
export const lsCommand: Command = {
  name: "ls",
  describe: "list project nodes",
  builder: BUILDERS.ls,
  run: async (args, ctx) => {
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const s = compileSession(project, opts, ctx, { addNodes: withDataTests(ctx) });
    const types = new Set((args["resource-type"] as string[] | undefined) ?? []);
    const lines = s.selected
      .map((id) => s.graph.nodes.get(id)!)
      .filter((n) => types.size === 0 || types.has(resourceType(n)))
      .map((n) => render(n, args["output"] as Output, project.config.name));
    for (const line of lines) ctx.reporter.info(line);
    return { results: [] };
  },
};

function resourceType(n: CompiledNode): string {
  return n.kind === "generic_test" || n.kind === "singular_test" || n.kind === "unit_test" ? "test" : n.kind;
}

function render(n: CompiledNode, output: Output, projectName: string): string {
  switch (output) {
    case "name":
      return n.name;
    case "path":
      return n.path;
    case "json":
      // dbt's JSON names a source by its table, with the source apart.
      return JSON.stringify({
        name: n.kind === "source" ? n.name.split(".").pop() : n.name,
        ...(n.kind === "source" ? { source_name: n.id.split(".")[2] } : {}),
        resource_type: resourceType(n),
        unique_id: n.id,
        original_file_path: n.path,
        config: { materialized: n.config.materialized, schema: n.config.schema, tags: n.config.tags },
        depends_on: { nodes: n.dependsOn },
      });
    case "selector":
      return n.kind === "source" ? `source:${n.id.split(".").slice(2).join(".")}` : [projectName, ...pathParts(n)].join(".");
  }
}

/** dbt prints models as project.folder.name. */
function pathParts(n: CompiledNode): string[] {
  const parts = n.path.replace(/\.(sql|csv|yml)$/, "").split("/");
  return n.kind === "model" || n.kind === "seed" ? [...parts.slice(1, -1), n.name] : [n.name];
}
