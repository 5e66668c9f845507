// One model's column lineage from its parse tree and the warehouse's column list: the query's
// output columns are matched to the catalog's by position, as the warehouse itself names them.
import type { OutCol } from "./deps.js";
import { queryColumns } from "./query-columns.js";
import type { ColumnLineage, ColumnRef, RelationResolver, VarLookup } from "./types.js";

export interface StatementInput {
  /** DuckDB's json_serialize_sql() result for the compiled SQL. */
  tree: unknown;
  /** The relation's columns in the warehouse, in order. */
  columns: readonly string[];
  resolve: RelationResolver;
  varAt?: VarLookup;
}

/** Lineage of every column; throws nothing: a statement that cannot be followed marks every column untraceable. */
export function statementLineage(input: StatementInput): ColumnLineage[] {
  const tree = input.tree as { error?: boolean; error_message?: string; statements?: { node?: Record<string, unknown> }[] };
  if (tree.error) return allUntraceable(input.columns, `the SQL did not parse: ${tree.error_message ?? "unknown error"}`);
  const statements = tree.statements ?? [];
  if (statements.length !== 1 || !statements[0]!.node) return allUntraceable(input.columns, `expected one SELECT, found ${statements.length} statements`);
  const q = queryColumns(statements[0]!.node, { resolve: input.resolve, varAt: input.varAt ?? (() => undefined), ctes: new Map() });
  if ("unknown" in q) return allUntraceable(input.columns, q.unknown);
  if (q.columns.length !== input.columns.length) {
    return allUntraceable(input.columns, `the query yields ${q.columns.length} columns where the warehouse has ${input.columns.length}`);
  }
  return input.columns.map((name, i) => {
    const col = q.columns[i]!;
    if (col.named && col.name.toLowerCase() !== name.toLowerCase()) {
      return untraceable(name, `the query's column ${i + 1} is ${col.name}, the warehouse's ${name}`);
    }
    return toLineage(name, col);
  });
}

function toLineage(name: string, col: OutCol): ColumnLineage {
  const upstream: ColumnRef[] = [...col.deps.cols.values()].sort((a, b) => (a.node === b.node ? cmp(a.column, b.column) : cmp(a.node, b.node)));
  const problems = [...new Set(col.deps.problems)];
  return {
    column: name,
    status: problems.length === 0 ? "traced" : "untraceable",
    upstream,
    vars: [...col.deps.vars].sort(),
    passthrough: col.deps.passthrough && problems.length === 0,
    ...(problems.length > 0 ? { reason: problems.join("; ") } : {}),
  };
}

function allUntraceable(columns: readonly string[], reason: string): ColumnLineage[] {
  return columns.map((c) => untraceable(c, reason));
}

function untraceable(column: string, reason: string): ColumnLineage {
  return { column, status: "untraceable", upstream: [], vars: [], passthrough: false, reason };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
