// The built-in generic tests as pure SQL builders. Each returns a query whose rows are the failures,
// as dbt's and dbt_utils' macros do, so a passing test returns nothing. Column names and bounds are
// inserted as written (dbt does too), which lets a user pass an expression like `lower(code)`.
import { quoteLiteral } from "../adapters/quote.js";

export interface BuiltinInput {
  /** The tested relation, quoted, with any `where:` filter already applied (see filteredRelation). */
  model: string;
  columnName?: string;
  /** YAML keyword arguments (values, to, field, min_value...). */
  args: Record<string, unknown>;
  /** Turns relationships' `to:` ("ref('x')", "source('a','b')") into a quoted relation; throws if unknown. */
  resolveRelation: (to: string) => string;
  /** The target engine's string literal (stringLiteralOf(target.type)); DuckDB's when absent. */
  stringLiteral?: (value: string) => string;
}

/** A test declaration the builder cannot use; compileTests turns it into a located ProjectError. */
export class TestArgsError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

type Builder = (t: BuiltinInput) => string;

const BUILDERS: Record<string, Builder> = {
  unique: (t) => {
    const c = column(t, "unique");
    return `select ${c} as unique_field, count(*) as n_records\nfrom ${t.model}\nwhere ${c} is not null\ngroup by ${c}\nhaving count(*) > 1`;
  },
  not_null: (t) => `select *\nfrom ${t.model}\nwhere ${column(t, "not_null")} is null`,
  accepted_values: (t) => {
    const c = column(t, "accepted_values");
    const values = t.args["values"];
    if (!Array.isArray(values) || values.length === 0)
      throw new TestArgsError("accepted_values needs `values:` as a non-empty list", "e.g. values: ['UG', 'PGT']");
    const quote = t.args["quote"] ?? true;
    if (typeof quote !== "boolean") throw new TestArgsError("accepted_values `quote:` must be true or false");
    const list = values.map((v) => literal(v, quote, t.stringLiteral ?? quoteLiteral)).join(", ");
    return `with all_values as (\n  select ${c} as value_field, count(*) as n_records\n  from ${t.model}\n  group by ${c}\n)\nselect *\nfrom all_values\nwhere value_field not in (${list})`;
  },
  relationships: (t) => {
    const c = column(t, "relationships");
    const to = t.args["to"];
    const field = t.args["field"];
    if (typeof to !== "string") throw new TestArgsError("relationships needs `to:`", "e.g. to: ref('dim_student')");
    if (typeof field !== "string") throw new TestArgsError("relationships needs `field:`", "the key column in the `to:` relation");
    const parent = t.resolveRelation(to);
    return `with child as (\n  select ${c} as from_field\n  from ${t.model}\n  where ${c} is not null\n),\nparent as (\n  select ${field} as to_field\n  from ${parent}\n)\nselect from_field\nfrom child\nleft join parent on child.from_field = parent.to_field\nwhere parent.to_field is null`;
  },
  expression_is_true: (t) => {
    const expr = t.args["expression"];
    if (typeof expr !== "string" || expr.trim() === "")
      throw new TestArgsError("expression_is_true needs `expression:`", "e.g. expression: \"mark between 0 and 100\"");
    const cond = t.columnName ? `${t.columnName} ${expr}` : expr;
    return `select *\nfrom ${t.model}\nwhere not (${cond})`;
  },
  accepted_range: (t) => {
    const c = column(t, "accepted_range");
    const min = t.args["min_value"];
    const max = t.args["max_value"];
    if (min == null && max == null) throw new TestArgsError("accepted_range needs `min_value:` or `max_value:`");
    const inclusive = flag(t.args["inclusive"], true, "inclusive");
    const eq = inclusive ? "=" : "";
    const conds = ["1 = 2"];
    if (min != null) conds.push(`not ${c} >${eq} ${bound(min)}`);
    if (max != null) conds.push(`not ${c} <${eq} ${bound(max)}`);
    return `select *\nfrom ${t.model}\nwhere ${conds.join("\n   or ")}`;
  },
  unique_combination_of_columns: (t) => {
    const cols = t.args["combination_of_columns"];
    if (!Array.isArray(cols) || cols.length === 0 || !cols.every((c) => typeof c === "string"))
      throw new TestArgsError("unique_combination_of_columns needs `combination_of_columns:` as a list of column names");
    const csv = cols.join(", ");
    return `select ${csv}, count(*) as n_records\nfrom ${t.model}\ngroup by ${csv}\nhaving count(*) > 1`;
  },
  not_empty: (t) => `select count(*) as n_records\nfrom ${t.model}\nhaving count(*) = 0`,
  row_count: (t) => rowCount(t, flag(t.args["inclusive"], true, "inclusive")),
  // dbt_expectations' spelling: `strictly: true` excludes the bounds.
  expect_table_row_count_to_be_between: (t) => rowCount(t, !flag(t.args["strictly"], false, "strictly")),
};

/** Namespaces whose tests we implement natively, so a dbt project using them runs without packages. */
const NAMESPACES = ["dbt_utils.", "dbt_expectations.", "dbt."];

/** The built-in key for a YAML test name ("dbt_utils.accepted_range" → "accepted_range"), or undefined. */
export function builtinKey(testName: string): string | undefined {
  let key = testName;
  for (const ns of NAMESPACES) if (key.startsWith(ns)) key = key.slice(ns.length);
  return Object.hasOwn(BUILDERS, key) ? key : undefined;
}

export const BUILTIN_TEST_NAMES: readonly string[] = Object.keys(BUILDERS);

/** Tests that make no sense without a column. */
export const COLUMN_TESTS: ReadonlySet<string> = new Set(["unique", "not_null", "accepted_values", "relationships", "accepted_range"]);

/** The failing-rows SQL of a built-in test. Throws TestArgsError on malformed arguments. */
export function builtinTestSql(key: string, input: BuiltinInput): string {
  const build = BUILDERS[key];
  if (!build) throw new TestArgsError(`no built-in test named ${key}`);
  return build(input);
}

/** dbt's `where:` config: the test sees only the filtered rows of the relation. */
export function filteredRelation(quotedRelation: string, where: string | undefined): string {
  return where && where.trim() ? `(select * from ${quotedRelation} where ${where}) dbt_subquery` : quotedRelation;
}

function rowCount(t: BuiltinInput, inclusive: boolean): string {
  const min = t.args["min_value"];
  const max = t.args["max_value"];
  if (min == null && max == null) throw new TestArgsError("a row count test needs `min_value:` or `max_value:`");
  for (const [k, v] of [["min_value", min], ["max_value", max]] as const)
    if (v != null && (typeof v !== "number" || !Number.isFinite(v))) throw new TestArgsError(`\`${k}:\` must be a number, got ${JSON.stringify(v)}`);
  const eq = inclusive ? "=" : "";
  const conds: string[] = [];
  if (min != null) conds.push(`not count(*) >${eq} ${min}`);
  if (max != null) conds.push(`not count(*) <${eq} ${max}`);
  return `select count(*) as n_records\nfrom ${t.model}\nhaving ${conds.join(" or ")}`;
}

function column(t: BuiltinInput, test: string): string {
  if (!t.columnName) throw new TestArgsError(`${test} needs a column`, "declare it under `columns:` or pass `column_name:`");
  return t.columnName;
}

function literal(v: unknown, quote: boolean, stringLiteral: (value: string) => string): string {
  if (v === null || v === undefined) return "null";
  if (!quote) return String(v);
  if (typeof v === "object") throw new TestArgsError(`accepted_values has a nested value ${JSON.stringify(v)}`, "values must be scalars");
  return stringLiteral(String(v));
}

function bound(v: unknown): string {
  if (typeof v === "number" || typeof v === "string") return String(v);
  throw new TestArgsError(`a range bound must be a number or SQL expression, got ${JSON.stringify(v)}`);
}

function flag(v: unknown, dflt: boolean, name: string): boolean {
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "boolean") throw new TestArgsError(`\`${name}:\` must be true or false`);
  return v;
}
