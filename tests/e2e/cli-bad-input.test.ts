// Acceptance: bad input on disk (a damaged source database or warehouse, a locked warehouse, a
// broken seed, a file where a folder should be, a bad --vars value, no project) gets one clear
// error naming the file or table and what to do, a non-zero exit, no stack, and nothing lost.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Reporter } from "../../src/cli/reporter.js";
import type { QeError } from "../../src/core/errors.js";
import type { NodeResult, RunEvent } from "../../src/core/results.js";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { runCli, type CliOutcome } from "../helpers/run-cli.js";
import { cleanUpTempDirs, freshProject, generateSharedDb, hashSqliteTables, hashTree, REPO_ROOT, sha256 } from "../helpers/qe-e2e.js";

afterAll(cleanUpTempDirs);

let db: string;
beforeAll(async () => {
  db = await generateSharedDb(300);
});

/** No raw stack reached the user: every line of output is ours. */
function expectNoStack(out: CliOutcome): void {
  expect(out.stderr + out.stdout).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

function expectNothingExported(dir: string): void {
  expect(existsSync(join(dir, "exports", "manifest.json")), "exports written").toBe(false);
}

async function queryWarehouse<T extends Record<string, unknown>>(dir: string, sql: string): Promise<T[]> {
  const wh = await DuckDBAdapter.open(join(dir, "target", "qe.duckdb"));
  try {
    return await wh.allJson<T>(sql);
  } finally {
    wh.close();
  }
}

describe("a bad source database (data/qe.db)", () => {
  it("a text file: qe-run exits 2 once, naming the file and what to do, and leaves it as it was", async () => {
    const dir = freshProject();
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "qe.db"), "my precious notes\n");
    const out = await runCli(["main", "--project-dir", dir], dir);
    expect(out.exitCode, out.stdout.slice(-800)).toBe(2);
    expect(out.stderr).toMatch(/data\/qe\.db: error\[source-load\]: the source database is not a SQLite file/);
    expect(out.stderr).toMatch(/move or delete it and run again: qe-run generates it when missing/);
    expect(out.stderr.trim().split("\n")).toHaveLength(1); // one error, not one per source table
    expect(out.stdout).not.toMatch(/ERROR source/);
    expectNoStack(out);
    expect(readFileSync(join(dir, "data", "qe.db"), "utf8")).toBe("my precious notes\n");
    expect(readdirSync(join(dir, "data"))).toEqual(["qe.db"]);
    expectNothingExported(dir);
  });

  it("a folder where the file should be: qe-run exits 2 naming it", async () => {
    const dir = freshProject();
    mkdirSync(join(dir, "data", "qe.db"), { recursive: true });
    const out = await runCli(["main", "--project-dir", dir], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/data\/qe\.db: error\[source-load\]: the source database is a folder/);
    expectNoStack(out);
  });

  it("an empty file holds nothing to lose: qe-run generates into it and succeeds", async () => {
    const dir = freshProject();
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "qe.db"), "");
    const out = await runCli(["main", "--project-dir", dir, "--students", "200", "--no-export"], dir);
    expect(out.exitCode, out.stdout.split("\n").filter((l) => / ERROR /.test(l)).join("\n")).toBe(0);
    expect(out.stdout).toMatch(/Generated .*data\/qe\.db/);
    expect(hashSqliteTables(join(dir, "data", "qe.db"))["students"]!.rows).toBe(200);
  });

  it("`qe run` on a text file says to move it before `qe generate` (which refuses to replace it)", async () => {
    const dir = freshProject();
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "qe.db"), "not sqlite\n");
    const out = await runCli(["run", "--project-dir", dir, "-s", "source:qe.students"], dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/_sources\.yml:\d+: cannot open SQLite database data\/qe\.db: file is not a database/);
    expect(out.stdout).toMatch(/move or delete it, then run `qe generate`/);
    expect(readFileSync(join(dir, "data", "qe.db"), "utf8")).toBe("not sqlite\n");
  });

  it("a SQLite file missing a declared table: exits 1 naming the table and source, file untouched", async () => {
    const dir = freshProject(db);
    const file = join(dir, "data", "qe.db");
    const s = new Database(file);
    s.exec("drop table surveys");
    s.close();
    const bytes = sha256(readFileSync(file));
    const tables = hashSqliteTables(file);
    const out = await runCli(["main", "--project-dir", dir], dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/ERROR source surveys/);
    expect(out.stdout).toMatch(/models\/staging\/_sources\.yml:\d+: SQLite database data\/qe\.db has no table 'surveys' \(source qe\.surveys\)/);
    expect(out.stdout).toMatch(/run `qe generate` to rebuild the source database/);
    expectNoStack(out);
    expectNothingExported(dir);
    expect(sha256(readFileSync(file))).toBe(bytes);
    expect(hashSqliteTables(file)).toEqual(tables);
  });
});

describe("a bad warehouse (target/qe.duckdb)", () => {
  it("garbage bytes: exit 2 naming the file, saying to move or delete it; the file is not overwritten", async () => {
    const dir = freshProject(db);
    mkdirSync(join(dir, "target"));
    const file = join(dir, "target", "qe.duckdb");
    writeFileSync(file, Buffer.alloc(16_384, 0x5a));
    const before = sha256(readFileSync(file));
    for (const cmd of ["main", "run", "export"]) {
      const out = await runCli([cmd, "--project-dir", dir], dir);
      expect(out.exitCode, cmd).toBe(2);
      expect(out.stderr, cmd).toMatch(/target\/qe\.duckdb: error\[database\]: cannot open DuckDB database .*: it is not a DuckDB database this version can read/);
      expect(out.stderr, cmd).toMatch(/move or delete it and run again/);
      expect(out.stderr, cmd).not.toMatch(/another .*process/);
      expectNoStack(out);
      expect(sha256(readFileSync(file)), cmd).toBe(before);
      expectNothingExported(dir);
    }
  });

  it("locked by another process: exit 2, 'in use by another process' with its PID", async () => {
    const dir = freshProject(db);
    mkdirSync(join(dir, "target"));
    const file = join(dir, "target", "qe.duckdb");
    const holder = await holdWarehouse(file);
    try {
      for (const cmd of ["run", "main"]) {
        const out = await runCli([cmd, "--project-dir", dir], dir);
        expect(out.exitCode, cmd).toBe(2);
        expect(out.stderr, cmd).toMatch(/target\/qe\.duckdb: error\[database\]: cannot open DuckDB database .*: it is in use by another process/);
        expect(out.stderr, cmd).toMatch(new RegExp(`close the other process \\(PID ${holder.pid}\\)`));
        expectNoStack(out);
      }
    } finally {
      holder.kill();
    }
  });
});

/** A second process that opens `file` read-write (holding DuckDB's lock), writes to it, and waits. */
async function holdWarehouse(file: string): Promise<ChildProcess> {
  const code = [
    `const { DuckDBInstance } = await import("@duckdb/node-api");`,
    `const db = await DuckDBInstance.create(${JSON.stringify(file)});`,
    `const c = await db.connect();`,
    `await c.run("create table held as select 1 as x");`,
    `console.log("ready");`,
    // Held until the test kills it, however slow the machine (a timer that ran out released the lock mid-test).
    `setInterval(() => {}, 1 << 30);`,
  ].join("\n");
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (b: Buffer) => (err += String(b)));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (b: Buffer) => String(b).includes("ready") && resolve());
    child.on("exit", (c) => reject(new Error(`lock holder exited ${c}: ${err}`)));
  });
  return child;
}

describe("a broken seed CSV", () => {
  it("a ragged row or a bad integer: exit 1 naming the file and line; the previous seed table is kept", async () => {
    const dir = freshProject(db);
    const first = await runCli(["seed", "--project-dir", dir], dir);
    expect(first.exitCode, first.stdout).toBe(0);
    const rowsOf = async () => {
      const [where] = await queryWarehouse<{ s: string }>(dir, "select table_schema as s from information_schema.tables where table_name = 'nss_themes'");
      return queryWarehouse<{ theme: string; theme_order: number }>(dir, `select theme, theme_order from "${where!.s}".nss_themes order by theme_order`);
    };
    const before = await rowsOf();
    expect(before).toHaveLength(7);
    const csv = join(dir, "seeds", "nss_themes.csv");
    const good = readFileSync(csv, "utf8");
    const cases: [string, RegExp][] = [
      ["ragged,row\n", /seeds\/nss_themes\.csv:9: .*Invalid Record Length: expect 3, got 2/],
      ["extra,Extra theme,abc\n", /seeds\/nss_themes\.csv:9: .*value 'abc' in column 'theme_order' is not a valid integer/],
    ];
    for (const [row, message] of cases) {
      writeFileSync(csv, good);
      appendFileSync(csv, row);
      const out = await runCli(["seed", "--project-dir", dir], dir);
      expect(out.exitCode, row).toBe(1);
      expect(out.stdout, row).toMatch(/ERROR seed nss_themes/);
      expect(out.stdout, row).toMatch(message);
      expectNoStack(out);
      expect(await rowsOf(), row).toEqual(before);
    }
  });
});

describe("a file where exports/ should be", () => {
  it("qe-run builds, then exits 2 naming exports/; the file, the warehouse and run_results are fine", async () => {
    const dir = freshProject(db);
    writeFileSync(join(dir, "exports"), "not a folder\n");
    const out = await runCli(["main", "--project-dir", dir], dir);
    expect(out.exitCode, out.stdout.slice(-500)).toBe(2);
    expect(out.stderr).toMatch(/exports: error\[export-dir\]: cannot write the export folder .*exports: a file is in the way/);
    expect(out.stderr).toMatch(/move away what is in the way/);
    expectNoStack(out);
    expect(readFileSync(join(dir, "exports"), "utf8")).toBe("not a folder\n");
    const results = JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")) as { results: { status: string }[] };
    expect(results.results.every((r) => r.status === "success" || r.status === "pass")).toBe(true);
    const [{ n }] = (await queryWarehouse<{ n: number }>(dir, "select count(*)::int as n from main.kpi_pass_rate")) as [{ n: number }];
    expect(n).toBeGreaterThan(0);

    const again = await runCli(["export", "--project-dir", dir], dir);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/error\[export-dir\]/);
    expect(readFileSync(join(dir, "exports"), "utf8")).toBe("not a folder\n");
  });
});

describe("other files in the way: an error naming the path, never a stack", () => {
  it("target/ is a file: qe run and qe compile exit 2", async () => {
    const dir = freshProject(db);
    writeFileSync(join(dir, "target"), "x");
    const run = await runCli(["run", "--project-dir", dir], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/target\/qe\.duckdb: error\[database\]: .*a file is in the way of its folder/);
    expectNoStack(run);
    const compile = await runCli(["compile", "--project-dir", dir], dir);
    expect(compile.exitCode).toBe(2);
    expect(compile.stderr).toMatch(/target(\/compiled\/\S*)?: error\[file-system\]: mkdir failed: a file is in the way where a folder is needed \((ENOTDIR|EEXIST)\)/);
    expectNoStack(compile);
    expect(readFileSync(join(dir, "target"), "utf8")).toBe("x");
  });

  it("--junit names a folder: qe test exits 2 naming it and leaves no temp file", async () => {
    const dir = freshProject(db);
    const seeded = await runCli(["seed", "--project-dir", dir], dir);
    expect(seeded.exitCode, seeded.stdout).toBe(0);
    mkdirSync(join(dir, "report.xml"));
    const out = await runCli(["test", "--project-dir", dir, "-s", "tag:reference", "--junit", "report.xml"], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/report\.xml: error\[file-system\]: rename failed: it is a folder, and a file is needed here \(EISDIR\)/);
    expectNoStack(out);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("--vars pass_mark that is not a number", () => {
  it("exits 1 naming the model and its source line, with DuckDB's message and no stack", async () => {
    const dir = freshProject(db);
    const out = await runCli(["main", "--project-dir", dir, "--vars", "{pass_mark: abc}"], dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/models\/features\/feat_enrolment_marks\.sql:44: model feat_enrolment_marks failed: Binder Error: .*"abc"/);
    expect(out.stdout).toMatch(/Exports left unchanged/);
    expectNoStack(out);
    expectNothingExported(dir);
  });
});

describe("--project-dir without dbt_project.yml", () => {
  it.each([["main"], ["run"], ["build"], ["test"], ["ls"], ["compile"], ["seed"], ["export"]])("qe %s exits 2 with a hint", async (cmd) => {
    const dir = freshProject(db);
    rmSync(join(dir, "dbt_project.yml"));
    const before = hashTree(dir);
    const out = await runCli([cmd, "--project-dir", dir], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/error\[missing-project\]: no dbt_project\.yml in .*\(pass --project-dir pointing at a dbt project\)/);
    expect(hashTree(dir)).toEqual(before);
  });
});

describe("generation interrupted part-way", () => {
  it("qe generate over an existing data/qe.db leaves it exactly as it was, and no temp file", async () => {
    const dir = freshProject(db);
    const file = join(dir, "data", "qe.db");
    const before = hashSqliteTables(file);
    const bytes = sha256(readFileSync(file));
    // The reporter stands in for Ctrl-C: it throws at the first progress event, mid-generation.
    const interrupted = new Error("interrupted");
    let progressSeen = 0;
    const reporter: Reporter = {
      event(e: RunEvent) {
        if (e.type === "progress" && ++progressSeen === 1) throw interrupted;
      },
      error(_e: QeError) {},
      info(_m: string) {},
      summary(_r: readonly NodeResult[]) {},
    };
    await expect(main(["generate", "--project-dir", dir, "--students", "400"], reporter, { cwd: dir })).rejects.toBe(interrupted);
    expect(progressSeen).toBe(1);
    expect(sha256(readFileSync(file))).toBe(bytes);
    expect(hashSqliteTables(file)).toEqual(before);
    expect(readdirSync(join(dir, "data"))).toEqual(["qe.db"]);
  });
});
