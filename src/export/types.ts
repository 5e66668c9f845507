// Types shared by the export stage: what the caller passes in and the manifest it gets back.
import type { CompiledNode } from "../core/node-types.js";
import { CodedError } from "../core/errors.js";
import type { MartWarehouse } from "./mart-query.js";
import type { ModelDocs } from "./dictionary.js";

export interface ExportOptions {
  wh: MartWarehouse;
  nodes: readonly CompiledNode[];
  /** Absolute project root; chart specs are found beside the marts' SQL files under it. */
  projectRoot: string;
  /** Absolute folder receiving the exports (usually <projectRoot>/exports). */
  exportDir: string;
  /** Recorded in manifest.json and used to name the staging folder; never written into data files. */
  runId: string;
  /** Project vars, substituted into chart specs as `${name}`. */
  vars: Record<string, unknown>;
  /** PNG pixel scale: 1 or 2 (default 2, sharp on slides and retina screens). */
  scale?: number;
  /** The models' descriptions and column meta from properties YAML, for the data dictionary and KPI definitions. */
  docs?: readonly ModelDocs[];
  /**
   * Apply HESA rounding and suppression to what charts and the dashboard show (default true).
   * Data files (CSV/Parquet/Arrow) always keep the marts' exact figures.
   */
  publication?: boolean;
  /** Render charts on this many worker threads (default: one per idle core, at most 4, for 64 charts or more; 0 renders in this thread). */
  chartWorkers?: number;
  /** Render charts to SVG and PNG (default true). */
  charts?: boolean;
  /** Write dashboard.html (default true). */
  dashboard?: boolean;
}

export type ExportFileKind = "csv" | "parquet" | "arrow" | "svg" | "png" | "html";

/** A column as the manifest and data dictionary describe it. */
export interface ManifestColumn extends ExportColumn {
  /** fraction (0-1), percentage_points, days, count, score_1_5, ...; see dictionary.ts. */
  unit?: string;
  description?: string;
  /** The population column(s) a rate or average rests on. */
  n?: string[];
}

export interface ExportColumn {
  name: string;
  /** DuckDB type every export format writes, e.g. "BIGINT", "DECIMAL(18,3)". */
  type: string;
  /** The mart's own type when the export narrows it (HUGEINT counts → BIGINT). */
  martType?: string;
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
  columns?: ManifestColumn[];
  /** Chart files: sha256 of what they were drawn from (spec, rows, scale, options), to skip unchanged charts. */
  inputSha256?: string;
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
