// Runs selected nodes in DAG order, one at a time on one connection (DuckDB parallelises inside a
// query), skipping what sits downstream of a failure and stopping everything on --fail-fast.
import type { CompiledKind, CompiledNode } from "../compile/types.js";
import { QeError } from "../core/errors.js";
import type { EventSink, NodeResult } from "../core/results.js";
import type { Adapter } from "../adapters/types.js";
import type { Graph } from "../graph/build-graph.js";
import type { RelationKind } from "./materialize.js";
import { runOrder } from "../graph/run-order.js";
import type { NodeId } from "../project/types.js";
import { defaultRunners } from "./runners.js";
import type { MicrobatchOptions } from "./run-microbatch.js";

export type NodeRunner = (node: CompiledNode, wh: Adapter, opts: ExecuteOptions) => Promise<Omit<NodeResult, "elapsedMs">>;

export interface ExecuteOptions {
  failFast: boolean;
  fullRefresh: boolean;
  /** Replace or add runners per kind (tests plug in here). */
  runners?: Partial<Record<CompiledKind, NodeRunner>>;
  compiledPathOf?: (n: CompiledNode) => string;
  /** Project root, needed by the built-in seed runner to find CSV files. */
  rootDir?: string;
  /** Known relation kinds ("schema.name" → table|view), kept current as models build. */
  relationKinds?: Map<string, RelationKind>;
  /** Monotonic milliseconds; injected so the stage reads no clock itself (default performance.now). */
  now?: () => number;
  /** How many data tests may run at once (default 1); the adapter must accept concurrent queries. */
  testConcurrency?: number;
  /** Microbatch models: when the invocation started (the last batch ends there) and --event-time-start/--event-time-end. */
  microbatch?: MicrobatchOptions;
  /**
   * Compiles a node again just before it runs, for nodes whose templates query the warehouse
   * (queriesWarehouse): as dbt compiles each node then, they see what their parents built. Throws
   * QeError (the node errors).
   */
  prepare?: (node: CompiledNode) => Promise<CompiledNode>;
}

const isTest = (k: string): boolean => k.endsWith("_test");

/**
 * Runs `ids` (any order; run in runOrder: topological, tests before the tested node's children) and returns one result per id, in run order.
 * Never throws for a node's failure: a QeError from a runner becomes status "error"; a failed node
 * (or a test with status "fail") marks its non-test descendants "skipped" with the failed ancestor's
 * name, while independent branches still run. With failFast, everything after the first failure is
 * skipped. Skipped nodes emit only a "done" event. Non-QeErrors are bugs and propagate.
 */
export async function execute(graph: Graph, ids: readonly NodeId[], wh: Adapter, opts: ExecuteOptions, on: EventSink): Promise<NodeResult[]> {
  const order = runOrder(graph, ids);
  const runners = { ...defaultRunners, ...opts.runners };
  const now = opts.now ?? (() => performance.now());
  const blocked = new Map<NodeId, string>(); // node → name of the failed ancestor
  const results: NodeResult[] = [];
  let stopAfter: string | undefined;
  const total = order.length;
  const inRun = new Set(order);

  const runOne = async (index: number, lane: Adapter = wh): Promise<void> => {
    const id = order[index]!;
    let node = graph.nodes.get(id)!;
    const reason = stopAfter
      ? `skipped: --fail-fast after ${stopAfter} failed`
      : skipReason(node, graph, blocked, inRun);
    if (reason) {
      const r: NodeResult = { id, name: shownName(node), kind: node.kind, status: "skipped", elapsedMs: 0, message: reason };
      results[index] = r;
      on({ type: "done", result: r, index: index + 1, total });
      return;
    }
    // Events number nodes 1..N, as dbt's log does.
    on({ type: "start", id, name: shownName(node), kind: node.kind, index: index + 1, total });
    const t0 = now();
    let r: NodeResult;
    try {
      const runner = runners[node.kind];
      if (!runner) throw new NoRunnerError(node);
      if (node.queriesWarehouse && opts.prepare) node = await opts.prepare(node);
      r = { ...(await runner(node, lane, opts)), ...(node.version !== undefined ? { name: shownName(node) } : {}), elapsedMs: now() - t0 };
    } catch (e) {
      if (!(e instanceof QeError)) throw e;
      const compiledPath = opts.compiledPathOf?.(node);
      r = { id, name: shownName(node), kind: node.kind, status: "error", elapsedMs: now() - t0, message: e.message, error: e, compiledPath };
    }
    results[index] = r;
    on({ type: "done", result: r, index: index + 1, total });
    if (failed(r)) {
      block(node, graph, blocked);
      if (opts.failFast) stopAfter = node.name;
    }
  };

  // Consecutive tests never decide each other's fate (a failed test blocks only non-test nodes
  // downstream), so with testConcurrency > 1 they run side by side: on a cluster each is a job
  // whose latency, not its work, dominates.
  const width = Math.max(1, opts.testConcurrency ?? 1);
  // Each side-by-side test runs on a lane: the warehouse itself, or a connection of its own where
  // the engine runs one query per connection (DuckDB). Opened on the first run of tests, kept to the end.
  const lanes: Adapter[] = [wh];
  try {
    for (let i = 0; i < order.length; ) {
      if (width === 1 || !isTest(graph.nodes.get(order[i]!)!.kind)) {
        await runOne(i++);
        continue;
      }
      let end = i;
      while (end < order.length && isTest(graph.nodes.get(order[end]!)!.kind)) end++;
      const count = Math.min(width, end - i);
      while (lanes.length < count) lanes.push(wh.lane ? await wh.lane() : wh);
      let next = i;
      const worker = async (lane: Adapter): Promise<void> => {
        while (next < end) await runOne(next++, lane);
      };
      await Promise.all(lanes.slice(0, count).map(worker));
      i = end;
    }
  } finally {
    for (const lane of lanes.slice(1)) if (lane !== wh) await lane.close();
  }
  return results;
}

// A microbatch model with some failed batches blocks its children too, as in dbt.
const failed = (r: NodeResult): boolean => r.status === "error" || r.status === "fail" || r.status === "partial success";

// A test is skipped when a node it tests failed or was skipped in this run (in `qe test` models are
// not run, so one failing test never skips another); anything else when an ancestor failed.
function skipReason(node: CompiledNode, graph: Graph, blocked: ReadonlyMap<NodeId, string>, inRun: ReadonlySet<NodeId>): string | undefined {
  if (isTest(node.kind)) {
    for (const p of graph.parents.get(node.id) ?? []) {
      const by = inRun.has(p) ? blocked.get(p) : undefined;
      if (by) return `skipped: upstream ${by} failed`;
    }
    return undefined;
  }
  const by = blocked.get(node.id);
  return by ? `skipped: upstream ${by} failed` : undefined;
}

// A failed model blocks itself and every non-test descendant; a failed test blocks what is
// downstream of the node it is attached to (not a relationships target it merely reads), but not
// that node's other tests (dbt build semantics).
function block(node: CompiledNode, graph: Graph, blocked: Map<NodeId, string>): void {
  const tested = node.attachedTo ? [node.attachedTo] : (graph.parents.get(node.id) ?? []);
  const starts = isTest(node.kind) ? tested.flatMap((p) => graph.children.get(p) ?? []) : [node.id];
  if (!isTest(node.kind)) blocked.set(node.id, node.name);
  const stack = isTest(node.kind) ? starts.filter((c) => !isTest(graph.nodes.get(c)!.kind)) : [...(graph.children.get(node.id) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (blocked.has(id) || isTest(graph.nodes.get(id)!.kind)) continue;
    blocked.set(id, node.name);
    stack.push(...(graph.children.get(id) ?? []));
  }
}

export class NoRunnerError extends QeError {
  readonly code = "no-runner";
  constructor(node: CompiledNode) {
    super(`no runner for ${node.kind} ${node.name}`, { file: node.path }, "this kind of node needs a runner in ExecuteOptions.runners");
  }
}

/** What a user reads for a node: its name, and a versioned model's version ("dim_customers.v2", as dbt selects it). */
function shownName(node: CompiledNode): string {
  return node.version !== undefined ? `${node.name}.v${node.version}` : node.name;
}
