// What a column name can mean inside one SELECT: the FROM items (tables, CTEs, subqueries, joins),
// USING columns shared by both sides, earlier select-list aliases, and the enclosing query's scope.
import { columnDeps, mergeDeps, problem, type Deps, type OutCol } from "./deps.js";

export interface FromItem {
  /** The name a query qualifies columns with: the alias, else the table or CTE name. Lower case. */
  alias: string;
  /** Output columns in order; undefined when the relation's columns are unknown. */
  columns?: OutCol[];
  /** The upstream node, when the item is a project relation (lets `alias.col` resolve without a column list). */
  node?: string;
  /** Why the columns are unknown, for messages. */
  unknownWhy?: string;
}

export interface Scope {
  items: FromItem[];
  /** USING/NATURAL join columns: one column made of both sides. */
  using: Map<string, Deps>;
  /** Columns of the right side of USING joins, left out of `*` (they appear once, on the left). */
  hiddenInStar: Map<FromItem, Set<string>>;
  /** Select-list aliases defined so far (DuckDB lets later items use them). */
  selectAliases: Map<string, Deps>;
  outer?: Scope;
}

export function emptyScope(outer?: Scope): Scope {
  return { items: [], using: new Map(), hiddenInStar: new Map(), selectAliases: new Map(), outer };
}

const lower = (s: string) => s.toLowerCase();

/** Resolves `a.b.c` as DuckDB would: table columns first, then select aliases, then the outer query. */
export function resolveColumn(names: readonly string[], scope: Scope): Deps {
  const parts = names.map(lower);
  for (let s: Scope | undefined = scope; s; s = s.outer) {
    const found = parts.length === 1 ? resolveBare(parts[0]!, s) : resolveQualified(parts, s);
    if (found) return found;
    if (parts.length === 1 && s === scope) {
      const alias = s.selectAliases.get(parts[0]!);
      if (alias) return alias;
    }
  }
  return problem(`column ${names.join(".")} is not found in its query`);
}

function resolveBare(name: string, s: Scope): Deps | undefined {
  const shared = s.using.get(name);
  if (shared) return shared;
  const hits: Deps[] = [];
  const unknown: FromItem[] = [];
  for (const item of s.items) {
    if (!item.columns) {
      unknown.push(item);
      continue;
    }
    const col = item.columns.find((c) => lower(c.name) === name);
    if (col) hits.push(col.deps);
  }
  if (hits.length === 1 && unknown.length === 0) return hits[0];
  if (hits.length > 1) return problem(`column ${name} is ambiguous between the joined relations`);
  if (unknown.length > 0) {
    return problem(`column ${name} may come from ${unknown.map((u) => u.alias).join(", ")}, whose columns are unknown${unknown[0]!.unknownWhy ? ` (${unknown[0]!.unknownWhy})` : ""}`);
  }
  return undefined;
}

// a.col, schema.table.col, catalog.schema.table.col; a trailing struct field is beyond what we trace.
function resolveQualified(parts: readonly string[], s: Scope): Deps | undefined {
  for (let i = parts.length - 2; i >= 0; i--) {
    const item = s.items.find((x) => x.alias === parts[i]);
    if (!item) continue;
    const column = parts[i + 1]!;
    const rest = parts.slice(i + 2);
    let deps: Deps;
    if (item.columns) {
      const col = item.columns.find((c) => lower(c.name) === column);
      if (!col) return problem(`column ${parts.join(".")} is not among ${item.alias}'s columns`);
      deps = col.deps;
    } else if (item.node) {
      deps = columnDeps(item.node, column);
    } else {
      return problem(`column ${parts.join(".")}: the columns of ${item.alias} are unknown${item.unknownWhy ? ` (${item.unknownWhy})` : ""}`);
    }
    return rest.length === 0 ? deps : { ...mergeDeps([deps]), passthrough: false };
  }
  // A struct field of a bare column (`s.field`), when `s` is a column here.
  if (parts.length >= 2) {
    const base = resolveBare(parts[0]!, s);
    if (base && base.problems.length === 0) return { ...base, passthrough: false };
  }
  return undefined;
}

/** The columns `*` (or `alias.*`) stands for, in DuckDB's order; undefined entries mean unknown. */
export function starColumns(s: Scope, relation: string | undefined): { columns: OutCol[] } | { unknown: string } {
  const items = relation ? s.items.filter((x) => x.alias === lower(relation)) : s.items;
  if (relation && items.length === 0) return { unknown: `${relation}.* names no relation in the query` };
  const out: OutCol[] = [];
  for (const item of items) {
    if (!item.columns) return { unknown: `* over ${item.alias}, whose columns are unknown${item.unknownWhy ? ` (${item.unknownWhy})` : ""}` };
    const skip = relation ? undefined : s.hiddenInStar.get(item);
    for (const c of item.columns) {
      if (skip?.has(lower(c.name))) continue;
      const shared = relation ? undefined : s.using.get(lower(c.name));
      out.push(shared ? { name: c.name, deps: shared, named: true } : c);
    }
  }
  return { columns: out };
}
