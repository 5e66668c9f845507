export { SparkAdapter, SESSION_CONF, type SparkOptions } from "./spark-adapter.js";
export { sparkDialect } from "./spark-dialect.js";
export { splitStatements } from "./split-statements.js";
