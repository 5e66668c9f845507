// The DAG of compiled nodes: parent/child maps and one deterministic topological order.
import type { CompiledNode } from "../compile/types.js";
import type { NodeId } from "../project/types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { CycleError, UnknownDependencyError } from "./errors.js";

export interface Graph {
  nodes: ReadonlyMap<NodeId, CompiledNode>;
  /** Direct parents (what a node selects from), sorted by id. */
  parents: ReadonlyMap<NodeId, NodeId[]>;
  /** Direct children, sorted by id. */
  children: ReadonlyMap<NodeId, NodeId[]>;
  /** Topological order (parents first); ties broken by id so runs and logs are stable. */
  order: NodeId[];
}

/**
 * Builds the DAG. Throws UnknownDependencyError for a dependsOn naming no node and CycleError
 * (with the cycle path and files) when refs loop. Never touches the database.
 */
export function buildGraph(nodes: readonly CompiledNode[]): Graph {
  const byId = new Map<NodeId, CompiledNode>();
  for (const n of nodes) byId.set(n.id, n);
  const parents = new Map<NodeId, NodeId[]>();
  const children = new Map<NodeId, NodeId[]>();
  for (const id of byId.keys()) children.set(id, []);
  for (const n of byId.values()) {
    const ps = [...new Set(n.dependsOn)].sort();
    for (const p of ps) {
      if (!byId.has(p)) {
        const near = didYouMean(p, byId.keys());
        throw new UnknownDependencyError(n.id, p, { file: n.path }, near && `did you mean ${near}?`);
      }
      children.get(p)!.push(n.id);
    }
    parents.set(n.id, ps);
  }
  for (const c of children.values()) c.sort();
  return { nodes: byId, parents, children, order: topoOrder(byId, parents, children) };
}

// Kahn's algorithm with a sorted ready list: O(n log n) for the DAG sizes we see (≤ 10^4 nodes).
function topoOrder(
  byId: ReadonlyMap<NodeId, CompiledNode>,
  parents: ReadonlyMap<NodeId, NodeId[]>,
  children: ReadonlyMap<NodeId, NodeId[]>,
): NodeId[] {
  const indegree = new Map<NodeId, number>();
  const ready: NodeId[] = [];
  for (const [id, ps] of parents) {
    indegree.set(id, ps.length);
    if (ps.length === 0) ready.push(id);
  }
  ready.sort().reverse(); // pop() takes the smallest id
  const order: NodeId[] = [];
  while (ready.length > 0) {
    const id = ready.pop()!;
    order.push(id);
    for (const c of children.get(id)!) {
      const d = indegree.get(c)! - 1;
      indegree.set(c, d);
      if (d === 0) insertDescending(ready, c);
    }
  }
  if (order.length < byId.size) throw cycleError(byId, parents, new Set(order));
  return order;
}

function insertDescending(list: NodeId[], id: NodeId): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! > id) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, id);
}

// Every node left unordered is on or behind a cycle; walk parents from the smallest until one repeats.
function cycleError(
  byId: ReadonlyMap<NodeId, CompiledNode>,
  parents: ReadonlyMap<NodeId, NodeId[]>,
  done: ReadonlySet<NodeId>,
): CycleError {
  const left = [...byId.keys()].filter((id) => !done.has(id)).sort();
  const path: NodeId[] = [];
  const seen = new Map<NodeId, number>();
  let cur = left[0]!;
  while (!seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    cur = parents.get(cur)!.find((p) => !done.has(p))!;
  }
  // path walks child -> parent; reverse so the message reads in data-flow order.
  const loop = path.slice(seen.get(cur)).reverse();
  const start = loop.indexOf([...loop].sort()[0]!);
  const rotated = [...loop.slice(start), ...loop.slice(0, start)];
  return new CycleError(rotated.map((id) => ({ id, name: byId.get(id)!.name, path: byId.get(id)!.path })));
}
