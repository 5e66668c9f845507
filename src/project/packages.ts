// Packages as `dbt deps` leaves them: packages.yml / dependencies.yml list them, and each installed
// one is a dbt project under `packages-install-path` (dbt_packages/). qe downloads nothing: a `local:`
// package is linked in by `qe deps`; hub, git and tarball packages must already be in dbt_packages/.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { SourceLoc } from "../core/errors.js";
import type { Problems } from "./problems.js";
import { isMapping, parseYamlFile } from "./yaml-file.js";

export const PACKAGE_FILES = ["packages.yml", "dependencies.yml"] as const;
export const DEFAULT_PACKAGES_PATH = "dbt_packages";

/** One entry of packages.yml. */
export type PackageSpec =
  | { kind: "local"; path: string; loc: SourceLoc }
  | { kind: "hub"; package: string; version?: string; loc: SourceLoc }
  | { kind: "git" | "tarball" | "private"; url: string; loc: SourceLoc };

/** A package the project loads: its name (from its dbt_project.yml) and where its files are. */
export interface InstalledPackage {
  name: string;
  /** Folder relative to the root project, forward slashes: "dbt_packages/dbt_utils". */
  dir: string;
  macroPaths: string[];
  modelPaths: string[];
  seedPaths: string[];
  testPaths: string[];
  /** The package's own `models:` / `seeds:` folder configs (keyed by its name), as written. */
  modelsConfig: Record<string, unknown>;
  seedsConfig: Record<string, unknown>;
}

/** The entries of packages.yml (or dependencies.yml's `packages:`); [] when neither exists. */
export function readPackageSpecs(rootDir: string, problems: Problems): PackageSpec[] {
  const out: PackageSpec[] = [];
  for (const file of PACKAGE_FILES) {
    const abs = join(rootDir, file);
    if (!existsSync(abs)) continue;
    const yf = parseYamlFile(readFileSync(abs, "utf8"), file, problems);
    const doc = yf.data;
    if (doc === null || doc === undefined) continue;
    const list = isMapping(doc) ? doc["packages"] : undefined;
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.add("invalid-packages", `'packages' in ${file} must be a list`, yf.loc(doc, "packages"));
      continue;
    }
    list.forEach((entry, i) => {
      const loc = yf.loc(list, i);
      if (!isMapping(entry)) {
        problems.add("invalid-packages", `entry ${i + 1} of ${file} must be a mapping (local:, package:, git: ...)`, loc);
      } else if (typeof entry["local"] === "string") {
        out.push({ kind: "local", path: entry["local"], loc });
      } else if (typeof entry["package"] === "string") {
        out.push({ kind: "hub", package: entry["package"], version: entry["version"] === undefined ? undefined : String(entry["version"]), loc });
      } else {
        const kind = (["git", "tarball", "private"] as const).find((k) => typeof entry[k] === "string");
        if (kind) out.push({ kind, url: String(entry[kind]), loc });
        else problems.add("invalid-packages", `entry ${i + 1} of ${file} names no package (local:, package:, git:, tarball: or private:)`, loc);
      }
    });
  }
  return out;
}

/**
 * Every package the project loads: each dbt project under the install path. A listed package that
 * is not installed is an error, as in dbt (which asks for `dbt deps`); nothing is fetched.
 */
export function findInstalledPackages(rootDir: string, installPath: string, specs: readonly PackageSpec[], problems: Problems): InstalledPackage[] {
  const installed: InstalledPackage[] = [];
  const base = resolve(rootDir, installPath);
  const entries = existsSync(base) ? readdirSync(base).filter((n) => !n.startsWith(".")).sort() : [];
  for (const name of entries) {
    const abs = join(base, name);
    if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory() || !existsSync(join(abs, "dbt_project.yml"))) continue;
    const pkg = readPackageProject(abs, toRel(rootDir, abs), problems);
    if (pkg) installed.push(pkg);
  }
  const names = new Set(installed.map((p) => p.name));
  const missing: string[] = [];
  const claimed = new Set<string>();
  for (const s of specs) {
    if (s.kind === "local") {
      const abs = resolve(rootDir, s.path);
      const want = existsSync(join(abs, "dbt_project.yml")) ? projectName(abs) : undefined;
      if (want) claimed.add(want);
      if (!want) problems.add("invalid-packages", `local package '${s.path}' has no dbt_project.yml`, s.loc, "point local: at a dbt project folder");
      else if (!names.has(want)) missing.push(`${want} (local: ${s.path})`);
    } else if (s.kind === "hub") {
      const want = s.package.split("/").pop()!.replace(/-/g, "_");
      claimed.add(want);
      if (!names.has(want)) missing.push(`${s.package}${s.version ? ` ${s.version}` : ""}`);
    }
  }
  // A git/tarball package's project name is only known once installed: count the installed
  // packages no local/hub entry claims, as dbt compares counts.
  const remote = specs.flatMap((s) => (s.kind === "git" || s.kind === "tarball" || s.kind === "private" ? [s.url] : []));
  const unclaimed = installed.filter((p) => !claimed.has(p.name)).length;
  if (remote.length > unclaimed) missing.push(...remote);
  if (missing.length > 0) {
    problems.add("package-not-installed",
      `packages.yml lists ${missing.length === 1 ? "a package" : "packages"} not installed in ${installPath}/: ${missing.join(", ")}`,
      specs[0]?.loc,
      `run \`qe deps\` for local packages; qe downloads nothing, so place hub and git packages in ${installPath}/ yourself (as \`dbt deps\` would)`);
  }
  return installed;
}

function readPackageProject(abs: string, dir: string, problems: Problems): InstalledPackage | undefined {
  const file = `${dir}/dbt_project.yml`;
  const yf = parseYamlFile(readFileSync(join(abs, "dbt_project.yml"), "utf8"), file, problems);
  const doc = yf.data;
  if (!isMapping(doc) || typeof doc["name"] !== "string") {
    problems.add("invalid-packages", `${file} has no name`, { file, line: 1 });
    return undefined;
  }
  const paths = (key: string, dflt: string[]): string[] => {
    const v = doc[key];
    return Array.isArray(v) && v.every((x) => typeof x === "string") ? v.map((p) => p.replace(/\/+$/, "")) : dflt;
  };
  return {
    name: doc["name"], dir,
    macroPaths: paths("macro-paths", ["macros"]),
    modelPaths: paths("model-paths", ["models"]),
    seedPaths: paths("seed-paths", ["seeds"]),
    testPaths: paths("test-paths", ["tests"]),
    modelsConfig: isMapping(doc["models"]) ? doc["models"] : {},
    seedsConfig: isMapping(doc["seeds"]) ? doc["seeds"] : {},
  };
}

/** The `name:` in a project folder's dbt_project.yml (undefined when unreadable). */
export function projectName(abs: string): string | undefined {
  try {
    const m = /^name:\s*['"]?([A-Za-z_]\w*)/m.exec(readFileSync(join(abs, "dbt_project.yml"), "utf8"));
    return m?.[1];
  } catch {
    return undefined;
  }
}

function toRel(rootDir: string, abs: string): string {
  return relative(rootDir, abs).split(sep).join("/");
}

/** A package's folders of one kind, root-relative ("dbt_packages/pkg/models"). */
export function packageDirs(pkg: InstalledPackage, kind: "modelPaths" | "seedPaths"): string[] {
  return pkg[kind].map((d) => `${pkg.dir}/${d}`);
}
