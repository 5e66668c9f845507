// Attribute and item access, in one place (Jinja2's sandbox.getattr/getitem): `x.y` tries the
// attribute first (a str/list/dict method, a host object's property), then the item; `x['y']`
// tries the item first. A miss is Undefined naming what was looked up, as Jinja2 does.
import { Undefined, UndefinedUse } from "./undefined.js";
import { PySlice, isDict, isTuple, num, tuple, typeName } from "./values.js";
import { Macro } from "./runtime.js";
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
  if (obj instanceof Macro) return macroAttr(obj, name);
  if ((obj !== null && typeof obj === "object") || typeof obj === "function") return hostAttr(obj as object, name);
  return missing(obj, name);
}

/**
 * A macro's attributes, as the object dbt hands templates has them: a macro file's macro is a
 * MacroGenerator (its parsed macro under `.macro`; no `.name`), a template's own macro or a
 * caller is a Jinja2 Macro (`name`, `arguments`, `catch_kwargs`, `catch_varargs`, `caller`).
 */
function macroAttr(m: Macro, name: string): unknown {
  const j = m.jinja;
  if (!j) {
    if (name === "macro") {
      const pkg = m.packageName ?? null;
      return { name: m.name, package_name: pkg, unique_id: `macro.${pkg ?? ""}.${m.name}`, original_file_path: m.file, resource_type: "macro" };
    }
    if (name === "get_name") return () => m.name;
    return new Undefined(name, `'MacroGenerator object' has no attribute '${name}'`);
  }
  switch (name) {
    case "name": return j.name;
    case "arguments": return tuple(m.params.map((p) => p.name));
    case "catch_kwargs": return j.catchKwargs;
    case "catch_varargs": return j.catchVarargs;
    case "caller": return j.caller;
    default: return new Undefined(name, `'Macro object' has no attribute '${name}'`);
  }
}

/** `obj[key]` in a template; `key` may be a slice (`x[1:]`). */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) throw new UndefinedUse(obj);
  if (Array.isArray(obj) || typeof obj === "string") {
    if (key instanceof PySlice) return sliced(obj, key);
    if (typeof key === "number" || typeof key === "boolean" || typeof key === "bigint") {
      let i = num(key);
      if (i < 0) i += obj.length;
      if (i >= 0 && i < obj.length) return obj[i];
      return new Undefined(`${typeName(obj)}[${num(key)}]`, `${typeName(obj)} index out of range`);
    }
    return typeof key === "string" ? getAttr(obj, key) : missing(obj, String(key));
  }
  if (key instanceof PySlice) {
    // Jinja2 compiles a slice to Python's own subscript, so a value that cannot be sliced is an error.
    const getter = obj !== null && typeof obj === "object" ? (obj as { __getitem__?: (k: unknown) => unknown }).__getitem__ : undefined;
    if (typeof getter === "function") return getter.call(obj, key);
    throw new TypeError(`'${typeName(obj)}' object cannot be sliced`);
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

/** `seq[a:b:c]`: a list, tuple or string of the selected items. */
function sliced(obj: unknown[] | string, s: PySlice): unknown {
  const items = typeof obj === "string" ? Array.from(obj) : obj;
  const at = s.indices(items.length);
  const out = at.map((i) => items[i]);
  if (typeof obj === "string") return out.join("");
  return isTuple(obj) ? tuple(out) : out;
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
