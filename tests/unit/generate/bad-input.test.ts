import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError, type QeError } from "../../../src/core/errors.js";
import type { NodeResult, RunEvent } from "../../../src/core/results.js";
import { generate, removeAbandonedTemps } from "../../../src/generate/index.js";
import { ensureSourceDatabase, generateCommand, generateDefaults } from "../../../src/cli/commands/generate.js";
import type { Reporter } from "../../../src/cli/reporter.js";
import type { CommandContext } from "../../../src/cli/context.js";
import { openDb, tempDir } from "./helpers.js";

const base = { students: 50, seed: 1, years: 2 };

async function usageMessage(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(UsageError);
  const msg = (e as UsageError).message;
  expect(msg).not.toContain("\n");
  return msg;
}

describe("bad options", () => {
  const out = () => path.join(tempDir(), "qe.db");
  it.each([
    ["students", 0], ["students", -5], ["students", "abc"], ["students", 2.5], ["years", 0], ["years", "x"],
  ])("--%s %s is a one-line usage error naming the option", async (name, value) => {
    const msg = await usageMessage(generate({ ...base, out: out(), [name]: value } as never));
    expect(msg).toContain(`--${name}`);
  });

  it("refuses an empty seed", async () => {
    expect(await usageMessage(generate({ ...base, seed: " ", out: out() }))).toContain("--seed");
  });

  it("refuses an --out it cannot write, without creating anything", async () => {
    const dir = tempDir();
    const blocker = path.join(dir, "file");
    fs.writeFileSync(blocker, "x");
    // A path under a regular file can never be created.
    expect(await usageMessage(generate({ ...base, out: path.join(blocker, "sub", "qe.db") }))).toContain("--out");
    expect(fs.readFileSync(blocker, "utf8")).toBe("x");
  });

  it("refuses a folder as --out", async () => {
    expect(await usageMessage(generate({ ...base, out: tempDir() }))).toContain("folder");
  });
});

describe("atomic output", () => {
  it("never damages an existing file that is not a SQLite database", async () => {
    const dir = tempDir();
    const file = path.join(dir, "notes.db");
    fs.writeFileSync(file, "my precious notes\n");
    expect(await usageMessage(generate({ ...base, out: file }))).toContain("not a SQLite database");
    expect(fs.readFileSync(file, "utf8")).toBe("my precious notes\n");
    expect(fs.readdirSync(dir)).toEqual(["notes.db"]); // no temp file left behind
  });

  it("replaces an empty file, which holds nothing to lose", async () => {
    const file = path.join(tempDir(), "qe.db");
    fs.writeFileSync(file, "");
    await generate({ ...base, out: file });
    expect(fs.statSync(file).size).toBeGreaterThan(0);
  });

  it("replaces an existing SQLite database only once the new one is complete", async () => {
    const dir = tempDir();
    const file = path.join(dir, "qe.db");
    await generate({ ...base, out: file });
    const s = await generate({ ...base, students: 80, out: file });
    const db = openDb(file);
    expect((db.prepare("SELECT count(*) n FROM students").get() as { n: number }).n).toBe(80);
    db.close();
    expect(s.tables.find((t) => t.name === "students")!.rows).toBe(80);
    expect(fs.readdirSync(dir)).toEqual(["qe.db"]);
  });

  it("ensureSourceDatabase generates only when the file is missing", async () => {
    const file = path.join(tempDir(), "data", "qe.db");
    const first = await ensureSourceDatabase(file, base);
    expect(first?.path).toBe(file);
    const before = fs.statSync(file).mtimeMs;
    expect(await ensureSourceDatabase(file, base)).toBeUndefined();
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });
});

class RecordingReporter implements Reporter {
  events: RunEvent[] = [];
  errors: QeError[] = [];
  lines: string[] = [];
  event(e: RunEvent): void { this.events.push(e); }
  error(e: QeError): void { this.errors.push(e); }
  info(m: string): void { this.lines.push(m); }
  summary(_r: readonly NodeResult[]): void {}
}

function ctx(cwd: string, reporter: Reporter): CommandContext {
  return { reporter, env: {}, now: () => 0, cwd };
}

describe("qe generate", () => {
  it("takes defaults from dbt_project.yml vars and writes under --project-dir", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "dbt_project.yml"), "name: x\nvars:\n  generate_students: 60\n  generate_seed: abc\n  generate_years: 2\n");
    expect(generateDefaults(dir)).toEqual({ students: 60, seed: "abc", years: 2 });
    const rep = new RecordingReporter();
    const outcome = await generateCommand.run({ _: [], $0: "qe", "project-dir": dir } as never, ctx(dir, rep));
    expect(outcome.results.find((r) => r.name === "students")!.rowsAffected).toBe(60);
    expect(fs.existsSync(path.join(dir, "data", "qe.db"))).toBe(true);
    expect(rep.events.some((e) => e.type === "progress")).toBe(true);
  });

  it("flags override vars; a bad flag is a usage error", async () => {
    const dir = tempDir();
    const rep = new RecordingReporter();
    const run = (extra: Record<string, unknown>) =>
      generateCommand.run({ _: [], $0: "qe", "project-dir": dir, years: "2", ...extra } as never, ctx(dir, rep));
    const outcome = await run({ students: "40", out: "x.db" });
    expect(outcome.results.find((r) => r.name === "students")!.rowsAffected).toBe(40);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(true);
    expect(await usageMessage(run({ students: "-3" }))).toContain("--students");
    expect((await run({ students: "40", out: "y.db", workers: "2" })).results.find((r) => r.name === "students")!.rowsAffected).toBe(40);
    expect(await usageMessage(run({ workers: "0" }))).toContain("--workers");
  });
});

describe("abandoned temp files", () => {
  it("removes a killed run's .<name>.<pid>[-<shard>].tmp, keeps a live process's and unrelated files", async () => {
    const dir = tempDir();
    const out = path.join(dir, "qe.db");
    // A pid far above pid_max is never alive; our own pid is.
    fs.writeFileSync(path.join(dir, ".qe.db.999999999.tmp"), "partial");
    fs.writeFileSync(path.join(dir, ".qe.db.999999999-1.tmp"), "a second thread's partial");
    fs.writeFileSync(path.join(dir, `.qe.db.${process.pid}.tmp`), "ours");
    fs.writeFileSync(path.join(dir, ".other.db.999999999.tmp"), "not ours");
    expect(removeAbandonedTemps(out).sort()).toEqual([".qe.db.999999999-1.tmp", ".qe.db.999999999.tmp"]);
    expect(fs.readdirSync(dir).sort()).toEqual([`.other.db.999999999.tmp`, `.qe.db.${process.pid}.tmp`].sort());
  });
});
