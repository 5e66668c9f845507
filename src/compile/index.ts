export { compileProject, createRenderer, sha256 } from "./compile-project.js";
export type { CompileEnv } from "./compile-env.js";
export type { Renderer, RenderedSql } from "./renderer.js";
export { relationValue, ephemeralCteName, type RelationValue } from "./relation-value.js";
export * from "./types.js";
export { renderRunHooks, type RunHookPoint } from "./run-hooks.js";
