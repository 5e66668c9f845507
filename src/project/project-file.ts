// dbt_project.yml: identity, paths, vars, and the raw folder-config trees.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ProjectConfig } from "./types.js";
import { PROJECT_KEYS_IGNORED, PROJECT_KEYS_USED } from "./known-keys.js";
import type { Problems } from "./problems.js";
import { isMapping, parseYamlFile, type YamlFile, type YamlMap } from "./yaml-file.js";

export const PROJECT_FILE = "dbt_project.yml";

export interface ProjectFile {
  config: ProjectConfig;
  yf: YamlFile;
  doc: YamlMap;
}

/** Reads and validates dbt_project.yml; returns undefined (with problems) when it cannot be used. */
export function readProjectFile(rootDir: string, problems: Problems, notes: Set<string>): ProjectFile | undefined {
  const abs = join(rootDir, PROJECT_FILE);
  if (!existsSync(abs)) {
    problems.add("missing-project", `no ${PROJECT_FILE} in ${rootDir}`, undefined, "pass --project-dir pointing at a dbt project");
    return undefined;
  }
  const yf = parseYamlFile(readFileSync(abs, "utf8"), PROJECT_FILE, problems);
  const doc = yf.data;
  if (doc === null && problems.list.length > 0) return undefined;
  if (!isMapping(doc)) {
    problems.add("invalid-project", `${PROJECT_FILE} must be a mapping`, { file: PROJECT_FILE, line: 1 });
    return undefined;
  }
  const known = [...PROJECT_KEYS_USED, ...PROJECT_KEYS_IGNORED];
  for (const k of Object.keys(doc)) {
    if (!known.includes(k)) problems.unknownKey(k, PROJECT_FILE, known, yf.loc(doc, k));
    else if (PROJECT_KEYS_IGNORED.includes(k)) notes.add(`${PROJECT_FILE}: '${k}' is accepted for dbt compatibility but has no effect in qe`);
  }
  const name = doc["name"];
  if (typeof name !== "string" || !/^[A-Za-z_]\w*$/.test(name)) {
    problems.add("invalid-project", `${PROJECT_FILE} needs a name made of letters, digits and underscores`, yf.loc(doc, "name"));
  }
  const paths = (key: string, dflt: string[]): string[] => {
    const v = doc[key];
    if (v === undefined || v === null) return dflt;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.map((p) => p.replace(/\/+$/, ""));
    problems.add("invalid-project", `'${key}' must be a list of folder names`, yf.loc(doc, key));
    return dflt;
  };
  const vars = doc["vars"];
  if (vars !== undefined && vars !== null && !isMapping(vars)) problems.add("invalid-project", "'vars' must be a mapping", yf.loc(doc, "vars"));
  const section = (k: string): Record<string, unknown> => (isMapping(doc[k]) ? (doc[k] as YamlMap) : {});
  const config: ProjectConfig = {
    name: typeof name === "string" ? name : "project",
    version: doc["version"] === undefined ? undefined : String(doc["version"]),
    profile: typeof doc["profile"] === "string" ? doc["profile"] : undefined,
    modelPaths: paths("model-paths", ["models"]),
    seedPaths: paths("seed-paths", ["seeds"]),
    macroPaths: paths("macro-paths", ["macros"]),
    testPaths: paths("test-paths", ["tests"]),
    docsPaths: paths("docs-paths", []),
    targetPath: typeof doc["target-path"] === "string" ? doc["target-path"] : "target",
    vars: isMapping(vars) ? vars : {},
    modelsConfig: section("models"),
    seedsConfig: section("seeds"),
    testsConfig: { ...section("tests"), ...section("data_tests") },
    cleanTargets: paths("clean-targets", []),
    snapshotPaths: paths("snapshot-paths", ["snapshots"]),
    snapshotsConfig: section("snapshots"),
    requireDbtVersion: doc["require-dbt-version"] as string | string[] | undefined,
  };
  return { config, yf, doc };
}
