// Jinja2's default globals (range, dict, namespace, cycler, joiner) and the few Python builtins
// dbt's context adds beside them are in src/compile; these belong to the engine.
import { Kwargs, num, tuple } from "./values.js";
import { Namespace } from "./runtime.js";

function kwargsOf(args: unknown[]): { pos: unknown[]; kw: Record<string, unknown> } {
  const last = args[args.length - 1];
  return last instanceof Kwargs ? { pos: args.slice(0, -1), kw: last.values } : { pos: args, kw: {} };
}

export const JINJA_GLOBALS: Record<string, unknown> = {
  range(...args: unknown[]): number[] {
    if (args.length === 0 || args.length > 3) throw new TypeError(`range expected ${args.length === 0 ? "at least 1 argument" : "at most 3 arguments"}, got ${args.length}`);
    const [a, b, c] = args.map(num);
    const [start, stop, step] = args.length === 1 ? [0, a!, 1] : [a!, b!, c ?? 1];
    const out: number[] = [];
    if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
    else if (step < 0) for (let i = start; i > stop; i += step) out.push(i);
    return out;
  },
  dict(...args: unknown[]): Record<string, unknown> {
    const { pos, kw } = kwargsOf(args);
    const out: Record<string, unknown> = {};
    const first = pos[0];
    if (Array.isArray(first)) for (const p of first) out[String((p as unknown[])[0])] = (p as unknown[])[1];
    else if (first && typeof first === "object") Object.assign(out, first);
    return Object.assign(out, kw);
  },
  namespace(...args: unknown[]): Namespace {
    const { pos, kw } = kwargsOf(args);
    return new Namespace({ ...(pos[0] && typeof pos[0] === "object" ? (pos[0] as object) : {}), ...kw });
  },
  cycler(...items: unknown[]) {
    let i = 0;
    return { next: () => items[i++ % items.length], get current() { return items[i % items.length]; }, reset: () => { i = 0; } };
  },
  joiner(sep: unknown = ", ") {
    let used = false;
    return () => { if (!used) { used = true; return ""; } return String(sep); };
  },
  tuple: (...items: unknown[]) => tuple(items),
};
