// Picks and opens the adapter for a project's target.
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DatabaseError } from "../core/errors.js";
import type { Project } from "../project/types.js";
import { selectTarget, type SparkConnection } from "../project/target-select.js";
import { DuckDBAdapter } from "./duckdb/index.js";
import { SparkAdapter } from "./spark/index.js";
import type { Adapter } from "./types.js";

/** Opens the warehouse `target` names (default: the DuckDB file). Throws DatabaseError when it cannot be reached. */
export async function openAdapter(project: Project, target: string | undefined, env: Record<string, string | undefined>): Promise<Adapter> {
  const t = selectTarget(project.rootDir, project.config.profile, target, env);
  if (t.type === "duckdb") return DuckDBAdapter.open(project.databasePath);
  const targetDir = resolve(project.rootDir, project.config.targetPath);
  return SparkAdapter.open({
    host: t.host,
    port: t.port,
    schema: t.schema,
    threads: t.threads,
    sparkHome: sparkHomeOf(t, project.rootDir, env),
    protoCacheDir: join(targetDir, "spark", "proto"),
    stagingDir: join(targetDir, "spark", "staging"),
  });
}

/** The profile's spark_home, else SPARK_HOME, else pyspark in the project's .venv/spark. */
export function sparkHomeOf(t: Pick<SparkConnection, "sparkHome">, rootDir: string, env: Record<string, string | undefined>): string {
  if (t.sparkHome) return resolve(rootDir, t.sparkHome);
  if (env["SPARK_HOME"]) return env["SPARK_HOME"];
  const lib = join(rootDir, ".venv", "spark", "lib");
  for (const py of existsSync(lib) ? readdirSync(lib) : []) {
    const home = join(lib, py, "site-packages", "pyspark");
    if (existsSync(join(home, "jars"))) return home;
  }
  throw new DatabaseError("no Spark distribution found for the Spark Connect client", "", undefined, undefined, "install pyspark 4.x into .venv/spark (bash .ci/run does), set SPARK_HOME, or set spark_home on the target");
}
