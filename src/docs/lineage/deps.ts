// The inputs found so far for one expression: upstream columns, vars, and what could not be followed.
import type { ColumnRef } from "./types.js";

export interface Deps {
  cols: Map<string, ColumnRef>;
  vars: Set<string>;
  /** Why some input could not be followed; non-empty makes the column untraceable. */
  problems: string[];
  /** One upstream column, unchanged. */
  passthrough: boolean;
}

/** A named output column of a query, table or CTE, with its inputs. */
export interface OutCol {
  name: string;
  deps: Deps;
  /** Whether the name was written by the author (alias or column name) rather than made up by DuckDB. */
  named: boolean;
}

export const noDeps = (): Deps => ({ cols: new Map(), vars: new Set(), problems: [], passthrough: false });

export function columnDeps(node: string, column: string): Deps {
  return { cols: new Map([[key(node, column), { node, column }]]), vars: new Set(), problems: [], passthrough: true };
}

export function problem(text: string): Deps {
  return { ...noDeps(), problems: [text] };
}

/** The union of inputs; a union of two or more things is no longer a passthrough. */
export function mergeDeps(parts: readonly Deps[]): Deps {
  if (parts.length === 1) return parts[0]!;
  const out = noDeps();
  for (const p of parts) {
    for (const [k, v] of p.cols) out.cols.set(k, v);
    for (const v of p.vars) out.vars.add(v);
    out.problems.push(...p.problems);
  }
  return out;
}

/** The same inputs, but computed (wrapped in a function, operator, cast...). */
export function derived(d: Deps): Deps {
  return d.passthrough ? { ...d, passthrough: false } : d;
}

function key(node: string, column: string): string {
  return `${node}\u0000${column}`;
}
