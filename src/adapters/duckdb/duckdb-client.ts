// The DuckDB client's runtime values, loaded with require. @duckdb/node-api is CommonJS: an ESM
// `import` of it makes Node lex every file of the package for its named exports, about 0.4 s of
// every process that opens DuckDB; `require` skips that. Types still come from the package.
import { createRequire } from "node:module";

type Client = typeof import("@duckdb/node-api");

const client = createRequire(import.meta.url)("@duckdb/node-api") as Client;

export const { BIGINT, BLOB, BOOLEAN, DOUBLE, VARCHAR, DuckDBDataChunk, DuckDBInstance, StatementType, blobValue } = client;
