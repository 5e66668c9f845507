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
 * or `source_<source>_<table>` for sources; args are flattened in key order, `model` skipped.
 */
export function genericTestNames(testName: string, target: string, args: Record<string, unknown>): TestNames {
  const testType = testName.replaceAll(".", "_");
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === "model") continue;
    const v = args[key];
    const parts = Array.isArray(v) ? v : v !== null && typeof v === "object" ? Object.values(v) : [v];
    flat.push(...parts.map(pyStr));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, "_")).join("__");
  const identifier = `${testType}_${target}`;
  const name = `${identifier}_${unique}`;
  if (name.length < 64) return { name, shortName: name };
  const hash = createHash("md5").update(name, "utf8").digest("hex");
  return { name, shortName: `${identifier.slice(0, 30)}_${hash}` };
}

/** The target part of a test name: the model/seed name, or source_<source>_<table>. */
export function testTarget(node: { kind: string; name: string; sourceName?: string; version?: string }): string {
  if (node.kind === "source") return `source_${node.sourceName}_${node.name}`;
  return node.version !== undefined ? `${node.name}_v${node.version}` : node.name;
}

/** Python's str() for the scalar shapes YAML gives, so hashes match dbt's where they can. */
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
