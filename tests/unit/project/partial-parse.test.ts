import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { loadProject, type LoadProjectOptions } from "../../../src/project/load-project.js";
import { fingerprintFiles, guessTargetPath, PARTIAL_PARSE_FILE, PARTIAL_PARSE_SCHEMA, sourceDirs } from "../../../src/project/partial-parse.js";
import type { Project } from "../../../src/project/types.js";
import { ProjectErrors } from "../../../src/core/errors.js";
import { tempProject } from "./temp-project.js";

const REPO = resolve(".");
const MARK = "__from_partial_parse_cache__";

function copyShop(): string {
  const dir = mkdtempSync(join(tmpdir(), "qe-pp-shop-"));
  cpSync(join(REPO, "tests/fixtures/shop"), dir, { recursive: true, filter: (src) => !/[\\/]target$/.test(src) });
  return dir;
}

function copyQe(): string {
  const dir = mkdtempSync(join(tmpdir(), "qe-pp-qe-"));
  for (const p of ["dbt_project.yml", "models", "macros", "seeds", "tests/data"]) cpSync(join(REPO, p), join(dir, p), { recursive: true });
  return dir;
}

const cacheFile = (dir: string, target = "target") => join(dir, target, PARTIAL_PARSE_FILE);

/** Puts a marker into the cached Project (keeping its key), so a load that returns it provably came from the cache. */
function markCache(dir: string, target = "target"): void {
  const cache = JSON.parse(readFileSync(cacheFile(dir, target), "utf8")) as { project: string };
  const p = JSON.parse(cache.project) as { notes: string[] };
  p.notes.push(MARK);
  cache.project = JSON.stringify(p);
  writeFileSync(cacheFile(dir, target), JSON.stringify(cache));
}
const fromCache = (p: Project) => p.notes.includes(MARK);

/** Loads (writing the cache), marks the cache, and returns the uncached result for comparison. */
function primed(dir: string, opts: Partial<LoadProjectOptions> = {}): Project {
  loadProject({ projectDir: dir, ...opts });
  expect(existsSync(cacheFile(dir))).toBe(true);
  markCache(dir);
  return loadProject({ projectDir: dir, ...opts, partialParse: false });
}

/** Bumps mtime well past any filesystem granularity. */
function touchLater(path: string): void {
  const t = statSync(path).mtimeMs / 1000 + 5;
  utimesSync(path, t, t);
}

describe("partial parse cache", () => {
  it.each([["shop fixture", copyShop], ["QE project", copyQe]])("%s: the second load comes from the cache and equals a fresh load exactly", (_n, copy) => {
    const dir = copy();
    const env = { HOME: "/nowhere" };
    const first = loadProject({ projectDir: dir, env });
    const fresh = loadProject({ projectDir: dir, env, partialParse: false });
    expect(first).toStrictEqual(fresh);
    const second = loadProject({ projectDir: dir, env });
    expect(second).toStrictEqual(fresh);
    expect(isDeepStrictEqual(second, fresh)).toBe(true);
    expect(second.env).toBe(env); // the env is never cached: the caller's object is passed through
    markCache(dir);
    expect(fromCache(loadProject({ projectDir: dir, env }))).toBe(true);
  });

  it("keeps values plain JSON would lose (undefined keys, Infinity, NaN, -0)", () => {
    const dir = tempProject({
      "dbt_project.yml": "name: demo\nvars:\n  big: .inf\n  small: -.inf\n  nan: .nan\n  negzero: -0.0\n",
      "models/a.sql": "select 1 as id",
    });
    const fresh = loadProject({ projectDir: dir, partialParse: false });
    expect(Object.hasOwn(fresh.models[0]!, "description")).toBe(true); // present with value undefined
    loadProject({ projectDir: dir });
    markCache(dir);
    const hit = loadProject({ projectDir: dir });
    expect(fromCache(hit)).toBe(true);
    hit.notes = hit.notes.filter((n) => n !== MARK);
    expect(hit).toStrictEqual(fresh);
    expect(Object.is(hit.config.vars["negzero"], -0)).toBe(true);
    expect(hit.config.vars["big"]).toBe(Infinity);
  });

  const edits: [string, (dir: string) => void, (p: Project) => unknown][] = [
    ["a longer .sql", (d) => appendFileSync(join(d, "models/staging/stg_orders.sql"), "\n-- edited\n"), (p) => p.models.find((m) => m.name === "stg_orders")!.rawSql.endsWith("-- edited\n")],
    ["a same-size .sql with a later mtime", (d) => {
      const f = join(d, "models/marts/orders.sql");
      const text = readFileSync(f, "utf8");
      writeFileSync(f, text.replace(/select/, "SELECT"));
      touchLater(f);
    }, (p) => p.models.find((m) => m.name === "orders")!.rawSql.includes("SELECT")],
    ["a .yml description", (d) => {
      const f = join(d, "models/staging/_staging.yml");
      writeFileSync(f, readFileSync(f, "utf8").replace(/(description: ["']?)/, "$1EDITED "));
    }, (p) => JSON.stringify(p).includes("EDITED ")],
    ["dbt_project.yml", (d) => appendFileSync(join(d, "dbt_project.yml"), "\n# no-op comment still counts\n"), () => true],
    ["dbt_project.yml vars", (d) => {
      const f = join(d, "dbt_project.yml");
      writeFileSync(f, readFileSync(f, "utf8").replace("vars:\n", "vars:\n  added_var: 7\n"));
    }, (p) => p.config.vars["added_var"] === 7],
    ["profiles.yml", (d) => writeFileSync(join(d, "profiles.yml"), "shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: elsewhere.duckdb\n"), (p) => p.databasePath.endsWith("elsewhere.duckdb")],
    ["an added model", (d) => writeFileSync(join(d, "models/marts/new_model.sql"), "select 1 as id"), (p) => p.models.some((m) => m.name === "new_model")],
    ["a removed singular test", (d) => rmSync(join(d, "tests/assert_order_amount_not_negative.sql")), (p) => p.singularTests.length === 0],
    ["a removed macro", (d) => rmSync(join(d, "macros/cents_to_pounds.sql")), (p) => !p.macroFiles.some((m) => m.path.includes("cents_to_pounds"))],
    ["an added macro", (d) => writeFileSync(join(d, "macros/m2.sql"), "{% macro m2() %}2{% endmacro %}"), (p) => p.macroFiles.some((m) => m.path === "macros/m2.sql")],
    ["an added docs block", (d) => writeFileSync(join(d, "models/more.md"), "{% docs more %}More.{% enddocs %}"), (p) => p.docs["more"] === "More."],
    ["an added singular test", (d) => writeFileSync(join(d, "tests/t2.sql"), "select 1 where false"), (p) => p.singularTests.some((t) => t.name === "t2")],
  ];
  it.each(edits)("editing %s loads afresh", (_n, edit, reflects) => {
    const dir = copyShop();
    primed(dir);
    edit(dir);
    const after = loadProject({ projectDir: dir });
    expect(fromCache(after)).toBe(false);
    expect(reflects(after)).toBe(true);
    expect(after).toStrictEqual(loadProject({ projectDir: dir, partialParse: false }));
    // ...and the rewritten cache serves the edited project next time.
    markCache(dir);
    const again = loadProject({ projectDir: dir });
    expect(fromCache(again)).toBe(true);
    expect(reflects(again)).toBe(true);
  });

  it("different --vars load afresh", () => {
    const dir = copyShop();
    primed(dir, { cliVars: { a: 1 } });
    expect(fromCache(loadProject({ projectDir: dir, cliVars: { a: 1 } }))).toBe(true);
    const other = loadProject({ projectDir: dir, cliVars: { a: 2 } });
    expect(fromCache(other)).toBe(false);
    expect(other.cliVars).toEqual({ a: 2 });
  });

  it("a change to an env var the project reads via env_var() loads afresh; other env vars do not matter", () => {
    const dir = copyShop();
    writeFileSync(join(dir, "profiles.yml"), "shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('SHOP_DB', 'target/default.duckdb') }}\"\n");
    primed(dir, { env: { SHOP_DB: "one.duckdb" } });
    const sameVar = loadProject({ projectDir: dir, env: { SHOP_DB: "one.duckdb", UNRELATED: "x" } });
    expect(fromCache(sameVar)).toBe(true);
    expect(sameVar.env).toEqual({ SHOP_DB: "one.duckdb", UNRELATED: "x" });
    const changed = loadProject({ projectDir: dir, env: { SHOP_DB: "two.duckdb" } });
    expect(fromCache(changed)).toBe(false);
    expect(changed.databasePath).toBe(join(dir, "two.duckdb"));
    markCache(dir);
    const unset = loadProject({ projectDir: dir, env: {} });
    expect(fromCache(unset)).toBe(false);
    expect(unset.databasePath).toBe(join(dir, "target/default.duckdb"));
  });

  it("the cache never holds env values", () => {
    const dir = copyShop();
    writeFileSync(join(dir, "profiles.yml"), "shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('SHOP_DB', 'x.duckdb') }}\"\n");
    loadProject({ projectDir: dir, env: { SHOP_DB: "x.duckdb", SECRET_TOKEN: "hunter2-secret" } });
    expect(readFileSync(cacheFile(dir), "utf8")).not.toContain("hunter2-secret");
  });

  it.each([["not JSON", "{not json"], ["the wrong shape", "[1,2,3]"], ["another schema", JSON.stringify({ schema: 999, key: "x", dirs: [], envNames: [], project: "{}" })]])(
    "a cache file that is %s is ignored and rewritten", (_n, text) => {
      const dir = copyShop();
      const fresh = primed(dir);
      writeFileSync(cacheFile(dir), text);
      const p = loadProject({ projectDir: dir });
      expect(p).toStrictEqual(fresh);
      expect(JSON.parse(readFileSync(cacheFile(dir), "utf8")).schema).toBe(PARTIAL_PARSE_SCHEMA);
    });

  it("a project with an error never writes a cache, and an error is never hidden by an old cache", () => {
    const dir = copyShop();
    appendFileSync(join(dir, "models/staging/_staging.yml"), "\n  - name: [broken\n");
    expect(() => loadProject({ projectDir: dir })).toThrow(ProjectErrors);
    expect(existsSync(cacheFile(dir))).toBe(false);

    const ok = copyShop();
    primed(ok);
    appendFileSync(join(ok, "models/staging/_staging.yml"), "\n  - name: [broken\n");
    expect(() => loadProject({ projectDir: ok })).toThrow(ProjectErrors);

    const gone = copyShop();
    primed(gone);
    rmSync(join(gone, "models/marts/order_status_log.sql")); // its properties now name no model
    expect(() => loadProject({ projectDir: gone })).toThrow(ProjectErrors);
  });

  it("partialParse: false neither reads nor writes the cache", () => {
    const dir = copyShop();
    loadProject({ projectDir: dir, partialParse: false });
    expect(existsSync(cacheFile(dir))).toBe(false);
    primed(dir);
    const before = readFileSync(cacheFile(dir), "utf8");
    expect(fromCache(loadProject({ projectDir: dir, partialParse: false }))).toBe(false);
    expect(readFileSync(cacheFile(dir), "utf8")).toBe(before);
  });

  it("the cache lives in the target folder: --target-path, or target-path in dbt_project.yml", () => {
    const dir = copyShop();
    loadProject({ projectDir: dir, targetPath: "out" });
    expect(existsSync(cacheFile(dir, "out"))).toBe(true);
    markCache(dir, "out");
    expect(fromCache(loadProject({ projectDir: dir, targetPath: "out" }))).toBe(true);
    expect(fromCache(loadProject({ projectDir: dir }))).toBe(false); // a different target is a different cache

    const f = join(dir, "dbt_project.yml");
    writeFileSync(f, readFileSync(f, "utf8").replace('target-path: "target"', "target-path: build  # artifacts"));
    loadProject({ projectDir: dir });
    expect(existsSync(cacheFile(dir, "build"))).toBe(true);
    markCache(dir, "build");
    expect(fromCache(loadProject({ projectDir: dir }))).toBe(true);
  });

  it.each([
    ["name: x\n", "target"],
    ["name: x\ntarget-path: build\n", "build"],
    ["name: x\ntarget-path: \"out/dir/\"\n", "out/dir"],
    ["name: x\ntarget-path: 'tgt' # comment\n", "tgt"],
    ["name: x\n# target-path: nope\n", "target"],
  ])("guessTargetPath(%j) is %s", (text, want) => {
    const dir = tempProject({ "dbt_project.yml": text });
    expect(guessTargetPath(dir)).toBe(want);
  });

  it("a cache copied into another project's target is not used", () => {
    const a = copyShop();
    const b = copyShop();
    loadProject({ projectDir: a });
    markCache(a);
    loadProject({ projectDir: b });
    cpSync(cacheFile(a), cacheFile(b));
    const p = loadProject({ projectDir: b });
    expect(fromCache(p)).toBe(false);
    expect(p.rootDir).toBe(b);
  });

  it("the fingerprint covers every file the loaded project came from", () => {
    const dir = copyQe();
    const p = loadProject({ projectDir: dir, partialParse: false });
    const covered = new Set(fingerprintFiles(dir, sourceDirs(p.config)));
    const used = [
      ...p.models.map((m) => m.path), ...p.seeds.map((s) => s.path), ...p.singularTests.map((t) => t.path),
      ...p.macroFiles.map((m) => m.path), ...p.sources.map((s) => s.loc.file), ...p.unitTests.map((u) => u.loc.file),
      ...p.models.flatMap((m) => (m.propertiesLoc ? [m.propertiesLoc.file] : [])),
    ];
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe("partial parse per file: unchanged YAML is not parsed again", () => {
  type Cache = { yaml: Record<string, { hash: string; data: string; lines: number[] }> };
  const readCache = (dir: string) => JSON.parse(readFileSync(cacheFile(dir), "utf8")) as Cache;
  /** Rewrites one description inside a file's cached parse (its hash kept), so a load that shows it provably reused that entry. */
  function plant(dir: string, file: string, from: RegExp, to: string): void {
    const cache = readCache(dir);
    const entry = cache.yaml[file]!;
    expect(entry.data).toMatch(from);
    entry.data = entry.data.replace(from, to);
    writeFileSync(cacheFile(dir), JSON.stringify(cache));
  }
  const describes = (p: Project, name: string) => p.models.find((m) => m.name === name)!.description;

  it("an edit elsewhere reuses each unchanged file's parse; the edited file is parsed afresh", () => {
    const dir = copyShop();
    loadProject({ projectDir: dir });
    expect(Object.keys(readCache(dir).yaml).sort()).toEqual(["models/marts/_marts.yml", "models/staging/_staging.yml", "seeds/_seeds.yml"]);
    plant(dir, "models/marts/_marts.yml", /\{\{ doc\(\\"orders\\"\) \}\}/, "PLANTED row per order");
    plant(dir, "models/staging/_staging.yml", /"description":"[^"]*"/, '"description":"PLANTED"');
    // Edit the staging YAML (a miss for the whole project): marts comes from the cache, staging is parsed.
    const f = join(dir, "models/staging/_staging.yml");
    writeFileSync(f, readFileSync(f, "utf8") + "\n# edited\n");
    const p = loadProject({ projectDir: dir });
    expect(describes(p, "orders")).toMatch(/^PLANTED row per order/);
    expect(JSON.stringify(p)).not.toContain('"PLANTED"');
  });

  it("the loaded project equals a full parse when only some files are reused", () => {
    const dir = copyQe();
    loadProject({ projectDir: dir });
    appendFileSync(join(dir, "models/marts/kpi_pass_rate.sql"), "\n-- edited\n");
    const f = join(dir, "models/features/_features.yml");
    writeFileSync(f, readFileSync(f, "utf8").replace("description: The enrolment (", "description: EDITED enrolment. ("));
    const p = loadProject({ projectDir: dir });
    expect(JSON.stringify(p)).toContain("EDITED enrolment.");
    expect(p).toStrictEqual(loadProject({ projectDir: dir, partialParse: false }));
  });

  it("problems in a reused file point at the same lines as a full parse's", () => {
    const dir = copyShop();
    loadProject({ projectDir: dir });
    rmSync(join(dir, "models/marts/orders.sql")); // its properties in _marts.yml now name no model
    const locs = (o: Partial<LoadProjectOptions>) => {
      try {
        loadProject({ projectDir: dir, ...o });
      } catch (e) {
        return (e as ProjectErrors).errors.map((x) => `${x.code} ${x.loc?.file}:${x.loc?.line}`);
      }
      throw new Error("expected the load to fail");
    };
    const reused = locs({});
    expect(reused.some((l) => l.startsWith("unknown-model models/marts/_marts.yml:"))).toBe(true);
    expect(reused).toEqual(locs({ partialParse: false }));
  });

  it("a damaged entry is parsed again, not trusted", () => {
    const dir = copyShop();
    const fresh = loadProject({ projectDir: dir, partialParse: false });
    loadProject({ projectDir: dir });
    const cache = readCache(dir);
    cache.yaml["models/marts/_marts.yml"]!.lines = [1, 2];
    writeFileSync(cacheFile(dir), JSON.stringify(cache));
    appendFileSync(join(dir, "models/staging/stg_orders.sql"), "\n");
    const p = loadProject({ projectDir: dir });
    expect(p.models.find((m) => m.name === "orders")!.description).toBe(describes(fresh, "orders"));
  });
});
