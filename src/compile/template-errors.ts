// nunjucks errors → ProjectError at the template's file and line, naming the undefined thing.
import { ProjectError, QeError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import { UNDEFINED_HINT } from "./strict-lookup.js";

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

/**
 * `phase` matters because nunjucks reports parse errors 1-based but most runtime errors 0-based.
 * `names` are the callable names in scope, for did-you-mean on unknown macros. `prepared` is the
 * text nunjucks compiled (after prepTemplate), which nunjucks' columns refer to.
 */
export function templateError(
  err: unknown, file: string, text: string, phase: "parse" | "render", names: () => Iterable<string>, prepared?: string,
): QeError {
  const e = err as NunjucksError;
  const cause = e?.cause;
  let line = typeof e?.lineno === "number" ? e.lineno : undefined;
  const raw = (cause instanceof Error ? cause.message : e?.message ?? String(err))
    .replace(/^\(.*?\)( \[Line \d+, Column \d+\])?\n\s*/, "").replace(/^parse\w+: /, "");
  if (line !== undefined && phase === "render" && !/attempted to output/.test(raw)) line += 1;
  if (cause instanceof QeError) {
    if (cause.loc?.line) return cause;
    return new ProjectError(codeOf(cause), cause.message, { file, line }, cause.hint, { cause });
  }
  const lineText = line ? text.split("\n")[line - 1]?.trim() : undefined;
  const loc = { file, line, lineText };
  const call = /Unable to call `([^`]+)`, which is undefined or falsey/.exec(raw);
  if (call) {
    const name = call[1]!;
    if (name.includes(".") || name.includes("[")) {
      return new ProjectError("undefined-name", `'${name}' is not callable here`, loc, undefined, { cause: err });
    }
    const near = didYouMean(name, names());
    return new ProjectError("undefined-macro", `'${name}' is not a macro or function`, loc,
      near ? `did you mean '${near}'?` : "macros are read from the macro-paths in dbt_project.yml", { cause: err });
  }
  if (/attempted to output null or undefined value/.test(raw)) {
    const expr = outputExpr(prepared, line, e.colno) ?? onlyExpr(lineText);
    const what = expr ? `'${expr}'` : "a value";
    return new ProjectError("undefined-name", `${what} is undefined`, loc, UNDEFINED_HINT, { cause: err });
  }
  if (phase === "parse" && /end of file/.test(raw)) {
    const open = unclosedBlock(text);
    if (open) {
      return new ProjectError("template-syntax", `{% ${open.tag} %} is never closed`, { file, line: open.line, lineText: text.split("\n")[open.line - 1]?.trim() },
        `add {% end${open.tag} %}`, { cause: err });
    }
  }
  if (phase === "parse") return new ProjectError("template-syntax", `template syntax error: ${raw}`, loc, undefined, { cause: err });
  return new ProjectError("template-error", raw.replace(/^Error: /, ""), loc, undefined, { cause: err });
}

function codeOf(e: QeError): string {
  return e.code;
}

const OUTPUT = /^\{\{-?\s*([\s\S]*?)\s*-?\}\}/;

/**
 * The expression of the `{{ }}` that output undefined: nunjucks gives its 1-based line and column
 * in the prepared text (a line may hold several `{{ }}`, so the first one is no guess).
 */
function outputExpr(prepared: string | undefined, line: number | undefined, colno: number | undefined): string | undefined {
  if (prepared === undefined || !line || !colno) return undefined;
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = prepared.indexOf("\n", at);
    if (nl < 0) return undefined;
    at = nl + 1;
  }
  return OUTPUT.exec(prepared.slice(at + colno - 1))?.[1]?.replace(/\s+/g, " ");
}

/** Without a column, a line's expression is only known when the line has just one. */
function onlyExpr(lineText: string | undefined): string | undefined {
  const all = lineText ? [...lineText.matchAll(/\{\{-?\s*(.*?)\s*-?\}\}/g)] : [];
  return all.length === 1 ? all[0]![1] : undefined;
}

const BLOCKS = new Set(["if", "for", "macro", "call", "filter", "raw"]);

/** The innermost block tag left open at the end of the template, with its line. */
function unclosedBlock(text: string): { tag: string; line: number } | undefined {
  const stack: { tag: string; line: number }[] = [];
  for (const m of text.matchAll(/\{%-?\s*(\w+)([^%]*)%\}/g)) {
    const tag = m[1]!;
    const line = text.slice(0, m.index).split("\n").length;
    if (BLOCKS.has(tag) || (tag === "set" && !m[2]!.includes("="))) stack.push({ tag, line });
    else if (tag.startsWith("end")) {
      const i = stack.map((s) => s.tag).lastIndexOf(tag.slice(3));
      if (i >= 0) stack.length = i;
    }
  }
  return stack[stack.length - 1];
}
