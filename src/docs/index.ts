export { generateDocs, type DocsInput, type DocsSummary, type DocsWarehouse } from "./generate-docs.js";
export { serveDocs, type DocsServer } from "./serve-docs.js";
export { DocsError } from "./errors.js";
