// DuckDB's bulk routes: appenders fed 2048-row data chunks, headerless CSV parts through read_csv
// with declared types (no sniffing), and COPY ... TO Parquet.
import type { DuckDBAppender, DuckDBConnection, DuckDBType, DuckDBValue } from "@duckdb/node-api";
import { BIGINT, BLOB, BOOLEAN, DOUBLE, VARCHAR, DuckDBDataChunk, blobValue } from "./duckdb-client.js";
import type { Relation } from "../../core/node-types.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../quote.js";
import type { AppendType, BulkLoader, RowAppender, StatementContext } from "../types.js";

const DUCK_TYPES: Record<AppendType, DuckDBType> = { BIGINT, DOUBLE, VARCHAR, BLOB, BOOLEAN };

export class DuckDBBulkLoader implements BulkLoader {
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly exec: (sql: string, ctx?: StatementContext) => Promise<number>,
  ) {}

  async appender(rel: Relation, types: readonly AppendType[]): Promise<RowAppender> {
    // Temp tables live in catalog "temp", schema "main".
    const appender = rel.schema === "temp"
      ? await this.connection.createAppender(rel.name, "main", "temp")
      : await this.connection.createAppender(rel.name, rel.schema);
    return new ChunkAppender(appender, types.map((t) => DUCK_TYPES[t]), types.map((t) => t === "BLOB"));
  }

  async appendCsv(rel: Relation, file: string, columns: readonly { name: string; type: AppendType }[]): Promise<void> {
    // Named columns: a table may have more (a loader's load-time stamp), filled by their defaults.
    await this.exec(`insert into ${quoteRelation(rel)} (${columns.map((c) => quoteIdent(c.name)).join(", ")}) select * from ${readCsvSql(file, columns)}`);
  }

  async begin(): Promise<void> {
    await this.exec("begin transaction");
  }

  async commit(): Promise<void> {
    await this.exec("commit");
  }

  async rollback(): Promise<void> {
    await this.exec("rollback").catch(() => undefined);
  }

  copyToParquet(sql: string, file: string, ctx?: StatementContext): Promise<number> {
    return this.exec(`copy (${sql}) to ${quoteLiteral(file)} (format parquet)`, ctx);
  }
}

/** DuckDB's STANDARD_VECTOR_SIZE: the most rows one data chunk takes. */
const VECTOR_SIZE = 2048;

class ChunkAppender implements RowAppender {
  constructor(
    private readonly appender: DuckDBAppender,
    private readonly types: DuckDBType[],
    private readonly blobs: boolean[],
  ) {}

  /** Any number of rows: a DuckDB data chunk holds at most 2048 (a Spark Arrow batch may hold far more). */
  appendChunk(columns: readonly unknown[][], rows: number): void {
    for (let from = 0; from < rows; from += VECTOR_SIZE) {
      const n = Math.min(VECTOR_SIZE, rows - from);
      const chunk = DuckDBDataChunk.create(this.types, n);
      for (let j = 0; j < columns.length; j++) {
        const col = columns[j]!;
        let values = from === 0 && col.length === n ? col : col.slice(from, from + n);
        if (this.blobs[j]) values = values.map((v) => (v === null ? null : blobValue(v as Uint8Array | string)));
        chunk.setColumnValues(j, values as DuckDBValue[]);
      }
      this.appender.appendDataChunk(chunk);
    }
  }

  appendTextRow(values: readonly (string | null)[], line: bigint): void {
    for (const v of values) {
      if (v === null) this.appender.appendNull();
      else this.appender.appendVarchar(v);
    }
    this.appender.appendBigInt(line);
    this.appender.endRow();
  }

  flush(): void {
    this.appender.flushSync();
  }

  close(): void {
    this.appender.closeSync();
  }
}

function readCsvSql(file: string, cols: readonly { name: string; type: AppendType }[]): string {
  const columns = `{${cols.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(", ")}}`;
  return (
    `read_csv(${quoteLiteral(file)}, columns = ${columns}, header = false, auto_detect = false, delim = ',', quote = '''', ` +
    `escape = '''', nullstr = 'NULL', new_line = '\\n', allow_quoted_nulls = false, strict_mode = true, max_line_size = 67108864)`
  );
}
