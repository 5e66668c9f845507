// A throwaway copy of the QE project (the repo root) so end-to-end runs start from an empty data/
// and target/ without touching the repo's own. node_modules and dist are symlinked, not copied.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parseDocument } from "yaml";

const SKIP_DIRS = new Set(["node_modules", "dist", ".git", "target", "exports", "coverage"]);
const LINKED = ["node_modules", "dist"];
const GENERATED = /\.(db|duckdb)(-.*|\.wal)?$/;

/** Copies rootDir into dest (replacing it) and returns dest. */
export function copyProject(rootDir: string, dest: string): string {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  cpSync(rootDir, dest, {
    recursive: true,
    filter: (src) => {
      const rel = relative(rootDir, src);
      if (rel === "") return true;
      const top = rel.split(/[\\/]/)[0]!;
      if (SKIP_DIRS.has(top)) return false;
      // Generated databases and warehouses: the copy starts from an empty data/.
      return !(top === "data" && GENERATED.test(basename(src)));
    },
  });
  for (const name of LINKED) {
    const target = join(rootDir, name);
    if (existsSync(target)) symlinkSync(target, join(dest, name), "dir");
  }
  return dest;
}

/** Empties the generated state of a copied project: data/*.db (other data/ files stay), target/, exports/. */
export function resetProject(dir: string): void {
  rmSync(join(dir, "target"), { recursive: true, force: true });
  rmSync(join(dir, "exports"), { recursive: true, force: true });
  const data = join(dir, "data");
  mkdirSync(data, { recursive: true });
  for (const f of readdirSync(data)) if (GENERATED.test(f)) rmSync(join(data, f), { recursive: true, force: true });
}

/**
 * Sets `vars: { key: value }` in the copy's dbt_project.yml, keeping its comments. The scale of an
 * end-to-end run goes in as `generate_students` so qe-run runs with no flags, as on a fresh clone.
 */
export function setProjectVar(dir: string, key: string, value: unknown): void {
  const file = join(dir, "dbt_project.yml");
  const doc = parseDocument(readFileSync(file, "utf8"));
  doc.setIn(["vars", key], value);
  writeFileSync(file, doc.toString());
}
