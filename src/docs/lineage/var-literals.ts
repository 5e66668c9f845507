// Recovers which literals in compiled SQL were written as `{{ var('name') }}`: the literal's line
// maps back to a template line (CompiledNode.sourceLines) that calls var('name'), and its value is
// that var's value. Both must hold, so a `round(x, 6)` beside a var on the same line is not taken.
import type { VarLookup } from "./types.js";

const VAR_CALL = /\bvar\(\s*['"]([\w.-]+)['"]/g;

export interface VarSource {
  compiledSql: string;
  /** sourceLines[i] = template line that produced compiled line i+1 (0 when unknown). */
  sourceLines: readonly number[];
  rawSql: string;
  /** The vars in force (project vars with --vars over them). */
  vars: Readonly<Record<string, unknown>>;
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
    for (const m of (rawLines[rawLine - 1] ?? "").matchAll(VAR_CALL)) {
      const name = m[1]!;
      if (sameValue(src.vars[name], value)) return name;
    }
    return undefined;
  };
}

function sameValue(varValue: unknown, literal: unknown): boolean {
  if (varValue === undefined || varValue === null || literal === undefined || literal === null) return false;
  if (typeof varValue === "number" || typeof literal === "number") return Number(varValue) === Number(literal);
  return String(varValue) === String(literal);
}
