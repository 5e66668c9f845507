// Jinja idioms dbt users write that nunjucks lacks out of the box: Python list/dict methods and
// True/False/None (nunjucks' own jinja-compat), plus string methods, `is none`, and tojson.
import nunjucks from "nunjucks";
import { installStrictLookup } from "./strict-lookup.js";

let installed = false;

const STRING_MEMBERS: Record<string, (this: string, ...a: unknown[]) => unknown> = {
  upper() { return this.toUpperCase(); },
  lower() { return this.toLowerCase(); },
  strip(chars?: unknown) { return typeof chars === "string" ? trimChars(this, chars, true, true) : this.trim(); },
  lstrip(chars?: unknown) { return typeof chars === "string" ? trimChars(this, chars, true, false) : this.trimStart(); },
  rstrip(chars?: unknown) { return typeof chars === "string" ? trimChars(this, chars, false, true) : this.trimEnd(); },
  split(sep?: unknown) { return sep === undefined || sep === null ? this.trim().split(/\s+/) : this.split(String(sep)); },
  replace(a: unknown, b: unknown) { return this.split(String(a)).join(String(b)); },
  startswith(p: unknown) { return this.startsWith(String(p)); },
  endswith(p: unknown) { return this.endsWith(String(p)); },
  title() { return this.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()); },
  capitalize() { return this.charAt(0).toUpperCase() + this.slice(1).toLowerCase(); },
  join(list: unknown) { return Array.isArray(list) ? list.join(this) : ""; },
};

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  let a = 0;
  let b = s.length;
  while (left && a < b && chars.includes(s[a]!)) a++;
  while (right && b > a && chars.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** Installs once per process; only our renderer uses nunjucks. */
export function installJinjaCompat(): void {
  if (installed) return;
  installed = true;
  nunjucks.installJinjaCompat();
  const runtime = (nunjucks as unknown as { runtime: { memberLookup: (o: unknown, k: unknown, ...r: unknown[]) => unknown } }).runtime;
  const orig = runtime.memberLookup;
  runtime.memberLookup = function memberLookup(obj: unknown, key: unknown, ...rest: unknown[]) {
    if (typeof obj === "string" && typeof key === "string" && Object.prototype.hasOwnProperty.call(STRING_MEMBERS, key)) {
      return STRING_MEMBERS[key]!.bind(obj);
    }
    return orig.call(this, obj, key, ...rest);
  };
  installStrictLookup();
}

export function addCompatFilters(env: nunjucks.Environment): void {
  const tests = env as unknown as { addTest(name: string, fn: (v: unknown) => boolean): void };
  env.addFilter("tojson", (v: unknown) => JSON.stringify(v));
  // Jinja's map(attribute='x') / map('filter'), which nunjucks lacks; dbt macros use it often.
  env.addFilter("map", (seq: unknown, ...args: unknown[]) => {
    const list = Array.isArray(seq) ? seq : [];
    const last = args[args.length - 1] as Record<string, unknown> | undefined;
    if (last && typeof last === "object" && "attribute" in last) {
      const attr = String(last["attribute"]);
      return list.map((x) => (x as Record<string, unknown> | null)?.[attr]);
    }
    if (typeof args[0] === "string") {
      const f = env.getFilter(args[0]) as (v: unknown, ...a: unknown[]) => unknown;
      return list.map((x) => f(x, ...args.slice(1)));
    }
    return list;
  });
  // Python %-formatting: '%s_%s' | format(a, b).
  env.addFilter("format", (fmt: unknown, ...args: unknown[]) => {
    let i = 0;
    return String(fmt).replace(/%[sdif%]/g, (m) => (m === "%%" ? "%" : String(args[i++])));
  });
  env.addGlobal("namespace", (...args: unknown[]) => {
    const kw = args[args.length - 1];
    const out: Record<string, unknown> = {};
    if (kw && typeof kw === "object") for (const [k, v] of Object.entries(kw)) if (k !== "__keywords") out[k] = v;
    return out;
  });
  env.addGlobal("__qe_setattr", (obj: unknown, key: string, v: unknown) => {
    if (obj !== null && typeof obj === "object") (obj as Record<string, unknown>)[key] = v;
    return "";
  });
  env.addFilter("unique", (seq: unknown) => (Array.isArray(seq) ? [...new Set(seq)] : seq));
  env.addFilter("as_text", (v: unknown) => String(v));
  env.addFilter("as_bool", (v: unknown) => v === true || v === "true" || v === "True");
  env.addFilter("as_number", (v: unknown) => Number(v));
  tests.addTest("none", (v: unknown) => v === null || v === undefined);
  tests.addTest("mapping", (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v));
  tests.addTest("sequence", (v: unknown) => Array.isArray(v) || typeof v === "string");
}
