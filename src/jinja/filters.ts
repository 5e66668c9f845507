// Jinja2's built-in filters (jinja2/filters.py) and dbt's text filters (as_bool, as_number,
// as_text, as_native), as a table of small functions: (value, positional args, keyword args).
import { getAttr, getItem } from "./attributes.js";
import { TESTS } from "./tests.js";
import { Undefined } from "./undefined.js";
import { isDict, isNumber, iterate, pyJson, makeFloat, num, pyCompare, pyEq, pyLen, pyRepr, pyStr, percentFormat, truthy, tuple } from "./values.js";
import { TemplateRuntimeError } from "./errors.js";
import { DICT_METHODS as DICT_METHOD_NAMES } from "./methods.js";

export type FilterFn = (value: unknown, args: unknown[], kw: Record<string, unknown>) => unknown;

const arg = (args: unknown[], kw: Record<string, unknown>, i: number, name: string, dflt?: unknown): unknown =>
  i < args.length ? args[i] : Object.prototype.hasOwnProperty.call(kw, name) ? kw[name] : dflt;

/** `attribute='a.b'` or an index: Jinja's make_attrgetter. */
function attrGetter(attribute: unknown): (x: unknown) => unknown {
  if (typeof attribute === "number") return (x) => getItem(x, attribute);
  const parts = String(attribute).split(".");
  return (x) => parts.reduce<unknown>((o, p) => (o instanceof Undefined ? o : /^\d+$/.test(p) && Array.isArray(o) ? getItem(o, Number(p)) : getAttr(o, p)), x);
}

function sortKey(caseSensitive: boolean): (v: unknown) => unknown {
  return (v) => (typeof v === "string" && !caseSensitive ? v.toLowerCase() : v);
}

function selectOrReject(seq: unknown, args: unknown[], select: boolean, attr: boolean): unknown[] {
  const items = iterate(seq);
  const get = attr ? attrGetter(args[0]) : (x: unknown) => x;
  const rest = attr ? args.slice(1) : args;
  if (rest.length === 0) return items.filter((x) => truthy(get(x)) === select);
  const name = String(rest[0]);
  const test = TESTS[name];
  if (!test) throw new TemplateRuntimeError("unknown-test", `no test named '${name}'`);
  return items.filter((x) => test(get(x), ...rest.slice(1)) === select);
}

function toInt(v: unknown, dflt: unknown): unknown {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (isNumber(v)) return Math.trunc(num(v));
  const n = Number(String(v).trim());
  return Number.isFinite(n) && String(v).trim() !== "" ? Math.trunc(n) : dflt;
}

function toFloat(v: unknown, dflt: unknown): unknown {
  const n = isNumber(v) ? num(v) : Number(String(v).trim());
  return Number.isFinite(n) && String(v).trim() !== "" ? makeFloat(n) : dflt;
}

function round(v: unknown, precision: number, method: string): unknown {
  const f = 10 ** precision;
  const x = num(v) * f;
  const r = method === "ceil" ? Math.ceil(x) : method === "floor" ? Math.floor(x) : roundHalfEven(x);
  return makeFloat(r / f);
}

/** Python's round() rounds halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export const FILTERS: Record<string, FilterFn> = {
  abs: (v) => (typeof v === "number" ? Math.abs(v) : makeFloat(Math.abs(num(v)))),
  // Python's getattr only: a dict's keys are not attributes.
  attr: (v, args) => (isDict(v) && !Object.prototype.hasOwnProperty.call(DICT_METHOD_NAMES, String(args[0])) ? new Undefined(String(args[0])) : getAttr(v, String(args[0]))),
  batch: (v, args) => {
    const n = num(args[0]);
    const items = iterate(v);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    if (args.length > 1 && out.length > 0) while (out[out.length - 1]!.length < n) out[out.length - 1]!.push(args[1]);
    return out;
  },
  capitalize: (v) => { const s = pyStr(v); return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(); },
  center: (v, args) => { const s = pyStr(v); const w = num(args[0] ?? 80); const pad = Math.max(0, w - s.length); return " ".repeat(Math.floor(pad / 2)) + s + " ".repeat(Math.ceil(pad / 2)); },
  count: (v) => pyLen(v),
  default: (v, args, kw) => {
    const dflt = arg(args, kw, 0, "default_value", "");
    const boolean = truthy(arg(args, kw, 1, "boolean", false));
    return v instanceof Undefined || (boolean && !truthy(v)) ? dflt : v;
  },
  dictsort: (v, args, kw) => {
    const byValue = arg(args, kw, 1, "by", "key") === "value";
    const key = sortKey(truthy(arg(args, kw, 0, "case_sensitive", false)));
    const items = Object.entries(v as Record<string, unknown>).map(([k, x]) => tuple([k, x]));
    items.sort((a, b) => pyCompare(key(a[byValue ? 1 : 0]), key(b[byValue ? 1 : 0])));
    if (truthy(arg(args, kw, 2, "reverse", false))) items.reverse();
    return items;
  },
  escape: (v) => pyStr(v).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&#34;").replace(/'/g, "&#39;"),
  first: (v) => { const items = iterate(v); return items.length ? items[0] : new Undefined("first", "no first item, sequence was empty"); },
  float: (v, args, kw) => toFloat(v, arg(args, kw, 0, "default", makeFloat(0))),
  forceescape: (v) => FILTERS["escape"]!(v, [], {}),
  format: (v, args, kw) => percentFormat(pyStr(v), Object.keys(kw).length ? kw : args.length === 1 ? args[0] : tuple(args)),
  groupby: (v, args, kw) => {
    const get = attrGetter(arg(args, kw, 0, "attribute"));
    const groups: { grouper: unknown; list: unknown[] }[] = [];
    const sorted = [...iterate(v)].sort((a, b) => pyCompare(get(a), get(b)));
    for (const x of sorted) {
      const k = get(x);
      const last = groups[groups.length - 1];
      if (last && pyEq(last.grouper, k)) last.list.push(x);
      else groups.push({ grouper: k, list: [x] });
    }
    return groups.map((g) => Object.assign(tuple([g.grouper, g.list]), { grouper: g.grouper, list: g.list }));
  },
  indent: (v, args, kw) => {
    const width = arg(args, kw, 0, "width", 4);
    const pad = typeof width === "string" ? width : " ".repeat(num(width));
    const first = truthy(arg(args, kw, 1, "first", false));
    const blank = truthy(arg(args, kw, 2, "blank", false));
    const lines = pyStr(v).split("\n");
    return lines.map((l, i) => ((i === 0 && !first) || (!blank && l.trim() === "") ? l : pad + l)).join("\n");
  },
  int: (v, args, kw) => toInt(v, arg(args, kw, 0, "default", 0)),
  items: (v) => (v instanceof Undefined ? [] : Object.entries(v as Record<string, unknown>).map(([k, x]) => tuple([k, x]))),
  join: (v, args, kw) => {
    const attribute = arg(args, kw, 1, "attribute");
    const items = iterate(v);
    return (attribute === undefined ? items : items.map(attrGetter(attribute))).map(pyStr).join(pyStr(arg(args, kw, 0, "d", "")));
  },
  last: (v) => { const items = iterate(v); return items.length ? items[items.length - 1] : new Undefined("last", "no last item, sequence was empty"); },
  length: (v) => pyLen(v),
  list: (v) => [...iterate(v)],
  lower: (v) => pyStr(v).toLowerCase(),
  map: (v, args, kw) => {
    const items = iterate(v);
    if (kw["attribute"] !== undefined) {
      const get = attrGetter(kw["attribute"]);
      return items.map((x) => { const r = get(x); return r instanceof Undefined && kw["default"] !== undefined ? kw["default"] : r; });
    }
    const name = String(args[0]);
    const f = FILTERS[name];
    if (!f) throw new TemplateRuntimeError("unknown-filter", `no filter named '${name}'`);
    return items.map((x) => f(x, args.slice(1), {}));
  },
  max: (v, _args, kw) => { const items = iterate(v); const get = kw["attribute"] !== undefined ? attrGetter(kw["attribute"]) : (x: unknown) => x; return items.reduce((a, b) => (pyCompare(get(b), get(a)) > 0 ? b : a), items[0]); },
  min: (v, _args, kw) => { const items = iterate(v); const get = kw["attribute"] !== undefined ? attrGetter(kw["attribute"]) : (x: unknown) => x; return items.reduce((a, b) => (pyCompare(get(b), get(a)) < 0 ? b : a), items[0]); },
  pprint: (v) => pyRepr(v),
  reject: (v, args) => selectOrReject(v, args, false, false),
  rejectattr: (v, args) => selectOrReject(v, args, false, true),
  replace: (v, args) => {
    const s = pyStr(v);
    const [a, b, count] = [pyStr(args[0]), pyStr(args[1]), args[2]];
    if (count === undefined) return s.split(a).join(b);
    let out = s;
    for (let i = 0, at = 0; i < num(count); i++) { const k = out.indexOf(a, at); if (k < 0) break; out = out.slice(0, k) + b + out.slice(k + a.length); at = k + b.length; }
    return out;
  },
  reverse: (v) => (typeof v === "string" ? [...v].reverse().join("") : [...iterate(v)].reverse()),
  round: (v, args, kw) => round(v, num(arg(args, kw, 0, "precision", 0)), String(arg(args, kw, 1, "method", "common"))),
  safe: (v) => v,
  select: (v, args) => selectOrReject(v, args, true, false),
  selectattr: (v, args) => selectOrReject(v, args, true, true),
  slice: (v, args) => {
    const items = iterate(v);
    const n = num(args[0]);
    const per = Math.floor(items.length / n);
    const extra = items.length % n;
    const out: unknown[][] = [];
    let at = 0;
    for (let i = 0; i < n; i++) { const len = per + (i < extra ? 1 : 0); out.push(items.slice(at, at + len)); at += len; }
    return out;
  },
  sort: (v, args, kw) => {
    const reverse = truthy(arg(args, kw, 0, "reverse", false));
    const key = sortKey(truthy(arg(args, kw, 1, "case_sensitive", false)));
    const attribute = arg(args, kw, 2, "attribute");
    const get = attribute === undefined ? (x: unknown) => x : attrGetter(attribute);
    const items = [...iterate(v)].sort((a, b) => pyCompare(key(get(a)), key(get(b))));
    return reverse ? items.reverse() : items;
  },
  string: (v) => pyStr(v),
  striptags: (v) => pyStr(v).replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim(),
  sum: (v, args, kw) => {
    const attribute = arg(args, kw, 0, "attribute");
    const items = attribute === undefined ? iterate(v) : iterate(v).map(attrGetter(attribute));
    let total: unknown = arg(args, kw, 1, "start", 0);
    for (const x of items) total = isNumber(total) && isNumber(x) && (typeof total === "number" && typeof x === "number") ? (total as number) + (x as number) : makeFloat(num(total) + num(x));
    return total;
  },
  title: (v) => pyStr(v).replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  tojson: (v, args, kw) => pyJson(v, false, arg(args, kw, 0, "indent") as number | undefined),
  trim: (v, args) => (args[0] === undefined ? pyStr(v).trim() : trimChars(pyStr(v), pyStr(args[0]))),
  truncate: (v, args, kw) => {
    const s = pyStr(v);
    const length = num(arg(args, kw, 0, "length", 255));
    const end = pyStr(arg(args, kw, 2, "end", "..."));
    const leeway = num(arg(args, kw, 4, "leeway", 5));
    if (s.length <= length + leeway) return s;
    if (truthy(arg(args, kw, 1, "killwords", false))) return s.slice(0, length - end.length) + end;
    const cut = s.slice(0, length - end.length);
    const sp = cut.lastIndexOf(" ");
    return (sp > 0 ? cut.slice(0, sp) : cut) + end;
  },
  unique: (v, args, kw) => {
    const attribute = arg(args, kw, 1, "attribute");
    const get = attribute === undefined ? (x: unknown) => x : attrGetter(attribute);
    const key = sortKey(truthy(arg(args, kw, 0, "case_sensitive", false)));
    const out: unknown[] = [];
    const seen: unknown[] = [];
    for (const x of iterate(v)) { const k = key(get(x)); if (!seen.some((s) => pyEq(s, k))) { seen.push(k); out.push(x); } }
    return out;
  },
  upper: (v) => pyStr(v).toUpperCase(),
  urlencode: (v) => encodeURIComponent(pyStr(v)),
  wordcount: (v) => (pyStr(v).match(/\w+/g) ?? []).length,
  wordwrap: (v, args) => {
    const width = num(args[0] ?? 79);
    const words = pyStr(v).split(/\s+/);
    const lines: string[] = [];
    let cur = "";
    for (const w of words) { if (cur && cur.length + 1 + w.length > width) { lines.push(cur); cur = w; } else cur = cur ? `${cur} ${w}` : w; }
    if (cur) lines.push(cur);
    return lines.join("\n");
  },
  // dbt's TEXT_FILTERS (dbt_common/clients/jinja.py): in a text render they pass the value through;
  // only dbt's native renders (YAML configs) turn text into numbers and booleans.
  as_text: (v) => v,
  as_bool: (v) => v,
  as_number: (v) => v,
  as_native: (v) => v,
};
FILTERS["d"] = FILTERS["default"]!;
FILTERS["e"] = FILTERS["escape"]!;

function trimChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a]!)) a++;
  while (b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}
