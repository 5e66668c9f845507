export { loadSeed, loadSeeds, seedRelation } from "./load-seed.js";
export { inferenceSql, pickTypes, INFERRED_TYPES } from "./seed-types.js";
export { SeedError, SourceLoadError } from "./errors.js";
export { loadSqliteSources, openSqliteLoad, describeSqliteTable, type LoadOptions, type SqliteLoad } from "./load-sqlite.js";
export { hasBulk } from "./via-parquet.js";
export { planColumn, finalType, type ColumnPlan } from "./sqlite-types.js";
