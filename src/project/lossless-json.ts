// JSON that round-trips a loaded Project exactly: plain JSON would drop keys whose value is
// undefined (`description: undefined`), turn NaN/Infinity into null and -0 into 0. Those are
// written as tagged objects and restored; anything else that is not plain data (Map, Date, class
// instances, functions) makes the value uncacheable rather than silently different.

const TAG = "$qe:t";

export class NotJsonSafe extends Error {
  constructor(readonly path: string, what: string) {
    super(`${path} is ${what}, which the parse cache cannot store`);
  }
}

/** Serialises `value` so that `parseLossless` gives back a deep-equal copy; throws NotJsonSafe otherwise. */
export function stringifyLossless(value: unknown): string {
  return JSON.stringify(encode(value, "$"));
}

/** Inverse of stringifyLossless. Throws SyntaxError on malformed text. */
export function parseLossless(text: string): unknown {
  return revive(JSON.parse(text));
}

function encode(v: unknown, path: string): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) && !Object.is(v, -0) ? v : { [TAG]: "number", v: Object.is(v, -0) ? "-0" : String(v) };
    case "undefined":
      return { [TAG]: "undefined" };
    case "object": {
      if (v === null) return null;
      if (Array.isArray(v)) {
        if (Object.getPrototypeOf(v) !== Array.prototype || Object.keys(v).length !== v.length) throw new NotJsonSafe(path, "an unusual array");
        return v.map((x, i) => encode(x, `${path}[${i}]`));
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) throw new NotJsonSafe(path, `a ${v.constructor?.name ?? "null-prototype object"}`);
      if (Object.getOwnPropertySymbols(v).length > 0) throw new NotJsonSafe(path, "an object with symbol keys");
      if (Object.hasOwn(v, TAG)) throw new NotJsonSafe(path, `an object with a '${TAG}' key`);
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        // defineProperty, because assigning "__proto__" would set the prototype instead of a key.
        Object.defineProperty(out, k, { value: encode(x, `${path}.${k}`), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      throw new NotJsonSafe(path, `a ${typeof v}`);
  }
}

/** Restores tagged values in place (JSON.parse made every object, so mutating is safe). */
function revive(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  if (Object.hasOwn(o, TAG)) {
    if (o[TAG] === "undefined") return undefined;
    if (o[TAG] === "number") return Number(o["v"]);
    throw new SyntaxError(`unknown tag ${String(o[TAG])}`);
  }
  // Own keys (including a parsed "__proto__") are data properties, so assignment updates them.
  for (const k of Object.keys(o)) o[k] = revive(o[k]);
  return o;
}
