// The evaluator: walks nunjucks' node tree with Jinja2's semantics (Python values, scoping of
// `for` and macros, `return()`, loop controls, call blocks). Every method is a generator so a host
// function may return a Promise (run_query) and the render waits for it; `drive` keeps the whole
// render synchronous when none does. Errors get the position of the node being evaluated.
import { TemplateRuntimeError, locate } from "./errors.js";
import { textAt, lineAt, type JNode, type ParsedTemplate } from "./parse.js";
import { Frame, LoopContext, LoopSignal, Macro, MacroReturn, MISSING, type Gen, type Globals, type MacroParam } from "./runtime.js";
import { Undefined, UndefinedUse } from "./undefined.js";
import { getAttr, getItem } from "./attributes.js";
import { FILTERS } from "./filters.js";
import { TESTS } from "./tests.js";
import { Kwargs, PyFloat, PySlice, arith, isDict, isFloat, iterate, makeFloat, num, pyCompare, pyContains, pyEq, pyStr, truthy, tuple, typeName, type ArithOp } from "./values.js";
import { INTRINSICS } from "./tag-forms.js";
import { didYouMean } from "../core/did-you-mean.js";

const CONSTANTS: Record<string, unknown> = { True: true, False: false, None: null, true: true, false: false, none: null };
const ARITH: Record<string, ArithOp> = { Add: "+", Sub: "-", Mul: "*", Div: "/", FloorDiv: "//", Mod: "%", Pow: "**" };

/** Names the evaluator offers for did-you-mean when a call names nothing. */
export interface NameSource {
  names(): Iterable<string>;
}

/**
 * Where rendered text goes. `lines`, when kept (a top-level model render), holds per part the
 * source line it starts on: positive for template text (later lines of the part follow on), negative
 * for an expression's value (all its lines belong to the expression's line).
 */
export class Sink {
  readonly parts: string[] = [];
  constructor(readonly lines: number[] | null) {}
}

export class TemplateEval {
  constructor(readonly t: ParsedTemplate, readonly packageName?: string) {}

  /** Renders the whole template in a fresh top-level frame. */
  *render(globals: Globals, locals: Record<string, unknown> = {}, out: Sink = new Sink(null)): Gen<string> {
    const frame = new Frame(null, globals);
    for (const [k, v] of Object.entries(locals)) frame.vars.set(k, v);
    try {
      yield* this.block(this.t.root.children, frame, out);
    } catch (e) {
      if (e instanceof MacroReturn) throw new TemplateRuntimeError("template-error", "return() is only allowed inside a macro", { file: this.t.file });
      throw e;
    }
    return out.parts.join("");
  }

  /** The macros a file defines at its top level (`{% macro %}`, `{% test %}`, `{% materialization %}`). */
  topLevelMacros(closure: Frame = new Frame(null, { get: () => MISSING })): Macro[] {
    return this.t.root.children.filter((n) => n.typename === "Macro").map((n) => this.macro(n, closure, null));
  }

  *block(nodes: readonly JNode[], frame: Frame, out: Sink): Gen<void> {
    for (const node of nodes) {
      if (node.typename === "Output") {
        for (const c of node.children) {
          if (c.typename === "TemplateData") {
            out.parts.push(c.value as string);
            if (out.lines) out.lines.push(this.dataLine(c));
          } else {
            out.parts.push(pyStr((this.sync(c) ? this.evalSync(c, frame) : yield* this.expr(c, frame))));
            if (out.lines) out.lines.push(-(c.lineno + 1));
          }
        }
        continue;
      }
      try {
        yield* this.statement(node, frame, out);
      } catch (e) {
        throw this.located(e, node);
      }
    }
  }

  private *statement(node: JNode, frame: Frame, out: Sink): Gen<void> {
    switch (node.typename) {
      case "If": {
        if (truthy((this.sync(node.cond) ? this.evalSync(node.cond, frame) : yield* this.expr(node.cond, frame)))) yield* this.block(node.body.children, frame, out);
        else if (node.else_) {
          if (node.else_.typename === "If") yield* this.statement(node.else_, frame, out);
          else yield* this.block(node.else_.children, frame, out);
        }
        return;
      }
      case "For": return yield* this.forLoop(node, frame, out);
      case "Set": return yield* this.set(node, frame);
      case "Macro": {
        // dbt's parser (MacroFuzzParser) binds a template's own `{% macro m %}` as dbt_macro__m, so a
        // model cannot call a macro it defines by its name: dbt reports it undefined, and so do we.
        const bound = `dbt_macro__${node.name.value as string}`;
        frame.vars.set(bound, this.macro(node, frame, null, bound));
        return;
      }
      case "CallExtension": return yield* this.extension(node, frame, out);
      case "NodeList": return yield* this.block(node.children, frame, out);
      default:
        throw new TemplateRuntimeError("unsupported-jinja", `{% ${node.typename.toLowerCase()} %} is not available in dbt's Jinja`, undefined,
          "dbt models and macros use if/for/set/macro/call/filter/do/raw");
    }
  }

  private *forLoop(node: JNode, frame: Frame, out: Sink): Gen<void> {
    // `{% for x in xs if c %}` reaches us as an inline if without else around the iterable (tag-forms.ts
    // refuses one with else): Jinja2 filters the items, the loop variable bound, before the loop counts them.
    const filter = node.arr.typename === "InlineIf" ? node.arr : null;
    const source = filter ? filter.body : node.arr;
    let items = iterate((this.sync(source) ? this.evalSync(source, frame) : yield* this.expr(source, frame)));
    const targets = node.name.typename === "Array" ? node.name.children.map((c) => c.value as string) : null;
    const bind = (f: Frame, item: unknown) => (targets ? this.unpack(targets, item, f) : f.vars.set(node.name.value as string, item));
    if (filter) {
      const kept: unknown[] = [];
      for (const item of items) {
        const f = frame.child();
        bind(f, item);
        if (truthy((this.sync(filter.cond) ? this.evalSync(filter.cond, f) : yield* this.expr(filter.cond, f)))) kept.push(item);
      }
      items = kept;
    }
    if (items.length === 0) {
      if (node.else_) yield* this.block(node.else_.children, frame, out);
      return;
    }
    const outer = frame.lookup("loop");
    const loop = new LoopContext(items, outer instanceof LoopContext ? outer.depth : 0);
    for (let i = 0; i < items.length; i++) {
      loop.index0 = i;
      const f = frame.child();
      bind(f, items[i]);
      f.vars.set("loop", loop);
      try {
        yield* this.block(node.body.children, f, out);
      } catch (e) {
        if (!(e instanceof LoopSignal)) throw e;
        if (e.kind === "break") break;
      }
    }
  }

  private unpack(names: readonly string[], value: unknown, frame: Frame): void {
    const parts = iterate(value);
    if (parts.length !== names.length) {
      throw new TemplateRuntimeError("template-error", `cannot unpack ${parts.length} value(s) into ${names.length} name(s)`);
    }
    names.forEach((n, i) => frame.vars.set(n, parts[i]));
  }

  private *set(node: JNode, frame: Frame): Gen<void> {
    let value: unknown;
    if (node.value === null && node.body) {
      const out = new Sink(null);
      yield* this.block(node.body.body.children, frame, out);
      value = out.parts.join("");
    } else {
      value = (this.sync(node.value as JNode) ? this.evalSync(node.value as JNode, frame) : yield* this.expr(node.value as JNode, frame));
    }
    if (node.targets.length > 1) {
      if (node.targets.some((t) => t.typename !== "Symbol")) throw new TemplateRuntimeError("template-error", "can only unpack into names");
      this.unpack(node.targets.map((t) => t.value as string), value, frame);
      return;
    }
    const target = node.targets[0]!;
    if (target.typename === "Symbol") {
      frame.vars.set(target.value as string, value);
      return;
    }
    if (target.typename === "LookupVal") {
      // `{% set ns.attr = v %}`: Jinja allows it on a namespace object.
      const obj = (this.sync(target.target) ? this.evalSync(target.target, frame) : yield* this.expr(target.target, frame));
      const key = pyStr((this.sync(target.val) ? this.evalSync(target.val, frame) : yield* this.expr(target.val, frame)));
      if (obj === null || typeof obj !== "object" || obj instanceof Undefined || Array.isArray(obj)) {
        throw new TemplateRuntimeError("template-error", `cannot assign attribute on a ${typeName(obj)}; use namespace()`);
      }
      (obj as Record<string, unknown>)[key] = value;
      return;
    }
    throw new TemplateRuntimeError("template-syntax", "can only assign to a name or a namespace attribute");
  }

  private *extension(node: JNode, frame: Frame, out: Sink): Gen<void> {
    switch (node.prop) {
      case "do":
        (this.sync(node.args.children[0]!) ? this.evalSync(node.args.children[0]!, frame) : yield* this.expr(node.args.children[0]!, frame));
        return;
      case "break":
      case "continue":
        throw new LoopSignal(node.prop);
      case "snapshot":
        return yield* this.block(node.contentArgs[0]!.children, frame, out);
      case "with": {
        const f = frame.child();
        for (const p of node.args.children) f.vars.set(p.key.value as string, (this.sync(p.value as JNode) ? this.evalSync(p.value as JNode, frame) : yield* this.expr(p.value as JNode, frame)));
        return yield* this.block(node.contentArgs[0]!.children, f, out);
      }
      default:
        return; // docs blocks render nothing where they stand
    }
  }

  /**
   * A Macro for a `{% macro %}` / call-block node; `closure` is the scope it was defined in.
   * `boundAs`: the name a template binds it to (Jinja2's Macro.name), when it is a Jinja2 macro of
   * the template rather than one of a macro file's (which dbt wraps as a MacroGenerator).
   */
  macro(node: JNode, closure: Frame, fixedName: string | null, boundAs?: string): Macro {
    const name = fixedName ?? (node.name.value as string);
    const params: MacroParam[] = [];
    const defaults = new Map<string, JNode>();
    for (const a of node.args.children) {
      if (a.typename === "KeywordArgs") {
        for (const p of a.children) {
          params.push({ name: p.key.value as string, hasDefault: true });
          defaults.set(p.key.value as string, p.value as JNode);
        }
      } else if (a.typename === "Symbol") params.push({ name: a.value as string, hasDefault: false });
      else throw this.located(new TemplateRuntimeError("template-syntax", `a macro's parameters are names (with defaults): '${name}' has something else`), a);
    }
    const used = usedNames(node.body);
    const catchVarargs = used.has("varargs");
    const catchKwargs = used.has("kwargs");
    const jinja = boundAs === undefined && fixedName === null ? undefined : { name: boundAs ?? null, catchVarargs, catchKwargs, caller: used.has("caller") };
    const self = this;
    return new Macro(name, params, this.t.file, function* run(args, kwargs, globals) {
      const f = new Frame(closure, globals);
      const extraKw: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(kwargs)) {
        if (k === "caller") f.vars.set("caller", v);
        else if (!params.some((p) => p.name === k)) {
          if (!catchKwargs) throw new TemplateRuntimeError("template-error", `macro '${name}' takes no keyword argument '${k}'`);
          extraKw[k] = v;
        }
      }
      if (args.length > params.length && !catchVarargs) {
        throw new TemplateRuntimeError("template-error", `macro '${name}' takes not more than ${params.length} argument(s)`);
      }
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!;
        if (i < args.length) f.vars.set(p.name, args[i]);
        else if (Object.prototype.hasOwnProperty.call(kwargs, p.name)) f.vars.set(p.name, kwargs[p.name]);
        else if (p.hasDefault) f.vars.set(p.name, yield* self.expr(defaults.get(p.name)!, f));
        else f.vars.set(p.name, new Undefined(p.name, `'${p.name}' is undefined (macro '${name}' was called without it)`));
      }
      // Jinja defines varargs / kwargs only in macros that read them.
      if (catchVarargs) f.vars.set("varargs", tuple(args.slice(params.length)));
      if (catchKwargs) f.vars.set("kwargs", extraKw);
      const out = new Sink(null);
      try {
        yield* self.block(node.body.children, f, out);
      } catch (e) {
        if (e instanceof MacroReturn) return e.value;
        throw e;
      }
      return out.parts.join("");
    }, this.packageName, jinja);
  }

  *expr(node: JNode, frame: Frame): Gen<unknown> {
    try {
      if (node.typename === "FunCall") {
        try {
          return yield* this.call(node, frame);
        } catch (e) {
          throw this.located(e, node.name); // at the callee's name, not the parenthesis
        }
      }
      return yield* this.evalNode(node, frame);
    } catch (e) {
      throw this.located(e, node);
    }
  }

  /** Whether a node can be evaluated without waiting: no call (a macro or host function) inside it. Cached per node. */
  sync(node: JNode): boolean {
    if (node.isSync !== undefined) return node.isSync;
    let ok: boolean;
    switch (node.typename) {
      case "Literal": case "Symbol": ok = true; break;
      case "FunCall": ok = isIntrinsic(node) && node.args.children.every((a) => this.sync(a)); break;
      case "Caller": case "Capture": ok = false; break;
      case "LookupVal": ok = this.sync(node.target) && this.sync(node.val); break;
      case "Group": case "Array": ok = node.children.every((c) => this.sync(c)); break;
      case "NodeList": ok = node.children.every((a) => (a.typename === "KeywordArgs" ? a.children.every((p) => this.sync(p.value as JNode)) : this.sync(a))); break;
      case "Dict": ok = node.children.every((p) => this.sync(p.key) && this.sync(p.value as JNode)); break;
      case "InlineIf": ok = this.sync(node.cond) && this.sync(node.body) && (!node.else_ || this.sync(node.else_)); break;
      case "Not": case "Neg": case "Pos": ok = this.sync(node.target); break;
      case "Compare": ok = this.sync(node.expr) && node.ops.every((o) => this.sync(o.expr)); break;
      case "Filter": ok = node.args.children.every((a) => (a.typename === "KeywordArgs" ? a.children.every((p) => this.sync(p.value as JNode)) : this.sync(a))); break;
      case "Is": ok = this.sync(node.left) && (node.right.typename !== "FunCall" || node.right.args.children.every((a) => this.sync(a))); break;
      default: ok = node.left !== undefined && node.right !== undefined && this.sync(node.left) && this.sync(node.right) && (node.typename in ARITH || ["Or", "And", "Concat", "In"].includes(node.typename));
    }
    node.isSync = ok;
    return ok;
  }

  /** Evaluates a node for which sync() is true: evalNode's semantics, without a generator (the common, hot case). */
  evalSync(node: JNode, frame: Frame): unknown {
    try {
      return this.evalSyncNode(node, frame);
    } catch (e) {
      throw this.located(e, node);
    }
  }

  private evalSyncNode(node: JNode, frame: Frame): unknown {
    switch (node.typename) {
      case "Literal": return this.literal(node);
      case "Symbol": return this.symbol(node, frame);
      case "LookupVal": return this.lookup(node, this.evalSync(node.target, frame), this.evalSync(node.val, frame), frame);
      case "Group": return node.children.length === 1 ? this.evalSync(node.children[0]!, frame) : tuple(node.children.map((c) => this.evalSync(c, frame)));
      case "Array": return node.children.map((c) => this.evalSync(c, frame));
      case "Dict": {
        const d: Record<string, unknown> = {};
        // A key is any expression (`{col.column: col}`), as in Jinja2; a literal one is read as written.
        for (const p of node.children) d[pyStr(p.key.typename === "Literal" ? this.literal(p.key) : this.evalSync(p.key, frame))] = this.evalSync(p.value as JNode, frame);
        return d;
      }
      case "InlineIf": return truthy(this.evalSync(node.cond, frame)) ? this.evalSync(node.body, frame) : node.else_ ? this.evalSync(node.else_, frame) : new Undefined("inline if", "the inline if has no else branch");
      case "Or": { const a = this.evalSync(node.left, frame); return truthy(a) ? a : this.evalSync(node.right, frame); }
      case "And": { const a = this.evalSync(node.left, frame); return truthy(a) ? this.evalSync(node.right, frame) : a; }
      case "Not": return !truthy(this.evalSync(node.target, frame));
      case "Neg": return negate(this.evalSync(node.target, frame));
      case "Pos": return this.evalSync(node.target, frame);
      case "Concat": return pyStr(this.evalSync(node.left, frame)) + pyStr(this.evalSync(node.right, frame));
      case "In": return pyContains(strict(this.evalSync(node.right, frame)), this.evalSync(node.left, frame));
      case "Is": {
        const r = node.right;
        const args = r.typename === "FunCall" ? this.syncArgs(r.args.children, frame).pos : [];
        return this.test(this.evalSync(node.left, frame), r, args);
      }
      case "Compare": {
        let left = this.evalSync(node.expr, frame);
        for (const op of node.ops) {
          const right = this.evalSync(op.expr, frame);
          if (!compareOp(op.type, left, right)) return false;
          left = right;
        }
        return true;
      }
      case "Filter": {
        const { pos, kw } = this.syncArgs(node.args.children, frame);
        return this.applyFilter(node, pos, kw);
      }
      case "FunCall": return intrinsic(node.name.value as string, node.args.children.map((a) => this.evalSync(a, frame)));
      default: return this.arithmetic(node, this.evalSync(node.left, frame), this.evalSync(node.right, frame), frame);
    }
  }

  private syncArgs(list: readonly JNode[], frame: Frame): { pos: unknown[]; kw: Record<string, unknown> } {
    const pos: unknown[] = [];
    const kw: Record<string, unknown> = {};
    let kwstar: JNode | undefined;
    for (const a of list) {
      if (a.typename === "KeywordArgs") for (const p of a.children) kw[p.key.value as string] = this.evalSync(p.value as JNode, frame);
      else if (isUnpacking(a)) {
        if (a.name.value === INTRINSICS.kwstar) kwstar = a;
        else this.unpackArgument(a, this.evalSync(a.args.children[0]!, frame), pos, kw);
      } else pos.push(this.evalSync(a, frame));
    }
    // `**kw` comes last in Jinja2's calls; nunjucks lists it before the keyword arguments.
    if (kwstar) this.unpackArgument(kwstar, this.evalSync(kwstar.args.children[0]!, frame), pos, kw);
    return { pos, kw };
  }

  /** `*xs` adds xs's items to the positional arguments, `**kw` kw's items to the keyword ones (Python's rules). */
  private unpackArgument(node: JNode, value: unknown, pos: unknown[], kw: Record<string, unknown>): void {
    try {
      if (node.name.value === INTRINSICS.star) {
        pos.push(...iterate(value));
        return;
      }
      if (!isDict(value)) throw new TypeError(`argument after ** must be a mapping, not ${typeName(value)}`);
      for (const [k, v] of Object.entries(value)) {
        if (Object.prototype.hasOwnProperty.call(kw, k)) throw new TypeError(`got multiple values for keyword argument '${k}'`);
        kw[k] = v;
      }
    } catch (e) {
      throw this.located(e, node.args.children[0]!);
    }
  }

  private *evalNode(node: JNode, frame: Frame): Gen<unknown> {
    switch (node.typename) {
      case "Literal": return this.literal(node);
      case "Symbol": return this.symbol(node, frame);
      case "LookupVal": {
        const obj = (this.sync(node.target) ? this.evalSync(node.target, frame) : yield* this.expr(node.target, frame));
        const key = (this.sync(node.val) ? this.evalSync(node.val, frame) : yield* this.expr(node.val, frame));
        return this.lookup(node, obj, key, frame);
      }
      case "FunCall": return yield* this.call(node, frame);
      case "Filter": return yield* this.filter(node, frame);
      case "Group": {
        if (node.children.length === 1) return (this.sync(node.children[0]!) ? this.evalSync(node.children[0]!, frame) : yield* this.expr(node.children[0]!, frame));
        const items: unknown[] = [];
        for (const c of node.children) items.push((this.sync(c) ? this.evalSync(c, frame) : yield* this.expr(c, frame)));
        return tuple(items);
      }
      case "Array": {
        const items: unknown[] = [];
        for (const c of node.children) items.push((this.sync(c) ? this.evalSync(c, frame) : yield* this.expr(c, frame)));
        return items;
      }
      case "Dict": {
        const d: Record<string, unknown> = {};
        for (const p of node.children) {
          const k = p.key.typename === "Literal" ? this.literal(p.key) : (this.sync(p.key) ? this.evalSync(p.key, frame) : yield* this.expr(p.key, frame));
          d[pyStr(k)] = (this.sync(p.value as JNode) ? this.evalSync(p.value as JNode, frame) : yield* this.expr(p.value as JNode, frame));
        }
        return d;
      }
      case "InlineIf": {
        if (truthy((this.sync(node.cond) ? this.evalSync(node.cond, frame) : yield* this.expr(node.cond, frame)))) return (this.sync(node.body) ? this.evalSync(node.body, frame) : yield* this.expr(node.body, frame));
        return node.else_ ? (this.sync(node.else_) ? this.evalSync(node.else_, frame) : yield* this.expr(node.else_, frame)) : new Undefined("inline if", "the inline if has no else branch");
      }
      case "Or": {
        const a = (this.sync(node.left) ? this.evalSync(node.left, frame) : yield* this.expr(node.left, frame));
        return truthy(a) ? a : (this.sync(node.right) ? this.evalSync(node.right, frame) : yield* this.expr(node.right, frame));
      }
      case "And": {
        const a = (this.sync(node.left) ? this.evalSync(node.left, frame) : yield* this.expr(node.left, frame));
        return truthy(a) ? (this.sync(node.right) ? this.evalSync(node.right, frame) : yield* this.expr(node.right, frame)) : a;
      }
      case "Not": return !truthy((this.sync(node.target) ? this.evalSync(node.target, frame) : yield* this.expr(node.target, frame)));
      case "Neg": return negate((this.sync(node.target) ? this.evalSync(node.target, frame) : yield* this.expr(node.target, frame)));
      case "Pos": return (this.sync(node.target) ? this.evalSync(node.target, frame) : yield* this.expr(node.target, frame));
      case "Concat": return pyStr((this.sync(node.left) ? this.evalSync(node.left, frame) : yield* this.expr(node.left, frame))) + pyStr((this.sync(node.right) ? this.evalSync(node.right, frame) : yield* this.expr(node.right, frame)));
      case "In": return pyContains(strict((this.sync(node.right) ? this.evalSync(node.right, frame) : yield* this.expr(node.right, frame))), (this.sync(node.left) ? this.evalSync(node.left, frame) : yield* this.expr(node.left, frame)));
      case "Is": return yield* this.isTest(node, frame);
      case "Compare": return yield* this.compare(node, frame);
      case "Caller": return this.macro(node, frame, "caller");
      case "Capture": {
        const out = new Sink(null);
        yield* this.block(node.body.children, frame, out);
        return out.parts.join("");
      }
      default: {
        const op = ARITH[node.typename];
        const a = (this.sync(node.left) ? this.evalSync(node.left, frame) : yield* this.expr(node.left, frame));
        const b = (this.sync(node.right) ? this.evalSync(node.right, frame) : yield* this.expr(node.right, frame));
        return this.arithmetic(node, a, b, frame);
      }
    }
  }

  /**
   * The 1-based source line a text chunk starts on. When `-%}` stripped the chunk's leading
   * whitespace, the token's position is before the stripped newlines, so they are counted here.
   */
  private dataLine(node: JNode): number {
    if (node.dataLine === undefined) node.dataLine = this.computeDataLine(node);
    return node.dataLine;
  }

  private computeDataLine(node: JNode): number {
    const text = node.value as string;
    let line = node.lineno + 1;
    if (text.length > 0 && /\s/.test(text[0]!)) return line;
    const start = (this.t.lineStarts[node.lineno] ?? 0) + node.colno;
    for (let i = start; i < this.t.source.length && /\s/.test(this.t.source[i]!); i++) if (this.t.source[i] === "\n") line++;
    return line;
  }

  private literal(node: JNode): unknown {
    const v = node.value;
    if (typeof v === "number" && Number.isInteger(v)) {
      // nunjucks parses `1.0` to the number 1; the token text says whether it was a float.
      if (node.pyFloat === undefined) node.pyFloat = /^[-+]?\d+\./.test(textAt(this.t, node, 32));
      return node.pyFloat ? new PyFloat(v) : v;
    }
    return v;
  }

  private symbol(node: JNode, frame: Frame): unknown {
    const name = node.value as string;
    const v = frame.lookup(name);
    if (v !== MISSING) return v;
    if (Object.prototype.hasOwnProperty.call(CONSTANTS, name)) return CONSTANTS[name];
    return new Undefined(name);
  }

  /** `x.y` and `x['y']` give the same node; the token at the node's position tells them apart. */
  private isItemLookup(node: JNode): boolean {
    if (node.itemLookup === undefined) node.itemLookup = textAt(this.t, node, 1) === "[";
    return node.itemLookup;
  }

  private *args(list: readonly JNode[], frame: Frame): Gen<{ pos: unknown[]; kw: Record<string, unknown> }> {
    const pos: unknown[] = [];
    const kw: Record<string, unknown> = {};
    let kwstar: { node: JNode; value: unknown } | undefined;
    for (const a of list) {
      if (a.typename === "KeywordArgs") {
        for (const p of a.children) kw[p.key.value as string] = (this.sync(p.value as JNode) ? this.evalSync(p.value as JNode, frame) : yield* this.expr(p.value as JNode, frame));
      } else if (isUnpacking(a)) {
        const inner = a.args.children[0]!;
        const value = (this.sync(inner) ? this.evalSync(inner, frame) : yield* this.expr(inner, frame));
        if (a.name.value === INTRINSICS.kwstar) kwstar = { node: a, value };
        else this.unpackArgument(a, value, pos, kw);
      } else pos.push((this.sync(a) ? this.evalSync(a, frame) : yield* this.expr(a, frame)));
    }
    if (kwstar) this.unpackArgument(kwstar.node, kwstar.value, pos, kw);
    return { pos, kw };
  }

  private *call(node: JNode, frame: Frame): Gen<unknown> {
    if (isIntrinsic(node)) return intrinsic(node.name.value as string, (yield* this.args(node.args.children, frame)).pos);
    const fn = (this.sync(node.name) ? this.evalSync(node.name, frame) : yield* this.expr(node.name, frame));
    if (fn instanceof Undefined && frame.globals.lenient) return fn;
    if (fn instanceof Undefined && node.name.typename === "Symbol") {
      const name = node.name.value as string;
      const names = (frame.globals as Partial<NameSource>).names?.() ?? [];
      const near = didYouMean(name, names);
      const ownMacro = frame.lookup(`dbt_macro__${name}`) instanceof Macro;
      throw this.located(new TemplateRuntimeError("undefined-macro", `'${name}' is not a macro or function`, undefined,
        ownMacro ? `this template defines {% macro ${name} %}, which dbt does not let it call by name: move the macro to a file under macro-paths`
          : near ? `did you mean '${near}'?` : "macros are read from the macro-paths in dbt_project.yml"), node.name);
    }
    const { pos, kw } = this.sync(node.args) ? this.syncArgs(node.args.children, frame) : yield* this.args(node.args.children, frame);
    if (typeof fn === "function") {
      const r = Object.keys(kw).length === 0 ? fn(...pos) : fn(...pos, new Kwargs(kw));
      return r instanceof Promise ? yield r : r;
    }
    return yield* callValue(fn, pos, kw, frame);
  }

  private *filter(node: JNode, frame: Frame): Gen<unknown> {
    const { pos, kw } = yield* this.args(node.args.children, frame);
    return this.applyFilter(node, pos, kw);
  }

  private applyFilter(node: JNode, pos: unknown[], kw: Record<string, unknown>): unknown {
    const name = node.name.value as string;
    const f = FILTERS[name];
    if (!f) {
      const near = didYouMean(name, Object.keys(FILTERS));
      throw new TemplateRuntimeError("unknown-filter", `no filter named '${name}'`, undefined, near ? `did you mean '${near}'?` : undefined);
    }
    return f(pos[0], pos.slice(1), kw);
  }

  private lookup(node: JNode, obj: unknown, key: unknown, frame: Frame): unknown {
    if (obj instanceof Undefined) {
      if (frame.globals.lenient) return obj;
      // Reported where the undefined value was named (`x` in `x.y`), not at the dot.
      throw this.located(new UndefinedUse(obj), node.target);
    }
    return this.isItemLookup(node) ? getItem(obj, key) : getAttr(obj, pyStr(key));
  }

  private arithmetic(node: JNode, a: unknown, b: unknown, frame: Frame): unknown {
    const op = ARITH[node.typename];
    if (!op) throw new TemplateRuntimeError("unsupported-jinja", `the expression ${node.typename} is not supported`);
    if (frame.globals.lenient && (a instanceof Undefined || b instanceof Undefined)) return a instanceof Undefined ? a : b;
    return arith(op, strict(a), strict(b));
  }

  private *isTest(node: JNode, frame: Frame): Gen<boolean> {
    const value = (this.sync(node.left) ? this.evalSync(node.left, frame) : yield* this.expr(node.left, frame));
    const r = node.right;
    const args = r.typename === "FunCall" ? (yield* this.args(r.args.children, frame)).pos : [];
    return this.test(value, r, args);
  }

  private test(value: unknown, r: JNode, args: unknown[]): boolean {
    let name: string;
    if (r.typename === "Symbol") name = r.value as string;
    else if (r.typename === "Literal") name = r.value === null ? "none" : String(r.value);
    else if (r.typename === "FunCall" && r.name.typename === "Symbol") name = r.name.value as string;
    else throw new TemplateRuntimeError("template-syntax", "expected a test name after 'is'");
    const test = TESTS[name];
    if (!test) {
      const near = didYouMean(name, Object.keys(TESTS));
      throw new TemplateRuntimeError("unknown-test", `no test named '${name}'`, undefined, near ? `did you mean '${near}'?` : undefined);
    }
    return test(value, ...args);
  }

  private *compare(node: JNode, frame: Frame): Gen<boolean> {
    let left = (this.sync(node.expr) ? this.evalSync(node.expr, frame) : yield* this.expr(node.expr, frame));
    for (const op of node.ops) {
      const right = (this.sync(op.expr) ? this.evalSync(op.expr, frame) : yield* this.expr(op.expr, frame));
      if (!compareOp(op.type, left, right)) return false;
      left = right;
    }
    return true;
  }

  private located(e: unknown, node: JNode): unknown {
    if (e instanceof MacroReturn || e instanceof LoopSignal) return e;
    if (e instanceof UndefinedUse) {
      return new TemplateRuntimeError("undefined-name", e.message, this.loc(node), "define it with {% set %}, pass it as a var, or check the spelling");
    }
    return locate(e, this.loc(node));
  }

  private loc(node: JNode): { file: string; line?: number; column?: number; lineText?: string } {
    const line = typeof node.lineno === "number" ? node.lineno + 1 : undefined;
    return { file: this.t.file, line, column: typeof node.colno === "number" ? node.colno + 1 : undefined, lineText: lineAt(this.t.source, line) };
  }
}

/** Calls a template value: a Macro (rendered in the caller's globals) or a host function (awaited if it returns a Promise). */
export function* callValue(fn: unknown, pos: unknown[], kw: Record<string, unknown>, frame: { globals: Globals }): Gen<unknown> {
  if (fn instanceof Macro) return yield* fn.call(pos, kw, frame.globals);
  if (typeof fn === "function") {
    const r = Object.keys(kw).length === 0 ? fn(...pos) : fn(...pos, new Kwargs(kw));
    return r instanceof Promise ? yield r : r;
  }
  if (fn instanceof Undefined) throw new UndefinedUse(fn);
  throw new TemplateRuntimeError("template-error", `'${typeName(fn)}' object is not callable`);
}

function compareOp(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case "==": case "===": return pyEq(left, right);
    case "!=": case "!==": return !pyEq(left, right);
    case "<": return pyCompare(strict(left), strict(right)) < 0;
    case ">": return pyCompare(strict(left), strict(right)) > 0;
    case "<=": return pyCompare(strict(left), strict(right)) <= 0;
    default: return pyCompare(strict(left), strict(right)) >= 0;
  }
}

function negate(v: unknown): unknown {
  if (typeof v === "number") return -v;
  if (isFloat(v)) return makeFloat(-num(v));
  return arith("-", 0, strict(v));
}

/** Undefined used in arithmetic or comparison is an error in Jinja2. */
function strict(v: unknown): unknown {
  if (v instanceof Undefined) throw new UndefinedUse(v);
  return v;
}

/** Names a macro body reads (for varargs/kwargs), collected once per macro node. */
function usedNames(body: JNode): ReadonlySet<string> {
  if (body.usesNames) return body.usesNames;
  const out = new Set<string>();
  const walk = (n: unknown): void => {
    if (!n || typeof n !== "object") return;
    const node = n as JNode;
    if (node.typename === "Symbol" && typeof node.value === "string") out.add(node.value);
    for (const k of ["children", "target", "val", "left", "right", "cond", "body", "else_", "arr", "args", "value", "expr", "ops", "targets", "key", "name", "contentArgs"] as const) {
      const c = (node as unknown as Record<string, unknown>)[k];
      if (Array.isArray(c)) c.forEach(walk);
      else if (c && typeof c === "object") walk(c);
    }
  };
  walk(body);
  body.usesNames = out;
  return out;
}

/** A call of a form tag-forms.ts rewrote (`#tuple(x)`, `#slice(a, b, c)`, `#star(xs)`, `#kwstar(kw)`). */
function isIntrinsic(node: JNode): boolean {
  return node.typename === "FunCall" && node.name.typename === "Symbol" && (node.name.value as string).charCodeAt(0) === 35; // '#'
}

function isUnpacking(node: JNode): boolean {
  return node.typename === "FunCall" && node.name.typename === "Symbol" && (node.name.value === INTRINSICS.star || node.name.value === INTRINSICS.kwstar);
}

/** The value of a rewritten form: a one-element tuple or a slice. */
function intrinsic(name: string, args: unknown[]): unknown {
  if (name === INTRINSICS.tuple) return tuple(args);
  if (name === INTRINSICS.slice) return new PySlice(args[0], args[1], args[2]);
  throw new TemplateRuntimeError("template-syntax", "`*` and `**` unpack a call's arguments and nothing else");
}
