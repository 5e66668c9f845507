// Compile: loadProject + compileProject of a synthetic project of N models, in process (the
// parse-and-render cost a user pays on every command), plus `qe ls` on it as a whole process.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { failureLine, runNode } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import { loadProject } from "../../project/index.js";
import { compileProject } from "../../compile/index.js";
import { measuredRecord, skippedRecord, summarise, type BenchRecord } from "../record.js";
import { writeSyntheticProject, type SyntheticProjectStats } from "../synthetic-project.js";

const GOAL = "< 1 s";
const GOAL_CLI = "-";

export const compileMeasure: Measure = {
  id: "compile",
  expected: (o) => [
    { name: "compile", scale: `${o.compileModels} models`, goal: GOAL },
    { name: "compile_cli", scale: `${o.compileModels} models`, goal: GOAL_CLI },
  ],
  async run(ctx) {
    const dir = join(ctx.tmpDir, "synthetic-project");
    const stats = writeSyntheticProject(dir, ctx.opts.compileModels);
    return [await inProcess(ctx, dir, stats), await wholeProcess(ctx, dir, stats)];
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
      const compiled = await compileProject(project, { env: process.env });
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

async function wholeProcess(ctx: BenchContext, dir: string, stats: SyntheticProjectStats): Promise<BenchRecord> {
  const scale = `${stats.models} models`;
  const bin = join(ctx.opts.rootDir, "bin", "qe.js");
  const times: number[] = [];
  let peak: number | null = null;
  for (let i = 0; i < ctx.opts.runs; i++) {
    const r = await runNode(ctx.probe, bin, ["ls", "--project-dir", dir, "--output", "name", "--no-partial-parse"], { cwd: ctx.opts.rootDir });
    if (r.code !== 0) return skippedRecord("compile_cli", scale, GOAL_CLI, `qe ls on the synthetic project failed (${failureLine(r)})`);
    times.push(r.wallS);
    peak = Math.max(peak ?? 0, r.peakRssMb ?? 0) || null;
  }
  return measuredRecord("compile_cli", scale, GOAL_CLI, summarise(times), {
    peak_rss_mb: peak,
    note: "node bin/qe.js ls --project-dir <synthetic> --no-partial-parse: start-up + full parse + compile, whole process",
  });
}

export function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split("\n")[0]!.slice(0, 300);
}
