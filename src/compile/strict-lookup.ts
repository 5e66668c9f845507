// Jinja raises "'x' is undefined" for `x.y` when x is undefined; nunjucks quietly yields undefined,
// so `{% if x.y %}` passed silently and `{{ x.y }}` failed later at the output, far from the name.
// We change how nunjucks compiles a lookup: it records the lookup's line (as nunjucks already does
// for calls) and passes the target's source text, so the lookup can throw naming it.
import nunjucks from "nunjucks";
import { ProjectError } from "../core/errors.js";

export const UNDEFINED_HINT = "define it with {% set %}, pass it as a var, or check the spelling";

interface Node {
  typename: string;
  lineno: number;
  colno: number;
  value?: unknown;
  target?: Node;
  val?: Node;
  name?: Node;
}

interface CompilerProto {
  _emit(code: string): void;
  _compileExpression(node: Node, frame: unknown): void;
  compileLookupVal(node: Node, frame: unknown): void;
}

type Lookup = (obj: unknown, key: unknown, ...rest: unknown[]) => unknown;

let installed = false;

/** Installs once per process, after any other memberLookup patch (see jinja-compat.ts). */
export function installStrictLookup(): void {
  if (installed) return;
  installed = true;
  const nj = nunjucks as unknown as { compiler: { Compiler: { prototype: CompilerProto } }; runtime: { memberLookup: Lookup } };
  nj.compiler.Compiler.prototype.compileLookupVal = function compileLookupVal(node, frame) {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.memberLookup((`);
    this._compileExpression(node.target!, frame);
    this._emit("),");
    this._compileExpression(node.val!, frame);
    // A slice (`x[1:3]`) compiles to three arguments and memberLookup counts them: no name then.
    const slice = node.val!.typename === "Slice";
    this._emit(slice ? "))" : `, ${JSON.stringify(describe(node.target!) ?? "")}))`);
  };
  const orig = nj.runtime.memberLookup;
  nj.runtime.memberLookup = function memberLookup(obj, key, ...rest) {
    // Only lookups compiled above pass a third argument; nunjucks' own calls keep their behaviour.
    if (obj === undefined && typeof rest[0] === "string") throw undefinedTarget(rest[0], key);
    return orig.call(this, obj, key, ...rest);
  };
}

function undefinedTarget(what: string, key: unknown): ProjectError {
  const msg = what ? `'${what}' is undefined` : `cannot look up '${String(key)}' on an undefined value`;
  return new ProjectError("undefined-name", msg, undefined, UNDEFINED_HINT);
}

/** The source text of a lookup target when it is a name, a.b, a[0] or f(...); else undefined. */
export function describe(node: Node): string | undefined {
  switch (node.typename) {
    case "Symbol":
      return String(node.value);
    case "LookupVal": {
      const base = describe(node.target!);
      const v = node.val!;
      if (base === undefined || v.typename !== "Literal") return undefined;
      return typeof v.value === "string" && /^[A-Za-z_]\w*$/.test(v.value) ? `${base}.${v.value}` : `${base}[${JSON.stringify(v.value)}]`;
    }
    case "FunCall": {
      const base = describe(node.name!);
      return base === undefined ? undefined : `${base}(...)`;
    }
    default:
      return undefined;
  }
}
