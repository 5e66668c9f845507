// The DuckDB adapter: the only module that imports @duckdb/node-api for running SQL. It owns
// opening, transactions, relation introspection and turning DuckDB's errors into DatabaseError.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { DuckDBConnection, DuckDBInstance as Instance, DuckDBMaterializedResult } from "@duckdb/node-api";
import { DuckDBInstance, StatementType } from "./duckdb-client.js";
import { TemplateMethods } from "../template-methods.js";
import type { Relation } from "../../core/node-types.js";
import { DatabaseError } from "../../core/errors.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../quote.js";
import type { Adapter, AdapterOptions, Cell, QueryTable, RelationKind, ResultColumn, Row, StatementContext } from "../types.js";
import { duckdbDialect } from "./duckdb-dialect.js";
import { DuckDBBulkLoader } from "./duckdb-bulk.js";

export class DuckDBAdapter extends TemplateMethods implements Adapter {
  readonly type = "duckdb" as const;
  readonly dialect = duckdbDialect;
  readonly transactional = true;
  readonly bulk: DuckDBBulkLoader;

  private constructor(
    private readonly instance: Instance,
    private readonly connection: DuckDBConnection,
    /** ":memory:" or an absolute file path. */
    readonly path: string,
    readonly concurrentQueries: number,
    private readonly catalog: string | undefined,
    /** Set on a lane: the adapter whose connection runs its writes. */
    private readonly writer?: DuckDBAdapter,
  ) {
    super();
    this.bulk = new DuckDBBulkLoader(connection, (sql, ctx) => this.exec(sql, ctx));
  }

  get location(): string {
    return this.path;
  }

  get stagingDir(): string | undefined {
    return this.path === ":memory:" ? undefined : dirname(this.path);
  }

  /** Opens (creating parent folders) a DuckDB file, or ":memory:". Throws DatabaseError if locked or corrupt. */
  static async open(path = ":memory:", opts: AdapterOptions = {}): Promise<DuckDBAdapter> {
    try {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      const instance = await DuckDBInstance.create(path, opts.config);
      const connection = await instance.connect();
      const catalog = path === ":memory:" && opts.catalog !== undefined && opts.catalog !== "memory" ? opts.catalog : undefined;
      if (catalog) await connection.run(`attach ':memory:' as ${quoteIdent(catalog)}; use ${quoteIdent(catalog)}`);
      return new DuckDBAdapter(instance, connection, path, Math.max(1, Math.floor(opts.threads ?? 1)), catalog);
    } catch (e) {
      const { why, hint } = openFailure((e as Error).message);
      throw new DatabaseError(`cannot open DuckDB database ${path}${why}: ${(e as Error).message}`, "", undefined, { file: path }, hint, { cause: e });
    }
  }

  /**
   * A connection of its own for a data test beside the others (DuckDB runs one query per connection
   * at a time). Its writes (a test storing failures) go through this adapter's connection, one
   * after another: two connections creating in one schema at once conflict in DuckDB's catalog.
   */
  async lane(): Promise<DuckDBAdapter> {
    const owner = this.writer ?? this;
    const connection = await this.instance.connect();
    if (this.catalog) await connection.run(`use ${quoteIdent(this.catalog)}`);
    return new DuckDBAdapter(this.instance, connection, this.path, 1, this.catalog, owner);
  }

  /** Runs one or more statements; returns rows changed by the last. */
  async exec(sql: string, ctx: StatementContext = {}): Promise<number> {
    if (this.writer) return this.writer.exec(sql, ctx);
    try {
      const result = await this.connection.run(sql);
      return result.rowsChanged || createdRows(result);
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
  }

  /** Runs a query and returns rows as plain JS values (BIGINT → bigint, DATE → Date...). */
  async all<T extends Row = Row>(sql: string, ctx: StatementContext = {}): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
  }

  /** Like all(), but values converted to JSON-safe forms (bigint → string/number, dates → ISO strings). */
  async allJson<T extends Row = Row>(sql: string, ctx: StatementContext = {}): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
  }

  /** Column names and DuckDB type names of a query's result, without fetching rows. */
  async describe(sql: string, ctx: StatementContext = {}): Promise<ResultColumn[]> {
    const rows = await this.all<{ column_name: string; column_type: string }>(`describe (${sql})`, ctx);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  /** Streams a query's rows in DuckDB-sized batches (about 2048 rows). */
  async *stream(sql: string, ctx: StatementContext = {}): AsyncGenerator<Cell[][]> {
    let result;
    try {
      result = await this.connection.stream(sql);
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
    for await (const rows of result.yieldRows()) yield rows as Cell[][];
  }

  /** True when schema.name exists as a table or view. */
  async relationExists(schema: string, name: string): Promise<boolean> {
    return (await this.relationKind({ schema, name })) !== undefined;
  }

  async listRelations(): Promise<Map<string, RelationKind>> {
    const rows = await this.all<{ s: string; n: string; t: string }>(
      "select table_schema as s, table_name as n, table_type as t from information_schema.tables where table_catalog = current_database()",
    );
    return new Map(rows.map((r) => [`${r.s}.${r.n}`, r.t === "VIEW" ? "view" : "table"]));
  }

  async relationKind(rel: Relation): Promise<RelationKind | undefined> {
    const rows = await this.all<{ table_type: string }>(
      `select table_type from information_schema.tables where table_schema = ${quoteLiteral(rel.schema)} and table_name = ${quoteLiteral(rel.name)} and table_catalog = current_database()`,
    );
    const t = rows[0]?.table_type;
    return t === undefined ? undefined : t === "VIEW" ? "view" : "table";
  }

  async listColumns(): Promise<{ schema: string; table: string; column: string }[]> {
    return this.all("select table_schema as schema, table_name as table, column_name as column from information_schema.columns");
  }

  /** Drops whatever sits at `rel` and renames `tmp` into place, in one transaction. */
  async swapIn(tmp: Relation, rel: Relation): Promise<void> {
    const kind = await this.relationKind(rel);
    await this.transaction(async () => {
      if (kind) await this.exec(duckdbDialect.drop(kind, rel));
      await this.exec(duckdbDialect.rename("table", tmp, rel.name));
    });
  }

  async loadParquet(rel: Relation, files: readonly string[]): Promise<void> {
    const list = `[${files.map(quoteLiteral).join(", ")}]`;
    await this.exec(duckdbDialect.createSchema(rel.schema));
    await this.exec(`create or replace table ${quoteRelation(rel)} as select * from read_parquet(${list})`);
  }

  // --- TemplateAdapter: what dbt's adapter object, run_query and statement ask.

  async query(sql: string, ctx: StatementContext = {}): Promise<QueryTable> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return { columnNames: reader.columnNames(), columnTypes: reader.columnTypes().map(String), rows: reader.getRowsJS() as unknown[][] };
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
  }

  /** Runs fn inside BEGIN/COMMIT; rolls back on any throw so no half-built relation is left. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.exec("begin transaction");
    try {
      const out = await fn();
      await this.exec("commit");
      return out;
    } catch (e) {
      await this.connection.run("rollback").catch(() => undefined);
      throw e;
    }
  }

  /** Closes the connection and (unless a lane) the instance now (synchronously; the promise is for the interface). */
  close(): Promise<void> {
    this.connection.closeSync();
    if (!this.writer) this.instance.closeSync();
    return Promise.resolve();
  }

  wrap(e: unknown, sql: string, ctx: StatementContext): DatabaseError {
    if (e instanceof DatabaseError) return e;
    const msg = (e as Error)?.message ?? String(e);
    return new DatabaseError(msg, sql, ctx.node, ctx.loc, ctx.hint, { cause: e });
  }
}

/**
 * Says why DuckDB refused a file and what to do: a lock held elsewhere and a damaged file need
 * opposite advice (wait vs delete), so one generic hint would mislead.
 */
function openFailure(msg: string): { why: string; hint: string } {
  if (/EEXIST|ENOTDIR/.test(msg)) {
    return { why: ": a file is in the way of its folder", hint: "move that file away, or pass a different --db or --target-path" };
  }
  if (/Could not set lock|Conflicting lock/i.test(msg)) {
    const pid = /PID (\d+)/.exec(msg)?.[1];
    return {
      why: ": it is in use by another process",
      hint: `close the other process${pid ? ` (PID ${pid})` : ""} that has it open and run again, or pass a different --db`,
    };
  }
  if (/not a valid DuckDB database|Corrupt|checksum|database file with version|storage version/i.test(msg)) {
    return {
      why: ": it is not a DuckDB database this version can read",
      hint: "move or delete it and run again (`qe build` or `qe-run` rebuilds the warehouse from the sources), or pass a different --db",
    };
  }
  return { why: "", hint: "check the file's permissions and the free disk space, or pass a different --db" };
}

/**
 * `create table ... as` reports its rows in a one-row `Count` column, not in rowsChanged: read it
 * so the runner need not count the new table again. 0 for every other statement.
 */
function createdRows(result: DuckDBMaterializedResult): number {
  if (result.statementType !== StatementType.CREATE || result.columnCount !== 1 || result.columnName(0) !== "Count" || result.chunkCount === 0) return 0;
  const n = result.getChunk(0).getColumnVector(0).getItem(0);
  return typeof n === "bigint" || typeof n === "number" ? Number(n) : 0;
}
