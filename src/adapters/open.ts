// Picks and opens the adapter for a project's target.
import type { Project } from "../project/types.js";
import { DuckDBAdapter } from "./duckdb/index.js";
import type { Adapter } from "./types.js";

/** Opens the warehouse the project's target names. Throws DatabaseError when it cannot be reached. */
export async function openAdapter(project: Project): Promise<Adapter> {
  return DuckDBAdapter.open(project.databasePath);
}
