// The compiled node and relation types now live in src/core; re-exported here for the compile stage's callers.
export type { Relation, CompiledKind, CompiledNode } from "../core/node-types.js";
