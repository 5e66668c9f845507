export { writeCompiled, writeCompiledHooks, compiledPath } from "./compiled-files.js";
export { writeManifest, buildManifest, type ArtifactMeta } from "./manifest.js";
export { writeRunResults, buildRunResults } from "./run-results.js";
export { writeFileAtomic } from "../core/write-atomic.js";
export { writeSourcesJson, buildSourcesJson } from "./sources-json.js";
