// Jinja2's `is` tests (jinja2/tests.py), as a table of small pure functions.
import { Undefined } from "./undefined.js";
import { Macro } from "./runtime.js";
import { isDict, isHostMapping, isFloat, isInt, isNumber, num, pyContains, pyEq, pyCompare } from "./values.js";

export type TestFn = (value: unknown, ...args: unknown[]) => boolean;

const isStr = (v: unknown): boolean => typeof v === "string";

export const TESTS: Record<string, TestFn> = {
  defined: (v) => !(v instanceof Undefined),
  undefined: (v) => v instanceof Undefined,
  none: (v) => v === null,
  boolean: (v) => typeof v === "boolean",
  true: (v) => v === true,
  false: (v) => v === false,
  integer: (v) => isInt(v),
  float: (v) => isFloat(v),
  number: (v) => isNumber(v) || typeof v === "boolean",
  string: isStr,
  mapping: (v) => isDict(v) || isHostMapping(v),
  sequence: (v) => Array.isArray(v) || isStr(v) || isDict(v),
  iterable: (v) => Array.isArray(v) || isStr(v) || isDict(v) || v instanceof Map || v instanceof Set,
  callable: (v) => typeof v === "function" || v instanceof Macro,
  lower: (v) => isStr(v) && (v as string) === (v as string).toLowerCase(),
  upper: (v) => isStr(v) && (v as string) === (v as string).toUpperCase(),
  odd: (v) => num(v) % 2 === 1 || num(v) % 2 === -1,
  even: (v) => num(v) % 2 === 0,
  divisibleby: (v, n) => num(v) % num(n) === 0,
  eq: (a, b) => pyEq(a, b),
  equalto: (a, b) => pyEq(a, b),
  "==": (a, b) => pyEq(a, b),
  ne: (a, b) => !pyEq(a, b),
  "!=": (a, b) => !pyEq(a, b),
  lt: (a, b) => pyCompare(a, b) < 0,
  "<": (a, b) => pyCompare(a, b) < 0,
  lessthan: (a, b) => pyCompare(a, b) < 0,
  le: (a, b) => pyCompare(a, b) <= 0,
  "<=": (a, b) => pyCompare(a, b) <= 0,
  gt: (a, b) => pyCompare(a, b) > 0,
  ">": (a, b) => pyCompare(a, b) > 0,
  greaterthan: (a, b) => pyCompare(a, b) > 0,
  ge: (a, b) => pyCompare(a, b) >= 0,
  ">=": (a, b) => pyCompare(a, b) >= 0,
  in: (a, seq) => pyContains(seq, a),
  sameas: (a, b) => a === b || (a === null && b === null),
  escaped: () => false,
};
