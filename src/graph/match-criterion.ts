// Which nodes one criterion's method:value matches, before graph operators (+, @) apply.
import type { CompiledNode } from "../compile/types.js";
import type { NodeId } from "../project/types.js";
import type { Criterion } from "./selector-parse.js";
import { wildcardMatch, type NodeFacts } from "./node-facts.js";

export interface Indexed {
  node: CompiledNode;
  facts: NodeFacts;
}

export function matchCriterion(c: Criterion, nodes: readonly Indexed[]): Set<NodeId> {
  const out = new Set<NodeId>();
  for (const n of nodes) if (matches(c, n)) out.add(n.node.id);
  return out;
}

function matches(c: Criterion, { node, facts }: Indexed): boolean {
  const v = c.value;
  switch (c.method) {
    case "fqn":
      if (facts.version !== undefined && (wildcardMatch(v, `${facts.name}.v${facts.version}`) || wildcardMatch(v, `${facts.name}_v${facts.version}`))) return true;
      return wildcardMatch(v, facts.name) || fqnMatch(v.split("."), facts.fqn) || fqnMatch(v.split("."), facts.fqn.slice(1));
    case "path": {
      const want = v.replace(/^\.\//, "").replace(/\/+$/, "");
      return node.path === want || node.path.startsWith(want + "/") || wildcardMatch(want, node.path);
    }
    case "file": {
      const base = node.path.slice(node.path.lastIndexOf("/") + 1);
      return wildcardMatch(v, base) || wildcardMatch(v, base.replace(/\.[^.]*$/, ""));
    }
    case "tag":
      return node.config.tags.some((t) => wildcardMatch(v, t));
    case "source": {
      if (!facts.source) return false;
      const [src, table] = splitOnce(v, ".");
      return wildcardMatch(src, facts.source.source) && (table === undefined || wildcardMatch(table, facts.source.table));
    }
    case "resource_type":
      return facts.resourceType === v;
    case "test_type":
      return facts.testType === v || (v === "data" && (facts.testType === "generic" || facts.testType === "singular"));
    case "config":
      return configValues(node, c.configKey!).some((x) => wildcardMatch(v, x));
  }
}

// Each segment may be a wildcard; a shorter selector matches a folder prefix ("staging" → every staging model).
function fqnMatch(sel: string[], fqn: string[]): boolean {
  if (sel.length === 0 || sel.length > fqn.length) return false;
  return sel.every((s, i) => wildcardMatch(s, fqn[i]!));
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** A config key as dbt spells it (snake_case) read from our camelCase config; lists give each element. */
export function configValues(node: CompiledNode, key: string): string[] {
  // Only models carry a real materialization; dbt reports seeds as "seed", tests as "test", sources none.
  if (key === "materialized" && node.kind !== "model") {
    return node.kind === "seed" ? ["seed"] : node.kind === "source" ? [] : ["test"];
  }
  const camel = key.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
  const cfg = node.config as unknown as Record<string, unknown>;
  const raw = cfg[camel] ?? cfg[key] ?? node.config.ignored?.[key] ?? node.config.meta?.[key];
  if (raw === undefined || raw === null) return [];
  if (Array.isArray(raw)) return raw.map((x) => String(x));
  return [String(raw)];
}
