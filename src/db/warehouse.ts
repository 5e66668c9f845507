// The one door to DuckDB: the only module that imports @duckdb/node-api for running SQL.
// It owns opening, transactions and turning DuckDB's errors into our typed DatabaseError.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DuckDBConnection, DuckDBInstance, type DuckDBAppender } from "@duckdb/node-api";
import { DatabaseError, type SourceLoc } from "../core/errors.js";
import { quoteLiteral } from "./quote.js";

export type Row = Record<string, unknown>;

/** Context attached to a failing statement so the error names the node and file at fault. */
export interface ExecContext {
  node?: string;
  loc?: SourceLoc;
  hint?: string;
}

export interface OpenOptions {
  /** DuckDB settings, e.g. { threads: "2", memory_limit: "4GB" }. */
  config?: Record<string, string>;
}

export class Warehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** ":memory:" or an absolute file path. */
    readonly path: string,
  ) {}

  /** Opens (creating parent folders) a DuckDB file, or ":memory:". Throws DatabaseError if locked or corrupt. */
  static async open(path = ":memory:", opts: OpenOptions = {}): Promise<Warehouse> {
    try {
      if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
      const instance = await DuckDBInstance.create(path, opts.config);
      const connection = await instance.connect();
      return new Warehouse(instance, connection, path);
    } catch (e) {
      const { why, hint } = openFailure((e as Error).message);
      throw new DatabaseError(`cannot open DuckDB database ${path}${why}: ${(e as Error).message}`, "", undefined, { file: path }, hint, { cause: e });
    }
  }

  /** Runs one or more statements; returns rows changed by the last. */
  async exec(sql: string, ctx: ExecContext = {}): Promise<number> {
    try {
      const result = await this.connection.run(sql);
      return result.rowsChanged;
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
  }

  /** Runs a query and returns rows as plain JS values (BIGINT → bigint, DATE → Date...). */
  async all<T extends Row = Row>(sql: string, ctx: ExecContext = {}): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
  }

  /** Like all(), but values converted to JSON-safe forms (bigint → string/number, dates → ISO strings). */
  async allJson<T extends Row = Row>(sql: string, ctx: ExecContext = {}): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as T[];
    } catch (e) {
      throw this.wrap(e, sql, ctx);
    }
  }

  /** Column names and DuckDB type names of a query's result, without fetching rows. */
  async describe(sql: string, ctx: ExecContext = {}): Promise<{ name: string; type: string }[]> {
    const rows = await this.all<{ column_name: string; column_type: string }>(`describe (${sql})`, ctx);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  }

  /** True when schema.name exists as a table or view. */
  async relationExists(schema: string, name: string): Promise<boolean> {
    const rows = await this.all(
      `select 1 from information_schema.tables where table_schema = ${quoteLiteral(schema)} and table_name = ${quoteLiteral(name)}`,
    );
    return rows.length > 0;
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

  /** An appender for bulk loads; the caller must closeSync() it in a finally. */
  async appender(schema: string, table: string): Promise<DuckDBAppender> {
    return this.connection.createAppender(table, schema);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private wrap(e: unknown, sql: string, ctx: ExecContext): DatabaseError {
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
