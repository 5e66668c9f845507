// dbt's generic test unique ids: "test.<project>.<name>.<hash>", where the hash is the last 10 hex
// digits of md5(name + repr(test_metadata)) with every value turned into a Python str and dict keys
// sorted (dbt-core parser/schema_generic_tests.py). Tools that join run results to manifests across
// dbt and qe runs need the same ids, so the Python repr is reproduced exactly for YAML's shapes.
import { createHash } from "node:crypto";

export interface TestMetadataInput {
  /** As written: "unique", "dbt_utils.expression_is_true". */
  testName: string;
  /** The test's keyword arguments (no config keys), plus column_name for column tests. */
  kwargs: Record<string, unknown>;
  /** What dbt passes as `model`: ref('m'), ref('m', version='2') or source('s', 't'). */
  targetExpr: string;
}

/** The 10-character suffix dbt appends to a generic test's unique id. */
export function genericTestHash(name: string, md: TestMetadataInput): string {
  const dot = md.testName.indexOf(".");
  const metadata = {
    namespace: dot < 0 ? null : md.testName.slice(0, dot),
    name: dot < 0 ? md.testName : md.testName.slice(dot + 1),
    kwargs: { ...md.kwargs, model: `{{ get_where_subquery(${md.targetExpr}) }}` },
  };
  return createHash("md5").update(name + pyRepr(hashable(metadata)), "utf8").digest("hex").slice(-10);
}

type Hashable = string | Hashable[] | { [k: string]: Hashable };

/** dbt's get_hashable_md: dicts with sorted keys, lists kept, everything else str(). */
function hashable(v: unknown): Hashable {
  if (Array.isArray(v)) return v.map(hashable);
  if (v !== null && typeof v === "object" && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, hashable(o[k])]));
  }
  return pyStr(v);
}

/** Python's str() of a YAML scalar. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === "number" && !Number.isInteger(v)) return pyFloat(v);
  return String(v);
}

function pyFloat(n: number): string {
  const s = String(n);
  // Python writes 1e-07 where JS writes 1e-7.
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

/** Python's repr() of the hashable shape: `{'a': ['x', "it's"]}`. */
export function pyRepr(v: Hashable): string {
  if (typeof v === "string") return reprStr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(v).map(([k, x]) => `${reprStr(k)}: ${pyRepr(x)}`).join(", ")}}`;
}

function reprStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === q || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + q;
}
