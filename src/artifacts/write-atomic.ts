// Files are written to a temporary name and renamed, so a crash never leaves half a file.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

let counter = 0;

export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${++counter}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
