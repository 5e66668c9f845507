// Several threads writing one source system: each runs the whole simulation and writes its share of
// the tables, then the shares are copied into one file. The file must be the one a single thread
// writes, rowids included, and a failing shard must leave nothing behind.
// From TypeScript sources the shards run one after another in this thread (the worker needs the
// compiled JavaScript); the thread tests run against dist/ (npm run build; CI builds on install).
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../../src/core/results.js";
import { defaultWorkers, generate, MIN_STUDENTS_FOR_WORKERS, TABLE_NAMES } from "../../../src/generate/index.js";
import { planShards, usefulShards } from "../../../src/generate/shards.js";
import { fromWire, toWire } from "../../../src/generate/shard-messages.js";
import { openDb, tempDir } from "./helpers.js";

const DIST_INDEX = path.resolve(import.meta.dirname, "../../../dist/generate/index.js");
const opts = { students: 300, seed: 11, years: 3 };

/** Everything a reader can see: schema (tables, indexes), each table's rows with rowids, checks. */
function fingerprint(file: string): Record<string, unknown> {
  const db = openDb(file);
  try {
    const tables: Record<string, string> = {};
    for (const t of TABLE_NAMES) {
      const h = createHash("sha256");
      let n = 0;
      for (const row of db.prepare(`SELECT rowid, * FROM ${t}`).raw().iterate()) {
        h.update(JSON.stringify(row) + "\n");
        n++;
      }
      tables[t] = `${n} ${h.digest("hex")}`;
    }
    return {
      schema: db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name").all(),
      tables,
      foreignKeyCheck: db.prepare("PRAGMA foreign_key_check").all(),
      integrity: db.pragma("integrity_check", { simple: true }),
      journal: db.pragma("journal_mode", { simple: true }),
      analyzed: db.prepare("SELECT DISTINCT tbl FROM sqlite_stat1 ORDER BY tbl").pluck().all(),
    };
  } finally {
    db.close();
  }
}

describe("sharing the tables out", () => {
  it("gives every table to exactly one shard, the heaviest (surveys) to the base shard", () => {
    for (const n of [1, 2, 3, 4, 16]) {
      const shards = planShards(n);
      expect(shards.length).toBe(Math.min(n, TABLE_NAMES.length));
      expect(shards.flatMap((s) => s.tables).sort()).toEqual([...TABLE_NAMES].sort());
      expect(shards[0]!.tables).toContain("surveys");
      expect(shards.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9);
    }
    // Two shards split the cost about evenly.
    const [a, b] = planShards(2);
    expect(Math.abs(a!.share - b!.share)).toBeLessThan(0.1);
  });

  it("by default uses no more shards than shorten the longest one", () => {
    const longest = (n: number) => Math.max(...planShards(n).map((s) => s.share));
    expect(usefulShards(1)).toBe(1);
    for (const max of [2, 3, 4, 16]) {
      const k = usefulShards(max);
      expect(k).toBeLessThanOrEqual(max);
      expect(longest(k)).toBeLessThanOrEqual(longest(max) / 0.95);
      if (k > 1) expect(longest(k - 1)).toBeGreaterThan(longest(max) / 0.95);
    }
    // Surveys is about half the work: a third thread could not finish sooner.
    expect(usefulShards(4)).toBe(2);
  });
});

describe("shards written one after another (TypeScript sources)", () => {
  it("are never the default: without the compiled worker, one thread is faster", () => {
    expect(defaultWorkers(1_000_000)).toBe(1);
  });

  it("give the same file as one shard: schema, rows, rowids, foreign keys, journal mode", async () => {
    const dir = tempDir();
    const one = await generate({ ...opts, workers: 1, out: path.join(dir, "one.db") });
    const want = fingerprint(one.path);
    expect(want.journal).toBe("delete");
    expect(want.foreignKeyCheck).toEqual([]);
    for (const workers of [2, 4]) {
      const s = await generate({ ...opts, workers, out: path.join(dir, `w${workers}.db`) });
      expect(fingerprint(s.path), `${workers} workers`).toEqual(want);
      expect(s.tables).toEqual(one.tables);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(["one.db", "w2.db", "w4.db"]);
  });

  it("reports progress up to every student, with every shard's rows", async () => {
    const events: RunEvent[] = [];
    const s = await generate({ ...opts, workers: 3, out: path.join(tempDir(), "p.db") }, (e) => events.push(e));
    const progress = events.flatMap((e) => (e.type === "progress" ? [e] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.map((e) => e.done)).toEqual([...progress.map((e) => e.done)].sort((x, y) => x - y));
    expect(progress.at(-1)).toMatchObject({ done: opts.students, total: opts.students, unit: "students" });
    expect(progress.at(-1)!.label).toContain(`generate (${s.totalRows} rows`);
  });

  it.each([0, 1])("a failing shard (%i) leaves no temp file and the existing output untouched", async (shard) => {
    await expectCleanFailure(generate, shard);
  });
});

/**
 * Makes one shard fail (a folder where its temp file goes: it cannot be replaced), over an existing
 * output; the run must reject with that failure, keep the output and remove every temp file it made.
 */
async function expectCleanFailure(gen: typeof generate, shard: number): Promise<void> {
  const dir = tempDir();
  const out = path.join(dir, "qe.db");
  const before = new Database(out);
  before.exec("CREATE TABLE kept (x); INSERT INTO kept VALUES ('the last good file')");
  before.close();
  const blocker = path.join(dir, `.qe.db.${process.pid}${shard === 0 ? "" : `-${shard}`}.tmp`);
  fs.mkdirSync(blocker);
  const e = await gen({ ...opts, workers: 3, out }).then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(Error);
  expect((e as NodeJS.ErrnoException).code).toBe("ERR_FS_EISDIR");
  expect(fs.readdirSync(dir).sort()).toEqual([path.basename(blocker), "qe.db"]);
  const db = openDb(out);
  expect(db.prepare("SELECT x FROM kept").pluck().all()).toEqual(["the last good file"]);
  db.close();
}

describe("errors crossing from a worker thread", () => {
  it("keep their class and code, so a full disk is still reported as a usage error", () => {
    const full = fromWire(toWire(new Database.SqliteError("database or disk is full", "SQLITE_FULL")));
    expect(full).toBeInstanceOf(Database.SqliteError);
    expect(full).toMatchObject({ code: "SQLITE_FULL", message: "database or disk is full" });
    const denied = fromWire(toWire(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" })));
    expect(denied).toMatchObject({ code: "EACCES", name: "Error" });
    expect(fromWire(toWire("a thrown string")).message).toBe("a thrown string");
  });
});

describe.skipIf(!fs.existsSync(DIST_INDEX))("shards on worker threads (dist/)", () => {
  const dist = async () => (await import(DIST_INDEX)) as typeof import("../../../src/generate/index.js");

  it("are the default from 5,000 students, one per core up to the two that help", async () => {
    const runShards = (await import(path.join(path.dirname(DIST_INDEX), "run-shards.js"))) as typeof import("../../../src/generate/run-shards.js");
    expect(runShards.threadsAvailable()).toBe(true); // so the tests below cross threads
    const { defaultWorkers: distDefault } = await dist();
    expect(distDefault(MIN_STUDENTS_FOR_WORKERS - 1)).toBe(1);
    expect(distDefault(MIN_STUDENTS_FOR_WORKERS)).toBe(Math.min(2, os.availableParallelism()));
  });

  it("give the same file as one thread, rowids included", async () => {
    const { generate: distGenerate } = await dist();
    const dir = tempDir();
    const one = await generate({ ...opts, workers: 1, out: path.join(dir, "one.db") });
    const want = fingerprint(one.path);
    const events: RunEvent[] = [];
    const s = await distGenerate({ ...opts, workers: 2, out: path.join(dir, "two.db") }, (e) => events.push(e));
    expect(fingerprint(s.path)).toEqual(want);
    expect(s.tables).toEqual(one.tables);
    expect(events.filter((e) => e.type === "progress").at(-1)).toMatchObject({ done: opts.students, total: opts.students });
    expect(fs.readdirSync(dir).sort()).toEqual(["one.db", "two.db"]);
  });

  // Shard 0 is written in this thread, the others on workers: each can fail while the other runs.
  it.each([0, 1, 2])("a failing shard (%i) leaves no temp file and the existing output untouched", async (shard) => {
    const { generate: distGenerate } = await dist();
    await expectCleanFailure(distGenerate, shard);
  });
});
