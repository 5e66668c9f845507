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
  // JSON.stringify walks the tree natively; the replacer only checks and tags each value. It reads
  // the holder's own value (`this[key]`), not the one toJSON() may have made, so a Date is refused.
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string) {
    return encode(this[key], key === "" ? "$" : key);
  });
}

/** Parses what stringifyLossless wrote. Throws SyntaxError on malformed text. */
export function parseLossless(text: string): unknown {
  return revive(JSON.parse(text));
}

/** One value as JSON.stringify should write it; containers are checked here and their members visited by JSON.stringify. */
function encode(v: unknown, key: string): unknown {
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
        if (Object.getPrototypeOf(v) !== Array.prototype || Object.keys(v).length !== v.length) throw new NotJsonSafe(key, "an unusual array");
        return v;
      }
      if (Object.getPrototypeOf(v) !== Object.prototype) throw new NotJsonSafe(key, `a ${v.constructor?.name ?? "null-prototype object"}`);
      if (Object.getOwnPropertySymbols(v).length > 0) throw new NotJsonSafe(key, "an object with symbol keys");
      if (Object.hasOwn(v, TAG)) throw new NotJsonSafe(key, `an object with a '${TAG}' key`);
      return v;
    }
    default:
      throw new NotJsonSafe(key, `a ${typeof v}`);
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
