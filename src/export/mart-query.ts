// Reading a mart for export: its columns, a deterministic ORDER BY, and a streaming row reader.
import type { CompiledNode } from "../compile/types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { ProjectError } from "../core/errors.js";
import type { Adapter, Cell } from "../adapters/types.js";
import { quoteIdent, quoteRelation } from "../adapters/quote.js";
import type { ExportColumn } from "./types.js";

const MART_ALIAS = "qe_mart";

/** Values a reader yields once columns are cast as the caller asked: only JS primitives. */
export type { Cell } from "../adapters/types.js";

export interface MartInfo {
  node: CompiledNode;
  columns: ExportColumn[];
  /** `order by ...` clause that makes the row order total and stable. */
  orderBy: string;
}

/** Describes the mart relation and builds its ORDER BY; throws ProjectError for an unknown export_order_by column. */
export async function describeMart(wh: Adapter, node: CompiledNode): Promise<MartInfo> {
  const columns = await wh.describe(`select * from ${quoteRelation(node.relation)}`, { node: node.name });
  const names = columns.map((c) => c.name);
  const declared = node.config.exportOrderBy ?? [];
  for (const col of declared) {
    if (!names.includes(col)) {
      const near = didYouMean(col, names);
      throw new ProjectError(
        "export-order-by-unknown",
        `export_order_by of ${node.name} names column '${col}', which the mart does not have`,
        { file: node.path },
        near ? `did you mean '${near}'?` : `columns: ${names.join(", ")}`,
      );
    }
  }
  // The declared grain first, then every other column as a tie-breaker, so even a non-unique
  // grain gives one order and byte-identical files.
  const keys = [...declared, ...names.filter((n) => !declared.includes(n))];
  // Qualified with the table alias so the order is by the stored value, never by a projected
  // (e.g. text-cast) column of the same name.
  const orderBy = keys.length ? `order by ${keys.map((k) => `${MART_ALIAS}.${quoteIdent(k)} asc nulls last`).join(", ")}` : "";
  return { node, columns, orderBy };
}

/** The mart's full SELECT in export order, with each column passed through `project`. */
export function martSelect(info: MartInfo, project: (c: ExportColumn) => string): string {
  const cols = info.columns.map((c) => `${project(c)} as ${quoteIdent(c.name)}`).join(", ");
  return `select ${cols} from ${quoteRelation(info.node.relation)} as ${MART_ALIAS} ${info.orderBy}`;
}

/**
 * Streams a query's rows in DuckDB-sized batches (about 2048 rows) so a large mart is never held
 * in memory at once. The SQL must cast every column to a type that maps to a JS primitive.
 */
export function streamRows(wh: Adapter, sql: string, node: string): AsyncGenerator<Cell[][]> {
  return wh.stream(sql, { node });
}

const INT_TYPES = new Set(["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"]);
const FLOAT_TYPES = new Set(["DOUBLE", "FLOAT", "REAL"]);

export function isIntegerType(t: string): boolean {
  return INT_TYPES.has(t);
}
export function isFloatType(t: string): boolean {
  return FLOAT_TYPES.has(t);
}
export function isDecimalType(t: string): boolean {
  return t.startsWith("DECIMAL");
}
