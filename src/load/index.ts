export { loadSeed, loadSeeds, seedRelation } from "./load-seed.js";
export { inferenceSql, pickTypes, INFERRED_TYPES } from "./seed-types.js";
export { SeedError, SourceLoadError } from "./errors.js";
export { loadSqliteSources, describeSqliteTable, type LoadOptions } from "./load-sqlite.js";
export { planColumn, finalType, type ColumnPlan } from "./sqlite-types.js";
