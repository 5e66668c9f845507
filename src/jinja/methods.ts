// Python's str, list and dict methods that templates call (`'{}'.format(x)`, `cols.append(c)`,
// `d.items()`), as tables of small functions. Each receives the object and the call's arguments
// (keyword arguments arrive as a trailing Kwargs).
import { Kwargs, isDict, pyEq, pyRepr, pyStr, tuple, num, pyCompare, iterate } from "./values.js";

export type Method = (self: never, args: unknown[]) => unknown;

function split(args: unknown[]): { pos: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? { pos: args.slice(0, -1), kw: last.values } : { pos: args, kw: {} };
}

function stripChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd();
  }
  const set = String(chars);
  let a = 0;
  let b = s.length;
  while (left && a < b && set.includes(s[a]!)) a++;
  while (right && b > a && set.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** str.format: `{}`, `{0}`, `{name}`, `{{`/`}}`, and a format spec's fill/width/precision. */
export function strFormat(fmt: string, args: unknown[]): string {
  const { pos, kw } = split(args);
  let auto = 0;
  return fmt.replace(/\{\{|\}\}|\{([^{}:!]*)(?:![rs])?(?::([^{}]*))?\}/g, (m, field: string | undefined, spec: string | undefined) => {
    if (m === "{{") return "{";
    if (m === "}}") return "}";
    const key = field ?? "";
    const v = key === "" ? pos[auto++] : /^\d+$/.test(key) ? pos[Number(key)] : kw[key];
    return applySpec(v, spec);
  });
}

function applySpec(v: unknown, spec: string | undefined): string {
  if (!spec) return pyStr(v);
  const m = /^(?:(.)?([<>^]))?(0)?(\d+)?(?:\.(\d+))?([sdf%])?$/.exec(spec);
  if (!m) return pyStr(v);
  const [, fillChar, align, zero, width, prec, type] = m;
  const fill = fillChar ?? (zero ? "0" : " ");
  let s = type === "f" ? num(v).toFixed(prec ? Number(prec) : 6) : type === "%" ? `${(num(v) * 100).toFixed(prec ? Number(prec) : 6)}%` : type === "d" ? String(Math.trunc(num(v))) : prec && typeof v === "number" ? num(v).toFixed(Number(prec)) : pyStr(v);
  const w = width ? Number(width) : 0;
  if (s.length < w) {
    const pad = w - s.length;
    const numeric = (typeof v === "number" || zero !== undefined) && !align;
    if (align === "<" || (!align && !numeric)) s = s + fill.repeat(pad);
    else if (align === "^") s = fill.repeat(Math.floor(pad / 2)) + s + fill.repeat(Math.ceil(pad / 2));
    else s = fill.repeat(pad) + s;
  }
  return s;
}

export const STR_METHODS: Record<string, Method> = {
  upper: (s: string) => s.toUpperCase(),
  lower: (s: string) => s.toLowerCase(),
  strip: (s: string, [c]) => stripChars(s, c, true, true),
  lstrip: (s: string, [c]) => stripChars(s, c, true, false),
  rstrip: (s: string, [c]) => stripChars(s, c, false, true),
  split: (s: string, args) => {
    const { pos, kw } = split(args);
    const sep = pos[0] ?? kw["sep"];
    const max = num(pos[1] ?? kw["maxsplit"] ?? -1);
    if (sep === undefined || sep === null) {
      const parts = s.trim().split(/\s+/).filter((p) => p !== "");
      return max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(" ")] : parts;
    }
    const parts = s.split(String(sep));
    return max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(String(sep))] : parts;
  },
  rsplit: (s: string, [sep, max]) => {
    const parts = sep === undefined || sep === null ? s.trim().split(/\s+/) : s.split(String(sep));
    const n = max === undefined ? -1 : num(max);
    return n >= 0 && parts.length > n + 1 ? [parts.slice(0, parts.length - n).join(String(sep ?? " ")), ...parts.slice(parts.length - n)] : parts;
  },
  join: (s: string, [items]) => iterate(items).map(pyStr).join(s),
  replace: (s: string, [a, b, count]) => {
    if (count === undefined) return s.split(String(a)).join(String(b));
    let out = s;
    for (let i = 0, at = 0; i < num(count); i++) {
      const k = out.indexOf(String(a), at);
      if (k < 0) break;
      out = out.slice(0, k) + String(b) + out.slice(k + String(a).length);
      at = k + String(b).length;
    }
    return out;
  },
  startswith: (s: string, [p]) => (Array.isArray(p) ? p.some((x) => s.startsWith(String(x))) : s.startsWith(String(p))),
  endswith: (s: string, [p]) => (Array.isArray(p) ? p.some((x) => s.endsWith(String(x))) : s.endsWith(String(p))),
  find: (s: string, [p]) => s.indexOf(String(p)),
  rfind: (s: string, [p]) => s.lastIndexOf(String(p)),
  index: (s: string, [p]) => {
    const i = s.indexOf(String(p));
    if (i < 0) throw new Error("substring not found");
    return i;
  },
  count: (s: string, [p]) => (String(p) === "" ? s.length + 1 : s.split(String(p)).length - 1),
  title: (s: string) => s.replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  swapcase: (s: string) => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""),
  format: (s: string, args) => strFormat(s, args),
  isdigit: (s: string) => /^\d+$/.test(s),
  isnumeric: (s: string) => /^\d+$/.test(s),
  isalpha: (s: string) => /^[A-Za-z]+$/.test(s),
  isalnum: (s: string) => /^[A-Za-z0-9]+$/.test(s),
  isupper: (s: string) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  islower: (s: string) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isspace: (s: string) => /^\s+$/.test(s),
  zfill: (s: string, [w]) => s.padStart(num(w), "0"),
  ljust: (s: string, [w, f]) => s.padEnd(num(w), String(f ?? " ")),
  rjust: (s: string, [w, f]) => s.padStart(num(w), String(f ?? " ")),
  center: (s: string, [w]) => {
    const pad = Math.max(0, num(w) - s.length);
    return " ".repeat(Math.floor(pad / 2)) + s + " ".repeat(Math.ceil(pad / 2));
  },
  splitlines: (s: string) => s.split(/\r?\n/).filter((_, i, a) => i < a.length - 1 || a[i] !== ""),
  partition: (s: string, [sep]) => {
    const i = s.indexOf(String(sep));
    return tuple(i < 0 ? [s, "", ""] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)]);
  },
  encode: (s: string) => s,
  __repr__: (s: string) => pyRepr(s),
};

export const LIST_METHODS: Record<string, Method> = {
  append: (l: unknown[], [x]) => { l.push(x); return null; },
  extend: (l: unknown[], [xs]) => { l.push(...iterate(xs)); return null; },
  insert: (l: unknown[], [i, x]) => { l.splice(num(i), 0, x); return null; },
  pop: (l: unknown[], [i]) => {
    if (l.length === 0) throw new Error("pop from empty list");
    const k = i === undefined ? l.length - 1 : num(i) < 0 ? l.length + num(i) : num(i);
    return l.splice(k, 1)[0];
  },
  remove: (l: unknown[], [x]) => {
    const i = l.findIndex((y) => pyEq(x, y));
    if (i < 0) throw new Error("list.remove(x): x not in list");
    l.splice(i, 1);
    return null;
  },
  index: (l: unknown[], [x]) => {
    const i = l.findIndex((y) => pyEq(x, y));
    if (i < 0) throw new Error(`${pyRepr(x)} is not in list`);
    return i;
  },
  count: (l: unknown[], [x]) => l.filter((y) => pyEq(x, y)).length,
  reverse: (l: unknown[]) => { l.reverse(); return null; },
  sort: (l: unknown[], args) => {
    const { kw } = split(args);
    l.sort(pyCompare);
    if (kw["reverse"]) l.reverse();
    return null;
  },
  copy: (l: unknown[]) => [...l],
  clear: (l: unknown[]) => { l.length = 0; return null; },
};

export const DICT_METHODS: Record<string, Method> = {
  items: (d: Record<string, unknown>) => Object.entries(d).map(([k, v]) => tuple([k, v])),
  keys: (d: Record<string, unknown>) => Object.keys(d),
  values: (d: Record<string, unknown>) => Object.values(d),
  get: (d: Record<string, unknown>, [k, dflt]) => {
    const key = pyStr(k);
    return Object.prototype.hasOwnProperty.call(d, key) ? d[key] : dflt === undefined ? null : dflt;
  },
  update: (d: Record<string, unknown>, args) => {
    const { pos, kw } = split(args);
    const other = pos[0];
    if (isDict(other)) Object.assign(d, other);
    else if (Array.isArray(other)) for (const pair of other) d[pyStr((pair as unknown[])[0])] = (pair as unknown[])[1];
    Object.assign(d, kw);
    return null;
  },
  pop: (d: Record<string, unknown>, [k, dflt]) => {
    const key = pyStr(k);
    if (Object.prototype.hasOwnProperty.call(d, key)) {
      const v = d[key];
      delete d[key];
      return v;
    }
    if (dflt !== undefined) return dflt;
    throw new Error(`KeyError: ${pyRepr(k)}`);
  },
  setdefault: (d: Record<string, unknown>, [k, dflt]) => {
    const key = pyStr(k);
    if (!Object.prototype.hasOwnProperty.call(d, key)) d[key] = dflt === undefined ? null : dflt;
    return d[key];
  },
  copy: (d: Record<string, unknown>) => ({ ...d }),
  clear: (d: Record<string, unknown>) => { for (const k of Object.keys(d)) delete d[k]; return null; },
};
