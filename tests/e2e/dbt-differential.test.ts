// The reference check: dbt-core 1.11 + dbt-duckdb 1.11 and qe build the same projects into separate
// DuckDB files, and every relation must match (column names and types, rows) and every data test
// must end with the same status. Needs .venv/dbt (bash .ci/run installs it); skipped without it.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { runCli } from "../helpers/run-cli.js";
import { copyProject } from "../helpers/temp-project.js";

const REPO = resolve(import.meta.dirname, "../..");
const DBT = join(REPO, ".venv/dbt/bin/dbt");
const PYTHON = join(REPO, ".venv/dbt/bin/python");
const HAS_DBT = existsSync(DBT);

interface Case {
  name: string;
  src: string;
  profile: string;
  /** qe's warehouse, relative to the project (its profiles.yml path). */
  qeDb: string;
  /** Loaded by qe from outside the project (the SQLite source system): dbt starts from a copy of these schemas. */
  sourceSchemas: string[];
  prepare?: (dir: string) => Promise<void>;
  /** Relations or tests ("test.<project>.<name>") known to differ today, with why: they must still differ. */
  knownDiffs?: Record<string, string>;
  /** Compare target/compiled with dbt's byte for byte (every file but those COMPILED_DIFFS explains). */
  compiledSql?: boolean;
}

/** What COMPILED_DIFFS reads: compiled paths (relative to target/compiled/) by the kind of node they hold. */
interface CompiledKinds {
  /** dbt's four built-in generic tests, from qe's manifest. */
  builtinTests: ReadonlySet<string>;
  /** `<project>/<properties file>/` prefixes of files declaring unit tests, from dbt's manifest. */
  unitTestDirs: readonly string[];
  /** Snapshots declared in YAML, from qe's manifest. */
  yamlSnapshots: ReadonlySet<string>;
}

/**
 * Compiled files allowed to differ from dbt's (or to be written by one side only), each with the
 * reason. Anything else under target/compiled/ must equal dbt's file byte for byte.
 */
const COMPILED_DIFFS: { match: (path: string, k: CompiledKinds) => boolean; reason: string }[] = [
  {
    match: (path, k) => k.builtinTests.has(path),
    reason: "qe builds dbt's four built-in generic tests (unique, not_null, accepted_values, relationships) as SQL of its own, not through dbt's test macros: the same failing rows (their statuses are compared), other text",
  },
  {
    match: (path, k) => k.unitTestDirs.some((d) => path.startsWith(d)),
    reason: "qe runs unit tests in a DuckDB of their own and writes no compiled file for them or their fixtures",
  },
  {
    match: (path, k) => k.yamlSnapshots.has(path),
    reason: "dbt writes no compiled file for a snapshot declared in YAML (only target/run/); qe writes its select",
  },
];

function compiledKinds(qeDir: string, dbtTarget: string): CompiledKinds {
  type Manifest = {
    nodes: Record<string, { resource_type: string; original_file_path: string; compiled_path?: string | null; test_metadata?: { name: string; namespace: string | null } }>;
    unit_tests?: Record<string, { original_file_path: string; package_name: string }>;
  };
  const qe = JSON.parse(readFileSync(join(qeDir, "target/manifest.json"), "utf8")) as Manifest;
  const dbt = JSON.parse(readFileSync(join(dbtTarget, "manifest.json"), "utf8")) as Manifest;
  const rel = (p: string) => p.replace(/^.*?compiled\//, "");
  const builtin = new Set(["unique", "not_null", "accepted_values", "relationships"]);
  const nodes = Object.values(qe.nodes);
  return {
    builtinTests: new Set(nodes.filter((n) => n.test_metadata && n.test_metadata.namespace === null && builtin.has(n.test_metadata.name) && n.compiled_path).map((n) => rel(n.compiled_path!))),
    unitTestDirs: [...new Set(Object.values(dbt.unit_tests ?? {}).map((u) => `${u.package_name}/${u.original_file_path}/`))],
    yamlSnapshots: new Set(nodes.filter((n) => n.resource_type === "snapshot" && /\.ya?ml$/.test(n.original_file_path) && n.compiled_path).map((n) => rel(n.compiled_path!))),
  };
}

const CASES: Case[] = [
  {
    name: "QE project", src: REPO, profile: "qe_analytics", qeDb: "target/qe.duckdb", sourceSchemas: ["raw"], compiledSql: true,
    // Snapshot rows carry the run's timestamps (dbt_updated_at, dbt_valid_from, dbt_scd_id), which
    // differ between any two runs; tests/differential/dbt-resources.test.ts compares snapshots timestamps aside.
    knownDiffs: { "snapshots.assessment_pattern_history": "snapshot timestamps are the run's own" },
    prepare: async (dir) => {
      const g = await runCli(["generate", "--project-dir", dir, "--students", "500"], dir);
      expect(g.exitCode, g.stderr).toBe(0);
    },
  },
  { name: "shop fixture", src: join(REPO, "tests/fixtures/shop"), profile: "shop", qeDb: "target/shop.duckdb", sourceSchemas: [], compiledSql: true },
  { name: "atelier fixture (custom schemas, dispatch, local package, hooks)", src: join(REPO, "tests/fixtures/atelier"), profile: "atelier", qeDb: "target/atelier.duckdb", sourceSchemas: [], compiledSql: true },
  {
    // dbt_utils 1.3.3's own macros (a vendored subset): SQL macros that query the warehouse while
    // compiling, its generic tests (some warn), custom schemas, dispatch overridden by the project.
    name: "utils fixture (dbt_utils macros and generic tests, custom schemas, dispatch)", src: join(REPO, "tests/fixtures/utils"),
    profile: "utils_fixture", qeDb: "target/utils.duckdb", sourceSchemas: [], compiledSql: true,
  },
];

type Snapshot = Record<string, { columns: string; rows: string }>;

/** Every relation outside the given schemas (columns with types, digest of sorted rows), read by dbt's DuckDB. */
function snapshot(dbPath: string, skipSchemas: readonly string[]): Snapshot {
  const r = spawnSync(PYTHON, [join(REPO, "tests/e2e/python/relation_snapshot.py"), dbPath, ...skipSchemas], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`relation_snapshot.py failed on ${dbPath}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Snapshot;
}

/** Data test statuses by name: dbt's generic test ids end in a hash qe does not add. */
function testStatuses(runResults: string): Record<string, string> {
  const r = JSON.parse(readFileSync(runResults, "utf8")) as { results: { unique_id: string; status: string }[] };
  return Object.fromEntries(r.results.filter((x) => x.unique_id.startsWith("test.")).map((x) => [x.unique_id.replace(/\.[0-9a-f]{10}$/, ""), x.status]).sort());
}

function dbt(args: string[], cwd: string): void {
  const r = spawnSync(DBT, args, { cwd, encoding: "utf8", env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: "false", DO_NOT_TRACK: "1" } });
  if (r.status !== 0 && r.status !== 1) throw new Error(`dbt ${args.join(" ")} failed to run (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

async function differential(c: Case): Promise<void> {
  const dir = copyProject(c.src, "qe-dbt-diff-");
  await c.prepare?.(dir);
  if (existsSync(join(dir, "packages.yml"))) expect((await runCli(["deps", "--project-dir", dir], dir)).exitCode).toBe(0);
  const qe = await runCli(["build", "--project-dir", dir], dir);
  const qeDb = join(dir, c.qeDb);
  expect(existsSync(qeDb), qe.stderr + qe.stdout).toBe(true);
  const qeTests = testStatuses(join(dir, "target/run_results.json"));

  // dbt builds into its own file: a copy of qe's loaded sources, or nothing.
  const dbtDir = join(dir, "dbt-out");
  mkdirSync(dbtDir, { recursive: true });
  // The same file name as qe's: DuckDB names the catalog after it, and compiled SQL names relations in it.
  const dbtDb = join(dbtDir, basename(c.qeDb));
  if (c.sourceSchemas.length > 0) {
    copyFileSync(qeDb, dbtDb);
    const wh = await DuckDBAdapter.open(dbtDb);
    try {
      const rels = await wh.all<{ s: string; n: string; t: string }>("select table_schema as s, table_name as n, table_type as t from information_schema.tables");
      for (const r of rels) if (!c.sourceSchemas.includes(r.s)) await wh.exec(`drop ${r.t === "VIEW" ? "view" : "table"} if exists "${r.s}"."${r.n}" cascade`);
    } finally {
      await wh.close();
    }
  }
  writeFileSync(join(dbtDir, "profiles.yml"), `${c.profile}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${dbtDb}\n      threads: 4\n`);
  const common = ["--project-dir", dir, "--profiles-dir", dbtDir, "--target-path", "dbt-out/target", "--log-path", "dbt-out/logs"];
  // No `dbt deps`: dbt reads the dbt_packages/ that `qe deps` left, which is itself part of the check.
  dbt(["build", ...common], dir);
  const dbtTests = testStatuses(join(dbtDir, "target/run_results.json"));

  const [mine, theirs] = [snapshot(qeDb, c.sourceSchemas), snapshot(dbtDb, c.sourceSchemas)];
  const known = c.knownDiffs ?? {};
  expect(Object.keys(mine), "the same relations").toEqual(Object.keys(theirs));
  const same = (rel: string) => JSON.stringify(mine[rel]) === JSON.stringify(theirs[rel]);
  expect({
    differing: Object.keys(theirs).filter((rel) => !(rel in known) && !same(rel)).map((rel) => ({ rel, qe: mine[rel], dbt: theirs[rel] })),
    knownButNowMatching: Object.keys(known).filter((rel) => rel in theirs && same(rel)),
  }, "relations differ (or a known difference is gone: remove it from knownDiffs)").toEqual({ differing: [], knownButNowMatching: [] });
  const only = (a: Record<string, string>, b: Record<string, string>) =>
    Object.entries(a).filter(([k, v]) => b[k] !== v && !(k in known)).map(([k, v]) => `${k} ${v}`);
  expect({ qeOnly: only(qeTests, dbtTests), dbtOnly: only(dbtTests, qeTests) }, "the same data tests with the same statuses").toEqual({ qeOnly: [], dbtOnly: [] });
  expect(Object.keys(dbtTests).length).toBeGreaterThan(0);
  expect(qe.exitCode, qe.stderr).toBe(0);
  if (c.compiledSql) compareCompiled(join(dir, "target/compiled"), join(dbtDir, "target/compiled"), compiledKinds(dir, join(dbtDir, "target")));
}

/** Every file dbt compiled, byte for byte in qe's target/compiled, except the kinds COMPILED_DIFFS explains. */
function compareCompiled(qeRoot: string, dbtRoot: string, kinds: CompiledKinds): void {
  const files = (root: string): string[] => readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))).sort();
  const explained = (path: string) => COMPILED_DIFFS.some((d) => d.match(path, kinds));
  const theirs = files(dbtRoot).filter((f) => !explained(f));
  const mine = files(qeRoot).filter((f) => !explained(f));
  expect(mine, "qe compiles the same files as dbt").toEqual(theirs);
  const differing = theirs.filter((f) => readFileSync(join(qeRoot, f), "utf8") !== readFileSync(join(dbtRoot, f), "utf8"));
  expect(differing.map((f) => ({ file: f, qe: readFileSync(join(qeRoot, f), "utf8"), dbt: readFileSync(join(dbtRoot, f), "utf8") })), "compiled SQL equals dbt's byte for byte").toEqual([]);
  expect(theirs.length).toBeGreaterThan(3);
}

describe.skipIf(!HAS_DBT)("dbt differential: qe and dbt-core build the same relations", () => {
  for (const c of CASES) {
    it(c.name, () => differential(c), 300_000);
  }
});

describe.runIf(!HAS_DBT)("dbt differential", () => {
  it.skip("skipped: .venv/dbt is missing (bash .ci/run installs dbt-core and dbt-duckdb into it)", () => undefined);
});
