// Execution order for a selection: topological, and (like `dbt build`) a node's tests run before
// the nodes downstream of it, so a failing test can skip them.
import type { NodeId } from "../project/types.js";
import type { Graph } from "./build-graph.js";
import { isTestKind } from "./node-facts.js";

/**
 * Orders `ids` (any subset of the graph) parents first. Extra edges: test T → child C of a node T
 * tests, when every node T tests is an ancestor of C (dbt's rule; it can never create a cycle).
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
    for (const p of tested) {
      for (const c of graph.children.get(p) ?? []) {
        if (!wanted.has(c) || isTestKind(graph.nodes.get(c)!.kind) || tested.includes(c)) continue;
        if (tested.every((q) => isAncestor(graph, q, c))) before.get(c)!.add(t);
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
