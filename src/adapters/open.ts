// Picks and opens the adapter for a project's target (profiles.yml, resolved by the project loader
// with --profiles-dir / --target as dbt resolves them).
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DatabaseError } from "../core/errors.js";
import type { Project } from "../project/types.js";
import type { SparkTarget } from "../project/profile-target.js";
import type { Adapter } from "./types.js";
import type { DuckDBAdapter } from "./duckdb/duckdb-adapter.js";

/** Opens the warehouse the project's target names (no profile: the DuckDB file). Throws DatabaseError when it cannot be reached. */
export async function openAdapter(project: Project, env: Record<string, string | undefined> = process.env): Promise<Adapter> {
  const t = project.target;
  if (t === undefined || t.type === "duckdb") return openDuckDB(project.databasePath, t?.threads);
  if (t.method !== "connect") {
    throw new DatabaseError(
      `spark target '${t.name}' has method '${t.method}'; qe talks to Spark through Spark Connect`, "", undefined, undefined,
      "use method: connect and the Spark Connect port (15002 by default)",
    );
  }
  const targetDir = resolve(project.rootDir, project.config.targetDir ?? project.config.targetPath);
  // Imported on use: the gRPC and protobuf client costs ~170 ms of start-up that DuckDB runs never need.
  const { SparkAdapter } = await import("./spark/spark-adapter.js");
  return SparkAdapter.open({
    host: t.host ?? "127.0.0.1",
    port: t.port,
    schema: t.schema,
    threads: t.threads,
    sparkHome: sparkHomeOf(t, project.rootDir, env),
    protoCacheDir: join(targetDir, "spark", "proto"),
    stagingDir: join(targetDir, "spark", "staging"),
  });
}

/** Opens an embedded DuckDB (a file, or ":memory:"); `threads`: data tests at once (dbt's threads). The native client loads on first use, so commands that open no warehouse (`qe ls`, `qe compile`) start without it. */
export async function openDuckDB(path: string, threads?: number): Promise<DuckDBAdapter> {
  const { DuckDBAdapter } = await import("./duckdb/duckdb-adapter.js");
  return DuckDBAdapter.open(path, { threads });
}

/** The target's spark_home, else SPARK_HOME, else pyspark in the project's .venv/spark. */
export function sparkHomeOf(t: Pick<SparkTarget, "raw">, rootDir: string, env: Record<string, string | undefined>): string {
  const own = t.raw["spark_home"];
  if (typeof own === "string" && own !== "") return resolve(rootDir, own);
  if (env["SPARK_HOME"]) return env["SPARK_HOME"];
  const lib = join(rootDir, ".venv", "spark", "lib");
  for (const py of existsSync(lib) ? readdirSync(lib) : []) {
    const home = join(lib, py, "site-packages", "pyspark");
    if (existsSync(join(home, "jars"))) return home;
  }
  throw new DatabaseError("no Spark distribution found for the Spark Connect client", "", undefined, undefined, "install pyspark 4.x into .venv/spark (bash .ci/run does), set SPARK_HOME, or set spark_home on the target");
}
