// Smoke test: `npm run bench -- --quick` still runs and writes a bench.json listing every record.
// No assertion on any time: only that each record is either measured (numbers present) or skipped
// with a reason.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MEASURES } from "../../../src/bench/run-bench.js";
import { parseBenchArgs } from "../../../src/bench/options.js";
import type { BenchFile } from "../../../src/bench/report.js";

const root = resolve(import.meta.dirname, "../../..");
let out: string;
let file: BenchFile;
let stdout: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "qe-bench-test-"));
  // The bench runs from dist/ (its children are plain node processes), as `npm run bench` does.
  // Type errors elsewhere in a half-built tree still emit JS, so the build's exit code is not the test.
  try {
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  } catch {
    /* reported below if dist/bench is missing */
  }
  expect(existsSync(join(root, "dist/bench/bench.js"))).toBe(true);
  const r = spawnSync(process.execPath, ["dist/bench/bench.js", "--quick", "--target-path", out], { cwd: root, encoding: "utf8" });
  stdout = r.stdout;
  expect(r.status, r.stderr).toBe(0);
  file = JSON.parse(readFileSync(join(out, "bench.json"), "utf8")) as BenchFile;
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run bench -- --quick", () => {
  it("writes one record for every expected measurement and scale", () => {
    const opts = parseBenchArgs(["--quick"], root);
    const expected = MEASURES.flatMap((m) => m.expected(opts)).map((x) => `${x.name} @ ${x.scale}`);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(file.records.map((r) => `${r.name} @ ${r.scale}`)).toEqual(expected);
  });

  it("gives each record figures or a reason it was skipped", () => {
    for (const r of file.records) {
      if (r.skipped !== undefined) {
        expect(r.skipped.length, r.name).toBeGreaterThan(0);
        // A crash of the harness itself is a bug, not a stage that has not landed.
        expect(r.skipped, r.name).not.toMatch(/^bench error/);
        expect(r.median_s).toBeNull();
      } else {
        expect(r.median_s, r.name).toBeTypeOf("number");
        expect(r.runs).toBe(1);
        expect(r.min_s!).toBeLessThanOrEqual(r.max_s!);
      }
      expect(r.goal.length).toBeGreaterThan(0);
    }
  });

  it("measures start-up, which needs nothing but the CLI shell", () => {
    const help = file.records.find((r) => r.name === "startup_help")!;
    expect(help.skipped).toBeUndefined();
    expect(help.peak_rss_mb).toBeGreaterThan(0);
  });

  it("records the machine and prints the table", () => {
    expect(file.meta.mode).toBe("quick");
    expect(file.meta.machine.cores).toBeGreaterThan(0);
    expect(file.meta.machine.duckdb).toMatch(/^v?\d+\.\d+/);
    expect(file.meta.machine.node).toBe(process.version);
    expect(stdout).toContain("startup_help");
    expect(stdout).toContain("bench.json");
  });
});
