import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunEvent } from "../../../src/core/results.js";
import { DuckDBAdapter } from "../../../src/adapters/duckdb/index.js";
import { loadSqliteSources as load, openSqliteLoad, planColumn, SourceLoadError } from "../../../src/load/index.js";
import { nodeId, type SourceTableNode } from "../../../src/project/types.js";

let wh: DuckDBAdapter;
let root: string;
beforeEach(async () => {
  wh = await DuckDBAdapter.open(":memory:");
  root = mkdtempSync(join(tmpdir(), "qe-sqlite-"));
});
afterEach(() => wh.close());

function source(table: string, path = "data/qe.db", identifier = table): SourceTableNode {
  return {
    kind: "source",
    id: nodeId(`source.proj.raw.${table}`),
    sourceName: "raw",
    name: table,
    identifier,
    schema: "raw",
    columns: [],
    tests: [],
    loader: { kind: "sqlite", path },
    loc: { file: "models/staging/_sources.yml", line: 3 },
  };
}

function makeDb(sql: string, fill?: (db: Database.Database) => void): void {
  mkdirSync(join(root, "data"), { recursive: true });
  const db = new Database(join(root, "data/qe.db"));
  db.exec(sql);
  fill?.(db);
  db.close();
}

const describeRel = async (rel: string) => Object.fromEntries((await wh.describe(`select * from ${rel}`)).map((c) => [c.name, c.type]));

describe("planColumn", () => {
  it.each([
    ["INTEGER", "BIGINT"],
    ["int", "BIGINT"],
    ["TEXT", "VARCHAR"],
    ["VARCHAR(20)", "VARCHAR"],
    ["REAL", "DOUBLE"],
    ["DOUBLE PRECISION", "DOUBLE"],
    ["BLOB", "BLOB"],
    ["", "VARCHAR"],
    ["DATE", "DATE"],
    ["DATETIME", "TIMESTAMP"],
    ["BOOLEAN", "BOOLEAN"],
    ["DECIMAL(10,2)", "DECIMAL(10, 2)"],
    ["NUMERIC", "DOUBLE"],
  ])("%s → %s", (declared, type) => {
    const c = planColumn("x", declared);
    expect(c.castTo ?? c.append).toBe(type);
  });
});

// Every case runs three times: small tables load in this thread, big ones on the reader workers
// (one worker, one job per table; or two workers sharing tables cut into 700-rowid jobs).
describe.each([
  ["in this thread", 1e12, 1, undefined],
  ["on one worker", 0, 1, undefined],
  ["on two workers in 700-row jobs", 0, 2, 700],
])("loadSqliteSources %s", (_mode, workerMinRows, workers, partRows) => {
  const loadSqliteSources = (...a: Parameters<typeof load>) => load(a[0], a[1], a[2], a[3], { workerMinRows, workers, partRows });
  it("copies tables with types from SQLite's declarations and exact values", async () => {
    makeDb(
      `create table students (id integer primary key, name text, gpa real, born date, enrolled_on text, fee decimal(10,2), active boolean, photo blob, big integer, untyped);
       insert into students values (1, 'Ann', 3.5, '2001-02-03', '2020-09-21', 9250.00, 1, x'00ff', 9007199254740993, 'u');
       insert into students values (2, null, null, null, null, null, 0, null, -5, 7);`,
    );
    const events: RunEvent[] = [];
    const [r] = await loadSqliteSources(wh, [source("students")], root, (e) => events.push(e));
    expect(r!.status).toBe("success");
    expect(r!.rowsAffected).toBe(2);
    expect(await describeRel("raw.students")).toEqual({
      id: "BIGINT",
      name: "VARCHAR",
      gpa: "DOUBLE",
      born: "DATE",
      enrolled_on: "VARCHAR",
      fee: "DECIMAL(10,2)",
      active: "BOOLEAN",
      photo: "BLOB",
      big: "BIGINT",
      untyped: "VARCHAR",
    });
    const rows = await wh.allJson("select id, name, born, enrolled_on, fee, active, big, untyped from raw.students order by id");
    expect(rows).toEqual([
      { id: "1", name: "Ann", born: "2001-02-03", enrolled_on: "2020-09-21", fee: "9250.00", active: true, big: "9007199254740993", untyped: "u" },
      { id: "2", name: null, born: null, enrolled_on: null, fee: null, active: false, big: "-5", untyped: "7" },
    ]);
    expect(events.map((e) => e.type)).toEqual(["start", "done"]);
  });

  it("streams tables larger than one data chunk, with identifiers and several sources", async () => {
    makeDb("create table grades (id integer, mark real, grade text); create table empty (a integer)", (db) => {
      const ins = db.prepare("insert into grades values (?, ?, ?)");
      db.transaction(() => {
        for (let i = 0; i < 5000; i++) ins.run(i, i / 10, i % 7 === 0 ? null : `g${i % 5}`);
      })();
    });
    const results = await loadSqliteSources(wh, [source("marks", "data/qe.db", "grades"), source("empty")], root, () => {});
    expect(results.map((r) => [r.name, r.status, r.rowsAffected])).toEqual([
      ["marks", "success", 5000],
      ["empty", "success", 0],
    ]);
    const agg = await wh.allJson("select count(*) n, sum(id) s, count(grade) g, sum(mark) m from raw.marks");
    expect(agg).toEqual([{ n: "5000", s: "12497500", g: "4285", m: 1249750 }]);
  });

  it("reads WITHOUT ROWID tables, views and tables with rowid gaps completely", async () => {
    makeDb(
      `create table k (code text primary key, n integer) without rowid;
       create table gaps (n integer);
       create view v as select n * 2 as n2 from gaps;`,
      (db) => {
        const k = db.prepare("insert into k values (?, ?)");
        const g = db.prepare("insert into gaps values (?)");
        db.transaction(() => {
          for (let i = 0; i < 3000; i++) k.run(`c${String(i).padStart(4, "0")}`, i);
          for (let i = 0; i < 6000; i++) g.run(i);
        })();
        db.exec("delete from gaps where n % 3 = 0");
      },
    );
    const results = await loadSqliteSources(wh, [source("k"), source("gaps"), source("v")], root, () => {});
    expect(results.map((r) => r.rowsAffected)).toEqual([3000, 4000, 4000]);
    expect(await wh.allJson("select sum(n) s from raw.gaps")).toEqual([{ s: String((5999 * 6000) / 2 - 3 * ((1999 * 2000) / 2)) }]);
  });

  it("keeps awkward text and doubles exactly: quotes, commas, newlines, '' vs NULL, 17 digits", async () => {
    const texts = ['say "hi", then', "two\nlines", "", null, "naïve 🎓", "\"", ",", "trailing\r"];
    const reals = [0.1, 1 / 3, 1e300, -2.5e-308, 123456789.123456789, null, 3, -0];
    makeDb("create table t (id integer, s text, r real)", (db) => {
      const ins = db.prepare("insert into t values (?, ?, ?)");
      texts.forEach((x, i) => ins.run(i, x, reals[i]));
    });
    await loadSqliteSources(wh, [source("t")], root, () => {});
    const rows = await wh.all<{ s: string | null; r: number | null }>("select s, r from raw.t order by id");
    expect(rows.map((r) => r.s)).toEqual(texts);
    expect(rows.map((r) => r.r)).toEqual(reals.map((r) => (r === null ? null : r === 0 ? 0 : r)));
  });

  it("names the missing file and says to run qe generate", async () => {
    const [r] = await loadSqliteSources(wh, [source("students")], root, () => {});
    expect(r!.status).toBe("error");
    expect(r!.error).toBeInstanceOf(SourceLoadError);
    expect(r!.message).toContain("data/qe.db does not exist");
    expect(r!.error!.hint).toContain("qe generate");
    expect(r!.error!.loc).toEqual({ file: "models/staging/_sources.yml", line: 3 });
  });

  it("names a missing table with a did-you-mean, and still loads the others", async () => {
    makeDb("create table students (id integer); insert into students values (1)");
    const results = await loadSqliteSources(wh, [source("studnts"), source("students")], root, () => {});
    expect(results.map((r) => r.status)).toEqual(["error", "success"]);
    expect(results[0]!.message).toContain("no table 'studnts'");
    expect(results[0]!.error!.hint).toBe("did you mean identifier: students?");
  });

  it("keeps the previous raw table when a reload fails", async () => {
    makeDb("create table t (n integer, d date); insert into t values (1, '2024-01-01')");
    await loadSqliteSources(wh, [source("t")], root, () => {});
    const db = new Database(join(root, "data/qe.db"));
    db.exec("insert into t values (2, '2024-01-02'), (3, 'not a date')");
    db.close();
    const [r] = await loadSqliteSources(wh, [source("t")], root, () => {});
    expect(r!.status).toBe("error");
    expect(r!.message).toContain("t.d is declared date in SQLite");
    expect(await wh.allJson("select n from raw.t")).toEqual([{ n: "1" }]);
    expect(await wh.relationExists("raw", "t__qe_tmp")).toBe(false);
  });

  it("rejects text in an INTEGER column instead of coercing it", async () => {
    makeDb("create table t (n integer); insert into t values (1), ('abc')");
    const [r] = await loadSqliteSources(wh, [source("t")], root, () => {});
    expect(r!.status).toBe("error");
    expect(r!.message).toBe("t.n (declared INTEGER) holds text 'abc' in row 2, which does not fit BIGINT");
  });

  it("stamps the loader's load-time column (meta.loaded_at_column) with the clock, unless the table has that column", async () => {
    makeDb("create table t (n integer); insert into t values (1), (2); create table own (n integer, _LOADED_AT text); insert into own values (1, 'src')");
    const stamped = (name: string): SourceTableNode => ({ ...source(name), loader: { kind: "sqlite", path: "data/qe.db", loadedAtColumn: "_loaded_at" } });
    const clock = () => Date.parse("2026-03-04T05:06:07.089Z");
    const results = await load(wh, [stamped("t"), stamped("own")], root, () => {}, { workerMinRows, clock });
    expect(results.map((r) => [r.name, r.status, r.rowsAffected])).toEqual([["t", "success", 2], ["own", "success", 1]]);
    expect(await describeRel("raw.t")).toEqual({ n: "BIGINT", _loaded_at: "TIMESTAMP" });
    expect(await wh.allJson("select n, _loaded_at::varchar as at from raw.t order by n")).toEqual([
      { n: "1", at: "2026-03-04 05:06:07.089" },
      { n: "2", at: "2026-03-04 05:06:07.089" },
    ]);
    expect(await wh.allJson("select * from raw.own")).toEqual([{ n: "1", _LOADED_AT: "src" }]);
    // Without a clock the stamp cannot be written: a caller's bug, not a silently unstamped table.
    await expect(load(wh, [stamped("t")], root, () => {}, { workerMinRows })).rejects.toThrow(/clock is needed to stamp _loaded_at/);
  });

  it("ignores sources without a sqlite loader", async () => {
    const s = { ...source("x"), loader: undefined };
    expect(await loadSqliteSources(wh, [s], root, () => {})).toEqual([]);
  });

  it("reports a file that is not a SQLite database", async () => {
    mkdirSync(join(root, "data"));
    writeFileSync(join(root, "data/qe.db"), "this is not sqlite, just text padding ".repeat(50));
    const [r] = await loadSqliteSources(wh, [source("t")], root, () => {});
    expect(r!.error).toBeInstanceOf(SourceLoadError);
    expect(r!.message).toContain("cannot open SQLite database data/qe.db");
  });
});

describe("openSqliteLoad", () => {
  it("loads tables asked for out of order, and leaves nothing staged", async () => {
    makeDb("create table a (id integer); create table b (id integer)", (db) => {
      db.transaction(() => {
        for (let i = 1; i <= 3000; i++) db.prepare("insert into a values (?)").run(i);
        for (let i = 1; i <= 2000; i++) db.prepare("insert into b values (?)").run(-i);
      })();
    });
    const staged = mkdtempSync(join(tmpdir(), "qe-staged-"));
    const session = openSqliteLoad(wh, [source("a"), source("b")], root, { workerMinRows: 0, workers: 2, partRows: 400, tmpDir: staged });
    try {
      // b's jobs come after a's: asking for b first drains a's parts, and a then loads in this thread.
      const rb = await session.load(source("b"));
      const ra = await session.load(source("a"));
      expect([ra.status, ra.rowsAffected, rb.status, rb.rowsAffected]).toEqual(["success", 3000, "success", 2000]);
    } finally {
      await session.close();
    }
    expect(await wh.allJson("select (select sum(id) from raw.a) a, (select sum(id) from raw.b) b")).toEqual([{ a: "4501500", b: "-2001000" }]);
    expect(readdirSync(staged)).toEqual([]);
  });
});
