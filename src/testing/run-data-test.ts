// Runs one compiled data test: count the failing rows (capped by `limit`, as dbt does), fetch a few
// sorted samples for the console and JUnit, and optionally keep every failing row in the audit schema.
import { DatabaseError, ProjectError, type QeError } from "../core/errors.js";
import type { NodeResult } from "../core/results.js";
import { quoteRelation } from "../adapters/quote.js";
import type { Adapter } from "../adapters/types.js";
import type { CompiledNode } from "../compile/types.js";
import { testStatus } from "./thresholds.js";
import { AUDIT_SCHEMA, asCompiledTest, type CompiledTest } from "./types.js";

export interface TestRunOptions {
  /** --store-failures: store every test's failing rows, whatever its config says. */
  storeFailures?: boolean;
  /** Sample rows shown for a failing test when its config has no `limit` (default 5). */
  samples?: number;
}

export type TestResult = Omit<NodeResult, "elapsedMs">;

/** A runner for the executor's `runners` map, for kinds "generic_test" and "singular_test". */
export function createTestRunner(opts: TestRunOptions = {}): (node: CompiledNode, wh: Adapter) => Promise<TestResult> {
  return async (node, wh) => {
    return runDataTest(asCompiledTest(node), wh, opts);
  };
}

/** Runs the test. Never throws for a bad query: returns status "error" with a located error. */
export async function runDataTest(node: CompiledTest, wh: Adapter, opts: TestRunOptions = {}): Promise<TestResult> {
  const base = { id: node.id, name: node.name, kind: node.kind };
  const limit = node.testConfig.limit;
  const sampleCount = Math.min(limit ?? Infinity, opts.samples ?? 5);
  const ctx = { node: node.id, loc: node.loc };
  try {
    let from = `(\n${node.sql}\n) dbt_internal_test`;
    if (opts.storeFailures || node.testConfig.storeFailures) {
      await storeFailures(node, wh);
      from = quoteRelation(node.relation);
    }
    const capped = limit !== undefined ? `(select * from ${from} limit ${Math.max(0, Math.floor(limit))}) capped` : from;
    const [row] = await wh.all<{ failures: bigint }>(`select ${node.testConfig.failCalc ?? "count(*)"} as failures from ${capped}`, ctx);
    const failures = Number(row?.failures ?? 0);
    const status = testStatus(failures, node.testConfig);
    const sampleRows = failures > 0 && sampleCount > 0 ? await wh.allJson(`select * from ${from} order by all limit ${sampleCount}`, ctx) : [];
    const result: TestResult = { ...base, status, failures };
    if (sampleRows.length) result.sampleRows = sampleRows;
    if (status !== "pass") result.message = failureMessage(node, failures, status);
    return result;
  } catch (e) {
    if (!(e instanceof DatabaseError)) throw e;
    const error = explainDatabaseError(node, e);
    return { ...base, status: "error", message: error.message, error };
  }
}

/** Replaces the audit table in one statement, so readers see the old rows or the new, never half. */
async function storeFailures(node: CompiledTest, wh: Adapter): Promise<void> {
  await wh.exec(wh.dialect.createSchema(node.relation.schema || AUDIT_SCHEMA));
  if (!wh.dialect.createReplaces) await wh.exec(wh.dialect.drop("table", node.relation, true));
  await wh.exec(wh.dialect.createAs("table", node.relation, node.sql), { node: node.id, loc: node.loc });
}

function failureMessage(node: CompiledTest, failures: number, status: "warn" | "fail"): string {
  const on = node.attachedName ? ` in ${node.attachedName}${node.columnName ? `.${node.columnName}` : ""}` : "";
  const rule = status === "fail" ? `fail if ${node.testConfig.errorIf}` : `warn if ${node.testConfig.warnIf}`;
  return `Got ${failures} failing row${failures === 1 ? "" : "s"}${on} (${node.path}), configured to ${rule}`;
}

const MISSING_COLUMN = /Referenced column "?([^"\s]+)"? not found/i;
const MISSING_TABLE = /Table with name .* does not exist/i;

/** A missing column is a project problem, not a database one: name the YAML file, model and column. */
export function explainDatabaseError(node: CompiledTest, e: DatabaseError): QeError {
  const m = MISSING_COLUMN.exec(e.message);
  if (!m) {
    const hint = MISSING_TABLE.test(e.message) ? `build it first: qe run${node.attachedName ? ` -s ${node.attachedName}` : ""}` : e.hint;
    return new DatabaseError(`test ${node.name}: ${e.message}`, e.sql, node.id, node.loc, hint, { cause: e });
  }
  const candidates = /Candidate bindings:\s*(.*)/i.exec(e.message)?.[1]?.trim();
  const target = node.attachedName ? `${node.kind === "singular_test" ? "" : "model "}${node.attachedName}` : "the tested relation";
  return new ProjectError(
    "test-column-missing",
    `test ${node.name}: column "${m[1]}" not found in ${target}`,
    node.loc,
    candidates ? `columns it has include ${candidates}` : "check the column name in the properties YAML and the model's SELECT",
    { cause: e },
  );
}
