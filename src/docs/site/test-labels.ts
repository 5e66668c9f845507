// Short labels for generic tests ("not_null", "accepted_range 0..1", "relationships → stg_x.id"),
// read from the test's `test_metadata` in manifest.json (its name, namespace and arguments).

export interface TestMetadata {
  name: string;
  namespace: string | null;
  kwargs: Record<string, unknown>;
}

/** The label of a generic test from its manifest metadata. */
export function testLabel(meta: TestMetadata): string {
  return labelOf(meta.namespace ? `${meta.namespace}.${meta.name}` : meta.name, meta.kwargs);
}

function labelOf(testName: string, args: Record<string, unknown>): string {
  const short = testName.replace(/^dbt_utils\./, "");
  if (short === "relationships" && typeof args["to"] === "string") {
    const to = /ref\(\s*['"]([^'"]+)['"]\s*\)|source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/.exec(args["to"]);
    const target = to ? (to[1] ?? `${to[2]}.${to[3]}`) : args["to"];
    return `relationships → ${target}.${String(args["field"] ?? "")}`;
  }
  if (short === "accepted_range") return `accepted_range ${fmt(args["min_value"])}..${fmt(args["max_value"])}`;
  if (short === "accepted_values" && Array.isArray(args["values"])) return `accepted_values [${args["values"].join(", ")}]`;
  if (short === "expression_is_true" && typeof args["expression"] === "string") return `expression_is_true: ${args["expression"]}`;
  if (short === "unique_combination_of_columns" && Array.isArray(args["combination_of_columns"])) return `unique (${args["combination_of_columns"].join(", ")})`;
  return short;
}

const fmt = (v: unknown) => (v === undefined || v === null ? "" : String(v));
