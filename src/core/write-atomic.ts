// Files are written to a temporary name and renamed, so a crash or a concurrent reader never
// sees half a file. The one copy of this for every stage (artifacts, cache, reports).
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

let counter = 0;

/** Writes `text` to `path` (creating its folder); on failure no temp file is left and `path` is untouched. */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${++counter}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true }); // no stray temp file beside the one we could not replace
    throw e;
  }
}
