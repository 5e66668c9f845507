// on-run-start / on-run-end from dbt_project.yml: SQL templates rendered with the project's context
// (target, var, macros, run_query...) right before they run, as dbt renders them; on-run-end also
// sees `schemas` and `results` of the run.
import type { Project } from "../project/types.js";
import type { CompileEnv } from "./compile-env.js";
import { newRenderState } from "./dbt-context.js";
import { createRendererFor } from "./compile-project.js";

export type RunHookPoint = "on-run-start" | "on-run-end";

/** The rendered statements of one hook point (none when the project has no hooks there). Throws a located QeError. */
export async function renderRunHooks(project: Project, env: CompileEnv, point: RunHookPoint, locals: Record<string, unknown> = {}): Promise<string[]> {
  const templates = (point === "on-run-start" ? project.config.onRunStart : project.config.onRunEnd) ?? [];
  if (templates.length === 0) return [];
  const renderer = createRendererFor(project, env);
  const out: string[] = [];
  for (const [i, text] of templates.entries()) {
    const sql = await renderer.renderText(text, `dbt_project.yml (${point}[${i}])`, newRenderState("dbt_project.yml", true), locals);
    if (sql.trim() !== "") out.push(sql);
  }
  return out;
}
