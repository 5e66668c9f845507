// An export set is written into a staging folder inside exportDir, then each file is renamed into
// place and manifest.json is written last. Until commit() nothing outside the staging folder
// changes, so any failure leaves the previous set (and its manifest) exactly as it was.
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveInside, safeStem } from "./safe-name.js";
import { ExportError, type ExportManifest, type ManifestFile } from "./types.js";

export const MANIFEST_NAME = "manifest.json";

export class StagedExport {
  private readonly files: ManifestFile[] = [];

  private constructor(
    readonly exportDir: string,
    readonly stagingDir: string,
    readonly runId: string,
  ) {}

  /** Creates (emptying any leftover of the same run) exportDir/.staging-<runId>/. */
  static create(exportDir: string, runId: string): StagedExport {
    const stagingDir = resolveInside(exportDir, `.staging-${safeStem(runId)}`);
    try {
      mkdirSync(exportDir, { recursive: true });
      rmSync(stagingDir, { recursive: true, force: true });
      mkdirSync(stagingDir);
    } catch (e) {
      // A file named like the folder, or a read-only disk: the user's mistake, not a bug.
      const err = e as NodeJS.ErrnoException;
      throw new ExportError(
        "export-dir",
        `cannot write the export folder ${exportDir}: ${err.code === "EEXIST" || err.code === "ENOTDIR" ? "a file is in the way" : err.message}`,
        { file: exportDir },
        "it must be a folder qe can write: move away what is in the way (`qe export` also takes --export-dir)",
        { cause: e },
      );
    }
    return new StagedExport(exportDir, stagingDir, runId);
  }

  /** Absolute staging path for a final file name; throws if the name would escape the folder. */
  path(name: string): string {
    resolveInside(this.exportDir, name);
    return resolveInside(this.stagingDir, name);
  }

  /** Records a staged file; size and checksum are taken from the file on disk. */
  async add(entry: Omit<ManifestFile, "bytes" | "sha256">): Promise<ManifestFile> {
    const staged = this.path(entry.path);
    const file: ManifestFile = { ...entry, bytes: statSync(staged).size, sha256: await sha256File(staged) };
    this.files.push(file);
    return file;
  }

  /**
   * Moves every staged file into exportDir, removes files of the previous set that this one no
   * longer has, then writes manifest.json. The old manifest goes first, so a reader that finds a
   * manifest always finds the set it lists.
   */
  commit(): ExportManifest {
    const manifest: ExportManifest = {
      runId: this.runId,
      files: [...this.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
    const manifestPath = join(this.exportDir, MANIFEST_NAME);
    const previous = readManifest(this.exportDir);
    if (existsSync(manifestPath)) unlinkSync(manifestPath);
    for (const f of manifest.files) renameSync(this.path(f.path), resolveInside(this.exportDir, f.path));
    const keep = new Set(manifest.files.map((f) => f.path));
    for (const old of previous?.files ?? []) {
      if (!keep.has(old.path)) rmSync(resolveInside(this.exportDir, old.path), { force: true });
    }
    const tmp = join(this.stagingDir, MANIFEST_NAME);
    writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n");
    renameSync(tmp, manifestPath);
    this.discard();
    return manifest;
  }

  /** Removes the staging folder and everything in it. */
  discard(): void {
    rmSync(this.stagingDir, { recursive: true, force: true });
  }
}

/** The manifest of the set currently in exportDir, or undefined when there is none (or it is unreadable). */
export function readManifest(exportDir: string): ExportManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(exportDir, MANIFEST_NAME), "utf8")) as ExportManifest;
  } catch {
    return undefined;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
