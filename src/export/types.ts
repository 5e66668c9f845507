// Types shared by the export stage: what the caller passes in and the manifest it gets back.
import type { CompiledNode } from "../compile/types.js";
import { CodedError } from "../core/errors.js";
import type { Adapter } from "../adapters/types.js";

export interface ExportOptions {
  wh: Adapter;
  nodes: readonly CompiledNode[];
  /** Absolute project root; chart specs are found beside the marts' SQL files under it. */
  projectRoot: string;
  /** Absolute folder receiving the exports (usually <projectRoot>/exports). */
  exportDir: string;
  /** Recorded in manifest.json and used to name the staging folder; never written into data files. */
  runId: string;
  /** Project vars, substituted into chart specs as `${name}`. */
  vars: Record<string, unknown>;
  /** PNG pixel scale: 1 or 2 (default 1). */
  scale?: number;
  /** Render charts to SVG and PNG (default true). */
  charts?: boolean;
  /** Write dashboard.html (default true). */
  dashboard?: boolean;
}

export type ExportFileKind = "csv" | "parquet" | "arrow" | "svg" | "png" | "html";

export interface ExportColumn {
  name: string;
  /** DuckDB type name of the mart column, e.g. "BIGINT", "DECIMAL(18,3)". */
  type: string;
}

/** One file in the export set; `path` is relative to exportDir with forward slashes. */
export interface ManifestFile {
  path: string;
  kind: ExportFileKind;
  /** The mart the file holds (data files) or draws (charts). */
  mart?: string;
  /** Chart spec name for svg/png. */
  chart?: string;
  rows?: number;
  columns?: ExportColumn[];
  bytes: number;
  sha256: string;
}

/** exports/manifest.json: written last, so its presence means the set beside it is complete. */
export interface ExportManifest {
  runId: string;
  files: ManifestFile[];
}

/** Writing an export failed; the previous export set is left as it was. */
export class ExportError extends CodedError {}
