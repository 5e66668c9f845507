// File discovery under the project's configured paths, sorted so loading is deterministic.
import { readdirSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";

/** Project-relative paths (forward slashes) of files under `dirs` whose names end in one of `exts`. */
export function listFiles(rootDir: string, dirs: readonly string[], exts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const d of dirs) walk(join(rootDir, d));
  return [...out].sort();

  function walk(abs: string): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return; // a configured path that does not exist holds no files, as in dbt
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".") || name === "node_modules") continue;
      const p = join(abs, name);
      // The entry's type needs no stat call (thousands of files in a big project); a symlink is followed.
      const isDir = entry.isSymbolicLink() ? statSync(p).isDirectory() : entry.isDirectory();
      if (isDir) walk(p);
      else if (exts.some((e) => name.endsWith(e))) out.add(relative(rootDir, p).split(sep).join("/"));
    }
  }
}

/** "models/staging/stg_x.sql" under model path "models" → ["staging"]. */
export function folderParts(path: string, basePaths: readonly string[]): string[] {
  const base = basePaths.find((b) => path.startsWith(b.replace(/\/$/, "") + "/"));
  const rest = base ? path.slice(base.replace(/\/$/, "").length + 1) : path;
  return rest.split("/").slice(0, -1);
}

export function baseName(path: string): string {
  const f = path.split("/").pop()!;
  return f.replace(/\.[^.]+$/, "");
}
