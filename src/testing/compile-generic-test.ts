// One YAML test declaration → one runnable test node. Built-ins are plain SQL builders; custom
// `{% test %}` blocks go through the project's renderer. Every problem becomes a ProjectError that
// names the YAML file, the model and the column, so one run reports all bad declarations.
import { createHash } from "node:crypto";
import { ProjectError, QeError } from "../core/errors.js";
import { didYouMean } from "../core/did-you-mean.js";
import { nodeId, type GenericTestDecl, type ModelConfig, type TestConfig } from "../project/types.js";
import type { CompiledNode } from "../compile/types.js";
import { BUILTIN_TEST_NAMES, COLUMN_TESTS, TestArgsError, builtinKey, builtinTestSql, filteredRelation } from "./builtin-sql.js";
import { genericTestNames, testTarget } from "./test-names.js";
import { genericTestHash } from "./test-unique-id.js";
import type { TargetIndex, TestTarget } from "./test-targets.js";
import { parseCondition } from "./thresholds.js";
import { AUDIT_SCHEMA, type CompiledTest, type TestRenderer } from "./types.js";

export interface GenericTestEnv {
  projectName: string;
  index: TargetIndex;
  renderer: TestRenderer;
  /** Names of custom `{% test %}` blocks (without the `test_` macro prefix). */
  customTests: ReadonlySet<string>;
  /** The target engine's string literal, for the built-in tests' values. */
  stringLiteral?: (value: string) => string;
}

/**
 * Compiles one declaration; a Promise when its macro queries the warehouse (dbt compiles tests
 * with the warehouse at hand too). Throws (or rejects with) a ProjectError located at the declaration.
 */
export function compileGenericTest(target: TestTarget, decl: GenericTestDecl, env: GenericTestEnv): CompiledTest | Promise<CompiledTest> {
  const { column_name: argColumn, ...kwargs } = decl.args;
  const columnName = decl.columnName ?? (typeof argColumn === "string" ? argColumn : undefined);
  const where = `${target.kind} ${displayName(target)}${columnName ? `, column ${columnName}` : ""}`;
  const fail = (code: string, msg: string, hint?: string, cause?: unknown): never => {
    throw new ProjectError(code, `${msg} (test ${decl.testName} on ${where})`, decl.loc, hint, cause ? { cause } : undefined);
  };
  checkColumnsDeclared(target, columnName, fail);
  for (const [k, v] of [["warn_if", decl.config.warnIf], ["error_if", decl.config.errorIf]] as const)
    if (v && !parseCondition(v)) fail("bad-test-config", `\`${k}: ${v}\` is not a condition`, 'write it like ">10", ">=5", "!=0" or "=0"');

  const custom = customName(decl.testName, env.customTests);
  const builtin = custom ? undefined : builtinKey(decl.testName);
  if (!custom && !builtin) {
    const known = [...BUILTIN_TEST_NAMES, ...env.customTests];
    const near = didYouMean(decl.testName.replace(/^\w+\./, ""), known);
    fail("unknown-test", `unknown test '${decl.testName}'`, near ? `did you mean '${near}'?` : `known tests: ${known.sort().join(", ")}`);
  }
  if (builtin && COLUMN_TESTS.has(builtin) && !columnName)
    fail("bad-test-args", `${decl.testName} needs a column`, "declare it under `columns:` or pass `column_name:`");

  const model = filteredRelation(target.from, decl.config.where);
  const dependsOn = [target.id];
  const failed = (e: unknown): never => {
    if (e instanceof TestArgsError) fail("bad-test-args", e.message, e.hint);
    if (e instanceof QeError) fail("test-render", e.message, e.hint, e);
    throw e;
  };
  try {
    if (builtin) {
      const resolveRelation = (to: string) => {
        const parent = env.index.resolve(to);
        dependsOn.push(parent.id);
        return parent.from;
      };
      return testNode(target, decl, env, columnName, kwargs, builtinTestSql(builtin, { model, columnName, args: kwargs, resolveRelation, stringLiteral: env.stringLiteral }), dependsOn);
    }
    const done = (out: RenderedTest): CompiledTest => {
      const t = testNode(target, decl, env, columnName, kwargs, out.sql, [...dependsOn, ...out.dependsOn.map(nodeId)], true);
      return { ...t, testConfig: { ...t.testConfig, ...out.config }, ...(out.queried ? { queriesWarehouse: true } : {}) };
    };
    const out = renderCustom(custom!, target, model, columnName, kwargs, decl, env.renderer);
    return out instanceof Promise ? out.then(done, failed) : done(out);
  } catch (e) {
    return failed(e);
  }
}

/** The test's node without its SQL (name, id, config, parent): compiled when it runs. */
export function compileGenericTestShell(target: TestTarget, decl: GenericTestDecl, env: GenericTestEnv): CompiledTest {
  const { column_name: argColumn, ...kwargs } = decl.args;
  const columnName = decl.columnName ?? (typeof argColumn === "string" ? argColumn : undefined);
  return testNode(target, decl, env, columnName, kwargs, "", [target.id]);
}

function testNode(
  target: TestTarget, decl: GenericTestDecl, env: GenericTestEnv, columnName: string | undefined, kwargs: Record<string, unknown>,
  rendered: string, dependsOn: readonly string[], custom = false,
): CompiledTest {
  const testArgs = { ...(columnName ? { column_name: columnName } : {}), ...kwargs };
  const names = decl.customName
    ? { name: decl.customName, shortName: decl.customName.slice(0, 63) }
    : genericTestNames(decl.testName, testTarget(target), testArgs);
  const hash = genericTestHash(names.name, { testName: decl.testName, kwargs: testArgs, targetExpr: targetExpr(target) });
  // A test macro's SQL as rendered (dbt's compiled_code); qe's own built-in SQL ends with a newline.
  const sql = custom ? rendered : rendered.trim() + "\n";
  return {
    id: nodeId(`test.${env.projectName}.${names.name}.${hash}`),
    kind: "generic_test",
    name: names.name,
    path: decl.loc.file,
    config: testModelConfig(decl.config.tags),
    relation: { schema: AUDIT_SCHEMA, name: names.shortName },
    sql,
    dependsOn: [...new Set(dependsOn.map(nodeId))],
    sourceLines: sql.split("\n").map(() => decl.loc.line ?? 0),
    checksum: createHash("sha256").update(sql).digest("hex"),
    attachedTo: target.id,
    ...(columnName ? { columnName } : {}),
    testMetadata: testMetadataOf(decl.testName, testArgs, targetExpr(target)),
    testConfig: decl.config,
    loc: decl.loc,
    attachedName: displayName(target),
  };
}

/** A test node builds nothing; the model-shaped config exists so tests fit the CompiledNode shape. */
export function testModelConfig(tags: readonly string[]): ModelConfig {
  return {
    materialized: "ephemeral",
    tags: [...tags],
    enabled: true,
    uniqueKey: [],
    preHook: [],
    postHook: [],
    meta: {},
    export: [],
    ignored: {},
  };
}

function testMetadataOf(testName: string, args: Record<string, unknown>, target: string): NonNullable<CompiledNode["testMetadata"]> {
  const dot = testName.indexOf(".");
  return {
    name: dot < 0 ? testName : testName.slice(dot + 1),
    namespace: dot < 0 ? null : testName.slice(0, dot),
    kwargs: { ...args, model: `{{ get_where_subquery(${target}) }}` },
  };
}

/** What dbt passes as the test's `model`: the ref or source the test is declared on. */
function targetExpr(t: TestTarget): string {
  if (t.kind === "source") return `source('${t.sourceName}', '${t.name}')`;
  return t.version !== undefined ? `ref('${t.name}', version='${t.version}')` : `ref('${t.name}')`;
}

export function displayName(t: Pick<TestTarget, "kind" | "name" | "sourceName">): string {
  return t.kind === "source" ? `${t.sourceName}.${t.name}` : t.name;
}

/**
 * When the YAML declares columns, a test's column must be one of them (checked again at run time).
 * Other arguments naming columns (dbt_utils' combination_of_columns) are not checked: dbt never
 * checks them, and projects commonly document only some of a model's columns.
 */
function checkColumnsDeclared(
  target: TestTarget,
  columnName: string | undefined,
  fail: (code: string, msg: string, hint?: string) => never,
): void {
  if (target.columns.length === 0) return;
  const declared = target.columns.map((c) => c.name);
  const lower = new Set(declared.map((c) => c.toLowerCase()));
  for (const c of [columnName]) {
    if (typeof c !== "string" || !/^\w+$/.test(c) || lower.has(c.toLowerCase())) continue; // expressions are not checked
    const near = didYouMean(c, declared);
    fail("test-column-missing", `column '${c}' is not declared for ${target.kind} ${displayName(target)}`, near ? `did you mean '${near}'?` : `declared columns: ${declared.join(", ")}`);
  }
}

/**
 * The custom test a YAML name refers to, as dbt resolves generic tests: "pkg.my_test" names that
 * package's test; a bare or other-qualified name is the root project's, else the first package's.
 * `custom` holds root tests bare and package tests as "<package>.<name>".
 */
function customName(testName: string, custom: ReadonlySet<string>): string | undefined {
  if (custom.has(testName)) return testName;
  const bare = testName.replace(/^\w+\./, "");
  if (custom.has(bare)) return bare;
  return [...custom].sort().find((n) => n.endsWith(`.${bare}`) && n.indexOf(".") === n.length - bare.length - 1);
}

/** dbt's add_rendered_test_kwargs: these argument strings are expressions, rendered natively. */
const LOOKS_LIKE_FUNC = /^\s*(env_var|ref|var|source|doc)\s*\(.+\)\s*$/s;

function renderCustom(
  name: string,
  target: TestTarget,
  model: string,
  columnName: string | undefined,
  kwargs: Record<string, unknown>,
  decl: GenericTestDecl,
  renderer: TestRenderer,
): RenderedTest | Promise<RenderedTest> {
  // `model` is what dbt's get_where_subquery returns: the relation (with dbt's Relation attributes),
  // or, under a `where:` config, the filtered subquery's text.
  // (An ephemeral target is inlined as a subquery: text too.)
  const plain = model === target.from && !target.from.startsWith("(");
  const relation = plain && renderer.relation ? renderer.relation(target.relation) : model;
  const args = ["model=__qe_model", ...(columnName ? ["column_name=__qe_column_name"] : [])];
  for (const [k, v] of Object.entries(kwargs)) {
    if (!/^[A-Za-z_]\w*$/.test(k)) continue;
    // dbt renders an argument written as a call (`compare_model: ref('x')`) to its value, a Relation.
    args.push(typeof v === "string" && LOOKS_LIKE_FUNC.test(v) ? `${k}=(${v})` : `${k}=__qe_args["${k}"]`);
  }
  // A package's test is called through its namespace (`dbt_utils.test_expression_is_true`).
  const dot = name.indexOf(".");
  const macro = dot < 0 ? `test_${name}` : `${name.slice(0, dot)}.test_${name.slice(dot + 1)}`;
  const call = `{{ ${macro}(${args.join(", ")}) }}`;
  const out = renderer.render(call, decl.loc.file, { __qe_model: relation, __qe_column_name: columnName, __qe_args: kwargs });
  const config = (o: { config?: unknown }) => macroTestConfig(o.config, decl.config);
  return out instanceof Promise
    ? out.then((o) => ({ sql: o.sql, dependsOn: dependencyIds(o), queried: true, config: config(o) }))
    : { sql: out.sql, dependsOn: dependencyIds(out), config: config(out) };
}

interface RenderedTest {
  sql: string;
  dependsOn: string[];
  queried?: boolean;
  /** What the macro's config() calls set (fail_calc, severity, warn_if, error_if). */
  config: Partial<TestConfig>;
}

/**
 * config() calls in a test macro (dbt_utils.equality sets fail_calc) configure the test where its
 * YAML does not: a YAML value other than dbt's default wins.
 */
function macroTestConfig(raw: unknown, yaml: TestConfig): Partial<TestConfig> {
  const c = (raw ?? {}) as Record<string, unknown>;
  const out: Partial<TestConfig> = {};
  if (typeof c["fail_calc"] === "string" && yaml.failCalc === undefined) out.failCalc = c["fail_calc"];
  const severity = typeof c["severity"] === "string" ? c["severity"].toLowerCase() : undefined;
  if ((severity === "warn" || severity === "error") && yaml.severity === "error") out.severity = severity;
  for (const [key, field] of [["warn_if", "warnIf"], ["error_if", "errorIf"]] as const) {
    const v = c[key];
    if (typeof v === "string" && parseCondition(v) && yaml[field] === "!=0") out[field] = v.trim();
  }
  return out;
}

/**
 * Adapter over the renderer's `refs`/`sources` lists, whose element shape belongs to src/compile:
 * accepts node ids, or objects carrying an `id`.
 */
export function dependencyIds(out: { refs?: readonly unknown[]; sources?: readonly unknown[] }): string[] {
  const ids: string[] = [];
  for (const r of [...(out.refs ?? []), ...(out.sources ?? [])]) {
    if (typeof r === "string" && /^(model|seed|source|snapshot)\./.test(r)) ids.push(r);
    else if (r && typeof r === "object" && typeof (r as { id?: unknown }).id === "string") ids.push((r as { id: string }).id);
  }
  return ids;
}
