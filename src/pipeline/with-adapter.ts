// Opens the project's warehouse through its adapter, compiles against what it holds, and always closes it.
import type { Adapter, RelationKind } from "../adapters/types.js";
import { openAdapter } from "../adapters/open.js";
import type { Project } from "../project/types.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import { compileSession, existingRelations, type AddNodes, type Session } from "./session.js";

export async function withAdapter<T>(
  project: Project,
  opts: GlobalOptions,
  ctx: PipelineContext,
  body: (s: Session, wh: Adapter, existing: ReadonlyMap<string, RelationKind>) => Promise<T>,
  addNodes?: AddNodes,
): Promise<T> {
  const wh = await openAdapter(project, ctx.env);
  try {
    const existing = await existingRelations(wh);
    const s = await compileSession(project, opts, ctx, { existing, addNodes, wh });
    return await body(s, wh, existing);
  } finally {
    await wh.close();
  }
}
