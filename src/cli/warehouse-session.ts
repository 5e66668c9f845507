// Opens the project's warehouse, compiles against what it holds, and always closes it.
import { Warehouse } from "../db/warehouse.js";
import type { Project } from "../project/types.js";
import type { GlobalOptions, CommandContext } from "./context.js";
import { compileSession, existingRelations, type Session } from "./session.js";
import type { CompiledNode } from "../compile/types.js";
import type { RelationKind } from "../execute/materialize.js";

export async function withWarehouse<T>(
  project: Project,
  opts: GlobalOptions,
  ctx: CommandContext,
  body: (s: Session, wh: Warehouse, existing: ReadonlyMap<string, RelationKind>) => Promise<T>,
  addNodes?: (p: Project, nodes: CompiledNode[]) => CompiledNode[],
): Promise<T> {
  const wh = await Warehouse.open(project.databasePath);
  try {
    const existing = await existingRelations(wh);
    const s = await compileSession(project, opts, ctx, { existing, addNodes, wh });
    return await body(s, wh, existing);
  } finally {
    wh.close();
  }
}
