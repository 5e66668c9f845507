// The parts of dbt's context that talk to the warehouse: `adapter` (dispatch, quote,
// get_relation, get_columns_in_relation, drop_relation, execute), `run_query`, `statement` and
// `load_result`, and `api.Relation` / `api.Column`. The warehouse is opened the first time a
// template asks with `execute` true; at parse time (execute false) they answer as dbt's parse
// context does (None, no rows) and open nothing.
import { ProjectError } from "../core/errors.js";
import type { AdapterType, TemplateAdapter, WarehouseColumn } from "../adapters/types.js";
import { numericType, stringType, translateType } from "../adapters/column-types.js";
import { Kwargs, Macro, callMacro, tuple, type Globals } from "../jinja/index.js";
import { AgateTable } from "./agate-table.js";
import { RelationValue, ephemeralCteName, type RelationKind } from "./relation-value.js";
import type { RelationPolicy } from "../adapters/quote.js";
import type { MacroRegistry } from "./macro-registry.js";

/** Opens the warehouse on first use; compile never opens one otherwise. */
export interface LazyAdapter {
  get(): Promise<TemplateAdapter>;
}

/** What each render's warehouse functions need from it. */
export interface WarehouseScope {
  execute: boolean;
  /** Results of `{% call statement(name) %}`, for load_result(name). */
  results: Map<string, unknown>;
  globals: Globals;
  file: string;
}

function kwargs(args: unknown[]): { pos: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? { pos: args.slice(0, -1), kw: last.values } : { pos: args, kw: {} };
}

function noWarehouse(what: string): ProjectError {
  return new ProjectError("no-warehouse", `${what} needs a warehouse, and none is available to this command`, undefined,
    "run it through qe run / qe build, or guard it with {% if execute %}");
}

/** dbt's Column (dbt-duckdb's DuckDBColumn), as get_columns_in_relation returns it. */
export class ColumnValue {
  readonly char_size = null;
  readonly numeric_precision = null;
  readonly numeric_scale = null;
  /** `dtype` is the engine's type name, as DuckDB's describe gives it. */
  constructor(readonly column: string, readonly dtype: string) {}
  get name(): string { return this.column; }
  get quoted(): string { return `"${this.column.replaceAll('"', '""')}"`; }
  /** dbt's Column.data_type: strings as `character varying(<size>)` (256 when unknown), else the engine's type. */
  get data_type(): string { return this.is_string() ? ColumnValue.string_type(this.string_size()) : this.dtype; }
  is_string(): boolean { return ["text", "character varying", "character", "varchar"].includes(this.dtype.toLowerCase()); }
  is_numeric(): boolean { return ["numeric", "decimal"].includes(this.dtype.toLowerCase()); }
  is_integer(): boolean { return DUCKDB_INTEGERS.has(this.dtype.toLowerCase()); }
  is_float(): boolean { return ["real", "float", "float4", "float8", "double"].includes(this.dtype.toLowerCase()); }
  is_number(): boolean { return this.is_integer() || this.is_numeric() || this.is_float(); }
  string_size(): number {
    if (!this.is_string()) throw new ProjectError("template-error", "Called string_size() on non-string field!");
    return 256;
  }
  static string_type(size: unknown): string { return `character varying(${String(size)})`; }
  toString(): string { return `<Column ${this.column} (${this.data_type})>`; }
}

/** dbt-duckdb's DuckDBColumn.is_integer names. */
const DUCKDB_INTEGERS = new Set(["tinyint", "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint", "uinteger", "ubigint", "int1", "int2", "int4", "int8", "short", "int", "signed", "long"]);

const columnOf = (c: WarehouseColumn) => new ColumnValue(c.name, c.dataType);

function relationArg(v: unknown): RelationValue {
  if (v instanceof RelationValue) return v;
  throw new ProjectError("template-error", "expected a relation (from ref(), source(), this or api.Relation.create)");
}

/** `adapter` in templates. */
export class AdapterContext {
  constructor(
    private readonly scope: WarehouseScope,
    private readonly wh: LazyAdapter | undefined,
    private readonly registry: MacroRegistry,
    private readonly adapterType: string,
    private readonly rootPackage: string,
    private readonly dispatchOrder: ReadonlyMap<string, readonly string[]>,
    private readonly policy: RelationPolicy,
    /** target.database: the catalog a relation the warehouse reports lives in, unless asked of another. */
    private readonly targetDatabase: string | null,
  ) {}

  private async warehouse(what: string): Promise<TemplateAdapter> {
    if (!this.wh) throw noWarehouse(what);
    return this.wh.get();
  }

  type(): string { return this.adapterType; }
  quote(s: unknown): string { return `"${String(s).replaceAll('"', '""')}"`; }

  /**
   * dbt's adapter.dispatch (dbt/context/providers.py): for each package in the namespace's search
   * order (the project's `dispatch:` config, else [root, namespace] when it is a package, else a
   * bare-name search), tries `<adapter>__name` then `default__name`.
   */
  dispatch(...args: unknown[]): Macro {
    const { pos, kw } = kwargs(args);
    const name = String(pos[0] ?? kw["macro_name"]);
    const ns = (pos[1] ?? kw["macro_namespace"] ?? null) as string | null;
    if (name.includes(".")) {
      const [a, b] = name.split(".", 2);
      throw new ProjectError("dispatch", `In adapter.dispatch, got a macro name of "${name}", but "." is not a valid macro name component`, undefined,
        `did you mean adapter.dispatch("${b}", macro_namespace="${a}")?`);
    }
    let packages: (string | null)[] = [null];
    if (ns !== null) {
      const order = this.dispatchOrder.get(ns);
      if (order && order.length > 0) packages = [...order];
      else if (this.registry.hasPackage(ns) && ns !== "dbt" && ns !== this.rootPackage) packages = [this.rootPackage, ns];
    }
    const attempts: string[] = [];
    for (const pkg of packages) {
      for (const prefix of [this.adapterType, "default"]) {
        const search = `${prefix}__${name}`;
        attempts.push(pkg === null ? search : `${pkg}.${search}`);
        const m = this.registry.fromPackage(pkg, search);
        if (m) return m;
      }
    }
    throw new ProjectError("dispatch", `In dispatch: No macro named '${name}' found within namespace: '${ns}'`, undefined,
      `searched for: ${attempts.map((a) => `'${a}'`).join(", ")}`);
  }

  get_relation(...args: unknown[]): Promise<RelationValue | null> | null {
    if (!this.scope.execute) return null;
    const { pos, kw } = kwargs(args);
    const database = (pos[0] ?? kw["database"]) as string | undefined;
    const schema = String(pos[1] ?? kw["schema"]);
    const identifier = String(pos[2] ?? kw["identifier"]);
    return this.warehouse("adapter.get_relation").then(async (a) => {
      const r = await a.getRelation(schema, identifier, database ?? undefined);
      return r ? new RelationValue({ database: r.database ?? database ?? this.targetDatabase, schema: r.schema, identifier: r.name, type: r.type as RelationKind, policy: this.policy }) : null;
    });
  }

  /** dbt's adapter.load_relation(relation): the relation as the warehouse has it, or None. */
  load_relation(rel: unknown): Promise<RelationValue | null> | null {
    const r = relationArg(rel);
    return this.get_relation(new Kwargs({ database: r.database, schema: r.schema, identifier: r.identifier }));
  }

  get_columns_in_relation(rel: unknown): Promise<ColumnValue[]> | ColumnValue[] {
    if (!this.scope.execute) return [];
    const r = relationArg(rel);
    return this.warehouse("adapter.get_columns_in_relation").then(async (a) => (await a.getColumnsInRelation({ schema: r.schema ?? "main", name: r.name })).map(columnOf));
  }

  drop_relation(rel: unknown): Promise<string> | string {
    if (!this.scope.execute) return "";
    const r = relationArg(rel);
    return this.warehouse("adapter.drop_relation").then(async (a) => {
      await a.dropRelation({ schema: r.schema ?? "main", name: r.name, type: r.type === "view" ? "view" : "table" });
      return "";
    });
  }

  /** adapter.execute(sql, auto_begin=False, fetch=False) → (response, table). */
  execute(...args: unknown[]): Promise<unknown[]> | unknown[] {
    const { pos, kw } = kwargs(args);
    const sql = String(pos[0] ?? kw["sql"]);
    const fetch = Boolean(pos[2] ?? kw["fetch"] ?? false);
    if (!this.scope.execute) return tuple([null, null]);
    return runStatement(this, sql, fetch, this.scope.file).then((r) => tuple([r.response, r.table]));
  }

  /** @internal the warehouse for run_query and statement. */
  open(what: string): Promise<TemplateAdapter> {
    return this.warehouse(what);
  }
}

interface StatementResult {
  response: { rows_affected: number; code: string; _message: string };
  table: AgateTable | null;
  data: unknown[][] | null;
}

async function runStatement(adapter: AdapterContext, sql: string, fetch: boolean, file: string): Promise<StatementResult> {
  const wh = await adapter.open("a statement");
  if (fetch) {
    const t = await wh.query(sql, { loc: { file } });
    return { response: { rows_affected: t.rows.length, code: "SELECT", _message: "OK" }, table: new AgateTable(t), data: t.rows };
  }
  const n = await wh.execute(sql, { loc: { file } });
  return { response: { rows_affected: n, code: "OK", _message: "OK" }, table: null, data: null };
}

/** run_query, statement, load_result and store_result for one render. */
export function statementFunctions(adapter: AdapterContext, scope: WarehouseScope): Record<string, unknown> {
  const store = (name: string, r: StatementResult) => { scope.results.set(name, { ...r }); };
  return {
    run_query(sql: unknown): Promise<AgateTable | null> | null {
      if (!scope.execute) return null;
      return runStatement(adapter, String(sql), true, scope.file).then((r) => r.table);
    },
    /** `{% call statement(name, fetch_result=True) %}sql{% endcall %}`: runs the caller's SQL and keeps the result under `name`. */
    statement(...args: unknown[]): Promise<string> | string {
      const { pos, kw } = kwargs(args);
      if (!scope.execute) return "";
      const name = (pos[0] ?? kw["name"] ?? null) as string | null;
      const fetch = Boolean(pos[1] ?? kw["fetch_result"] ?? false);
      const caller = kw["caller"];
      if (!(caller instanceof Macro)) throw new ProjectError("template-error", "statement() is called with {% call statement(...) %}...{% endcall %}");
      const run = async (sql: unknown): Promise<string> => {
        const r = await runStatement(adapter, String(sql), fetch, scope.file);
        if (name !== null) store(name, r);
        return "";
      };
      const sql = callMacro(caller, [], {}, scope.globals);
      return sql instanceof Promise ? sql.then(run) : run(sql);
    },
    load_result(name: unknown): unknown {
      return scope.results.get(String(name)) ?? null;
    },
    store_result(...args: unknown[]): string {
      const { pos, kw } = kwargs(args);
      scope.results.set(String(pos[0] ?? kw["name"]), { response: pos[1] ?? kw["response"] ?? null, table: pos[2] ?? kw["agate_table"] ?? null });
      return "";
    },
  };
}

/** `api.Relation.create(...)` (the target adapter's Relation class) and `api.Column` (create, translate_type, numeric_type, string_type) as the target's adapter has them. */
export const apiOf = (policy: RelationPolicy, adapterType: AdapterType) => ({
  Relation: {
    add_ephemeral_prefix: (name: unknown) => ephemeralCteName(String(name)),
    create(...args: unknown[]): RelationValue {
      const { kw } = kwargs(args);
      const part = (k: string) => (kw[k] === undefined || kw[k] === null ? null : String(kw[k]));
      return new RelationValue({ database: part("database"), schema: part("schema"), identifier: String(kw["identifier"] ?? kw["name"] ?? ""), type: (kw["type"] as RelationKind | undefined) ?? null, policy });
    },
  },
  Column: {
    create(name: unknown, dtype: unknown): ColumnValue {
      return new ColumnValue(String(name), translateType(adapterType, String(dtype)));
    },
    translate_type: (dtype: unknown): string => translateType(adapterType, String(dtype)),
    numeric_type: (dtype: unknown, precision: unknown, scale: unknown): string => numericType(adapterType, String(dtype), precision, scale),
    string_type: (size: unknown): string => stringType(size),
  },
});
