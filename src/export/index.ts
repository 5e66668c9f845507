// Public API of the export stage.
export { exportMarts } from "./export-marts.js";
export { ExportError, type ExportColumn, type ExportFileKind, type ExportManifest, type ExportOptions, type ManifestFile } from "./types.js";
export { readManifest, MANIFEST_NAME } from "./export-set.js";
export { safeStem, resolveInside } from "./safe-name.js";
export { csvField } from "./csv.js";
export { DASHBOARD_TABS, type ChartSpec, type DashboardTab } from "./chart-spec.js";
