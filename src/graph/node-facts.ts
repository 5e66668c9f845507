// What selectors can match on, derived once per node from its CompiledNode.
import type { CompiledNode } from "../compile/types.js";

export interface NodeFacts {
  name: string;
  /** dbt-style fully qualified name: [project, ...folders under the model path, name]; sources [project, source, table]. */
  fqn: string[];
  /** dbt resource type: model, seed, source, test, unit_test. */
  resourceType: string;
  /** For sources: the source name and table name. */
  source?: { source: string; table: string };
  /** For tests: generic, singular or unit. */
  testType?: string;
  /** Versioned models: the version, so `m.v2` and `m_v2` select it and `m` selects every version. */
  version?: string;
}

/** Reads project/source names from the dbt-shaped id ("source.<project>.<source>.<table>"). */
export function nodeFacts(n: CompiledNode): NodeFacts {
  const idParts = n.id.split(".");
  const project = idParts[1] ?? "";
  if (n.kind === "source") {
    const source = idParts[2] ?? "";
    const table = idParts.slice(3).join(".") || n.name;
    return { name: table, fqn: [project, source, table], resourceType: "source", source: { source, table } };
  }
  // "models/staging/stg_x.sql" → ["staging", "stg_x"]: the first segment is the model/seed/test path root.
  const folders = n.path.split("/").slice(1, -1);
  // dbt's fqn of a versioned model ends in the version: [..., "dim_customers", "v2"].
  const fqn = [project, ...folders, n.name, ...(n.version !== undefined ? [`v${n.version}`] : [])];
  if (n.kind === "model" || n.kind === "seed" || n.kind === "snapshot") return { name: n.name, fqn, resourceType: n.kind, ...(n.version !== undefined ? { version: n.version } : {}) };
  const testType = n.kind === "generic_test" ? "generic" : n.kind === "singular_test" ? "singular" : "unit";
  return { name: n.name, fqn, resourceType: n.kind === "unit_test" ? "unit_test" : "test", testType };
}

export const isTestKind = (kind: string): boolean => kind === "generic_test" || kind === "singular_test" || kind === "unit_test";

/** Shell-style wildcard match (`*`, `?`, `[abc]`), whole string, case-sensitive like dbt's fnmatch on Linux. */
export function wildcardMatch(pattern: string, text: string): boolean {
  if (!/[*?[]/.test(pattern)) return pattern === text;
  return globRegex(pattern).test(text);
}

const cache = new Map<string, RegExp>();
function globRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    let src = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === "*") src += ".*";
      else if (c === "?") src += ".";
      else if (c === "[") {
        const end = pattern.indexOf("]", i + 1);
        if (end < 0) src += "\\[";
        else {
          src += "[" + pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\") + "]";
          i = end;
        }
      } else src += c.replace(/[.+^${}()|\\]/g, "\\$&");
    }
    re = new RegExp(`^${src}$`, "s");
    cache.set(pattern, re);
  }
  return re;
}
