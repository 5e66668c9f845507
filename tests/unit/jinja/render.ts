// Renders a template with the engine alone (no dbt context): Jinja2's globals plus dbt's `return`.
import { parseTemplate, renderTemplate, JINJA_GLOBALS, MISSING, MacroReturn, TemplateEval, type Globals } from "../../../src/jinja/index.js";

const globals: Globals = {
  get: (name) => (name === "return" ? (v: unknown) => { throw new MacroReturn(v); } : name in JINJA_GLOBALS ? JINJA_GLOBALS[name] : MISSING),
};

export function render(src: string, file = "t.sql"): string {
  const out = renderTemplate(parseTemplate(src, file), globals);
  if (out instanceof Promise) throw new Error("unexpected wait");
  return out;
}

/**
 * Renders `src` with the macros a macro file (`macroSrc`) defines callable by name, as dbt offers a
 * project's macros to a model. (A macro a template defines itself is bound as dbt_macro__<name>.)
 */
export function renderWithMacros(macroSrc: string, src: string, file = "t.sql"): string {
  const macros = new Map(new TemplateEval(parseTemplate(macroSrc, "macros/m.sql")).topLevelMacros().map((m) => [m.name, m] as const));
  const withMacros: Globals = { get: (name) => macros.get(name) ?? globals.get(name) };
  const out = renderTemplate(parseTemplate(src, file), withMacros);
  if (out instanceof Promise) throw new Error("unexpected wait");
  return out;
}
