export { loadProject, type LoadProjectOptions } from "./load-project.js";
export { parseVarsArg } from "./vars-arg.js";
export * from "./types.js";
