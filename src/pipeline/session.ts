// A job's view of one project: loaded, compiled, graphed. Shared by run, build, ls, compile,
// test and the main job so each command only says what is different about it.
import { resolve } from "node:path";
import { loadProject, parseVarsArg } from "../project/index.js";
import { compileProject } from "../compile/index.js";
import { buildGraph, selectNodes, type Graph } from "../graph/index.js";
import type { CompiledNode } from "../compile/types.js";
import type { NodeId, Project } from "../project/types.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import type { Adapter } from "../adapters/types.js";
import { openAdapter } from "../adapters/open.js";
import { LazyAdapter } from "../adapters/lazy-adapter.js";
import type { RelationKind } from "../execute/materialize.js";
import { createRenderer } from "../compile/index.js";
import { compileTests } from "../testing/compile-tests.js";

export interface Session {
  project: Project;
  nodes: CompiledNode[];
  graph: Graph;
  /** Selected ids in DAG order. */
  selected: NodeId[];
  targetDir: string;
}

/** Loads and validates the project; reports its info notes once. Throws ProjectErrors. */
export function openProject(opts: GlobalOptions, ctx: PipelineContext): Project {
  const project = loadProject({
    projectDir: resolve(ctx.cwd, opts.projectDir),
    targetPath: opts.targetPath,
    dbPath: opts.db ? resolve(ctx.cwd, opts.db) : undefined,
    profilesDir: opts.profilesDir ? resolve(ctx.cwd, opts.profilesDir) : undefined,
    target: opts.target,
    cliVars: opts.vars ? parseVarsArg(opts.vars) : undefined,
    env: ctx.env,
    partialParse: opts.partialParse,
  });
  for (const note of project.notes) ctx.reporter.info(`note: ${note}`);
  return project;
}

export function targetDirOf(project: Project): string {
  return resolve(project.rootDir, project.config.targetPath);
}

/** Timestamps for dbt-shaped artifacts; the stages read no clock, so the CLI passes it in. */
export function artifactMeta(ctx: PipelineContext): { generatedAt: string } {
  return { generatedAt: new Date(ctx.now()).toISOString() };
}

/**
 * Relations that exist now, "schema.name" → kind: is_incremental() is answered from it at compile
 * time, and the executor keeps it current instead of asking the catalog before every model.
 */
export function existingRelations(wh: Adapter): Promise<Map<string, RelationKind>> {
  return wh.listRelations();
}

/** Compiles every node, builds the graph and applies --select/--exclude. */
export async function compileSession(
  project: Project,
  opts: GlobalOptions,
  ctx: PipelineContext,
  extra: { existing?: ReadonlyMap<string, RelationKind>; addNodes?: AddNodes; wh?: Adapter; deferWarehouseErrors?: boolean } = {},
): Promise<Session> {
  const notesBefore = project.notes.length;
  // Templates that call run_query get the open warehouse, or one opened on first use (qe compile, qe ls).
  const warehouse = extra.wh ? LazyAdapter.over(extra.wh) : new LazyAdapter(() => openAdapter(project, ctx.env), true);
  let nodes: CompiledNode[];
  try {
    nodes = await compileProject(project, {
      env: ctx.env, existingRelations: extra.existing && new Set(extra.existing.keys()), fullRefresh: opts.fullRefresh, warehouse, now: ctx.now,
      // A command that builds (given the open warehouse) compiles again, when they run, the nodes that query relations not built yet.
      deferWarehouseErrors: extra.deferWarehouseErrors ?? extra.wh !== undefined,
    });
    if (extra.addNodes) nodes = [...nodes, ...(await extra.addNodes(project, nodes, warehouse))];
  } finally {
    await warehouse.close();
  }
  // config() calls can add notes (accepted dbt keys we do not act on): print the new ones once.
  for (const note of project.notes.slice(notesBefore)) ctx.reporter.info(`note: ${note}`);
  const graph = buildGraph(nodes);
  const selected = selectNodes(graph, opts.select, opts.exclude, opts.indirectSelection);
  return { project, nodes, graph, selected, targetDir: targetDirOf(project) };
}

/** Nodes a command adds to the compiled project (its data tests), compiled with the session's warehouse at hand. */
export type AddNodes = (p: Project, nodes: CompiledNode[], warehouse: LazyAdapter) => Promise<CompiledNode[]>;

/**
 * The generic tests declared in properties YAML, as extra nodes for compileSession: `qe ls` and
 * `qe compile` show and write them as dbt does (compileProject alone yields models, seeds, sources
 * and singular tests). A test macro that queries (dbt_utils.equality reads columns) opens the warehouse.
 * With `defer` (a command that builds first), a test whose query fails is compiled again when it runs.
 */
export function withDataTests(ctx: PipelineContext, defer = false): AddNodes {
  return (p, nodes, warehouse) => compileTests(p, nodes, createRenderer(p, { env: ctx.env, warehouse }), { deferWarehouseErrors: defer });
}
