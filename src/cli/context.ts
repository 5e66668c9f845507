// What every command receives: the pipeline's context with the full reporter (errors, summary).
import type { PipelineContext } from "../pipeline/context.js";
import type { Reporter } from "./reporter.js";

export type { GlobalOptions } from "../pipeline/context.js";

export interface CommandContext extends PipelineContext {
  reporter: Reporter;
}
