// dbt 1.8 unit tests: run one model on fixture rows only and compare with the expected rows. As in
// dbt, the query runs on the target's engine (so its SQL dialect and dispatched macros are the ones
// tested) with each ref() and source() rendered to a CTE of fixture rows: one read-only query per
// test, nothing created or read in the warehouse.
import { ProjectError, QeError } from "../core/errors.js";
import type { EventSink, NodeResult } from "../core/results.js";
import type { Adapter } from "../adapters/types.js";
import { quoteIdent } from "../adapters/quote.js";
import { inlineCtes, type Cte } from "../compile/ephemeral.js";
import { nodeId, type Project, type UnitTestDecl } from "../project/types.js";
import type { TestRenderer } from "./types.js";
import { compareRows, diffIsEmpty, formatDiff } from "./unit-compare.js";
import { fixtureColumns, fixtureSelect } from "./unit-fixtures.js";

export interface UnitTestOptions {
  /** Monotonic milliseconds, for elapsedMs; injected so the stage reads no clock itself. */
  now?: () => number;
}

/** Runs each unit test in order; returns one result per test (pass, fail with a row diff, or error). Never throws for a failing test. */
export async function runUnitTests(
  project: Project,
  tests: readonly UnitTestDecl[],
  renderer: TestRenderer,
  wh: Pick<Adapter, "describe" | "all" | "dialect">,
  on: EventSink,
  opts: UnitTestOptions = {},
): Promise<NodeResult[]> {
  const now = opts.now ?? (() => 0);
  const results: NodeResult[] = [];
  for (const [i, t] of tests.entries()) {
    const id = nodeId(`unit_test.${project.config.name}.${t.model}.${t.name}`);
    on({ type: "start", id, name: t.name, kind: "unit_test", index: i + 1, total: tests.length });
    const started = now();
    const outcome = await runOne(project, t, renderer, wh);
    const result: NodeResult = { id, name: t.name, kind: "unit_test", elapsedMs: now() - started, ...outcome };
    results.push(result);
    on({ type: "done", result, index: i + 1, total: tests.length });
  }
  return results;
}

type Outcome = Pick<NodeResult, "status" | "message" | "error" | "failures">;

// dbt's names for unit-test fixture CTEs.
const FIXTURE_PREFIX = "__dbt__cte__";
const names = (args: unknown[]): string[] => args.filter((a): a is string => typeof a === "string");
/** ref() and source() for a unit test's render: the fixture CTE of that input. */
const FIXTURE_LOCALS = {
  ref: (...a: unknown[]) => quoteIdent(FIXTURE_PREFIX + names(a).at(-1)),
  source: (...a: unknown[]) => quoteIdent(FIXTURE_PREFIX + names(a).join("__")),
};

async function runOne(project: Project, t: UnitTestDecl, renderer: TestRenderer, wh: Pick<Adapter, "describe" | "all" | "dialect">): Promise<Outcome> {
  const model = project.models.find((m) => m.name === t.model);
  if (!model) return errorOutcome(new ProjectError("unknown-model", `unit test '${t.name}' is for model '${t.model}', which does not exist`, t.loc));
  try {
    const ctes: Cte[] = [];
    for (const g of t.given) {
      const name = (await renderer.render(`{{ ${g.input} }}`, model.path, FIXTURE_LOCALS)).sql.trim();
      if (!name.startsWith(`"${FIXTURE_PREFIX}`)) throw new ProjectError("bad-unit-input", `unit test '${t.name}': given input ${g.input} is not a ref() or source()`, t.loc);
      const declared = declaredColumns(project, g.input);
      ctes.push({ name, sql: fixtureSelect(g.rows, fixtureColumns(g.rows, declared.types, declared.names), wh.dialect) });
    }
    const sql = (await renderer.render(model.rawSql, model.path, FIXTURE_LOCALS)).sql.trim().replace(/;\s*$/, "");
    const withFixtures = inlineCtes(sql, [], ctes).sql;
    const query = `select * from (\n${withFixtures}\n) as model_output`;
    const hint = "every ref() and source() of the model needs a `given:` entry with the columns it reads";
    const columns = (await wh.describe(query, { loc: t.loc, hint })).map((c) => c.name);
    const actual = (await wh.all(query, { loc: t.loc, hint })).map(plainRow);
    const diff = compareRows(t.expect.rows, actual, columns);
    if (diffIsEmpty(diff)) return { status: "pass" };
    return { status: "fail", failures: diff.missing.length + diff.unexpected.length, message: `unit test ${t.name} on model ${t.model} (${t.loc.file}):\n${formatDiff(diff)}` };
  } catch (e) {
    if (e instanceof QeError) return errorOutcome(e);
    throw e;
  }
}

/** Values as a YAML author writes them, so diffs read naturally: 3 not "3", dates as 2024-02-01. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (typeof v === "bigint") out[k] = Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    else if (v instanceof Date) out[k] = v.toISOString().replace(/T00:00:00\.000Z$/, "").replace("T", " ").replace(/(\.000)?Z$/, "");
    else out[k] = v;
  }
  return out;
}

function errorOutcome(error: QeError): Outcome {
  return { status: "error", message: error.message + (error.hint ? ` (${error.hint})` : ""), error };
}

/** Columns declared for the input in properties YAML, and their `data_type`s (and seed column_types). */
function declaredColumns(project: Project, input: string): { names: string[]; types: Record<string, string> } {
  const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(input);
  const src = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(input);
  const node = ref
    ? [...project.models, ...project.seeds].find((n) => n.name === ref[1])
    : src
      ? project.sources.find((s) => s.sourceName === src[1] && s.name === src[2])
      : undefined;
  const types: Record<string, string> = {};
  if (node?.kind === "seed") Object.assign(types, node.config.columnTypes);
  for (const c of node?.columns ?? []) if (c.dataType) types[c.name] = c.dataType;
  return { names: (node?.columns ?? []).map((c) => c.name), types };
}
