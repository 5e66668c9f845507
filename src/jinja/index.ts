// src/jinja: Jinja with Jinja2's semantics as dbt configures it, on nunjucks' lexer and parser.
// parse.ts (+ extension-tags.ts) → evaluator.ts (runtime.ts, undefined.ts) → filters.ts, tests.ts,
// methods.ts, attributes.ts; Python value semantics in values.ts.
import { TemplateEval, Sink } from "./evaluator.js";
import { sourceLinesOf } from "./source-lines.js";
import { drive, type Globals, type Macro } from "./runtime.js";
import type { ParsedTemplate } from "./parse.js";

export { parseTemplate, type ParsedTemplate } from "./parse.js";
export { TemplateEval, callValue } from "./evaluator.js";
export { Macro, MacroReturn, Frame, MISSING, Namespace, drive, type Globals, type Gen } from "./runtime.js";
export { Undefined } from "./undefined.js";
export { TemplateSyntaxError, TemplateRuntimeError } from "./errors.js";
export { Kwargs, PyFloat, PySlice, NOT_IMPLEMENTED, pyStr, pyRepr, pyJson, truthy, isDict, tuple, PY_MAPPING, type ArithOp, type PyOperand } from "./values.js";
export { JINJA_GLOBALS } from "./builtins.js";
export { getAttr, getItem } from "./attributes.js";

/** Renders a parsed template: a string, or a Promise when a host function had to wait. */
export function renderTemplate(t: ParsedTemplate, globals: Globals, locals?: Record<string, unknown>, packageName?: string): string | Promise<string> {
  return drive(new TemplateEval(t, packageName).render(globals, locals));
}

/** Calls a macro from host code (the compile stage, a dbt context function). */
export function callMacro(m: Macro, args: unknown[], kwargs: Record<string, unknown>, globals: Globals): unknown {
  return drive(m.call(args, kwargs, globals));
}

/** Renders a model's template keeping, per output line, the template line it came from. */
export function renderWithLines(t: ParsedTemplate, globals: Globals): { text: string; sourceLines: number[] } | Promise<{ text: string; sourceLines: number[] }> {
  const sink = new Sink([]);
  const r = drive(new TemplateEval(t).render(globals, {}, sink));
  return r instanceof Promise ? r.then(() => sourceLinesOf(sink)) : sourceLinesOf(sink);
}
