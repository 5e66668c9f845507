// Short labels for generic tests ("not_null", "accepted_range 0..1", "relationships → stg_x.id"),
// keyed by the test's unique id, recomputed from the YAML declarations with dbt's test naming.
import type { GenericTestDecl, Project } from "../../project/types.js";
import { genericTestNames, testTarget } from "../../testing/test-names.js";

export function testLabels(project: Project): Map<string, string> {
  const out = new Map<string, string>();
  const proj = project.config.name;
  const targets = [
    ...project.models.map((m) => ({ node: { kind: "model", name: m.name }, owner: m })),
    ...project.seeds.map((s) => ({ node: { kind: "seed", name: s.name }, owner: s })),
    ...project.sources.map((s) => ({ node: { kind: "source", name: s.name, sourceName: s.sourceName }, owner: s })),
  ];
  for (const { node, owner } of targets) {
    const decls: GenericTestDecl[] = [...owner.tests, ...owner.columns.flatMap((c) => c.tests.map((t) => ({ ...t, columnName: t.columnName ?? c.name })))];
    for (const d of decls) {
      const { column_name: argColumn, ...kwargs } = d.args;
      const column = d.columnName ?? (typeof argColumn === "string" ? argColumn : undefined);
      const name = d.customName ?? genericTestNames(d.testName, testTarget(node), { ...(column ? { column_name: column } : {}), ...kwargs }).name;
      out.set(`test.${proj}.${name}`, labelOf(d.testName, kwargs));
    }
  }
  return out;
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
