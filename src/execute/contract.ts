// Model contracts, as dbt-core checks and builds them: the model's query must give exactly the
// YAML's columns (names and engine types, compared after the engine resolves both), and the table
// is created with the declared column order, types and constraints before the rows go in; where the
// engine's tables take no constraints (Spark's Parquet), as a select of the declared columns, as dbt-spark does.
import type { CompiledNode, Constraint } from "../core/node-types.js";
import { QeError } from "../core/errors.js";
import { quoteRelation } from "../adapters/quote.js";
import type { SqlDialect } from "../adapters/types.js";
import type { Statement } from "./materialize.js";
import type { Relation } from "../core/node-types.js";

/** A broken contract: a model error (exit 1, downstream skipped), as dbt's ContractError. */
export class ContractError extends QeError {
  readonly code = "contract";
}

export interface TypedColumn {
  name: string;
  type: string;
}

/**
 * `select cast(null as <type>) as <name>, ...`: what the YAML declares, for the engine to resolve
 * (dbt's get_empty_schema_sql). `translate` is the engine's Column.translate_type (alias_types).
 */
export function emptySchemaSql(node: CompiledNode, translate: (dtype: string) => string): string {
  const cols = node.contractColumns ?? [];
  const missing = cols.filter((c) => !c.dataType).map((c) => c.name);
  if (missing.length > 0) {
    throw new ContractError(
      `Contracted models require data_type to be defined for each column. Please ensure that the column name and data_type are defined within the YAML configuration for the [${missing.map((m) => `'${m}'`).join(", ")}] column(s).`,
      { file: node.path },
    );
  }
  const aliasTypes = node.config.contract?.aliasTypes ?? true;
  return `select ${cols.map((c) => `cast(null as ${aliasTypes ? translate(c.dataType!.trim()) : c.dataType}) as ${c.name}`).join(", ")}`;
}

/** dbt's ContractError text: the mismatch table, rows sorted by column name; undefined when the columns match. */
export function contractMismatch(node: CompiledNode, sql: readonly TypedColumn[], yaml: readonly TypedColumn[]): string | undefined {
  if (yaml.length === 0) return "This model has an enforced contract, and its 'columns' specification is missing";
  const same = sql.length === yaml.length && sql.every((s) => {
    const y = yaml.find((x) => x.name.toLowerCase() === s.name.toLowerCase());
    return y && y.type === s.type;
  });
  if (same) return undefined;
  const rows: string[][] = [];
  const sqlNames = new Set(sql.map((s) => s.name));
  for (const s of sql) {
    const y = yaml.find((x) => x.name === s.name);
    if (!y) rows.push([s.name, s.type, "", "missing in contract"]);
    else if (y.type !== s.type) rows.push([s.name, s.type, y.type, "data type mismatch"]);
  }
  for (const y of yaml) if (!sqlNames.has(y.name)) rows.push([y.name, "", y.type, "missing in definition"]);
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return "This model has an enforced contract that failed.\nPlease ensure the name, data_type, and number of columns in your contract match the columns in your model's definition.\n\n" + agateTable(["column_name", "definition_type", "contract_type", "mismatch_reason"], rows);
}

/** agate's print_table layout, as dbt prints the mismatches. */
function agateTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n") + "\n";
}

/** The column DDL dbt-duckdb writes: `name type constraint...`, then model-level constraints. */
export function contractColumnsDdl(node: CompiledNode): string {
  const cols = (node.contractColumns ?? []).map((c) => [c.name, c.dataType!, ...c.constraints.map(columnConstraint).filter((x): x is string => !!x)].join(" "));
  const model = (node.constraints ?? []).map(modelConstraint).filter((x): x is string => !!x);
  return [...cols, ...model].join(",\n    ");
}

function columnConstraint(c: Constraint): string | undefined {
  const e = c.expression ?? "";
  const named = (s: string) => (c.name ? `constraint ${c.name} ${s}` : s).trim();
  switch (c.type) {
    case "check": return e ? named(`check (${e})`) : undefined;
    case "not_null": return named(`not null ${e}`);
    case "unique": return named(`unique ${e}`);
    case "primary_key": return named(`primary key ${e}`);
    case "foreign_key": return c.to && c.toColumns?.length ? named(`references ${c.to} (${c.toColumns.join(", ")})`) : e ? named(`references ${e}`) : undefined;
    case "custom": return e || undefined;
  }
}

function modelConstraint(c: Constraint): string | undefined {
  const cols = (c.columns ?? []).join(", ");
  const named = (s: string) => (c.name ? `constraint ${c.name} ${s}` : s);
  switch (c.type) {
    case "check": return c.expression ? named(`check (${c.expression})`) : undefined;
    case "unique": return named(`unique (${cols})`);
    case "primary_key": return named(`primary key (${cols})`);
    case "foreign_key": return c.to && c.toColumns?.length ? named(`foreign key (${cols}) references ${c.to} (${c.toColumns.join(", ")})`) : c.expression ? named(`foreign key (${cols}) references ${c.expression}`) : undefined;
    case "custom": return c.expression;
    case "not_null": return undefined; // not a model-level constraint in dbt
  }
}

/**
 * Create with the declared columns, then insert the query's rows in that column order; where the
 * dialect has no column DDL, one `create table as` of the declared columns. The model's SQL starts
 * after 3 lines of the statement with role "model".
 */
export function contractTableSql(tmp: Relation, node: CompiledNode, d: SqlDialect): Statement[] {
  const names = (node.contractColumns ?? []).map((c) => c.name).join(", ");
  const select = `select ${names}\n    from (\n${node.sql}\n    ) as model_subq`;
  if (!d.createWithColumns) return [{ sql: d.createAs("table", tmp, select), role: "model", modelLineOffset: 3 }];
  return [
    { sql: d.createWithColumns(tmp, contractColumnsDdl(node)), role: "setup" },
    { sql: `insert into ${quoteRelation(tmp)} (${names}) (\n    ${select}\n)`, role: "model", modelLineOffset: 3 },
  ];
}
