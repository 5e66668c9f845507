// The Spark adapter: a Spark Connect session (gRPC, Arrow results) on a running cluster. Tables are
// Parquet in the cluster's warehouse; there are no multi-statement transactions, so swaps are
// drop-then-rename (a reader may briefly see no relation, never a half-built one).
import { TemplateMethods } from "../template-methods.js";
import type { Table } from "apache-arrow";
import type { Relation } from "../../core/node-types.js";
import { DatabaseError } from "../../core/errors.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../quote.js";
import type { Adapter, Cell, QueryTable, RelationKind, ResultColumn, Row, StatementContext } from "../types.js";
import { cellsOf, columnsOf, rowsOf } from "./arrow-values.js";
import { ConnectError, SparkConnectClient, type ConnectOptions } from "./connect-client.js";
import { sparkDialect } from "./spark-dialect.js";
import { splitStatements } from "./split-statements.js";

/** Session settings qe relies on: ANSI semantics and "double-quoted" identifiers, as in DuckDB. */
export const SESSION_CONF: Record<string, string> = {
  "spark.sql.ansi.enabled": "true",
  "spark.sql.ansi.doubleQuotedIdentifiers": "true",
  "spark.sql.session.timeZone": "UTC",
  "spark.sql.legacy.createHiveTableByDefault": "false",
};

export interface SparkOptions extends Omit<ConnectOptions, "conf"> {
  /** The profile's schema: where relations without a schema of their own go. */
  schema: string;
  /** A folder every executor can read, for Parquet handed to Spark (bulk loads). */
  stagingDir: string;
  /** dbt's `threads`: data tests run this many at a time (default 4). */
  threads?: number;
}

export class SparkAdapter extends TemplateMethods implements Adapter {
  readonly type = "spark" as const;
  readonly dialect = sparkDialect;
  readonly transactional = false;
  readonly bulk = undefined;
  private readonly schemasMade = new Set<string>();

  private constructor(
    private readonly client: SparkConnectClient,
    readonly location: string,
    readonly stagingDir: string,
    readonly concurrentQueries: number,
  ) {
    super();
  }

  /** Connects and starts a session. Throws DatabaseError when no server answers. */
  static async open(opts: SparkOptions): Promise<SparkAdapter> {
    const location = `sc://${opts.host}:${opts.port}`;
    try {
      const client = await SparkConnectClient.open({ ...opts, conf: SESSION_CONF });
      return new SparkAdapter(client, location, opts.stagingDir, Math.max(1, opts.threads ?? 4));
    } catch (e) {
      if (e instanceof DatabaseError) throw e;
      throw new DatabaseError(`cannot reach Spark at ${location}: ${(e as Error).message}`, "", undefined, undefined, "start the cluster with `npm run spark:up`, or check host and port of the spark target in profiles.yml", { cause: e });
    }
  }

  private async tables(sql: string, ctx: StatementContext = {}): Promise<Table[]> {
    const out: Table[] = [];
    for (const stmt of splitStatements(sql)) {
      out.length = 0;
      try {
        for await (const t of this.client.sql(stmt)) out.push(t);
      } catch (e) {
        throw wrap(e, stmt, ctx);
      }
    }
    return out;
  }

  async exec(sql: string, ctx: StatementContext = {}): Promise<number> {
    // Every model and load asks for its schema first; on a cluster each statement is a round trip.
    if (sql.startsWith("create schema if not exists ") && this.schemasMade.has(sql)) return 0;
    await this.tables(sql, ctx);
    if (sql.startsWith("create schema if not exists ")) this.schemasMade.add(sql);
    // Spark Connect does not report rows changed by a command.
    return 0;
  }

  async all<T extends Row = Row>(sql: string, ctx: StatementContext = {}): Promise<T[]> {
    return objects<T>(await this.tables(sql, ctx), false);
  }

  async allJson<T extends Row = Row>(sql: string, ctx: StatementContext = {}): Promise<T[]> {
    return objects<T>(await this.tables(sql, ctx), true);
  }

  async describe(sql: string, ctx: StatementContext = {}): Promise<ResultColumn[]> {
    const [first] = await this.tables(`select * from (\n${sql}\n) as qe_describe limit 0`, ctx);
    if (!first) throw new DatabaseError("Spark returned no schema for the query", sql, ctx.node, ctx.loc, ctx.hint);
    return columnsOf(first);
  }

  /** DESCRIBE QUERY: Spark's own type names (`int`, `string`, `decimal(18,3)`), as dbt-spark reports columns. */
  override async columnsInQuery(sql: string, ctx: StatementContext = {}): Promise<ResultColumn[]> {
    const rows = await this.all<{ col_name: string; data_type: string }>(`describe query select * from (\n${sql}\n) as qe_describe`, ctx);
    return rows.map((r) => ({ name: r.col_name, type: r.data_type }));
  }

  async *stream(sql: string, ctx: StatementContext = {}): AsyncGenerator<Cell[][]> {
    try {
      for await (const t of this.client.sql(sql)) if (t.numRows > 0) yield cellsOf(t);
    } catch (e) {
      throw wrap(e, sql, ctx);
    }
  }

  async listRelations(): Promise<Map<string, RelationKind>> {
    const out = new Map<string, RelationKind>();
    const schemas = await this.all<{ namespace: string }>("show schemas");
    for (const { namespace } of schemas) for (const [k, v] of await this.relationsIn(namespace)) out.set(k, v);
    return out;
  }

  private async relationsIn(schema: string): Promise<Map<string, RelationKind>> {
    const out = new Map<string, RelationKind>();
    try {
      const views = new Set((await this.all<{ viewName: string; isTemporary: boolean }>(`show views in ${quoteIdent(schema)}`)).filter((v) => !v.isTemporary).map((v) => v.viewName));
      for (const t of await this.all<{ tableName: string; isTemporary: boolean }>(`show tables in ${quoteIdent(schema)}`)) {
        if (!t.isTemporary) out.set(`${schema}.${t.tableName}`, views.has(t.tableName) ? "view" : "table");
      }
    } catch (e) {
      if (!(e instanceof DatabaseError && /SCHEMA_NOT_FOUND/.test(e.message))) throw e;
    }
    return out;
  }

  /** One statement: SHOW TABLE EXTENDED names the kind ("Type: VIEW" or MANAGED/EXTERNAL). */
  async relationKind(rel: Relation): Promise<RelationKind | undefined> {
    try {
      const rows = await this.all<{ tableName: string; isTemporary: boolean; information: string }>(
        `show table extended in ${quoteIdent(rel.schema)} like ${quoteLiteral(rel.name.toLowerCase())}`,
      );
      const row = rows.find((r) => !r.isTemporary && r.tableName === rel.name.toLowerCase());
      return row === undefined ? undefined : /^Type: VIEW$/m.test(row.information) ? "view" : "table";
    } catch (e) {
      if (e instanceof DatabaseError && /SCHEMA_NOT_FOUND/.test(e.message)) return undefined;
      throw e;
    }
  }

  async listColumns(): Promise<{ schema: string; table: string; column: string }[]> {
    const out: { schema: string; table: string; column: string }[] = [];
    for (const key of (await this.listRelations()).keys()) {
      const [schema, table] = key.split(".") as [string, string];
      for (const c of await this.describe(`select * from ${quoteRelation({ schema, name: table })}`)) out.push({ schema, table, column: c.name });
    }
    return out;
  }

  async swapIn(tmp: Relation, rel: Relation): Promise<void> {
    const kind = await this.relationKind(rel);
    if (kind) await this.exec(sparkDialect.drop(kind, rel));
    await this.exec(sparkDialect.rename("table", tmp, rel.name));
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  /** Copies the Parquet files into a managed Parquet table (the staged files may then go). */
  async loadParquet(rel: Relation, files: readonly string[]): Promise<void> {
    const from = files.map((f) => `select * from parquet.${quoteIdent(f)}`).join(" union all ");
    await this.exec(sparkDialect.drop("table", rel, true));
    await this.exec(`create table ${quoteRelation(rel)} using parquet as ${from}`);
  }

  // --- TemplateAdapter

  async query(sql: string, ctx: StatementContext = {}): Promise<QueryTable> {
    const tables = await this.tables(sql, ctx);
    const cols = tables[0] ? columnsOf(tables[0]) : [];
    return { columnNames: cols.map((c) => c.name), columnTypes: cols.map((c) => c.type), rows: tables.flatMap((t) => rowsOf(t)) };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

function objects<T>(tables: Table[], json: boolean): T[] {
  const out: T[] = [];
  for (const t of tables) {
    const names = t.schema.fields.map((f) => f.name);
    for (const r of rowsOf(t, json)) out.push(Object.fromEntries(names.map((n, j) => [n, r[j]])) as T);
  }
  return out;
}

function wrap(e: unknown, sql: string, ctx: StatementContext): DatabaseError {
  if (e instanceof DatabaseError) return e;
  const msg = e instanceof ConnectError ? e.message : (e as Error)?.message ?? String(e);
  return new DatabaseError(msg, sql, ctx.node, ctx.loc, ctx.hint, { cause: e });
}

