// The shared body of `qe run`, `qe seed`, `qe build` and the main job: decide which nodes run,
// plug in the loaders as node runners, execute in DAG order, write the artifacts.
import { execute, type NodeRunner } from "../execute/index.js";
import type { RelationKind } from "../execute/materialize.js";
import { compiledPath, writeCompiled, writeCompiledHooks, writeManifest, writeRunResults } from "../artifacts/index.js";
import type { CompiledKind, CompiledNode } from "../compile/types.js";
import type { NodeResult } from "../core/results.js";
import type { NodeId, SourceTableNode } from "../project/types.js";
import type { SqliteLoad } from "../load/index.js";
import type { Adapter } from "../adapters/types.js";
import { LazyAdapter } from "../adapters/lazy-adapter.js";
import { renderRunHooks } from "../compile/index.js";
import { artifactMeta, type Session } from "./session.js";
import type { PipelineContext } from "./context.js";
import { lateCompiler } from "./late-compile.js";

export interface FlowOptions {
  kinds: ReadonlySet<CompiledKind>;
  /** "always" reloads every raw source the selection reads; "missing" only those not in the warehouse yet. */
  reloadSources: "always" | "missing";
  failFast: boolean;
  fullRefresh: boolean;
  existing: ReadonlyMap<string, RelationKind>;
  testRunner?: NodeRunner;
  args: Record<string, unknown>;
  /** --event-time-start / --event-time-end, epoch ms: the window microbatch models build. */
  eventTimeStartMs?: number;
  eventTimeEndMs?: number;
  /** Results this command already has (e.g. `qe build`'s unit tests): written to run_results.json first, as dbt does. */
  priorResults?: readonly NodeResult[];
}

const TEST_KINDS: ReadonlySet<CompiledKind> = new Set(["generic_test", "singular_test"]);

export async function runFlow(s: Session, wh: Adapter, opts: FlowOptions, ctx: PipelineContext): Promise<NodeResult[]> {
  const started = ctx.now();
  const ids = idsToRun(s, opts);
  const sources = sourceRunner(s, opts, ids, ctx.now);
  const runners: Partial<Record<CompiledKind, NodeRunner>> = { source: sources.run };
  if (opts.testRunner) {
    runners.generic_test = opts.testRunner;
    runners.singular_test = opts.testRunner;
  }
  const nodes = ids.map((id) => s.graph.nodes.get(id)!).filter((n) => n.sql !== "");
  writeCompiled(s.targetDir, nodes);
  writeManifest(s.targetDir, s.project, s.nodes, artifactMeta(ctx));
  const hookEnv = { env: ctx.env, warehouse: LazyAdapter.over(wh), now: ctx.now };
  const relationKinds = new Map(opts.existing);
  const startHooks = await renderRunHooks(s.project, hookEnv, "on-run-start");
  writeCompiledHooks(s.targetDir, s.project.config.name, "on-run-start", startHooks);
  await runHooks(wh, startHooks);
  let results: NodeResult[];
  try {
    results = await execute(
      s.graph,
      ids,
      wh,
      {
        failFast: opts.failFast,
        fullRefresh: opts.fullRefresh,
        runners,
        rootDir: s.project.rootDir,
        relationKinds,
        compiledPathOf: (n) => compiledPath(s.targetDir, n),
        prepare: lateCompiler(s, wh, ctx, relationKinds, whichOf(opts.args), opts.fullRefresh),
        now: ctx.now,
        testConcurrency: wh.concurrentQueries,
        microbatch: { invokedAtMs: started, eventTimeStartMs: opts.eventTimeStartMs, eventTimeEndMs: opts.eventTimeEndMs },
      },
      (e) => ctx.reporter.event(e),
    );
  } finally {
    await sources.close();
  }
  const schemas = [...new Set(ids.map((id) => s.graph.nodes.get(id)!).filter((n) => n.kind === "model").map((n) => n.relation.schema))];
  const ended = await renderRunHooks(s.project, hookEnv, "on-run-end", { schemas, results: results.map((r) => ({ ...r, node: { unique_id: r.id, name: r.name } })) });
  writeCompiledHooks(s.targetDir, s.project.config.name, "on-run-end", ended);
  await runHooks(wh, ended);
  // dbt lists executed nodes only: sources (loaded, not run) and ephemeral models (inlined) are left out.
  const executed = (r: NodeResult) => r.kind !== "source" && !(r.kind === "model" && s.graph.nodes.get(r.id)?.config.materialized === "ephemeral");
  writeRunResults(s.targetDir, [...(opts.priorResults ?? []), ...results].filter(executed), ctx.now() - started, opts.args, artifactMeta(ctx));
  return results;
}

/** Runs rendered on-run-start / on-run-end statements in order; a failure stops the command, as in dbt. */
async function runHooks(wh: Adapter, statements: readonly string[]): Promise<void> {
  for (const sql of statements) await wh.execute(sql, { hint: "an on-run-start/on-run-end hook in dbt_project.yml failed" });
}

/** The selected nodes of the wanted kinds, plus the raw sources they read (loaded as part of the run). */
function idsToRun(s: Session, opts: FlowOptions): NodeId[] {
  const chosen = new Set(s.selected.filter((id) => opts.kinds.has(s.graph.nodes.get(id)!.kind)));
  for (const id of [...chosen]) {
    for (const p of s.graph.parents.get(id) ?? []) {
      if (s.graph.nodes.get(p)?.kind === "source") chosen.add(p);
    }
  }
  return s.graph.order.filter((id) => chosen.has(id));
}

/**
 * Loads raw sources as nodes. On the first load, every SQLite source this run loads starts at once
 * (the big tables render on worker threads ahead of DuckDB); each node then loads its own table.
 */
function sourceRunner(s: Session, opts: FlowOptions, ids: readonly NodeId[], clock: () => number): { run: NodeRunner; close: () => Promise<void> } {
  const present = (id: NodeId): boolean => {
    const rel = s.graph.nodes.get(id)!.relation;
    return opts.existing.has(`${rel.schema}.${rel.name}`);
  };
  const toLoad = (id: NodeId): SourceTableNode | undefined => {
    const source = s.project.sources.find((x) => x.id === id);
    return !source?.loader || (opts.reloadSources === "missing" && present(id)) ? undefined : source;
  };
  let session: SqliteLoad | undefined;
  return {
    run: async (node: CompiledNode, wh: Adapter) => {
      const source = toLoad(node.id);
      if (!source) {
        return { id: node.id, name: node.name, kind: "source", status: "success", message: present(node.id) ? "already loaded" : "not loaded by qe" };
      }
      // Imported here: the loaders (SQLite, CSV) cost start-up time that a run with its sources loaded never needs.
      const { loadSqliteSources, openSqliteLoad, hasBulk } = await import("../load/index.js");
      if (!hasBulk(wh)) {
        const [result] = await loadSqliteSources(wh, [source], s.project.rootDir, () => undefined, { clock });
        return result ?? { id: node.id, name: node.name, kind: "source", status: "success" };
      }
      session ??= openSqliteLoad(wh, ids.flatMap((id) => toLoad(id) ?? []), s.project.rootDir, { clock });
      return session.load(source);
    },
    close: async () => {
      await session?.close();
    },
  };
}

export function isTestKind(kind: CompiledKind): boolean {
  return TEST_KINDS.has(kind);
}

/** dbt's flags.WHICH for the late compile: the command yargs parsed (build, run, seed...). */
function whichOf(args: Record<string, unknown>): string {
  const cmd = Array.isArray(args["_"]) ? args["_"][0] : undefined;
  return typeof cmd === "string" ? cmd : "run";
}
