// Copies a project folder into a fresh temp dir so a test can build it without touching the repo.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/** Top-level folders that hold generated or installed files, never project sources. */
const SKIP_TOP = new Set(["node_modules", "target", "exports", "dist", ".git", "data", "src", "bench"]);

export function copyProject(src: string, prefix = "qe-proj-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(src, dir, {
    recursive: true,
    filter: (p) => {
      const rel = relative(src, p);
      return rel === "" || rel.includes("/") || !SKIP_TOP.has(rel);
    },
  });
  return dir;
}
