// nunjucks errors → ProjectError at the template's file and line, naming the undefined thing.
import { ProjectError, QeError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

/**
 * `phase` matters because nunjucks reports parse errors 1-based but most runtime errors 0-based.
 * `names` are the callable names in scope, for did-you-mean on unknown macros.
 */
export function templateError(err: unknown, file: string, text: string, phase: "parse" | "render", names: () => Iterable<string>): QeError {
  const e = err as NunjucksError;
  const cause = e?.cause;
  let line = typeof e?.lineno === "number" ? e.lineno : undefined;
  const raw = (cause instanceof Error ? cause.message : e?.message ?? String(err)).replace(/^\(.*?\) \[Line \d+, Column \d+\]\n\s*/, "");
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
    const expr = lineText ? /\{\{-?\s*(.*?)\s*-?\}\}/.exec(lineText)?.[1] : undefined;
    const what = expr ? `'${expr}'` : "a value";
    return new ProjectError("undefined-name", `${what} is undefined`, loc, "define it with {% set %}, pass it as a var, or check the spelling", { cause: err });
  }
  if (phase === "parse") return new ProjectError("template-syntax", `template syntax error: ${raw}`, loc, undefined, { cause: err });
  return new ProjectError("template-error", raw.replace(/^Error: /, ""), loc, undefined, { cause: err });
}

function codeOf(e: QeError): string {
  return e.code;
}
