// --select / --exclude: evaluate the selector algebra over a Graph and return ids in DAG order.
import type { NodeId } from "../project/types.js";
import { didYouMean } from "../core/did-you-mean.js";
import type { Graph } from "./build-graph.js";
import { SelectorError } from "./errors.js";
import { matchCriterion, configValues, type Indexed } from "./match-criterion.js";
import { isTestKind, nodeFacts } from "./node-facts.js";
import { parseSelector, type Criterion, type SelectorExpr } from "./selector-parse.js";

/**
 * How tests come in with the nodes they test (dbt's --indirect-selection): `eager` (dbt's default)
 * when any node a test reads is selected; `cautious` when all are; `buildable` when each is selected
 * or an ancestor of a selected node (so it exists after the run).
 */
export type IndirectSelection = "eager" | "cautious" | "buildable";

/**
 * Nodes chosen by dbt-style `select` minus `exclude`, in the graph's topological order.
 * Empty `select` means every node. Tests follow `indirect` selection (default eager: a test is
 * selected when any node it depends on is selected and not excluded); tests never pull models in,
 * and graph operators (+, @) walk through models, seeds and sources only.
 * Unlike dbt (which warns), a criterion that matches no node at all throws SelectorError with a
 * did-you-mean hint: a typo in --select should not quietly run nothing. Bad syntax throws too.
 */
export function selectNodes(graph: Graph, select: readonly string[], exclude: readonly string[], indirect: IndirectSelection = "eager"): NodeId[] {
  const indexed: Indexed[] = graph.order.map((id) => {
    const node = graph.nodes.get(id)!;
    return { node, facts: nodeFacts(node) };
  });
  const selExpr = parseSelector(select);
  const exExpr = parseSelector(exclude);
  const direct = selExpr.length === 0 ? new Set(graph.order) : evaluate(selExpr, graph, indexed);
  const excluded = evaluate(exExpr, graph, indexed);
  const chosen = new Set<NodeId>();
  for (const id of direct) if (!excluded.has(id)) chosen.add(id);
  const upstream = indirect === "buildable" ? walk(graph, chosen, "parents", Infinity) : new Set<NodeId>();
  for (const { node } of indexed) {
    if (!isTestKind(node.kind) || chosen.has(node.id) || excluded.has(node.id)) continue;
    const parents = graph.parents.get(node.id)!.filter((p) => !isTestKind(graph.nodes.get(p)!.kind));
    const take =
      indirect === "eager" ? parents.some((p) => chosen.has(p))
      : indirect === "cautious" ? parents.length > 0 && parents.every((p) => chosen.has(p))
      : parents.some((p) => chosen.has(p)) && parents.every((p) => chosen.has(p) || upstream.has(p));
    if (take) chosen.add(node.id);
  }
  return graph.order.filter((id) => chosen.has(id));
}

function evaluate(expr: SelectorExpr, graph: Graph, indexed: readonly Indexed[]): Set<NodeId> {
  const union = new Set<NodeId>();
  for (const inter of expr) {
    let acc: Set<NodeId> | undefined;
    for (const c of inter) {
      const s = applyGraphOps(c, baseSet(c, indexed), graph);
      acc = acc ? new Set([...acc].filter((id) => s.has(id))) : s;
    }
    for (const id of acc ?? []) union.add(id);
  }
  return union;
}

function baseSet(c: Criterion, indexed: readonly Indexed[]): Set<NodeId> {
  const s = matchCriterion(c, indexed);
  if (s.size === 0) throw noMatch(c, indexed);
  return s;
}

function applyGraphOps(c: Criterion, base: Set<NodeId>, graph: Graph): Set<NodeId> {
  const out = new Set(base);
  if (c.childrensParents) {
    const down = walk(graph, base, "children", Infinity);
    for (const id of down) out.add(id);
    for (const id of walk(graph, new Set([...base, ...down]), "parents", Infinity)) out.add(id);
    return out;
  }
  if (c.parents > 0) for (const id of walk(graph, base, "parents", c.parents)) out.add(id);
  if (c.children > 0) for (const id of walk(graph, base, "children", c.children)) out.add(id);
  return out;
}

// Breadth-first up to `depth` generations, never entering test nodes (tests come in by indirect selection).
function walk(graph: Graph, from: ReadonlySet<NodeId>, dir: "parents" | "children", depth: number): Set<NodeId> {
  const seen = new Set<NodeId>();
  let frontier = [...from];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: NodeId[] = [];
    for (const id of frontier) {
      for (const n of graph[dir].get(id) ?? []) {
        if (seen.has(n) || isTestKind(graph.nodes.get(n)!.kind)) continue;
        seen.add(n);
        next.push(n);
      }
    }
    frontier = next;
  }
  return seen;
}

function noMatch(c: Criterion, indexed: readonly Indexed[]): SelectorError {
  let candidates: string[];
  switch (c.method) {
    case "tag":
      candidates = indexed.flatMap((n) => n.node.config.tags);
      break;
    case "path":
      candidates = indexed.map((n) => n.node.path);
      break;
    case "source":
      candidates = indexed.flatMap((n) => (n.facts.source ? [n.facts.source.source, `${n.facts.source.source}.${n.facts.source.table}`] : []));
      break;
    case "resource_type":
      candidates = ["model", "seed", "source", "test", "unit_test"];
      break;
    case "config":
      candidates = indexed.flatMap((n) => configValues(n.node, c.configKey!));
      break;
    default:
      candidates = indexed.map((n) => n.facts.name);
  }
  const near = didYouMean(c.value, new Set(candidates));
  const prefix = c.method === "fqn" ? "" : c.method === "config" ? `config.${c.configKey}:` : `${c.method}:`;
  return new SelectorError(c.raw, `selector '${c.raw}' matches no node`, near ? `did you mean '${prefix}${near}'?` : undefined);
}
