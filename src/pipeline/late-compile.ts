// dbt compiles each node just before it runs. qe compiles the whole project first (one parse, one
// render per node) and compiles again, when they run, the few nodes whose templates query the
// warehouse (dbt_utils.star, get_column_values, run_query...), so they see what their parents built.
import type { Adapter, RelationKind } from "../adapters/types.js";
import { LazyAdapter } from "../adapters/lazy-adapter.js";
import { writeCompiled } from "../artifacts/index.js";
import { compileProject, createRenderer } from "../compile/index.js";
import type { CompiledNode } from "../compile/types.js";
import { ProjectError, ProjectErrors } from "../core/errors.js";
import { compileTests } from "../testing/index.js";
import type { PipelineContext } from "./context.js";
import type { Session } from "./session.js";

/**
 * ExecuteOptions.prepare for a session: compiles `node` alone against the warehouse as it is now,
 * writes its compiled SQL, and returns it. Throws ProjectErrors when the template fails now.
 */
export function lateCompiler(
  s: Session, wh: Adapter, ctx: PipelineContext, relationKinds: ReadonlyMap<string, RelationKind>, which: string, fullRefresh: boolean,
): (node: CompiledNode) => Promise<CompiledNode> {
  return async (node) => {
    const only = new Set([node.id]);
    const env = {
      env: ctx.env, warehouse: LazyAdapter.over(wh), now: ctx.now, which, fullRefresh, only,
      existingRelations: new Set([...relationKinds.keys()]),
    };
    let fresh: CompiledNode | undefined;
    try {
      [fresh] = node.kind === "generic_test"
        ? await compileTests(s.project, s.nodes, createRenderer(s.project, env), { only })
        : (await compileProject(s.project, env)).filter((n) => n.id === node.id);
    } catch (e) {
      // One node compiled: its own problem is the node's error (not "1 problem found in the project").
      if (e instanceof ProjectErrors && e.errors.length === 1) throw e.errors[0];
      throw e;
    }
    if (!fresh) throw new ProjectError("late-compile", `${node.name} compiled to nothing when it ran`, { file: node.path });
    writeCompiled(s.targetDir, [fresh]);
    return fresh;
  };
}
