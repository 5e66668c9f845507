// profiles.yml found, chosen and rendered as dbt does: --profiles-dir, DBT_PROFILES_DIR, the
// project folder, ~/.dbt; --target over the profile's target; env_var; typed duckdb and spark targets.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProject } from "../../../src/project/index.js";
import { ProjectErrors } from "../../../src/core/errors.js";
import { tempProject } from "./temp-project.js";

const PROJECT = "name: demo\nversion: '1.0'\nconfig-version: 2\nprofile: demo\n";
const profile = (path: string, extra = "") =>
  `demo:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${path}\n      threads: 4\n${extra}`;

function load(dir: string, o: { env?: Record<string, string>; profilesDir?: string; target?: string } = {}) {
  return loadProject({ projectDir: dir, partialParse: false, env: { HOME: join(dir, "no-home"), ...o.env }, profilesDir: o.profilesDir, target: o.target });
}

function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  return [];
}

describe("profiles", () => {
  it("reads the project folder's profiles.yml into a typed duckdb target", () => {
    const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": profile("target/x.duckdb") });
    const p = load(dir);
    expect(p.target).toMatchObject({ type: "duckdb", name: "dev", profileName: "demo", schema: "main", threads: 4, path: "target/x.duckdb", database: "x" });
    expect(p.databasePath).toBe(join(dir, "target/x.duckdb"));
  });

  it("prefers --profiles-dir, then DBT_PROFILES_DIR, over the project folder; ~/.dbt comes last", () => {
    const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": profile("target/project.duckdb") });
    const flag = mkdtempSync(join(tmpdir(), "qe-prof-"));
    writeFileSync(join(flag, "profiles.yml"), profile("flag.duckdb"));
    const envDir = mkdtempSync(join(tmpdir(), "qe-prof-"));
    writeFileSync(join(envDir, "profiles.yml"), profile("env.duckdb"));
    expect(load(dir, { profilesDir: flag, env: { DBT_PROFILES_DIR: envDir } }).target).toMatchObject({ path: "flag.duckdb" });
    expect(load(dir, { env: { DBT_PROFILES_DIR: envDir } }).target).toMatchObject({ path: "env.duckdb" });
    const home = mkdtempSync(join(tmpdir(), "qe-home-"));
    mkdirSync(join(home, ".dbt"));
    writeFileSync(join(home, ".dbt", "profiles.yml"), profile("home.duckdb"));
    expect(load(dir, { env: { HOME: home } }).target).toMatchObject({ path: "target/project.duckdb" });
    const bare = tempProject({ "dbt_project.yml": PROJECT });
    expect(load(bare, { env: { HOME: home } }).target).toMatchObject({ path: "home.duckdb" });
  });

  it("a --profiles-dir without profiles.yml is an error naming the folder", () => {
    const dir = tempProject({ "dbt_project.yml": PROJECT });
    const empty = mkdtempSync(join(tmpdir(), "qe-prof-"));
    expect(problemsOf(() => load(dir, { profilesDir: empty }))).toEqual([`no profiles.yml in ${empty} (from --profiles-dir)`]);
  });

  it("--target picks another output; a missing one names those that exist", () => {
    const extra = "    ci:\n      type: duckdb\n      path: target/ci.duckdb\n      schema: ci\n";
    const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": profile("target/dev.duckdb", extra) });
    expect(load(dir, { target: "ci" }).target).toMatchObject({ name: "ci", schema: "ci", threads: 1 });
    expect(problemsOf(() => load(dir, { target: "prod" }))).toEqual(["profile 'demo' has no target 'prod'"]);
  });

  it("renders env_var with defaults and casts, and fails on a required one that is unset", () => {
    const body = "demo:\n  target: \"{{ env_var('T', 'dev') }}\"\n  outputs:\n    dev:\n      type: duckdb\n      path: \"target/{{ env_var('DB_NAME', 'd') }}.duckdb\"\n      threads: \"{{ env_var('THREADS') | int }}\"\n";
    const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": body });
    expect(load(dir, { env: { DB_NAME: "named", THREADS: "3" } }).target).toMatchObject({ path: "target/named.duckdb", threads: 3 });
    expect(problemsOf(() => load(dir))).toEqual(["env_var('THREADS') is required by the profile but not set"]);
  });

  it("a duckdb path in a folder that does not exist is an error; the target folder is fine", () => {
    const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": profile("nowhere/x.duckdb") });
    expect(problemsOf(() => load(dir))[0]).toMatch(/duckdb path 'nowhere\/x.duckdb' is in a folder that does not exist/);
    const ok = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": profile("target/sub/x.duckdb") });
    expect(load(ok).databasePath).toBe(join(ok, "target/sub/x.duckdb"));
  });

  it("reads dbt-spark's shape into a spark target", () => {
    const body = "demo:\n  target: cluster\n  outputs:\n    cluster:\n      type: spark\n      method: thrift\n      host: 127.0.0.1\n      port: 10000\n      schema: analytics\n      threads: 2\n      server_side_parameters:\n        spark.sql.shuffle.partitions: 4\n";
    const dir = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": body });
    expect(load(dir).target).toEqual(expect.objectContaining({
      type: "spark", name: "cluster", method: "thrift", host: "127.0.0.1", port: 10000, schema: "analytics", threads: 2,
      serverSideParameters: { "spark.sql.shuffle.partitions": "4" },
    }));
  });

  it("an unknown adapter type or a missing profile is a clear error", () => {
    const pg = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": "demo:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n" });
    expect(problemsOf(() => load(pg))).toEqual(["target 'dev' has type 'postgres'; qe runs duckdb and spark"]);
    const other = tempProject({ "dbt_project.yml": PROJECT, "profiles.yml": "other:\n  outputs: {}\n" });
    expect(problemsOf(() => load(other))).toEqual(["profiles.yml has no profile 'demo'"]);
  });

  it("without any profiles.yml the target is duckdb dev at <target>/qe.duckdb", () => {
    const dir = tempProject({ "dbt_project.yml": PROJECT });
    expect(load(dir).target).toMatchObject({ type: "duckdb", name: "dev", schema: "main", path: join(dir, "target/qe.duckdb") });
  });
});
