// Before any test runs, check that each tested column exists in the built relation. A YAML test on a
// column the model does not produce is a project error (exit 2, nothing run), not a failed test.
import { ProjectError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import type { CompiledNode } from "../compile/types.js";
import type { Adapter } from "../adapters/types.js";
import { asCompiledTest } from "./types.js";

/**
 * One located error per generic test whose column is missing from its built relation. Relations not
 * built yet, ephemeral models and column expressions are left to run time. Only reads the catalog.
 */
export async function missingColumnErrors(
  tests: readonly CompiledNode[],
  nodeOf: (id: string) => CompiledNode | undefined,
  wh: Adapter,
): Promise<ProjectError[]> {
  const columns = new Map<string, string[]>();
  for (const r of await wh.listColumns()) columns.set(`${r.schema}.${r.table}`, [...(columns.get(`${r.schema}.${r.table}`) ?? []), r.column]);
  const errors: ProjectError[] = [];
  for (const n of tests) {
    if (n.kind !== "generic_test" || !n.columnName || !/^\w+$/.test(n.columnName) || !n.attachedTo) continue;
    const target = nodeOf(n.attachedTo);
    if (!target || target.config.materialized === "ephemeral") continue;
    const have = columns.get(`${target.relation.schema}.${target.relation.name}`);
    if (!have || have.some((c) => c.toLowerCase() === n.columnName!.toLowerCase())) continue;
    const t = asCompiledTest(n);
    const near = didYouMean(n.columnName, have);
    errors.push(
      new ProjectError(
        "test-column-missing",
        `test ${n.name}: column '${n.columnName}' is not in ${target.kind} ${t.attachedName ?? target.name} as built`,
        t.loc,
        near ? `did you mean '${near}'?` : `its columns: ${have.join(", ")}`,
      ),
    );
  }
  return errors;
}
