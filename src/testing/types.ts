// Types the testing stage adds on top of CompiledNode. A compiled test carries its TestConfig with it
// so the runner needs nothing but the node it is handed.
import type { SourceLoc } from "../core/errors.js";
import type { CompiledNode, Relation } from "../compile/types.js";
import type { TestConfig } from "../project/types.js";

export interface CompiledTest extends CompiledNode {
  kind: "generic_test" | "singular_test";
  testConfig: TestConfig;
  /** Where a problem with this test points: the YAML declaration or the singular test's .sql file. */
  loc: SourceLoc;
  /** Name of the model/seed/source under test, for messages and JUnit classnames. */
  attachedName?: string;
}

export function isCompiledTest(node: CompiledNode): node is CompiledTest {
  return (node.kind === "generic_test" || node.kind === "singular_test") && node.testConfig !== undefined;
}

/**
 * The runnable view of a test node: ours as is; a singular test compiled by compileProject gets its
 * location from its path and its model name from `attachedTo`. Throws Error for a non-test node (a bug).
 */
export function asCompiledTest(node: CompiledNode): CompiledTest {
  if (!isCompiledTest(node)) throw new Error(`node ${node.id} (${node.kind}) is not a compiled data test`);
  if ((node as Partial<CompiledTest>).loc) return node;
  const attachedName = node.attachedTo?.split(".").slice(2).join(".");
  return { ...node, loc: { file: node.path }, ...(attachedName ? { attachedName } : {}) };
}

/** Schema failing rows go to under --store-failures (dbt's `dbt_test__audit`). */
export const AUDIT_SCHEMA = "dbt_test__audit";

/**
 * The part of the compile stage's Renderer that tests use. Declared structurally so this module
 * builds before src/compile lands; the compile stage's Renderer satisfies it.
 */
export interface TestRenderer {
  /** A Promise when the template queries the warehouse (run_query, adapter.get_columns_in_relation...). */
  render(text: string, file: string, context?: Record<string, unknown>): TestRendered | Promise<TestRendered>;
  /** The relation value `model` is in a generic test (dbt's Relation, rendered as the target's adapter does); else the quoted text. */
  relation?(rel: Relation): unknown;
  /** Names of `{% test name(...) %}` blocks found in the project's macro files. */
  genericTestNames(): Iterable<string>;
}

export interface TestRendered {
  sql: string;
  refs?: readonly unknown[];
  sources?: readonly unknown[];
  config?: unknown;
}
