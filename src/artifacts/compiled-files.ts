// target/compiled/<project>/<path>: one file per node with SQL, laid out as dbt does.
import { join } from "node:path";
import type { CompiledNode } from "../compile/types.js";
import { writeFileAtomic } from "../core/write-atomic.js";

/** "model.shop.orders" → "shop". */
export function projectOf(node: Pick<CompiledNode, "id">): string {
  return node.id.split(".")[1] ?? "project";
}

/** Where a node's compiled SQL goes; tests declared in YAML go under the YAML path, as in dbt. */
export function compiledPath(targetDir: string, node: CompiledNode): string {
  const rel = node.path.endsWith(".sql") ? node.path : `${node.path}/${node.name}.sql`;
  return join(targetDir, "compiled", projectOf(node), ...rel.split("/"));
}

/** Writes the SQL of every node that has some (seeds and sources have none). */
export function writeCompiled(targetDir: string, nodes: readonly CompiledNode[]): void {
  for (const n of nodes) {
    if (n.sql === "") continue;
    writeFileAtomic(compiledPath(targetDir, n), n.sql.endsWith("\n") ? n.sql : n.sql + "\n");
  }
}
