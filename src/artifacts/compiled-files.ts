// target/compiled/<project>/<path>: one file per node with SQL, laid out as dbt does.
//
// Writing thousands of small files is most of `qe compile`'s time, so each file is written only
// when its content changed, and a first compile (no target/compiled yet) writes the whole tree in
// a staging folder that is renamed into place once: one rename instead of one per file, and a
// reader still never sees half a tree. Changed files in an existing tree go through
// writeFileAtomic (temporary name + rename), as before.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { CompiledNode } from "../compile/types.js";
import { writeFileAtomic } from "../core/write-atomic.js";

/** What writeCompiled did: files written and files left alone because they already held the SQL. */
export interface CompiledWriteStats {
  written: number;
  unchanged: number;
  /** True when the whole tree was written in a staging folder and renamed into place. */
  swapped: boolean;
}

/** "model.shop.orders" → "shop". */
export function projectOf(node: Pick<CompiledNode, "id">): string {
  return node.id.split(".")[1] ?? "project";
}

/**
 * Where a node's compiled SQL goes; tests declared in YAML go under the YAML path, as in dbt, named
 * by their short name (dbt's, hashed past 63 characters, which is also their audit relation's name).
 */
export function compiledPath(targetDir: string, node: CompiledNode): string {
  const file = node.kind === "generic_test" ? node.relation.name : node.name;
  const rel = node.path.endsWith(".sql") ? node.path : `${node.path}/${file}.sql`;
  return join(targetDir, "compiled", projectOf(node), ...rel.split("/"));
}

/** Writes the SQL of every node that has some (seeds and sources have none). */
export function writeCompiled(targetDir: string, nodes: readonly CompiledNode[]): CompiledWriteStats {
  const files = new Map<string, string>();
  for (const n of nodes) {
    // As dbt writes compiled_code: the rendered text as is (Jinja already dropped one trailing newline).
    if (n.sql !== "") files.set(compiledPath(targetDir, n), n.sql);
  }
  const root = join(targetDir, "compiled");
  if (files.size > 0 && writeFreshTree(root, files)) return { written: files.size, unchanged: 0, swapped: true };
  let written = 0;
  for (const [path, text] of files) {
    if (holds(path, text)) continue;
    writeFileAtomic(path, text);
    written++;
  }
  return { written, unchanged: files.size - written, swapped: false };
}

/**
 * When `root` does not exist yet, writes every file under a staging folder beside it and renames
 * that into place. Returns false (nothing left behind) when `root` exists or appears meanwhile,
 * so the caller merges file by file instead.
 */
function writeFreshTree(root: string, files: ReadonlyMap<string, string>): boolean {
  if (existsSync(root)) return false;
  try {
    mkdirSync(dirname(root), { recursive: true });
  } catch {
    return false; // e.g. a file where target/ should be: the file-by-file path reports it
  }
  const staging = `${root}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const made = new Set<string>();
  try {
    for (const [path, text] of files) {
      const file = join(staging, relative(root, path));
      const dir = dirname(file);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(file, text);
    }
    renameSync(staging, root);
    return true;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTEMPTY" || code === "EEXIST") return false; // another process made it first: merge into theirs
    throw e;
  }
}

/** True when the file at `path` already holds exactly `text`. */
function holds(path: string, text: string): boolean {
  try {
    return readFileSync(path, "utf8") === text;
  } catch {
    return false;
  }
}

/**
 * Writes rendered on-run-start / on-run-end hooks where dbt writes them:
 * compiled/<project>/dbt_project.yml/hooks/<project>-<point>-<i>.sql, as rendered.
 */
export function writeCompiledHooks(targetDir: string, project: string, point: "on-run-start" | "on-run-end", statements: readonly string[]): void {
  for (const [i, sql] of statements.entries()) {
    const path = join(targetDir, "compiled", project, "dbt_project.yml", "hooks", `${project}-${point}-${i}.sql`);
    if (!holds(path, sql)) writeFileAtomic(path, sql);
  }
}
