// dbt's `modules` context member: the essentials of Python's datetime, re and itertools that
// macros reach for. Times come from the clock compile is given, never read here. datetime values
// take part in template arithmetic (`date + timedelta(days=1)`, `d2 - d1`) through values.ts's
// host-operator hook, with Python's rules.
import { Kwargs, NOT_IMPLEMENTED, PyFloat, tuple, type ArithOp } from "../jinja/index.js";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** A naive UTC datetime, printed as Python prints one. */
export class PyDatetime {
  constructor(readonly ms: number) {}
  private get d(): Date { return new Date(this.ms); }
  get year(): number { return this.d.getUTCFullYear(); }
  get month(): number { return this.d.getUTCMonth() + 1; }
  get day(): number { return this.d.getUTCDate(); }
  get hour(): number { return this.d.getUTCHours(); }
  get minute(): number { return this.d.getUTCMinutes(); }
  get second(): number { return this.d.getUTCSeconds(); }
  get microsecond(): number { return this.d.getUTCMilliseconds() * 1000; }
  strftime(fmt: unknown): string {
    const d = this.d;
    const map: Record<string, string> = {
      Y: String(d.getUTCFullYear()), m: pad(d.getUTCMonth() + 1), d: pad(d.getUTCDate()), H: pad(d.getUTCHours()),
      M: pad(d.getUTCMinutes()), S: pad(d.getUTCSeconds()), f: pad(d.getUTCMilliseconds() * 1000, 6), y: pad(d.getUTCFullYear() % 100), "%": "%",
    };
    return String(fmt).replace(/%([YmdHMSfy%])/g, (_, c: string) => map[c]!);
  }
  isoformat(): string { return this.strftime("%Y-%m-%dT%H:%M:%S") + (this.microsecond ? `.${pad(this.microsecond, 6)}` : ""); }
  date(): PyDate { return new PyDate(this.ms); }
  replace(...args: unknown[]): PyDatetime {
    const kw = args[args.length - 1] instanceof Kwargs ? (args[args.length - 1] as Kwargs).values : {};
    const d = this.d;
    return new PyDatetime(Date.UTC(Number(kw["year"] ?? this.year), Number(kw["month"] ?? this.month) - 1, Number(kw["day"] ?? this.day),
      Number(kw["hour"] ?? this.hour), Number(kw["minute"] ?? this.minute), Number(kw["second"] ?? this.second), Number(kw["microsecond"] ?? d.getUTCMilliseconds() * 1000) / 1000));
  }
  toString(): string { return this.strftime("%Y-%m-%d %H:%M:%S") + (this.microsecond ? `.${pad(this.microsecond, 6)}` : ""); }
  /** datetime ± timedelta, datetime - datetime (a date only with a date: Python keeps the two apart). */
  __pyop__(op: ArithOp, other: unknown, reflected: boolean): unknown {
    const isDate = this instanceof PyDate;
    if (other instanceof PyTimedelta && (op === "+" || (op === "-" && !reflected))) {
      const sign = op === "+" ? 1 : -1;
      // A date moves by whole days (Python ignores the delta's seconds).
      return isDate ? new PyDate(this.ms + sign * other.days * MS_PER_DAY) : new PyDatetime(this.ms + sign * Math.round(other.us / 1000));
    }
    if (op === "-" && !reflected && other instanceof PyDatetime && (other instanceof PyDate) === isDate) return new PyTimedelta((this.ms - other.ms) * 1000);
    return NOT_IMPLEMENTED;
  }
  __pycmp__(other: unknown): number | typeof NOT_IMPLEMENTED {
    return other instanceof PyDatetime && (other instanceof PyDate) === (this instanceof PyDate) ? this.ms - other.ms : NOT_IMPLEMENTED;
  }
}

export class PyDate extends PyDatetime {
  override toString(): string { return this.strftime("%Y-%m-%d"); }
  override isoformat(): string { return this.toString(); }
}

const MS_PER_DAY = 86_400_000;
const US_PER_DAY = 86_400_000_000;

/** Python's timedelta, held in microseconds; prints as Python does ("30 days, 0:00:00"). */
export class PyTimedelta {
  constructor(readonly us: number) {}
  get days(): number { return Math.floor(this.us / US_PER_DAY); }
  get seconds(): number { return Math.floor((this.us - this.days * US_PER_DAY) / 1_000_000); }
  get microseconds(): number { return this.us - this.days * US_PER_DAY - this.seconds * 1_000_000; }
  total_seconds(): number { return this.us / 1_000_000; }
  __pyop__(op: ArithOp, other: unknown, reflected: boolean): unknown {
    if (other instanceof PyTimedelta) {
      const [a, b] = reflected ? [other.us, this.us] : [this.us, other.us];
      if (op === "+") return new PyTimedelta(a + b);
      if (op === "-") return new PyTimedelta(a - b);
      if (op === "/") return a / b;
      if (op === "//") return Math.floor(a / b);
      if (op === "%") return new PyTimedelta(((a % b) + b) % b);
      return NOT_IMPLEMENTED;
    }
    const n = typeof other === "number" ? other : other instanceof PyFloat ? other.value : NaN;
    if (Number.isNaN(n)) return NOT_IMPLEMENTED;
    if (op === "*") return new PyTimedelta(Math.round(this.us * n));
    if (op === "/" && !reflected) return new PyTimedelta(Math.round(this.us / n));
    if (op === "//" && !reflected) return new PyTimedelta(Math.floor(this.us / n));
    return NOT_IMPLEMENTED;
  }
  __pycmp__(other: unknown): number | typeof NOT_IMPLEMENTED {
    return other instanceof PyTimedelta ? this.us - other.us : NOT_IMPLEMENTED;
  }
  toString(): string {
    const secs = this.seconds;
    const hms = `${Math.floor(secs / 3600)}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
    const days = this.days === 0 ? "" : `${this.days} day${Math.abs(this.days) === 1 ? "" : "s"}, `;
    return days + hms + (this.microseconds ? `.${pad(this.microseconds, 6)}` : "");
  }
}

/** timedelta(days, seconds, microseconds, milliseconds, minutes, hours, weeks), positionally or by name. */
function timedelta(...args: unknown[]): PyTimedelta {
  const last = args[args.length - 1];
  const kw = last instanceof Kwargs ? last.values : {};
  const pos = last instanceof Kwargs ? args.slice(0, -1) : args;
  const units: [string, number][] = [["days", US_PER_DAY], ["seconds", 1e6], ["microseconds", 1], ["milliseconds", 1e3], ["minutes", 6e7], ["hours", 3.6e9], ["weeks", 7 * US_PER_DAY]];
  let us = 0;
  units.forEach(([name, per], i) => { us += Number(i < pos.length ? pos[i] : kw[name] ?? 0) * per; });
  return new PyTimedelta(Math.round(us));
}

function pyRegex(pattern: unknown, flags = ""): RegExp {
  // Python's (?P<name>...) is JS's (?<name>...).
  return new RegExp(String(pattern).replace(/\(\?P</g, "(?<"), flags);
}

class PyMatch {
  constructor(private readonly m: RegExpExecArray) {}
  group(i: unknown = 0): string | null { return typeof i === "string" ? this.m.groups?.[i] ?? null : this.m[Number(i)] ?? null; }
  groups(): unknown[] { return tuple(this.m.slice(1).map((g) => g ?? null)); }
  start(): number { return this.m.index; }
  end(): number { return this.m.index + this.m[0].length; }
}

const flagsOf = (f: unknown): string => (Number(f ?? 0) & 2 ? "i" : "") + (Number(f ?? 0) & 8 ? "m" : "") + (Number(f ?? 0) & 16 ? "s" : "");

export function pythonModules(now: () => number): Record<string, unknown> {
  const datetimeClass = {
    now: () => new PyDatetime(now()),
    utcnow: () => new PyDatetime(now()),
    fromisoformat: (s: unknown) => new PyDatetime(Date.parse(`${String(s).replace(" ", "T")}${/[zZ]|[+-]\d\d:?\d\d$/.test(String(s)) ? "" : "Z"}`)),
    strptime: (s: unknown) => new PyDatetime(Date.parse(`${String(s).replace(" ", "T")}Z`)),
  };
  const n = (v: unknown, d = 0) => (v === undefined ? d : Number(v));
  return {
    datetime: {
      // datetime.datetime(y, m, d, H, M, S) and datetime.date(y, m, d), with their class methods.
      datetime: Object.assign((...a: unknown[]) => new PyDatetime(Date.UTC(n(a[0]), n(a[1], 1) - 1, n(a[2], 1), n(a[3]), n(a[4]), n(a[5]))), datetimeClass),
      date: Object.assign((...a: unknown[]) => new PyDate(Date.UTC(n(a[0]), n(a[1], 1) - 1, n(a[2], 1))),
        { today: () => new PyDate(now()), fromisoformat: (s: unknown) => new PyDate(Date.parse(`${String(s)}T00:00:00Z`)) }),
      timedelta,
    },
    re: {
      IGNORECASE: 2, I: 2, MULTILINE: 8, M: 8, DOTALL: 16, S: 16,
      match: (p: unknown, s: unknown, f?: unknown) => { const m = pyRegex(`^(?:${String(p)})`, flagsOf(f)).exec(String(s)); return m ? new PyMatch(m) : null; },
      search: (p: unknown, s: unknown, f?: unknown) => { const m = pyRegex(p, flagsOf(f)).exec(String(s)); return m ? new PyMatch(m) : null; },
      fullmatch: (p: unknown, s: unknown, f?: unknown) => { const m = pyRegex(`^(?:${String(p)})$`, flagsOf(f)).exec(String(s)); return m ? new PyMatch(m) : null; },
      findall: (p: unknown, s: unknown, f?: unknown) => [...String(s).matchAll(pyRegex(p, `g${flagsOf(f)}`))].map((m) => (m.length > 2 ? tuple(m.slice(1)) : m[1] ?? m[0])),
      sub: (p: unknown, r: unknown, s: unknown) => String(s).replace(pyRegex(p, "g"), String(r).replace(/\\(\d)/g, "$$$1")),
      split: (p: unknown, s: unknown) => String(s).split(pyRegex(p)),
      escape: (s: unknown) => String(s).replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"),
      compile: (p: unknown, f?: unknown) => ({ pattern: String(p), match: (s: unknown) => { const m = pyRegex(`^(?:${String(p)})`, flagsOf(f)).exec(String(s)); return m ? new PyMatch(m) : null; },
        search: (s: unknown) => { const m = pyRegex(p, flagsOf(f)).exec(String(s)); return m ? new PyMatch(m) : null; } }),
    },
    itertools: {
      chain: (...lists: unknown[]) => lists.flatMap((l) => [...(l as Iterable<unknown>)]),
      product: (...lists: unknown[]) => lists.reduce<unknown[][]>((acc, l) => acc.flatMap((a) => [...(l as Iterable<unknown>)].map((x) => [...a, x])), [[]]).map((t) => tuple(t)),
      combinations: (l: unknown, r: unknown) => combinations([...(l as Iterable<unknown>)], Number(r)).map((t) => tuple(t)),
      permutations: (l: unknown, r?: unknown) => permutations([...(l as Iterable<unknown>)], r === undefined ? undefined : Number(r)).map((t) => tuple(t)),
    },
  };
}

function combinations<T>(items: T[], r: number): T[][] {
  if (r === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), r - 1).map((c) => [x, ...c]));
}

function permutations<T>(items: T[], r = items.length): T[][] {
  if (r === 0) return [[]];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)], r - 1).map((p) => [x, ...p]));
}
