// dbt's generic test naming, so ids and audit tables match what a dbt user expects and stay
// stable across runs: unique_<model>_<column>, accepted_values_<model>_<col>__a__b, hashed when long.
import { createHash } from "node:crypto";

export interface TestNames {
  /** The full name: node name and the last part of the unique id. */
  name: string;
  /** Under 64 characters: the compiled file name and the audit table name. */
  shortName: string;
}

/**
 * Mirrors dbt's synthesize_generic_test_names: `testType` is the test name with any namespace
 * joined by "_" (dbt_utils.accepted_range → dbt_utils_accepted_range); `target` is the model name,
 * or `<source>_<table>` for sources, whose test type dbt prefixes with `source_` (inside the
 * namespace: dbt_utils_source_accepted_range); args are flattened in key order, `model` skipped.
 */
export function genericTestNames(testName: string, target: string | TestTargetName, args: Record<string, unknown>): TestNames {
  const t = typeof target === "string" ? { name: target, source: false } : target;
  const dot = testName.lastIndexOf(".");
  const bare = t.source ? `source_${testName.slice(dot + 1)}` : testName.slice(dot + 1);
  const testType = dot < 0 ? bare : `${testName.slice(0, dot).replaceAll(".", "_")}_${bare}`;
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === "model") continue;
    const v = args[key];
    const parts = Array.isArray(v) ? v : v !== null && typeof v === "object" ? Object.values(v) : [v];
    flat.push(...parts.map(pyStr));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, "_")).join("__");
  const identifier = `${testType}_${t.name}`;
  const name = `${identifier}_${unique}`;
  if (name.length < 64) return { name, shortName: name };
  const hash = createHash("md5").update(name, "utf8").digest("hex");
  return { name, shortName: `${identifier.slice(0, 30)}_${hash}` };
}

export interface TestTargetName {
  name: string;
  source: boolean;
}

/** The target part of a test name: the model/seed name (`<name>_v<version>` for a versioned model), or <source>_<table> (flagged as a source). */
export function testTarget(node: { kind: string; name: string; sourceName?: string; version?: string }): TestTargetName {
  if (node.kind === "source") return { name: `${node.sourceName}_${node.name}`, source: true };
  return { name: node.version !== undefined ? `${node.name}_v${node.version}` : node.name, source: false };
}

/** Python's str() for the scalar shapes YAML gives, so hashes match dbt's where they can. */
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
