// The evaluator's runtime objects, as Jinja2's runtime.py names them: the scope chain (Frame over
// a render's Globals), Macro, the `loop` object, `namespace`, and the signals that end a macro or
// a loop iteration early. Evaluation runs as generators that yield a Promise when a host function
// (run_query, a statement) has to wait; `drive` runs one and stays synchronous until then.

/** A generator step of the evaluator: yields Promises to await, returns its result. */
export type Gen<T> = Generator<Promise<unknown>, T, unknown>;

export const MISSING: unique symbol = Symbol("missing");

/** Names a render can see beyond its own `set`s: the dbt context, macros, builtins. */
export interface Globals {
  /** The value of `name`, or MISSING. */
  get(name: string): unknown;
  /**
   * dbt's parse-time undefined (capture_macros): reading, calling or computing with an undefined
   * value gives undefined instead of an error, so a template guarded by `execute` still parses.
   */
  readonly lenient?: boolean;
}

export class Frame {
  constructor(readonly parent: Frame | null, readonly globals: Globals, readonly vars = new Map<string, unknown>()) {}
  lookup(name: string): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let f: Frame | null = this; f; f = f.parent) {
      const v = f.vars.get(name);
      if (v !== undefined || f.vars.has(name)) return v;
    }
    return this.globals.get(name);
  }
  child(): Frame {
    return new Frame(this, this.globals);
  }
}

/** Ends the macro, as dbt's `return()` does: caught by the macro call that renders this body. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

/** `{% break %}` / `{% continue %}` (dbt enables jinja2.ext.loopcontrols). */
export class LoopSignal {
  constructor(readonly kind: "break" | "continue") {}
}

export interface MacroParam {
  name: string;
  /** Evaluates the default in the macro's scope, when the parameter has one. */
  hasDefault: boolean;
}

/** The body runner the evaluator supplies: renders the macro with its arguments bound. */
export type MacroRunner = (args: unknown[], kwargs: Record<string, unknown>, globals: Globals) => Gen<unknown>;

/** What a Jinja2 Macro object shows templates (its attributes), for a macro a template defines itself. */
export interface JinjaMacroInfo {
  /** The name the template bound it to (`dbt_macro__m` for `{% macro m %}`); None for a caller, as in Jinja2. */
  readonly name: string | null;
  readonly catchVarargs: boolean;
  readonly catchKwargs: boolean;
  readonly caller: boolean;
}

/** A `{% macro %}` (or `{% test %}`, a call block's caller): callable from templates and from host code. */
export class Macro {
  constructor(
    readonly name: string,
    readonly params: readonly MacroParam[],
    readonly file: string,
    private readonly runner: MacroRunner,
    /** The package whose macro paths hold it ("dbt" for the bundled global project). */
    readonly packageName?: string,
    /**
     * Set for a macro a template defines in its own text or a call block's caller (a Jinja2 Macro);
     * unset for a macro file's macro, which dbt hands templates as a MacroGenerator.
     */
    readonly jinja?: JinjaMacroInfo,
  ) {}
  call(args: unknown[], kwargs: Record<string, unknown>, globals: Globals): Gen<unknown> {
    return this.runner(args, kwargs, globals);
  }
  toString(): string {
    return `<Macro ${this.name}>`;
  }
}

/** Jinja's `loop` inside `{% for %}`. */
export class LoopContext {
  index0 = 0;
  constructor(private readonly items: readonly unknown[], readonly depth0: number) {}
  get index(): number { return this.index0 + 1; }
  get revindex(): number { return this.items.length - this.index0; }
  get revindex0(): number { return this.items.length - this.index0 - 1; }
  get first(): boolean { return this.index0 === 0; }
  get last(): boolean { return this.index0 === this.items.length - 1; }
  get length(): number { return this.items.length; }
  get depth(): number { return this.depth0 + 1; }
  get previtem(): unknown { return this.index0 > 0 ? this.items[this.index0 - 1] : undefined; }
  get nextitem(): unknown { return this.index0 < this.items.length - 1 ? this.items[this.index0 + 1] : undefined; }
  cycle(...values: unknown[]): unknown { return values[this.index0 % values.length]; }
  changed(): boolean { return true; }
}

/** Jinja's `namespace(...)`: a mutable object `{% set ns.x = ... %}` can write from inside a loop. */
export class Namespace {
  constructor(init: Record<string, unknown>) {
    Object.assign(this, init);
  }
}

/**
 * Runs an evaluation to its end. Synchronous (returns T) while nothing yields; once a Promise is
 * yielded, continues asynchronously and returns Promise<T>.
 */
export function drive<T>(gen: Gen<T>): T | Promise<T> {
  const step = gen.next();
  if (step.done) return step.value;
  return finish(gen, step.value);
}

async function finish<T>(gen: Gen<T>, first: Promise<unknown>): Promise<T> {
  let pending = first;
  for (;;) {
    // A rejected Promise is thrown into the generator, where the template's own code (a macro
    // call's MacroReturn handling, error location) sees it as a synchronous throw would be.
    let value: unknown;
    let failed = false;
    let error: unknown;
    try {
      value = await pending;
    } catch (e) {
      failed = true;
      error = e;
    }
    const step = failed ? gen.throw(error) : gen.next(value);
    if (step.done) return step.value;
    pending = step.value;
  }
}
