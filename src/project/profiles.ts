// profiles.yml (optional, next to dbt_project.yml): the duckdb output's `path` for the chosen target.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Problems } from "./problems.js";
import { isMapping, parseYamlFile } from "./yaml-file.js";

/** The duckdb `path` of the profile's target, as written (relative to the project root), if any. */
export function profileDbPath(rootDir: string, profile: string | undefined, env: Record<string, string | undefined>, problems: Problems): string | undefined {
  const file = "profiles.yml";
  const abs = join(rootDir, file);
  if (!existsSync(abs)) return undefined;
  const yf = parseYamlFile(readFileSync(abs, "utf8"), file, problems);
  const doc = yf.data;
  if (!isMapping(doc)) return undefined;
  const name = profile ?? Object.keys(doc).find((k) => k !== "config");
  if (!name) return undefined;
  const p = doc[name];
  if (!isMapping(p)) {
    if (profile) problems.add("invalid-profile", `profiles.yml has no profile '${profile}'`, yf.loc(doc), "the profile named in dbt_project.yml");
    return undefined;
  }
  const outputs = p["outputs"];
  const targetName = renderEnv(String(p["target"] ?? "dev"), env);
  if (!isMapping(outputs) || !isMapping(outputs[targetName])) {
    problems.add("invalid-profile", `profile '${name}' has no output '${targetName}'`, yf.loc(p, "outputs"));
    return undefined;
  }
  const out = outputs[targetName] as Record<string, unknown>;
  if (out["type"] !== undefined && out["type"] !== "duckdb") {
    problems.add("invalid-profile", `output '${targetName}' has type '${String(out["type"])}'; qe runs DuckDB only`, yf.loc(out, "type"), "use type: duckdb");
    return undefined;
  }
  return typeof out["path"] === "string" ? renderEnv(out["path"], env) : undefined;
}

/** profiles.yml often reads `{{ env_var('X', 'default') }}`; that one idiom is rendered here. */
function renderEnv(s: string, env: Record<string, string | undefined>): string {
  return s.replace(/{{\s*env_var\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]*)['"]\s*)?\)\s*}}/g, (_, k: string, d?: string) => env[k] ?? d ?? "");
}
