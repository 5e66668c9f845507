// The macros a project defines, one per `{% macro %}` / `{% test %}` block, for the docs site:
// name, arguments, body, and the Jinja comment right above it as its description (how the QE
// project documents its macros; dbt would read a `macros:` properties entry instead).
import type { MacroFile } from "../../project/types.js";

export interface MacroDef {
  name: string;
  /** "macro" or "test" (a generic test definition). */
  kind: "macro" | "test";
  path: string;
  line: number;
  args: string;
  sql: string;
  description: string;
}

const START = /{%-?\s*(macro|test)\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s*-?%}/g;
const COMMENT_BEFORE = /{#-?([\s\S]*?)-?#}\s*$/;

export function macroDefs(files: readonly MacroFile[]): MacroDef[] {
  const out: MacroDef[] = [];
  for (const f of files) {
    for (const m of f.text.matchAll(START)) {
      const kind = m[1] as "macro" | "test";
      const endTag = new RegExp(`{%-?\\s*end${kind}\\s*-?%}`, "g");
      endTag.lastIndex = m.index! + m[0].length;
      const end = endTag.exec(f.text);
      const stop = end ? end.index + end[0].length : f.text.length;
      const before = f.text.slice(0, m.index);
      out.push({
        name: m[2]!,
        kind,
        path: f.path,
        line: before.split("\n").length,
        args: m[3]!.trim(),
        sql: f.text.slice(m.index, stop),
        description: (COMMENT_BEFORE.exec(before)?.[1] ?? "").replace(/\s+/g, " ").trim(),
      });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether a template calls the macro (`name(` outside of a longer word); what "used by" lists. */
export function callsMacro(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w.])${name}\\s*\\(`).test(text);
}
