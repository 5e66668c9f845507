// Attribute and item access, in one place (Jinja2's sandbox.getattr/getitem): `x.y` tries the
// attribute first (a str/list/dict method, a host object's property), then the item; `x['y']`
// tries the item first. A miss is Undefined naming what was looked up, as Jinja2 does.
import { Undefined, UndefinedUse } from "./undefined.js";
import { isDict, num, typeName } from "./values.js";
import { STR_METHODS, LIST_METHODS, DICT_METHODS, type Method } from "./methods.js";

const has = Object.prototype.hasOwnProperty;

/** `obj.name` in a template. */
export function getAttr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) throw new UndefinedUse(obj);
  if (typeof obj === "string") {
    const m = STR_METHODS[name];
    if (m) return bind(m, obj);
    return missing(obj, name);
  }
  if (Array.isArray(obj)) {
    // groupby's (grouper, list) tuples also answer .grouper / .list.
    if (has.call(obj, name) && !/^\d+$/.test(name)) return (obj as unknown as Record<string, unknown>)[name];
    const m = LIST_METHODS[name];
    if (m) return bind(m, obj);
    return missing(obj, name);
  }
  if (isDict(obj)) {
    const m = DICT_METHODS[name];
    if (m && !has.call(obj, name)) return bind(m, obj);
    if (has.call(obj, name)) return obj[name];
    if (m) return bind(m, obj);
    return missing(obj, name);
  }
  if ((obj !== null && typeof obj === "object") || typeof obj === "function") return hostAttr(obj as object, name);
  return missing(obj, name);
}

/** `obj[key]` in a template (also slices are handled by the evaluator before this). */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) throw new UndefinedUse(obj);
  if (Array.isArray(obj) || typeof obj === "string") {
    if (typeof key === "number" || typeof key === "boolean" || typeof key === "bigint") {
      let i = num(key);
      if (i < 0) i += obj.length;
      if (i >= 0 && i < obj.length) return obj[i];
      return new Undefined(`${typeName(obj)}[${num(key)}]`, `${typeName(obj)} index out of range`);
    }
    return typeof key === "string" ? getAttr(obj, key) : missing(obj, String(key));
  }
  if (isDict(obj)) {
    const k = typeof key === "string" ? key : String(key);
    if (has.call(obj, k)) return obj[k];
    return missing(obj, k);
  }
  if (obj instanceof Map) return obj.has(key) ? obj.get(key) : missing(obj, String(key));
  if (obj !== null && typeof obj === "object") {
    const getter = (obj as { __getitem__?: (k: unknown) => unknown }).__getitem__;
    if (typeof getter === "function") return getter.call(obj, key);
    return hostAttr(obj, String(key));
  }
  return missing(obj, String(key));
}

/** Host objects (classes from the dbt context) expose their own and prototype members; functions come bound. */
function hostAttr(obj: object, name: string): unknown {
  if (name.startsWith("__") || name === "constructor") return missing(obj, name);
  if (!(name in obj)) return missing(obj, name);
  const v = (obj as Record<string, unknown>)[name];
  if (v === undefined) return missing(obj, name); // e.g. loop.previtem on the first item
  return typeof v === "function" ? v.bind(obj) : v;
}

function missing(obj: unknown, name: string): Undefined {
  return new Undefined(name, `'${typeName(obj)} object' has no attribute '${name}'`);
}

function bind(m: Method, self: unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => m(self as never, args);
}
