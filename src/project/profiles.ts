// profiles.yml as dbt resolves it: which file (--profiles-dir, DBT_PROFILES_DIR, the project folder,
// ~/.dbt), which profile (dbt_project.yml `profile:`), which target (--target, else the profile's
// `target:`), with `{{ env_var(...) }}` rendered, into a typed ProfileTarget.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { Problems } from "./problems.js";
import { isMapping, parseYamlFile, type YamlFile, type YamlMap } from "./yaml-file.js";
import { renderProfileValue } from "./profile-env.js";
import { toTarget, type ProfileTarget } from "./profile-target.js";

export type { ProfileTarget, DuckdbTarget, SparkTarget } from "./profile-target.js";

export const PROFILES_FILE = "profiles.yml";

export interface ProfileOptions {
  rootDir: string;
  /** Absolute target folder (the default warehouse lives there). */
  targetDir: string;
  /** Folders qe creates before connecting (as dbt creates target/): a duckdb path may lie inside them. */
  createdDirs: readonly string[];
  /** dbt_project.yml `profile:`. */
  profile?: string;
  /** `--profiles-dir`, absolute. */
  profilesDir?: string;
  /** `--target` / `-t`. */
  target?: string;
  env: Record<string, string | undefined>;
}

/** The profiles.yml that dbt would read, or undefined when none exists where dbt looks. */
export function findProfilesFile(o: Pick<ProfileOptions, "rootDir" | "profilesDir" | "env">, problems: Problems): string | undefined {
  const explicit = o.profilesDir ?? nonEmpty(o.env["DBT_PROFILES_DIR"]);
  if (explicit !== undefined) {
    const abs = join(resolve(o.rootDir, explicit), PROFILES_FILE);
    if (existsSync(abs)) return abs;
    const how = o.profilesDir !== undefined ? "--profiles-dir" : "DBT_PROFILES_DIR";
    problems.add("missing-profiles", `no ${PROFILES_FILE} in ${dirname(abs)} (from ${how})`, undefined, `create ${abs} or point ${how} at the folder holding it`);
    return undefined;
  }
  const inProject = join(o.rootDir, PROFILES_FILE);
  if (existsSync(inProject)) return inProject;
  const home = nonEmpty(o.env["HOME"]) ?? nonEmpty(o.env["USERPROFILE"]);
  const inHome = home ? join(home, ".dbt", PROFILES_FILE) : undefined;
  return inHome && existsSync(inHome) ? inHome : undefined;
}

/**
 * The chosen target. Without any profiles.yml (qe's lenient default, where dbt would stop), the
 * target is duckdb `dev` in schema main at `<target>/qe.duckdb`. Problems: missing profile or
 * output, unknown adapter type, env_var without a value, a duckdb path whose folder does not exist.
 */
export function resolveTarget(o: ProfileOptions, problems: Problems): ProfileTarget {
  const file = findProfilesFile(o, problems);
  const fallback = (): ProfileTarget => defaultTarget(o);
  if (!file) {
    if (o.target !== undefined && o.target !== "dev") {
      problems.add("invalid-profile", `--target ${o.target}: there is no ${PROFILES_FILE} to define it`, undefined, `add ${PROFILES_FILE} to the project folder, ~/.dbt/ or --profiles-dir`);
    }
    return fallback();
  }
  const shown = file.startsWith(o.rootDir + "/") ? file.slice(o.rootDir.length + 1) : file;
  const yf = parseYamlFile(readFileSync(file, "utf8"), shown, problems);
  const doc = yf.data;
  if (!isMapping(doc)) {
    problems.add("invalid-profile", `${shown} must be a mapping of profile names`, { file: shown, line: 1 });
    return fallback();
  }
  const names = Object.keys(doc).filter((k) => k !== "config");
  const name = o.profile ?? names[0];
  const p = name === undefined ? undefined : doc[name];
  if (!isMapping(p)) {
    problems.add("invalid-profile", `${shown} has no profile '${name ?? ""}'`, yf.loc(doc), names.length ? `profiles there: ${names.join(", ")}` : "add the profile named in dbt_project.yml");
    return fallback();
  }
  const render = (v: unknown, key: string, at: YamlMap): unknown => renderProfileValue(v, o.env, (msg, hint) => problems.add("invalid-profile", msg, yf.loc(at, key), hint));
  const targetName = o.target ?? (p["target"] === undefined ? "default" : String(render(p["target"], "target", p)));
  const outputs = p["outputs"];
  if (!isMapping(outputs) || !isMapping(outputs[targetName])) {
    const known = isMapping(outputs) ? Object.keys(outputs) : [];
    problems.add("invalid-profile", `profile '${name}' has no target '${targetName}'`, yf.loc(p, "outputs"), known.length ? `targets there: ${known.join(", ")}` : undefined);
    return fallback();
  }
  const out = outputs[targetName] as YamlMap;
  const rendered: YamlMap = {};
  for (const [k, v] of Object.entries(out)) rendered[k] = render(v, k, out);
  const target = toTarget(targetName, name!, rendered, (msg, key, hint) => problems.add("invalid-profile", msg, yf.loc(out, key), hint));
  if (!target) return fallback();
  if (target.type === "duckdb") checkDuckdbPath(target.path, o, yf, out, problems);
  return target;
}

/** A duckdb path resolves against the project folder; ':memory:' and md:/motherduck paths are left alone. */
export function duckdbPathOf(path: string, rootDir: string): string {
  return path === ":memory:" || /^[a-z]+:/i.test(path) || isAbsolute(path) ? path : resolve(rootDir, path);
}

function checkDuckdbPath(path: string, o: ProfileOptions, yf: YamlFile, out: YamlMap, problems: Problems): void {
  const abs = duckdbPathOf(path, o.rootDir);
  if (abs === path && !isAbsolute(path)) return; // :memory: or a URI
  const dir = dirname(abs);
  // dbt writes target/ before it connects, so a file under the target folder is fine.
  if (o.createdDirs.some((d) => dir === d || dir.startsWith(d + "/"))) return;
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st?.isDirectory()) {
    problems.add("invalid-profile", `duckdb path '${path}' is in a folder that does not exist (${dir})`, yf.loc(out, "path"), "create the folder or fix `path:` in the profile; neither dbt nor qe creates it");
  }
}

function defaultTarget(o: ProfileOptions): ProfileTarget {
  const path = join(o.targetDir, "qe.duckdb");
  return { type: "duckdb", name: "dev", profileName: o.profile ?? "default", schema: "main", database: "qe", threads: 1, path, settings: {}, extensions: [], raw: {} };
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === "" ? undefined : s;
}
