// File names built from data (a programme name) must never escape the export folder or
// collide after cleaning; everything that names a file from data goes through here.
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ExportError } from "./types.js";

const MAX_STEM = 120;

/**
 * A file-name stem safe on Linux, macOS and Windows: path separators, reserved characters and
 * whitespace (tabs and newlines too) become "_", other control characters are dropped, dot runs shrink to one dot (so no ".."),
 * and leading/trailing dots and underscores go. Never returns "" (falls back to "_").
 */
export function safeStem(raw: string): string {
  const cleaned = raw
    .normalize("NFC")
    .replace(/[\/\\:*?"<>|\s]+/g, "_")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "")
    .replace(/\.{2,}/g, ".")
    .replace(/_{2,}/g, "_")
    .replace(/^[._]+|[._]+$/g, "");
  const cut = [...cleaned].slice(0, MAX_STEM).join("").replace(/[._]+$/, "");
  return cut === "" ? "_" : cut;
}

/** Hands out stems unique within one export set (case-insensitively, for macOS/Windows): x, x-2, x-3... */
export class StemAllocator {
  private readonly taken = new Set<string>();

  take(stem: string): string {
    let candidate = stem;
    for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}`;
    this.taken.add(candidate.toLowerCase());
    return candidate;
  }
}

/** Resolves `name` inside `dir`; throws if the result would lie anywhere else. */
export function resolveInside(dir: string, name: string): string {
  const root = resolve(dir);
  const full = resolve(root, name);
  const rel = relative(root, full);
  if (rel === "" || rel.startsWith(".." + sep) || rel === ".." || isAbsolute(rel)) {
    throw new ExportError("export-unsafe-path", `refusing to write ${JSON.stringify(name)} outside ${root}`);
  }
  return full;
}
