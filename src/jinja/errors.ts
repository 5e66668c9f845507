// Template errors: located by construction (the evaluator adds the position of the node it was
// evaluating), with stable codes the CLI prints.
import { CodedError, QeError, type SourceLoc } from "../core/errors.js";

/** A template that does not parse. */
export class TemplateSyntaxError extends CodedError {
  constructor(message: string, loc: SourceLoc, opts?: ErrorOptions & { hint?: string }) {
    super("template-syntax", message, loc, opts?.hint, opts);
  }
}

/** A problem while rendering: a type error, an undefined name used, a bad call. */
export class TemplateRuntimeError extends CodedError {}

/** Adds a location to an error that has none; QeErrors keep their code and hint. */
export function locate(e: unknown, loc: SourceLoc): QeError {
  if (e instanceof QeError) {
    if (e.loc?.line) return e;
    return new TemplateRuntimeError(e.code, e.message, { ...loc, file: e.loc?.file ?? loc.file }, e.hint, { cause: e });
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new TemplateRuntimeError("template-error", msg, loc, undefined, { cause: e });
}
