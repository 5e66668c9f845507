// A fast path for the templates most models are: text plus `{{ ref('x') }}`, `{{ var('y') }}`,
// `{{ macro('a', b) }}`, `{{ this }}` and `{% set x = var('z') %}`. Those are evaluated directly
// instead of through nunjucks' lexer, parser, compiler and `new Function`, which dominate compile
// time on large projects. Anything else returns undefined from parseFast and goes to nunjucks;
// a surprise at run time (an undefined name, a non-ProjectError exception) throws FallBack so
// nunjucks re-renders and reports the error its usual way.

type Expr =
  | { t: "lit"; v: unknown }
  | { t: "name"; path: string[] }
  | { t: "call"; name: string; args: Expr[]; kwargs: [string, Expr][] };

type Step =
  | { t: "text"; s: string }
  | { t: "out"; e: Expr; line: number }
  | { t: "set"; name: string; e: Expr; line: number };

export type FastProgram = Step[];

export class FallBack extends Error {}

const TAG = /\{\{(-?)([\s\S]*?)(-?)\}\}|\{%(-?)([\s\S]*?)(-?)%\}|\{#(-?)[\s\S]*?(-?)#\}/g;

/** Parses `text` (already through prepTemplate) into a program, or undefined if it needs nunjucks. */
export function parseFast(text: string): FastProgram | undefined {
  const steps: Step[] = [];
  let last = 0;
  let line = 1;
  let stripNext = false;
  const pushText = (s: string, stripBefore: boolean) => {
    let x = stripNext ? s.replace(/^\s+/, "") : s;
    if (stripBefore) x = x.replace(/\s+$/, "");
    if (x) steps.push({ t: "text", s: x });
  };
  for (const m of text.matchAll(TAG)) {
    const before = text.slice(last, m.index);
    line += count(before);
    const tagLine = line;
    line += count(m[0]);
    last = m.index + m[0].length;
    if (m[0].startsWith("{{")) {
      pushText(before, m[1] === "-");
      const e = parseExpr(m[2]!);
      if (!e) return undefined;
      steps.push({ t: "out", e, line: tagLine });
      stripNext = m[3] === "-";
    } else if (m[0].startsWith("{%")) {
      pushText(before, m[4] === "-");
      const sm = /^\s*set\s+([A-Za-z_]\w*)\s*=\s*([\s\S]*?)\s*$/.exec(m[5]!);
      if (!sm) return undefined;
      const e = parseExpr(sm[2]!);
      if (!e) return undefined;
      steps.push({ t: "set", name: sm[1]!, e, line: tagLine });
      stripNext = m[6] === "-";
    } else {
      pushText(before, m[7] === "-");
      stripNext = m[8] === "-";
    }
  }
  if (text.slice(last).includes("{")) {
    // An unclosed tag or a stray brace pair: let nunjucks judge.
    if (/\{[{%#]/.test(text.slice(last))) return undefined;
  }
  pushText(text.slice(last), false);
  return steps;
}

export interface FastScope {
  lookup(name: string): unknown;
  /** Wraps an error thrown by a called function with the template line. */
  locate(e: unknown, line: number): never;
}

export function runFast(prog: FastProgram, scope: FastScope): string {
  const locals = new Map<string, unknown>();
  let out = "";
  for (const s of prog) {
    if (s.t === "text") {
      out += s.s;
      continue;
    }
    const v = evaluate(s.e, locals, scope, s.line);
    if (s.t === "set") locals.set(s.name, v);
    else {
      if (v === undefined || v === null) throw new FallBack();
      out += String(v);
    }
  }
  return out;
}

function evaluate(e: Expr, locals: Map<string, unknown>, scope: FastScope, line: number): unknown {
  if (e.t === "lit") return e.v;
  if (e.t === "name") {
    const [head, ...rest] = e.path;
    let v = locals.has(head!) ? locals.get(head!) : scope.lookup(head!);
    for (const p of rest) {
      if (v === null || v === undefined || typeof v !== "object") throw new FallBack();
      v = (v as Record<string, unknown>)[p];
    }
    if (v === undefined) throw new FallBack();
    return v;
  }
  const fn = locals.has(e.name) ? locals.get(e.name) : scope.lookup(e.name);
  if (typeof fn !== "function") throw new FallBack();
  const args = e.args.map((a) => evaluate(a, locals, scope, line));
  if (e.kwargs.length > 0) {
    const kw: Record<string, unknown> = { __keywords: true };
    for (const [k, a] of e.kwargs) kw[k] = evaluate(a, locals, scope, line);
    args.push(kw);
  }
  try {
    return (fn as (...a: unknown[]) => unknown)(...args);
  } catch (err) {
    return scope.locate(err, line);
  }
}

// ---- a tiny expression parser: calls, dotted names, string/number/bool/none literals

const TOKEN = /\s*(?:('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_]\w*)|([().,=]))/y;

function parseExpr(src: string): Expr | undefined {
  const toks: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) return undefined;
    toks.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    pos = TOKEN.lastIndex;
  }
  let i = 0;
  const peek = () => toks[i];
  const value = (): Expr | undefined => {
    const t = toks[i++];
    if (t === undefined) return undefined;
    if (t[0] === "'" || t[0] === '"') {
      if (t.includes("\\")) return undefined;
      return { t: "lit", v: t.slice(1, -1) };
    }
    if (/^-?\d/.test(t)) return { t: "lit", v: Number(t) };
    if (!/^[A-Za-z_]/.test(t)) return undefined;
    if (t === "true" || t === "True") return { t: "lit", v: true };
    if (t === "false" || t === "False") return { t: "lit", v: false };
    if (t === "none" || t === "None") return { t: "lit", v: null };
    if (["and", "or", "not", "if", "else", "in", "is"].includes(t)) return undefined;
    if (peek() === "(") {
      i++;
      const args: Expr[] = [];
      const kwargs: [string, Expr][] = [];
      while (peek() !== ")") {
        if (peek() === undefined) return undefined;
        if (/^[A-Za-z_]/.test(peek()!) && toks[i + 1] === "=") {
          const k = toks[i]!;
          i += 2;
          const v = value();
          if (!v) return undefined;
          kwargs.push([k, v]);
        } else {
          if (kwargs.length > 0) return undefined;
          const v = value();
          if (!v) return undefined;
          args.push(v);
        }
        if (peek() === ",") i++;
        else if (peek() !== ")") return undefined;
      }
      i++;
      return { t: "call", name: t, args, kwargs };
    }
    const path = [t];
    while (peek() === ".") {
      i++;
      const p = toks[i++];
      if (!p || !/^[A-Za-z_]\w*$/.test(p)) return undefined;
      path.push(p);
    }
    return { t: "name", path };
  };
  const e = value();
  return e && i === toks.length ? e : undefined;
}

function count(s: string): number {
  let n = 0;
  for (let k = s.indexOf("\n"); k >= 0; k = s.indexOf("\n", k + 1)) n++;
  return n;
}
