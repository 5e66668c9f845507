// Renders a template with the engine alone (no dbt context): Jinja2's globals plus dbt's `return`.
import { parseTemplate, renderTemplate, JINJA_GLOBALS, MISSING, MacroReturn, type Globals } from "../../../src/jinja/index.js";

const globals: Globals = {
  get: (name) => (name === "return" ? (v: unknown) => { throw new MacroReturn(v); } : name in JINJA_GLOBALS ? JINJA_GLOBALS[name] : MISSING),
};

export function render(src: string, file = "t.sql"): string {
  const out = renderTemplate(parseTemplate(src, file), globals);
  if (out instanceof Promise) throw new Error("unexpected wait");
  return out;
}
