// Compile: loadProject + compileProject of a synthetic project of N models, in process (the
// parse-and-render cost a user pays on every command), plus `qe compile` on it as a whole process:
// from an empty target/, with target/ unchanged, and after editing one model (partial parsing).
import { appendFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { failureLine, runNode, type ChildRun } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import { loadProject } from "../../project/index.js";
import { compileProject } from "../../compile/index.js";
import { measuredRecord, skippedRecord, summarise, type BenchRecord } from "../record.js";
import { writeSyntheticProject, type SyntheticProjectStats } from "../synthetic-project.js";
import { maxOf } from "./startup.js";

const GOAL = "< 1 s";
const GOAL_CLI = "-";

export const compileMeasure: Measure = {
  id: "compile",
  expected: (o) => [
    { name: "compile", scale: `${o.compileModels} models`, goal: GOAL },
    ...CLI_CASES.map((c) => ({ name: c.name, scale: `${o.compileModels} models`, goal: c.goal })),
  ],
  async run(ctx) {
    const dir = join(ctx.tmpDir, "synthetic-project");
    const stats = writeSyntheticProject(dir, ctx.opts.compileModels);
    return [await inProcess(ctx, dir, stats), ...(await wholeProcess(ctx, dir, stats))];
  },
};

async function inProcess(ctx: BenchContext, dir: string, stats: SyntheticProjectStats): Promise<BenchRecord> {
  const scale = `${stats.models} models`;
  const times: number[] = [];
  let nodes = 0;
  try {
    for (let i = 0; i < ctx.opts.runs; i++) {
      const t0 = performance.now();
      const project = loadProject({ projectDir: dir, partialParse: false }); // measure the real parse, not the cache
      const compiled = compileProject(project, { env: process.env });
      times.push((performance.now() - t0) / 1000);
      nodes = compiled.length;
    }
  } catch (e) {
    return skippedRecord("compile", scale, GOAL, `compile of the synthetic project failed: ${firstLine(e)}`);
  }
  const sum = summarise(times);
  return measuredRecord("compile", scale, GOAL, sum, {
    goal_met: sum.median_s < 1,
    note: `loadProject + compileProject in process; ${stats.refs} refs, ${stats.tests} generic tests declared, ${nodes} compiled nodes; first (cold) run ${times[0]!.toFixed(3)} s`,
  });
}

interface CliCase {
  name: string;
  goal: string;
  goalS?: number;
  note: string;
  args: string[];
  /** Runs before each timed run (untimed): sets the state the case measures. */
  before: (dir: string, run: number) => void;
}

const CLI_CASES: CliCase[] = [
  {
    name: "compile_cli", goal: GOAL, goalS: 1,
    note: "node bin/qe.js compile --no-partial-parse from an empty target/: start-up, full parse, render, every compiled file and manifest.json written",
    args: ["--no-partial-parse"],
    before: (dir) => rmSync(join(dir, "target"), { recursive: true, force: true }),
  },
  {
    name: "compile_cli_unchanged", goal: GOAL_CLI,
    note: "the same with target/ from the previous compile: full parse and render, compiled files unchanged so not rewritten",
    args: ["--no-partial-parse"],
    before: () => undefined,
  },
  {
    name: "compile_cli_one_edit", goal: GOAL_CLI,
    note: "node bin/qe.js compile (partial parsing on) after one model file was edited: only that file re-parsed, one compiled file rewritten",
    args: [],
    before: (dir, run) => appendFileSync(join(dir, "models", "marts", "mart_0000.sql"), `-- edit ${run}\n`),
  },
];

async function wholeProcess(ctx: BenchContext, dir: string, stats: SyntheticProjectStats): Promise<BenchRecord[]> {
  const scale = `${stats.models} models`;
  const bin = join(ctx.opts.rootDir, "bin", "qe.js");
  const compile = (args: string[]) => runNode(ctx.probe, bin, ["compile", "--project-dir", dir, ...args], { cwd: ctx.opts.rootDir });
  const out: BenchRecord[] = [];
  for (const c of CLI_CASES) {
    const warm = await compile(c.args); // untimed: fills the OS file cache and leaves target/ (and the parse cache) in place
    if (warm.code !== 0) {
      out.push(skippedRecord(c.name, scale, c.goal, `qe compile on the synthetic project failed (${failureLine(warm)})`));
      continue;
    }
    const runs: ChildRun[] = [];
    for (let i = 0; i < ctx.opts.runs; i++) {
      c.before(dir, i);
      const r = await compile(c.args);
      if (r.code !== 0) break;
      runs.push(r);
    }
    if (runs.length < ctx.opts.runs) {
      out.push(skippedRecord(c.name, scale, c.goal, "qe compile failed on a timed run"));
      continue;
    }
    const sum = summarise(runs.map((r) => r.wallS));
    out.push(measuredRecord(c.name, scale, c.goal, sum, {
      peak_rss_mb: maxOf(runs.map((r) => r.peakRssMb)),
      goal_met: c.goalS === undefined ? null : sum.median_s < c.goalS,
      note: c.note,
    }));
  }
  return out;
}

export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!.slice(0, 300);
}
