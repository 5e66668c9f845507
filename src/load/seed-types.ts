// Type inference for seed columns that never changes a value.
//
// Rule: each column gets the first type in INTEGER, BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP, VARCHAR
// that every non-empty value in the column spells canonically (INTEGER, DOUBLE, BOOLEAN, DATE and
// TIMESTAMP are what dbt-duckdb makes of agate's types):
//   INTEGER    -?(0|[1-9][0-9]*) within int32, optionally with a zero fraction (10.00, as agate reads it)
//   BIGINT     the same within int64 (dbt-duckdb fails to load these; qe widens instead of failing)
//              ("0042", "+5", " 5" stay text: a code, not a number; dbt would make 0042 the integer 42)
//   DOUBLE     the same with a fraction and/or exponent, at most 15 significant digits (exact in a double)
//   BOOLEAN    true/false in any case
//   DATE       YYYY-MM-DD that is a real calendar date
//   TIMESTAMP  YYYY-MM-DD hh:mm:ss[.fff] or YYYY-MM-DDThh:mm[:ss[.fff]] (dbt leaves "YYYY-MM-DD hh:mm" text)
// Empty fields are NULL and do not vote. A column with no values is VARCHAR. `column_types` in the
// seed config overrides inference and is used exactly.
import { quoteIdent } from "../adapters/quote.js";

export const INFERRED_TYPES = ["INTEGER", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP"] as const;

const INT = "-?(0|[1-9][0-9]*)";
// agate reads 10.00 as a number without decimal places (it normalizes them away), so dbt-duckdb types it INTEGER.
const WHOLE = `${INT}(\\.0+)?`;
const TESTS: Record<(typeof INFERRED_TYPES)[number], (v: string) => string> = {
  INTEGER: (v) => `regexp_full_match(${v}, '${WHOLE}') and try_cast(${v} as integer) is not null`,
  BIGINT: (v) => `regexp_full_match(${v}, '${WHOLE}') and try_cast(${v} as bigint) is not null`,
  DOUBLE: (v) =>
    `regexp_full_match(${v}, '${INT}(\\.[0-9]+)?([eE][-+]?[0-9]+)?') and try_cast(${v} as double) is not null` +
    ` and length(trim(regexp_replace(regexp_replace(${v}, '[eE].*$', ''), '[^0-9]', '', 'g'), '0')) <= 15`,
  BOOLEAN: (v) => `lower(${v}) in ('true', 'false')`,
  DATE: (v) => `regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') and try_cast(${v} as date) is not null`,
  TIMESTAMP: (v) =>
    `(regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?') or regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?'))` +
    ` and try_cast(${v} as timestamp) is not null`,
};

/** One aggregate query over the staged all-VARCHAR table: for each column and type, "every value fits". */
export function inferenceSql(stagedRel: string, columns: readonly string[]): string {
  const parts = columns.flatMap((c, i) => {
    const v = quoteIdent(c);
    return [
      `count(${v}) as "${i}_n"`,
      ...INFERRED_TYPES.map((t) => `coalesce(bool_and(${v} is null or (${TESTS[t](v)})), true) as "${i}_${t}"`),
    ];
  });
  return `select ${parts.join(",\n  ")}\nfrom ${stagedRel}`;
}

/** Reads inferenceSql's single row into one DuckDB type per column. */
export function pickTypes(row: Record<string, unknown>, columns: readonly string[]): string[] {
  return columns.map((_, i) => {
    if (Number(row[`${i}_n`]) === 0) return "VARCHAR";
    return INFERRED_TYPES.find((t) => row[`${i}_${t}`] === true) ?? "VARCHAR";
  });
}
