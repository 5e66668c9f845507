// Writes a small project into a fresh temp folder; tests describe projects as {path: text}.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export const MINIMAL_PROJECT = "name: demo\nversion: '1.0'\nconfig-version: 2\n";

export function tempProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "qe-project-"));
  const all = { "dbt_project.yml": MINIMAL_PROJECT, ...files };
  for (const [p, text] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}
