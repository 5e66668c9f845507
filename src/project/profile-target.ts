// A profile output as a typed target, in the shapes dbt-duckdb and dbt-spark read. `raw` keeps every
// rendered key, so an adapter can read a setting this type does not name.

interface TargetBase {
  /** The target's name (`dev`), as `target.name`. */
  name: string;
  /** The profile it came from, as `target.profile_name`. */
  profileName: string;
  schema: string;
  threads: number;
  /** Every key of the output after env_var rendering. */
  raw: Record<string, unknown>;
}

export interface DuckdbTarget extends TargetBase {
  type: "duckdb";
  /** As written (`target/qe.duckdb`, `:memory:`); resolve with duckdbPathOf. */
  path: string;
  /** dbt-duckdb names the database after the file (`qe` for target/qe.duckdb, `memory` for :memory:). */
  database: string;
  settings: Record<string, unknown>;
  extensions: string[];
}

/** dbt-spark's methods, plus `connect` (Spark Connect over gRPC), the one qe's Spark adapter speaks. */
export type SparkMethod = "connect" | "thrift" | "http" | "odbc" | "session";

export interface SparkTarget extends TargetBase {
  type: "spark";
  method: SparkMethod;
  host?: string;
  port: number;
  user?: string;
  cluster?: string;
  token?: string;
  /** Spark has no database level; dbt-spark lets `database` alias `schema`. */
  database?: string;
  connectRetries: number;
  connectTimeout: number;
  serverSideParameters: Record<string, string>;
}

export type ProfileTarget = DuckdbTarget | SparkTarget;

type Report = (message: string, key?: string, hint?: string) => void;

const SPARK_METHODS: readonly SparkMethod[] = ["connect", "thrift", "http", "odbc", "session"];

/** Builds the target from a rendered output mapping; undefined (after reporting) when unusable. */
export function toTarget(name: string, profileName: string, out: Record<string, unknown>, report: Report): ProfileTarget | undefined {
  const type = out["type"];
  const threads = toInt(out["threads"], 1);
  if (type === "duckdb") {
    const path = out["path"] === undefined ? ":memory:" : String(out["path"]);
    return {
      type, name, profileName, threads, path, raw: out,
      schema: str(out["schema"]) ?? "main",
      database: str(out["database"]) ?? databaseNameOf(path),
      settings: isMap(out["settings"]) ? out["settings"] : {},
      extensions: Array.isArray(out["extensions"]) ? out["extensions"].map(String) : [],
    };
  }
  if (type === "spark") {
    const method = str(out["method"]);
    if (!method || !(SPARK_METHODS as readonly string[]).includes(method)) {
      report(`spark target '${name}' needs method: one of ${SPARK_METHODS.join(", ")}`, "method");
      return undefined;
    }
    const schema = str(out["schema"]) ?? str(out["database"]);
    if (!schema) {
      report(`spark target '${name}' needs a schema`, "schema");
      return undefined;
    }
    if (method !== "session" && !str(out["host"])) {
      report(`spark target '${name}' (method ${method}) needs a host`, "host");
      return undefined;
    }
    const ssp = out["server_side_parameters"];
    return {
      type, name, profileName, threads, raw: out, method: method as SparkMethod, schema,
      host: str(out["host"]), port: toInt(out["port"], method === "connect" ? 15002 : 443), user: str(out["user"]), cluster: str(out["cluster"]),
      token: str(out["token"]), database: str(out["database"]),
      connectRetries: toInt(out["connect_retries"], 0), connectTimeout: toInt(out["connect_timeout"], 10),
      serverSideParameters: isMap(ssp) ? Object.fromEntries(Object.entries(ssp).map(([k, v]) => [k, String(v)])) : {},
    };
  }
  report(type === undefined ? `target '${name}' has no type` : `target '${name}' has type '${String(type)}'; qe runs duckdb and spark`, "type", "use type: duckdb (or spark)");
  return undefined;
}

/** dbt-duckdb: the catalog is the file's stem; ':memory:' is `memory`. */
export function databaseNameOf(path: string): string {
  if (path === ":memory:" || path === "") return "memory";
  const file = path.split(/[\\/]/).pop()!;
  return file.replace(/\.[^.]*$/, "") || file;
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

function toInt(v: unknown, dflt: number): number {
  const n = typeof v === "number" ? v : Number.parseInt(String(v ?? ""), 10);
  return Number.isFinite(n) ? Math.trunc(n) : dflt;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
