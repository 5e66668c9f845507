export { DuckDBAdapter } from "./duckdb-adapter.js";
export { duckdbDialect } from "./duckdb-dialect.js";
