// Parses dbt selector syntax into a small algebra: a union of intersections of criteria.
// "a+ tag:x,config.materialized:view" → union[ inter[a+], inter[tag:x, config.materialized:view] ].
import { didYouMean } from "../core/did-you-mean.js";
import { SelectorError } from "./errors.js";

export const METHODS = ["fqn", "path", "file", "tag", "source", "resource_type", "test_type", "config"] as const;
export type Method = (typeof METHODS)[number];

export interface Criterion {
  /** Original text, for messages. */
  raw: string;
  method: Method;
  /** For method "config": the config key, e.g. "materialized". */
  configKey?: string;
  value: string;
  /** Ancestors to add: 0 none, a depth, or Infinity for `+x`. */
  parents: number;
  /** Descendants to add: 0 none, a depth, or Infinity for `x+`. */
  children: number;
  /** `@x`: x, its descendants and every ancestor of those. */
  childrensParents: boolean;
}

/** A union of intersections; an empty union means "everything" only at the top level (see selectNodes). */
export type SelectorExpr = Criterion[][];

const CRITERION = /^(@)?(?:(\d*)\+)?([^+@\s]+?)(?:\+(\d*))?$/;

/** Parses --select/--exclude arguments (each may hold several space-separated parts). Throws SelectorError. */
export function parseSelector(args: readonly string[]): SelectorExpr {
  const union: SelectorExpr = [];
  for (const arg of args) {
    for (const part of arg.trim().split(/\s+/)) {
      if (part === "") continue;
      union.push(part.split(",").map((c) => parseCriterion(c, part)));
    }
  }
  return union;
}

function parseCriterion(text: string, part: string): Criterion {
  const m = CRITERION.exec(text);
  if (!m || (m[1] && m[2] !== undefined)) {
    throw new SelectorError(
      part,
      `cannot parse selector '${text}'${part !== text ? ` in '${part}'` : ""}`,
      "forms: name, +name, name+, 2+name, name+1, @name, method:value (tag:, path:, config.materialized:, resource_type:, source:); ',' intersects, spaces unite",
    );
  }
  const [, at, up, body, down] = m;
  const colon = body!.indexOf(":");
  let method: string = "fqn";
  let value = body!;
  if (colon >= 0) {
    method = body!.slice(0, colon);
    value = body!.slice(colon + 1);
  } else if (value.includes("/") || /\.(sql|csv|yml|yaml)$/.test(value)) {
    method = "path"; // dbt's default method treats path-like values as paths
  }
  let configKey: string | undefined;
  if (method.startsWith("config.")) {
    configKey = method.slice("config.".length);
    method = "config";
  }
  if (!(METHODS as readonly string[]).includes(method) || (method === "config" && !configKey)) {
    const near = didYouMean(method, [...METHODS.filter((x) => x !== "config"), "config.materialized"]);
    throw new SelectorError(part, `unknown selector method '${method}' in '${text}'`, near && `did you mean '${near}:'?`);
  }
  if (value === "") throw new SelectorError(part, `selector '${text}' has no value after '${method}:'`);
  return {
    raw: text,
    method: method as Method,
    configKey,
    value,
    parents: depth(up),
    children: depth(down),
    childrensParents: at === "@",
  };
}

// undefined: no operator; "": unbounded; "2": that many generations.
function depth(s: string | undefined): number {
  if (s === undefined) return 0;
  return s === "" ? Infinity : Number(s);
}
