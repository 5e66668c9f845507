// Before nunjucks sees a template we scan it once: reject Jinja constructs nunjucks lacks (with a
// message naming the construct and line), rewrite the few we can support (`{% do %}`, `{% test %}`,
// macro names), and, for models, drop invisible line markers into the text so every compiled line
// can be traced back to its source line (see line-markers.ts).
import { ProjectError } from "../core/errors.js";
import { MARK } from "./line-markers.js";

export interface PrepOptions {
  /** Insert line markers (models, tests); not for macro files. */
  markers: boolean;
  /** Macro files: `{% macro x %}` → `qe__raw__x`, `{% test x %}` → macro `qe__raw__test_x`. */
  macroFile: boolean;
}

// No leading underscore: nunjucks does not export macros whose names start with one.
const SPECIAL = /\n|\{[{%#]/g;

export const RAW_PREFIX = "qe__raw__";

const ALLOWED = new Set([
  "if", "elif", "elseif", "else", "endif", "for", "endfor", "set", "endset", "macro", "endmacro",
  "call", "endcall", "filter", "endfilter", "raw", "endraw", "do",
]);
const REJECTED: Record<string, string> = {
  materialization: "custom materializations are not supported; use view, table, incremental or ephemeral",
  snapshot: "{% snapshot %} blocks belong in .sql files under snapshot-paths (snapshots/)",
  with: "use {% set %} outside the block instead",
  break: "loop controls are not enabled in dbt's Jinja either; use {% if %} inside the loop",
  continue: "loop controls are not enabled in dbt's Jinja either; use {% if %} inside the loop",
  extends: "template inheritance is not used by dbt models",
  block: "template inheritance is not used by dbt models",
  include: "include is not available in dbt; put shared SQL in a macro",
  import: "all macros in macro-paths are global already; call them directly",
  from: "all macros in macro-paths are global already; call them directly",
  autoescape: "SQL is never HTML-escaped",
  docs: "{% docs %} blocks belong in .md files under the docs paths",
  test: "{% test %} blocks belong in macro files or tests/generic/",
  endtest: "{% test %} blocks belong in macro files or tests/generic/",
};

/** Rewrites `text`; throws ProjectError "unsupported-jinja" at the construct's line. */
export function prepTemplate(text: string, file: string, opts: PrepOptions): string {
  let out = "";
  let i = 0;
  let line = 1;
  let atLineStart = true;
  let setBlockDepth = 0; // markers inside {% set x %}...{% endset %} would leak into the value
  const n = text.length;
  while (i < n) {
    if (opts.markers && atLineStart && setBlockDepth === 0) {
      // Marker goes after the indentation, so `-%}` on the previous line still strips it alike;
      // not before `{%-` (which strips backwards) nor on blank lines.
      let j = i;
      while (j < n && (text[j] === " " || text[j] === "\t")) j++;
      const rest = text.slice(j, j + 3);
      const blank = j >= n || text[j] === "\n" || text[j] === "\r";
      if (!blank && !/^[{][%{#]-/.test(rest)) {
        out += text.slice(i, j) + MARK + line + MARK;
        i = j;
      }
      atLineStart = false;
    }
    // Copy plain text up to the next newline or tag opener in one slice.
    SPECIAL.lastIndex = i;
    const sm = SPECIAL.exec(text);
    const next = sm ? sm.index : n;
    if (next > i) {
      out += text.slice(i, next);
      i = next;
      continue;
    }
    const c = text[i]!;
    if (c === "\n") {
      out += c; i++; line++; atLineStart = true;
      continue;
    }
    if (c === "{" && (text[i + 1] === "{" || text[i + 1] === "%" || text[i + 1] === "#")) {
      const kind = text[i + 1]!;
      const close = kind === "{" ? "}}" : kind === "%" ? "%}" : "#}";
      const end = findClose(text, i + 2, close, kind !== "#");
      if (end < 0) {
        throw new ProjectError("template-syntax", `unclosed '{${kind}' in template`, { file, line }, `close it with '${close}'`);
      }
      let tag = text.slice(i, end + 2);
      if (kind === "%") {
        const m = /^\{%(-?)(\s*)([A-Za-z_]\w*)/.exec(tag);
        const name = m?.[3] ?? "";
        if (name === "raw") {
          const endRaw = /\{%-?\s*endraw\s*-?%\}/g;
          endRaw.lastIndex = end + 2;
          const em = endRaw.exec(text);
          const stop = em ? em.index + em[0].length : n;
          tag = text.slice(i, stop);
        } else {
          tag = rewriteTag(tag, name, m, file, line, opts);
          if (name === "set" && !/=/.test(stripStrings(tag))) setBlockDepth++;
          if (name === "endset") setBlockDepth = Math.max(0, setBlockDepth - 1);
        }
      }
      out += tag;
      for (const ch of text.slice(i, i + tagLen(text, i, end, tag))) if (ch === "\n") line++;
      i += tagLen(text, i, end, tag);
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Raw blocks consume more than the tag itself; everything else is exactly the tag. */
function tagLen(text: string, start: number, end: number, tag: string): number {
  return text.startsWith(tag, start) ? tag.length : end + 2 - start;
}

function rewriteTag(tag: string, name: string, m: RegExpExecArray | null, file: string, line: number, opts: PrepOptions): string {
  if (opts.macroFile && name === "test") {
    return tag.replace(/^\{%(-?\s*)test(\s+)([A-Za-z_]\w*)/, `{%$1macro$2${RAW_PREFIX}test_$3`);
  }
  if (opts.macroFile && name === "endtest") return tag.replace(/endtest/, "endmacro");
  if (opts.macroFile && name === "macro") {
    return tag.replace(/^\{%(-?\s*)macro(\s+)([A-Za-z_]\w*)/, `{%$1macro$2${RAW_PREFIX}$3`);
  }
  if (name === "set") {
    // `{% set ns.x = v %}` (Jinja namespaces): nunjucks cannot parse a dotted target.
    const m2 = /^\{%(-?)\s*set\s+([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*=([\s\S]*?)(-?)%\}$/.exec(tag);
    if (m2) return `{%${m2[1]} set __qe_do = __qe_setattr(${m2[2]}, '${m2[3]}', ${m2[4]!.trim()}) ${m2[5]}%}`;
  }
  if (name === "do") {
    // `{% do x.append(1) %}` evaluates for its side effect; nunjucks has no `do`, `set` does the same.
    return tag.replace(/^\{%(-?\s*)do(\s)/, "{%$1set __qe_do =$2");
  }
  if (name === "call" && /^\{%-?\s*call\s+statement\b/.test(tag)) {
    throw unsupported("{% call statement %}", file, line, "statement blocks and run_query need the database at compile time; compute the value in SQL instead");
  }
  if (!ALLOWED.has(name)) {
    const hint = REJECTED[name] ?? "qe templates support if/for/set/macro/call/filter/raw/do";
    throw unsupported(`{% ${name} %}`, file, line, hint);
  }
  void m;
  return tag;
}

function unsupported(construct: string, file: string, line: number, hint: string): ProjectError {
  return new ProjectError("unsupported-jinja", `the Jinja construct ${construct} is not supported`, { file, line }, hint);
}

/** Index of `close` after `from`, skipping quoted strings inside tags. */
export function findClose(text: string, from: number, close: string, strings: boolean): number {
  let q: string | undefined;
  for (let k = from; k < text.length; k++) {
    const ch = text[k]!;
    if (q) {
      if (ch === "\\") k++;
      else if (ch === q) q = undefined;
      continue;
    }
    if (strings && (ch === "'" || ch === '"')) { q = ch; continue; }
    if (ch === close[0] && text[k + 1] === close[1]) return k;
  }
  return -1;
}

function stripStrings(s: string): string {
  return s.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, "''");
}
