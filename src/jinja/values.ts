// Python value semantics, in one place: what Jinja2 (and so dbt) prints, counts as true, compares
// as equal, and computes with `+ - * / // % **`. Templates see JS values: strings, numbers,
// booleans, null (None), arrays (lists and tuples), plain objects (dicts), host objects (classes
// from the dbt context, read through attributes.ts), and two engine types: PyFloat for a float with
// an integral value (so `1.0` prints `1.0`, not `1`) and Undefined.
import { Undefined } from "./undefined.js";

/** A Python float whose value is integral (1.0, 2.0): JS numbers lose the distinction. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number { return this.value; }
  toString(): string { return floatRepr(this.value); }
  toJSON(): number { return this.value; }
}

/** Python's slice(start, stop, step): the key of `x[a:b:c]`, None (null) for an omitted bound. */
export class PySlice {
  constructor(readonly start: unknown, readonly stop: unknown, readonly step: unknown) {}

  /**
   * The indices it selects in a sequence of `length` items (CPython's PySlice_AdjustIndices).
   * Throws TypeError for a bound that is not an int or None, RangeError for a zero step, as Python does.
   */
  indices(length: number): number[] {
    const bound = (v: unknown): number | null => {
      if (v === null || v === undefined) return null;
      if (isInt(v) || typeof v === "boolean") return num(v);
      throw new TypeError("slice indices must be integers or None or have an __index__ method");
    };
    const start = bound(this.start);
    const stop = bound(this.stop);
    const step = bound(this.step) ?? 1;
    if (step === 0) throw new RangeError("slice step cannot be zero");
    const [lower, upper] = step > 0 ? [0, length] : [-1, length - 1];
    const clamp = (v: number | null, dflt: number): number => {
      if (v === null) return dflt;
      const x = v < 0 ? v + length : v;
      return x < lower ? lower : x > upper ? upper : x;
    };
    const from = clamp(start, step > 0 ? lower : upper);
    const to = clamp(stop, step > 0 ? upper : lower);
    const out: number[] = [];
    if (step > 0) for (let i = from; i < to; i += step) out.push(i);
    else for (let i = from; i > to; i += step) out.push(i);
    return out;
  }

  toString(): string {
    return `slice(${pyRepr(this.start)}, ${pyRepr(this.stop)}, ${pyRepr(this.step)})`;
  }
}

/** Keyword arguments passed to a host (JS) function, as its last argument. */
export class Kwargs {
  constructor(readonly values: Record<string, unknown>) {}
}

/** A float result: boxed when integral so it keeps printing as a float. */
export function makeFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

export const isFloat = (v: unknown): boolean => v instanceof PyFloat || (typeof v === "number" && !Number.isInteger(v));
export const isNumber = (v: unknown): v is number | PyFloat | bigint => typeof v === "number" || v instanceof PyFloat || typeof v === "bigint";
export const isInt = (v: unknown): boolean => (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";

/** The number inside a value that Python treats as numeric (bool is an int in Python). */
export function num(v: unknown): number {
  if (typeof v === "number") return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  return NaN;
}

/** A dict as templates see it: a plain object (not a class instance from the host). */
/**
 * Marks a host class whose instances Python would see as a Mapping (dbt's Relation is one):
 * `is mapping` is true for them, while they keep their own attributes and methods.
 */
export const PY_MAPPING: unique symbol = Symbol.for("qe.jinja.pyMapping");

/** True for an instance of a host class marked with PY_MAPPING. */
export function isHostMapping(v: unknown): boolean {
  return v !== null && typeof v === "object" && PY_MAPPING in v;
}

export function isDict(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  if (p !== Object.prototype && p !== null) return false;
  // A plain object with its own toString is a host value built inline (a relation for a test), not a dict.
  return !Object.prototype.hasOwnProperty.call(v, "toString");
}

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v instanceof Undefined) return false;
  if (v === true) return true;
  if (typeof v === "string") return v.length > 0;
  if (typeof v === "number") return v !== 0 && !Number.isNaN(v);
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === "bigint") return v !== 0n;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/** Python's str(): what `{{ v }}` prints. */
export function pyStr(v: unknown): string {
  if (typeof v === "string") return v;
  if (v instanceof Undefined) return "";
  return pyRepr(v, true);
}

/** Python's repr(): how values print inside lists and dicts. */
export function pyRepr(v: unknown, top = false): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string") return top ? v : strRepr(v);
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : floatRepr(v);
  if (typeof v === "bigint") return String(v);
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof Undefined) return top ? "" : "Undefined";
  if (Array.isArray(v)) {
    const inner = v.map((x) => pyRepr(x)).join(", ");
    return isTuple(v) ? (v.length === 1 ? `(${inner},)` : `(${inner})`) : `[${inner}]`;
  }
  if (isDict(v)) return `{${Object.entries(v).map(([k, x]) => `${strRepr(k)}: ${pyRepr(x)}`).join(", ")}}`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "function") return `<function ${v.name || "anonymous"}>`;
  return String(v);
}

function floatRepr(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n).replace(/e\+?/, (m) => (m === "e+" ? "e+" : "e"));
}

/** Python's string repr: single quotes unless the text holds one and no double quote. */
export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of s) {
    if (ch === "\\") out += "\\\\";
    else if (ch === q) out += `\\${q}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += ch;
  }
  return q + out + q;
}

const TUPLES = new WeakSet<unknown[]>();
/** Marks an array as a Python tuple (printed with parentheses). */
export function tuple<T>(items: T[]): T[] {
  TUPLES.add(items);
  return items;
}
export const isTuple = (v: unknown[]): boolean => TUPLES.has(v);

/** Python ==: numbers across int/float/bool, lists and dicts by value. */
export function pyEq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Undefined || b instanceof Undefined) return a instanceof Undefined && b instanceof Undefined;
  if ((isNumber(a) || typeof a === "boolean") && (isNumber(b) || typeof b === "boolean")) return num(a) === num(b);
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEq(a[k], b[k]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && "toString" in a && "toString" in b
    && !isDict(a) && !isDict(b) && !Array.isArray(a) && !Array.isArray(b)) {
    return String(a) === String(b); // host values such as relations compare by their rendering
  }
  return false;
}

/** Python ordering (<): numbers, strings, lists element by element. Throws TypeError otherwise. */
export function pyCompare(a: unknown, b: unknown): number {
  if ((isNumber(a) || typeof a === "boolean") && (isNumber(b) || typeof b === "boolean")) return num(a) - num(b);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEq(a[i], b[i])) return pyCompare(a[i], b[i]);
    }
    return a.length - b.length;
  }
  const host = hostCompare(a, b);
  if (host !== NOT_IMPLEMENTED) return host;
  throw new TypeError(`'<' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (isInt(v)) return "int";
  if (isNumber(v)) return "float";
  if (typeof v === "string") return "str";
  if (Array.isArray(v)) return isTuple(v) ? "tuple" : "list";
  if (isDict(v)) return "dict";
  if (v instanceof Undefined) return "Undefined";
  if (typeof v === "function") return "function";
  return (v as object).constructor?.name ?? "object";
}

/** Python's `in`. */
export function pyContains(container: unknown, item: unknown): boolean {
  if (typeof container === "string") return container.includes(pyStr(item));
  if (Array.isArray(container)) return container.some((x) => pyEq(x, item));
  if (isDict(container)) return Object.prototype.hasOwnProperty.call(container, pyStr(item));
  if (container instanceof Map || container instanceof Set) return container.has(item);
  throw new TypeError(`argument of type '${typeName(container)}' is not iterable`);
}

export type ArithOp = "+" | "-" | "*" | "/" | "//" | "%" | "**";

/** Python's NotImplemented: a host operand's answer for an operation it does not define. */
export const NOT_IMPLEMENTED: unique symbol = Symbol("NotImplemented");

/**
 * A host value with Python operators (the `modules.datetime` values): `__pyop__` computes
 * `self op other` (`other op self` when `reflected`), `__pycmp__` orders self against other;
 * either returns NOT_IMPLEMENTED for a type it does not handle, as Python's methods do.
 */
export interface PyOperand {
  __pyop__(op: ArithOp, other: unknown, reflected: boolean): unknown;
  __pycmp__?(other: unknown): number | typeof NOT_IMPLEMENTED;
}

const isOperand = (v: unknown): v is PyOperand => v !== null && typeof v === "object" && typeof (v as Partial<PyOperand>).__pyop__ === "function";

function hostArith(op: ArithOp, a: unknown, b: unknown): unknown {
  const r = isOperand(a) ? a.__pyop__(op, b, false) : NOT_IMPLEMENTED;
  return r === NOT_IMPLEMENTED && isOperand(b) ? b.__pyop__(op, a, true) : r;
}

function hostCompare(a: unknown, b: unknown): number | typeof NOT_IMPLEMENTED {
  const r = isOperand(a) && a.__pycmp__ ? a.__pycmp__(b) : NOT_IMPLEMENTED;
  if (r !== NOT_IMPLEMENTED || !isOperand(b) || !b.__pycmp__) return r;
  const s = b.__pycmp__(a);
  return s === NOT_IMPLEMENTED ? s : -s;
}

/** Python arithmetic; `%` on a string is printf-style formatting. Throws TypeError on mismatched types. */
export function arith(op: ArithOp, a: unknown, b: unknown): unknown {
  if (op === "+") {
    if (typeof a === "string" && typeof b === "string") return a + b;
    if (Array.isArray(a) && Array.isArray(b)) {
      // A tuple joins a tuple, a list a list (Python refuses to mix them).
      if (isTuple(a) !== isTuple(b)) throw new TypeError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
      return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
    }
  }
  if (op === "*") {
    if (typeof a === "string" && isInt(b)) return a.repeat(Math.max(0, num(b)));
    if (Array.isArray(a) && isInt(b)) {
      const out = Array.from({ length: Math.max(0, num(b)) }, () => a).flat();
      return isTuple(a) ? tuple(out) : out;
    }
  }
  if (op === "%" && typeof a === "string") return percentFormat(a, b);
  const numeric = (v: unknown) => isNumber(v) || typeof v === "boolean";
  if (!numeric(a) || !numeric(b)) {
    const r = hostArith(op, a, b);
    if (r !== NOT_IMPLEMENTED) return r;
    throw new TypeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
  }
  const x = num(a);
  const y = num(b);
  const floaty = isFloat(a) || isFloat(b);
  const result = (n: number) => (floaty ? makeFloat(n) : n);
  switch (op) {
    case "+": return result(x + y);
    case "-": return result(x - y);
    case "*": return result(x * y);
    case "/":
      if (y === 0) throw new RangeError("division by zero");
      return makeFloat(x / y);
    case "//":
      if (y === 0) throw new RangeError("integer division or modulo by zero");
      return result(Math.floor(x / y));
    case "%":
      if (y === 0) throw new RangeError("integer division or modulo by zero");
      return result(((x % y) + y) % y);
    case "**": return floaty || y < 0 ? makeFloat(x ** y) : x ** y;
  }
}

/** printf-style `'%s and %d' % (a, b)` / `'%(k)s' % {'k': v}`. */
export function percentFormat(fmt: string, args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  let i = 0;
  return fmt.replace(/%(\([^)]*\))?([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifrx%])/g, (_m, key: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === "%") return "%";
    const v = key ? (args as Record<string, unknown>)[key.slice(1, -1)] : list[i++];
    let s: string;
    if (conv === "s") s = pyStr(v);
    else if (conv === "r") s = pyRepr(v);
    else if (conv === "d" || conv === "i") s = String(Math.trunc(num(v)));
    else if (conv === "x") s = Math.trunc(num(v)).toString(16);
    else s = num(v).toFixed(prec === undefined ? 6 : Number(prec));
    if (!width) return s;
    if (flags.includes("-")) return s.padEnd(Number(width));
    return flags.includes("0") && conv !== "s" && conv !== "r" ? s.padStart(Number(width), "0") : s.padStart(Number(width));
  });
}

/** Python's json.dumps (", " and ": " separators), as tojson prints. */
export function pyJson(v: unknown, sortKeys = false, indent?: number): string {
  const norm = (x: unknown): unknown => {
    if (x instanceof Undefined) return null;
    if (typeof x === "bigint") return Number(x);
    if (x instanceof PyFloat) return x.value;
    if (Array.isArray(x)) return x.map(norm);
    if (isDict(x)) {
      const keys = sortKeys ? Object.keys(x).sort() : Object.keys(x);
      return Object.fromEntries(keys.map((k) => [k, norm(x[k])]));
    }
    return x;
  };
  if (indent !== undefined) return JSON.stringify(norm(v), null, indent);
  return JSON.stringify(norm(v)).replace(/("(?:[^"\\]|\\.)*")|([,:])/g, (_m, str: string | undefined, sep: string | undefined) => (str ? str : `${sep} `));
}

/** Python iteration: lists, strings (chars), dict keys, Undefined (nothing). Throws TypeError otherwise. */
export function iterate(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return [...v];
  if (isDict(v)) return Object.keys(v);
  if (v instanceof Undefined || v === undefined) return [];
  if (v instanceof Map) return [...v.keys()];
  if (v !== null && typeof v === "object" && Symbol.iterator in v) return [...(v as Iterable<unknown>)];
  throw new TypeError(`'${typeName(v)}' object is not iterable`);
}

/** Python's len(). */
export function pyLen(v: unknown): number {
  if (typeof v === "string" || Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v instanceof Undefined) return 0;
  if (v !== null && typeof v === "object" && "length" in v) return Number((v as { length: unknown }).length);
  throw new TypeError(`object of type '${typeName(v)}' has no len()`);
}
