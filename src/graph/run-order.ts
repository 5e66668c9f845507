// Execution order for a selection: topological, and (like `dbt build`) a node's tests run before
// the nodes downstream of it, so a failing test can skip them.
import type { NodeId } from "../project/types.js";
import type { Graph } from "./build-graph.js";
import { isTestKind } from "./node-facts.js";

/**
 * Orders `ids` (any subset of the graph) parents first. Extra edges: test T → child C of the node T
 * is attached to, when none of T's inputs is downstream of C (so the edge can never close a cycle).
 * Ties follow graph.order, so the result is deterministic.
 */
export function runOrder(graph: Graph, ids: readonly NodeId[]): NodeId[] {
  const wanted = new Set(ids);
  const rank = new Map(graph.order.map((id, i) => [id, i]));
  const before = new Map<NodeId, Set<NodeId>>(); // node → selected nodes that must run first
  for (const id of wanted) before.set(id, new Set());
  // Parents may be unselected: constrain through them by walking up to the nearest selected ancestors.
  for (const id of wanted) for (const a of nearestSelectedAncestors(graph, id, wanted)) before.get(id)!.add(a);
  for (const t of wanted) {
    if (!isTestKind(graph.nodes.get(t)!.kind)) continue;
    const tested = graph.parents.get(t) ?? [];
    // A test gates the children of the node it is declared on (not a relationships target it reads).
    const owner = graph.nodes.get(t)!.attachedTo;
    for (const p of owner ? [owner] : tested) {
      for (const c of graph.children.get(p) ?? []) {
        if (!wanted.has(c) || isTestKind(graph.nodes.get(c)!.kind) || tested.includes(c)) continue;
        // Safe from cycles: none of the test's inputs is downstream of c.
        if (tested.every((q) => !isAncestor(graph, c, q))) before.get(c)!.add(t);
      }
    }
  }
  const out: NodeId[] = [];
  const done = new Set<NodeId>();
  const pending = [...wanted].sort((a, b) => rank.get(a)! - rank.get(b)!);
  // Repeatedly take the first pending node whose prerequisites are done (n is small; O(n²) worst case).
  while (pending.length > 0) {
    const i = pending.findIndex((id) => [...before.get(id)!].every((b) => done.has(b)));
    const [id] = pending.splice(i < 0 ? 0 : i, 1);
    out.push(id!);
    done.add(id!);
  }
  return out;
}

function nearestSelectedAncestors(graph: Graph, id: NodeId, wanted: ReadonlySet<NodeId>): Set<NodeId> {
  const out = new Set<NodeId>();
  const seen = new Set<NodeId>();
  const stack = [...(graph.parents.get(id) ?? [])];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    if (wanted.has(p)) out.add(p);
    else stack.push(...(graph.parents.get(p) ?? []));
  }
  return out;
}

function isAncestor(graph: Graph, a: NodeId, of: NodeId): boolean {
  const seen = new Set<NodeId>();
  const stack = [...(graph.parents.get(of) ?? [])];
  while (stack.length > 0) {
    const p = stack.pop()!;
    if (p === a) return true;
    if (seen.has(p)) continue;
    seen.add(p);
    stack.push(...(graph.parents.get(p) ?? []));
  }
  return false;
}
