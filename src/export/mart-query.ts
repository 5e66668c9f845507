// Reading a mart for export: its columns (with the types each export format writes), a
// deterministic ORDER BY, and streaming readers. This is the export stage's only door to the
// warehouse: every query, the Parquet COPY and the existence check go through here, so moving to
// another engine client changes this file alone.
import type { CompiledNode } from "../core/node-types.js";
import { didYouMean } from "../core/did-you-mean.js";
import { ProjectError } from "../core/errors.js";
import type { Adapter, Cell } from "../adapters/types.js";
import { quoteIdent, quoteLiteral, quoteRelation } from "../adapters/quote.js";
import type { ExportColumn } from "./types.js";

export { quoteIdent };
/** Values a reader yields once columns are cast as the caller asked: only JS primitives. */
export type { Cell };

/** The warehouse handle the export stage is given. */
export type MartWarehouse = Adapter;

const MART_ALIAS = "qe_mart";

export interface MartInfo {
  node: CompiledNode;
  /** Columns with their export types (HUGEINT narrowed, see exportIntegerType). */
  columns: ExportColumn[];
  /** `order by ...` clause that makes the row order total and stable. */
  orderBy: string;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL38_MAX = 10n ** 38n - 1n;
/** Integer types wider than int64 that BI readers (pandas, Power BI, Arrow JS) cannot take as they are. */
const WIDE_INTEGERS = new Set(["HUGEINT", "UHUGEINT", "UBIGINT"]);

/**
 * The type a wide integer column is exported as, from its actual range: BIGINT when every value
 * fits in int64 (DuckDB's SUM of BIGINT is HUGEINT, yet a count never needs 128 bits), else
 * DECIMAL(38,0), else DOUBLE. Never text: a BI tool must see a number.
 */
export function exportIntegerType(min: bigint | null, max: bigint | null): string {
  if (min === null || max === null || (min >= INT64_MIN && max <= INT64_MAX)) return "BIGINT";
  if (min >= -DECIMAL38_MAX && max <= DECIMAL38_MAX) return "DECIMAL(38,0)";
  return "DOUBLE";
}

/** True when the mart's relation exists in the warehouse. */
export async function martExists(wh: MartWarehouse, node: CompiledNode): Promise<boolean> {
  return (await wh.relationKind(node.relation)) !== undefined;
}

/** Describes the mart relation and builds its ORDER BY; throws ProjectError for an unknown export_order_by column. */
export async function describeMart(wh: MartWarehouse, node: CompiledNode): Promise<MartInfo> {
  const described = await wh.describe(`select * from ${quoteRelation(node.relation)}`, { node: node.name });
  const names = described.map((c) => c.name);
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
  const columns = await narrowWideIntegers(wh, node, described);
  // The declared grain first, then every other column as a tie-breaker, so even a non-unique
  // grain gives one order and byte-identical files.
  const keys = [...declared, ...names.filter((n) => !declared.includes(n))];
  // Qualified with the table alias so the order is by the stored value, never by a projected
  // (e.g. text-cast) column of the same name.
  const orderBy = keys.length ? `order by ${keys.map((k) => `${MART_ALIAS}.${quoteIdent(k)} asc nulls last`).join(", ")}` : "";
  return { node, columns, orderBy };
}

async function narrowWideIntegers(wh: MartWarehouse, node: CompiledNode, cols: { name: string; type: string }[]): Promise<ExportColumn[]> {
  const wide = cols.filter((c) => WIDE_INTEGERS.has(c.type));
  if (wide.length === 0) return cols;
  const ranges = wide.map((c, i) => `min(${quoteIdent(c.name)})::VARCHAR as lo${i}, max(${quoteIdent(c.name)})::VARCHAR as hi${i}`).join(", ");
  const [row = {}] = await wh.all(`select ${ranges} from ${quoteRelation(node.relation)}`, { node: node.name });
  const got = wide.flatMap((_, i) => [row[`lo${i}`], row[`hi${i}`]]);
  const big = (v: unknown) => (v === null || v === undefined ? null : BigInt(String(v)));
  return cols.map((c) => {
    const i = wide.indexOf(c);
    return i < 0 ? c : { name: c.name, type: exportIntegerType(big(got[2 * i]), big(got[2 * i + 1])), martType: c.type };
  });
}

/** The mart's full SELECT in export order, with each column (already narrowed) passed through `project`. */
export function martSelect(info: MartInfo, project: (c: ExportColumn) => string): string {
  const cols = info.columns.map((c) => `${project(c)} as ${quoteIdent(c.name)}`).join(", ");
  const narrowed = info.columns.some((c) => c.martType !== undefined);
  const from = narrowed
    ? `(select ${info.columns.map((c) => (c.martType ? `cast(${quoteIdent(c.name)} as ${c.type})` : quoteIdent(c.name)) + ` as ${quoteIdent(c.name)}`).join(", ")} from ${quoteRelation(info.node.relation)})`
    : quoteRelation(info.node.relation);
  return `select ${cols} from ${from} as ${MART_ALIAS} ${info.orderBy}`;
}

/**
 * Streams a query's rows in DuckDB-sized batches (about 2048 rows) so a large mart is never held
 * in memory at once. The SQL must cast every column to a type that maps to a JS primitive.
 */
export function streamRows(wh: MartWarehouse, sql: string, node: string): AsyncGenerator<Cell[][]> {
  return wh.stream(sql, { node });
}

/** A small query's rows as objects of JS values (used for chart and dashboard data). */
export async function readRows<Row extends Record<string, unknown>>(wh: MartWarehouse, sql: string, node: string): Promise<Row[]> {
  return wh.all<Row>(sql, { node });
}

/** Writes a query's rows to a Parquet file with DuckDB's built-in writer; returns the rows written. */
export async function copyToParquet(wh: MartWarehouse, sql: string, file: string, node: string): Promise<number> {
  if (wh.bulk) return wh.bulk.copyToParquet(sql, file, { node });
  return wh.exec(`copy (${sql}) to ${quoteLiteral(file)} (format parquet)`, { node });
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
/** DECIMAL(p,s) → [p, s]; undefined for other types. */
export function decimalParts(t: string): [number, number] | undefined {
  const m = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(t);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
