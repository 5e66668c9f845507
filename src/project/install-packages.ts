// `qe deps`: what `dbt deps` does for `local:` packages (a link in dbt_packages/ to the package
// folder, a copy where links are not allowed). Hub, git and tarball packages are never downloaded:
// they are reported present or missing.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ProjectError } from "../core/errors.js";
import { Problems } from "./problems.js";
import { DEFAULT_PACKAGES_PATH, projectName, readPackageSpecs } from "./packages.js";
import { readProjectFile } from "./project-file.js";

export interface DepsResult {
  /** Local packages linked (or copied) into the install folder. */
  linked: { name: string; from: string; copied: boolean }[];
  /** Hub/git/tarball packages already in the install folder. */
  present: string[];
  /** Hub/git/tarball packages that are not: the user must place them. */
  missing: string[];
  installPath: string;
}

/** Installs the project's local packages. Throws ProjectErrors on a bad packages.yml or a local path without a dbt project. */
export function installPackages(projectDir: string): DepsResult {
  const rootDir = resolve(projectDir);
  const problems = new Problems();
  const pf = readProjectFile(rootDir, problems, new Set());
  const specs = readPackageSpecs(rootDir, problems);
  problems.throwIfAny();
  const installPath = pf?.config.packagesInstallPath ?? DEFAULT_PACKAGES_PATH;
  const base = resolve(rootDir, installPath);
  const result: DepsResult = { linked: [], present: [], missing: [], installPath };
  for (const s of specs) {
    if (s.kind !== "local") continue;
    const from = resolve(rootDir, s.path);
    const name = projectName(from);
    if (!name) throw new ProjectError("invalid-packages", `local package '${s.path}' has no dbt_project.yml with a name`, s.loc, "point local: at a dbt project folder");
    mkdirSync(base, { recursive: true });
    const to = join(base, name);
    if (lstatSync(to, { throwIfNoEntry: false })) rmSync(to, { recursive: true, force: true }); // dbt deps replaces what it installed
    let copied = false;
    try {
      symlinkSync(relative(base, from), to, "dir");
    } catch {
      cpSync(from, to, { recursive: true });
      copied = true;
    }
    result.linked.push({ name, from: s.path, copied });
  }
  const installed = new Set(existsSync(base) ? readdirSync(base).map((n) => projectName(join(base, n))).filter((n): n is string => !!n) : []);
  for (const s of specs) {
    if (s.kind === "local") continue;
    const label = s.kind === "hub" ? s.package : s.url;
    const guess = s.kind === "hub" ? s.package.split("/").pop()!.replace(/-/g, "_") : undefined;
    if (guess ? installed.has(guess) : installed.size > result.linked.length + result.present.length) result.present.push(label);
    else result.missing.push(label);
  }
  return result;
}
