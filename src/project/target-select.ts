// `--target`: which output of the profile to run against. Minimal until the profiles work lands
// (src/project/profiles.ts will carry the typed target on Project): a spark output in dbt-spark's
// shape (type, method, host, port, schema); anything else stays the DuckDB file.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { ProjectError } from "../core/errors.js";

export interface SparkConnection {
  type: "spark";
  /** "connect": Spark Connect over gRPC (qe's client); dbt-spark's "thrift" is not spoken. */
  method: "connect";
  host: string;
  port: number;
  schema: string;
  /** dbt's threads: how many data tests run at once. */
  threads: number;
  /** Optional: a Spark 4 distribution whose jars/ holds spark-connect (default: SPARK_HOME, then .venv/spark). */
  sparkHome?: string;
}

export type WarehouseTarget = { type: "duckdb" } | SparkConnection;

/** The named output of the project's profile, or DuckDB when no target is named. Throws ProjectError on a bad output. */
export function selectTarget(rootDir: string, profile: string | undefined, target: string | undefined, env: Record<string, string | undefined>): WarehouseTarget {
  if (target === undefined) return { type: "duckdb" };
  const file = join(rootDir, "profiles.yml");
  if (!existsSync(file)) throw new ProjectError("invalid-profile", `--target ${target}: there is no profiles.yml in ${rootDir}`, { file });
  const doc = parseYaml(readFileSync(file, "utf8")) as Record<string, { outputs?: Record<string, Record<string, unknown>> }> | null;
  const name = profile ?? Object.keys(doc ?? {}).find((k) => k !== "config");
  const outputs = (name && doc?.[name]?.outputs) || {};
  const out = outputs[target];
  if (!out) throw new ProjectError("invalid-profile", `profile '${name}' has no output '${target}'`, { file }, `outputs: ${Object.keys(outputs).join(", ")}`);
  const render = (v: unknown): string => String(v).replace(/{{\s*env_var\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]*)['"]\s*)?\)\s*}}/g, (_, k: string, d?: string) => env[k] ?? d ?? "");
  if (out["type"] === "duckdb") return { type: "duckdb" };
  if (out["type"] !== "spark") throw new ProjectError("invalid-profile", `output '${target}' has type '${String(out["type"])}'; qe runs duckdb and spark`, { file });
  const method = render(out["method"] ?? "connect");
  if (method !== "connect") {
    throw new ProjectError("invalid-profile", `spark output '${target}' has method '${method}'; qe talks to Spark through Spark Connect`, { file }, "use method: connect and the Spark Connect port (15002 by default)");
  }
  const schema = out["schema"] ?? out["database"];
  if (!out["host"] || !schema) throw new ProjectError("invalid-profile", `spark output '${target}' needs host and schema`, { file });
  return {
    type: "spark", method, host: render(out["host"]), port: Number(render(out["port"] ?? 15002)), schema: render(schema),
    threads: Number(render(out["threads"] ?? 4)),
    sparkHome: out["spark_home"] === undefined ? undefined : render(out["spark_home"]),
  };
}
