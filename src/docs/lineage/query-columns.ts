// Walks DuckDB's parse tree (json_serialize_sql) of one SELECT and works out, for each output
// column, the upstream columns it is computed from: through CTEs, joins and their aliases,
// subqueries, `*` (with EXCLUDE / REPLACE / RENAME), set operations, aggregates and windows.
// A column's inputs are the columns its expression reads (including FILTER, window PARTITION BY /
// ORDER BY); WHERE, GROUP BY and JOIN conditions shape rows, not values, and are not counted.
import { columnDeps, derived, mergeDeps, noDeps, problem, type Deps, type OutCol } from "./deps.js";
import { emptyScope, resolveColumn, starColumns, type FromItem, type Scope } from "./scope.js";
import type { RelationResolver, VarLookup } from "./types.js";

type Json = Record<string, unknown>;
/** A query's output columns, or why they cannot be known (then no column of it can be traced). */
export type QueryColumns = { columns: OutCol[] } | { unknown: string };

export interface Env {
  resolve: RelationResolver;
  varAt: VarLookup;
  ctes: ReadonlyMap<string, QueryColumns>;
}

const lower = (s: string) => s.toLowerCase();
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function queryColumns(node: Json, env: Env, outer?: Scope): QueryColumns {
  const inner = { ...env, ctes: withCtes(node, env) };
  switch (node["type"]) {
    case "SELECT_NODE":
      return selectColumns(node, inner, outer);
    case "SET_OPERATION_NODE":
      return setOperationColumns(node, inner, outer);
    case "RECURSIVE_CTE_NODE":
      return { unknown: "a recursive CTE" };
    default:
      return { unknown: `unsupported query form ${String(node["type"])}` };
  }
}

function withCtes(node: Json, env: Env): ReadonlyMap<string, QueryColumns> {
  const entries = list(obj(node["cte_map"])["map"]);
  if (entries.length === 0) return env.ctes;
  const ctes = new Map(env.ctes);
  for (const e of entries) {
    const value = obj(e["value"]);
    const q = queryColumns(obj(obj(value["query"])["node"]), { ...env, ctes });
    ctes.set(lower(str(e["key"])), renamed(q, list(value["aliases"]) as unknown as string[]));
  }
  return ctes;
}

function renamed(q: QueryColumns, aliases: readonly string[]): QueryColumns {
  if (!("columns" in q) || aliases.length === 0) return q;
  return { columns: q.columns.map((c, i) => (i < aliases.length ? { ...c, name: aliases[i]!, named: true } : c)) };
}

function selectColumns(node: Json, env: Env, outer?: Scope): QueryColumns {
  const scope = emptyScope(outer);
  addFrom(obj(node["from_table"]), scope, env);
  const out: OutCol[] = [];
  for (const item of list(node["select_list"])) {
    if (item["class"] === "STAR") {
      const star = expandStar(item, scope, env);
      if ("unknown" in star) return star;
      out.push(...star.columns);
      continue;
    }
    const deps = expressionDeps(item, scope, env);
    const alias = str(item["alias"]);
    const names = list(item["column_names"]) as unknown as string[];
    const name = alias || (item["class"] === "COLUMN_REF" ? names[names.length - 1]! : "");
    if (alias) scope.selectAliases.set(lower(alias), deps);
    out.push({ name, deps, named: name !== "" });
  }
  return { columns: out };
}

function expandStar(item: Json, scope: Scope, env: Env): QueryColumns {
  if (item["columns"] === true || item["expr"]) return { unknown: "COLUMNS(...) selects columns by pattern" };
  const star = starColumns(scope, str(item["relation_name"]) || undefined);
  if ("unknown" in star) return star;
  const exclude = new Set([
    ...(list(item["exclude_list"]) as unknown as string[]).map(lower),
    ...list(item["qualified_exclude_list"]).map((q) => lower(str(q["column"]))),
  ]);
  const replace = new Map(list(item["replace_list"]).map((r) => [lower(str(r["key"])), obj(r["value"])]));
  const rename = new Map(list(item["rename_list"]).map((r) => [lower(str(obj(r["key"])["column"])), str(r["value"])]));
  const columns: OutCol[] = [];
  for (const c of star.columns) {
    const k = lower(c.name);
    if (exclude.has(k)) continue;
    const r = replace.get(k);
    const deps = r ? expressionDeps(r, scope, env) : c.deps;
    columns.push({ name: rename.get(k) ?? c.name, deps, named: true });
  }
  return { columns };
}

function setOperationColumns(node: Json, env: Env, outer?: Scope): QueryColumns {
  const left = queryColumns(obj(node["left"]), env, outer);
  const right = queryColumns(obj(node["right"]), env, outer);
  if ("unknown" in left) return left;
  const kind = str(node["setop_type"]);
  // EXCEPT and INTERSECT return rows of the left side; the right only decides which.
  if (kind === "EXCEPT" || kind === "INTERSECT") return left;
  if ("unknown" in right) return right;
  if (kind === "UNION_BY_NAME") {
    const byName = new Map(right.columns.map((c) => [lower(c.name), c]));
    const merged = left.columns.map((c) => {
      const r = byName.get(lower(c.name));
      byName.delete(lower(c.name));
      return r ? { ...c, deps: derived(mergeDeps([c.deps, r.deps])) } : c;
    });
    return { columns: [...merged, ...byName.values()] };
  }
  if (left.columns.length !== right.columns.length) return { unknown: `${kind} of ${left.columns.length} and ${right.columns.length} columns` };
  return { columns: left.columns.map((c, i) => ({ ...c, deps: unionDeps(c.deps, right.columns[i]!.deps) })) };
}

// A UNION column is a passthrough when each side passes the same column through.
function unionDeps(a: Deps, b: Deps): Deps {
  const m = mergeDeps([a, b]);
  return a.passthrough && b.passthrough && m.cols.size === 1 ? { ...m, passthrough: true } : m;
}

// ---- FROM ----

function addFrom(from: Json, scope: Scope, env: Env): void {
  switch (from["type"]) {
    case undefined:
    case "EMPTY":
      return;
    case "BASE_TABLE":
      scope.items.push(baseTable(from, env));
      return;
    case "SUBQUERY": {
      const q = queryColumns(obj(obj(from["subquery"])["node"]), env, scope);
      scope.items.push(itemOf(q, str(from["alias"]) || "unnamed_subquery", from));
      return;
    }
    case "JOIN":
      addJoin(from, scope, env);
      return;
    case "EXPRESSION_LIST":
      scope.items.push(valuesItem(from, scope, env));
      return;
    default:
      scope.items.push({ alias: lower(str(from["alias"])), unknownWhy: `${lower(String(from["type"]))} in FROM` });
  }
}

function baseTable(from: Json, env: Env): FromItem {
  const table = str(from["table_name"]);
  const schema = str(from["schema_name"]) || undefined;
  const alias = lower(str(from["alias"]) || table);
  const cte = schema ? undefined : env.ctes.get(lower(table));
  if (cte) return itemOf(cte, alias, from);
  const known = env.resolve(schema, table);
  if (!known) return { alias, unknownWhy: `${schema ? `${schema}.` : ""}${table} is not a relation of this project` };
  if (!known.columns) return { alias, node: known.node, unknownWhy: `${known.node} is not in the warehouse` };
  const columns = known.columns.map((c) => ({ name: c, deps: columnDeps(known.node, c), named: true }));
  return itemOf({ columns }, alias, from, known.node);
}

function itemOf(q: QueryColumns, alias: string, from: Json, node?: string): FromItem {
  if ("unknown" in q) return { alias: lower(alias), node, unknownWhy: q.unknown };
  const names = list(from["column_name_alias"]) as unknown as string[];
  const r = renamed(q, names);
  return { alias: lower(alias), node, columns: "columns" in r ? r.columns : [] };
}

function addJoin(join: Json, scope: Scope, env: Env): void {
  addFrom(obj(join["left"]), scope, env);
  const split = scope.items.length;
  addFrom(obj(join["right"]), scope, env);
  const leftItems = scope.items.slice(0, split);
  const rightItems = scope.items.slice(split);
  const using = (list(join["using_columns"]) as unknown as string[]).map(lower);
  if (join["ref_type"] === "NATURAL") using.push(...commonNames(leftItems, rightItems));
  for (const name of using) {
    const sides = [leftItems, rightItems].map((items) => resolveColumn([name], { ...emptyScope(), items, using: scope.using }));
    scope.using.set(name, mergeDeps(sides));
    for (const item of rightItems) {
      if (item.columns?.some((c) => lower(c.name) === name)) {
        const hidden = scope.hiddenInStar.get(item) ?? new Set<string>();
        hidden.add(name);
        scope.hiddenInStar.set(item, hidden);
      }
    }
  }
}

function commonNames(left: readonly FromItem[], right: readonly FromItem[]): string[] {
  const names = (items: readonly FromItem[]) => new Set(items.flatMap((i) => (i.columns ?? []).map((c) => lower(c.name))));
  const r = names(right);
  return [...names(left)].filter((n) => r.has(n));
}

function valuesItem(from: Json, scope: Scope, env: Env): FromItem {
  const rows = list(from["values"]).map((r) => list(r));
  const width = rows[0]?.length ?? 0;
  const given = list(from["column_name_alias"]) as unknown as string[];
  const expected = list(from["expected_names"]) as unknown as string[];
  const columns = Array.from({ length: width }, (_, i) => ({
    name: given[i] ?? expected[i] ?? `col${i}`,
    deps: derived(mergeDeps(rows.map((r) => expressionDeps(obj(r[i]), scope, env)))),
    named: true,
  }));
  return { alias: lower(str(from["alias"]) || "valueslist"), columns };
}

// ---- expressions ----

/** The inputs of one expression: the columns it reads, vars in its literals, what it cannot follow. */
export function expressionDeps(e: Json, scope: Scope, env: Env): Deps {
  switch (e["class"]) {
    case "COLUMN_REF":
      return resolveColumn(list(e["column_names"]) as unknown as string[], scope);
    case "CONSTANT": {
      const name = env.varAt(Number(e["query_location"]), literalValue(obj(e["value"])));
      return name ? { ...noDeps(), vars: new Set([name]) } : noDeps();
    }
    case "SUBQUERY": {
      const q = queryColumns(obj(obj(e["subquery"])["node"]), env, scope);
      const parts = "unknown" in q ? [problem(`subquery: ${q.unknown}`)] : q.columns.map((c) => c.deps);
      if (e["child"]) parts.push(expressionDeps(obj(e["child"]), scope, env));
      return derived(mergeDeps([noDeps(), ...parts]));
    }
    case "LAMBDA":
      return lambdaDeps(e, scope, env);
    case "STAR":
      return problem("* inside an expression");
    default:
      return derived(mergeDeps([noDeps(), ...childExpressions(e).map((c) => expressionDeps(c, scope, env))]));
  }
}

// DuckDB keeps a DECIMAL literal as an integer and a scale: 0.70 is { value: 70, scale: 2 }.
function literalValue(v: Json): unknown {
  const type = obj(v["type"]);
  if (type["id"] === "DECIMAL") return Number(v["value"]) / 10 ** Number(obj(type["type_info"])["scale"] ?? 0);
  return v["value"];
}

// `x -> x + y`: the parameters are local names, not columns.
function lambdaDeps(e: Json, scope: Scope, env: Env): Deps {
  const lhs = obj(e["lhs"]);
  const params = lhs["class"] === "COLUMN_REF" ? [lhs] : childExpressions(lhs);
  const names = params.flatMap((p) => (list(p["column_names"]) as unknown as string[]).slice(-1));
  const inner = emptyScope(scope);
  inner.items.push({ alias: "", columns: names.map((n) => ({ name: n, deps: noDeps(), named: true })) });
  return derived(expressionDeps(obj(e["expr"]), inner, env));
}

/** Every expression directly inside this one, wherever the tree keeps it (children, filter, partitions, orders...). */
function childExpressions(e: Json): Json[] {
  const out: Json[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (v && typeof v === "object") {
      const o = v as Json;
      if (typeof o["class"] === "string") out.push(o);
      else for (const x of Object.values(o)) visit(x);
    }
  };
  for (const [k, v] of Object.entries(e)) if (k !== "value") visit(v);
  return out;
}
