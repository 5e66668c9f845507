// Recovers which literals in compiled SQL were written as `{{ var('name') }}`: the literal's line
// maps back to a template line (CompiledNode.sourceLines) that calls var('name') (or calls a project
// macro whose body does), and its value is that var's value. Both must hold, and exactly one var may
// fit, so a `round(x, 6)` beside a var on the same line is not taken and nothing is guessed.
import type { VarLookup } from "./types.js";

const VAR_CALL = /\bvar\(\s*['"]([\w.-]+)['"]/g;
const CALL = /\b([A-Za-z_]\w*)\s*\(/g;

export interface VarSource {
  compiledSql: string;
  /** sourceLines[i] = template line that produced compiled line i+1 (0 when unknown). */
  sourceLines: readonly number[];
  rawSql: string;
  /** The vars in force (project vars with --vars over them). */
  vars: Readonly<Record<string, unknown>>;
  /** Project macros by name → the var names their bodies read literally (`var('x')`). */
  macroVars?: ReadonlyMap<string, readonly string[]>;
}

/** The var names a template text reads literally, in order of appearance. */
export function varsRead(text: string): string[] {
  return [...new Set([...text.matchAll(VAR_CALL)].map((m) => m[1]!))];
}

export function varLookup(src: VarSource): VarLookup {
  const bytes = Buffer.from(src.compiledSql, "utf8");
  const rawLines = src.rawSql.split("\n");
  return (offset, value) => {
    if (!Number.isFinite(offset) || offset < 0 || offset > bytes.length) return undefined;
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    const rawLine = src.sourceLines[line - 1];
    if (!rawLine) return undefined;
    const text = rawLines[rawLine - 1] ?? "";
    const candidates = new Set(varsRead(text));
    for (const m of text.matchAll(CALL)) for (const v of src.macroVars?.get(m[1]!) ?? []) candidates.add(v);
    const fits = [...candidates].filter((name) => sameValue(src.vars[name], value));
    return fits.length === 1 ? fits[0] : undefined;
  };
}

function sameValue(varValue: unknown, literal: unknown): boolean {
  if (varValue === undefined || varValue === null || literal === undefined || literal === null) return false;
  if (typeof varValue === "number" || typeof literal === "number") return Number(varValue) === Number(literal);
  return String(varValue) === String(literal);
}
