// End to end: `qe-run` (generate, load, build, test, export) from an empty data/ and target/ in a
// copy of the QE project, whole-process wall time and peak RSS.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { failureLine, runNode, type ChildRun } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import { measuredRecord, scaleLabel, skippedRecord, summarise, type BenchRecord } from "../record.js";
import { copyProject, resetProject, setProjectVar } from "../temp-project.js";
import { sqliteTables, totalRows } from "../sqlite-info.js";
import { maxOf } from "./startup.js";

function goalOf(students: number): { text: string; seconds?: number } {
  if (students <= 10_000) return { text: "< 6 s at 10k, peak RSS < 2 GiB", seconds: students === 10_000 ? 6 : undefined };
  if (students <= 100_000) return { text: "< 40 s at 100k, peak RSS < 2 GiB", seconds: students === 100_000 ? 40 : undefined };
  return { text: "peak RSS < 2 GiB" };
}

/** The whole job, and the same without exports: the difference is what exports and charts cost. */
const VARIANTS = [
  { name: "e2e", args: [] as string[], note: "", hasGoal: true },
  { name: "e2e_no_export", args: ["--no-export"], note: " --no-export", hasGoal: false },
];

/** Makes a copied project generate `students` students when qe-run finds data/ empty. */
function setScale(dir: string, students: number): void {
  setProjectVar(dir, "generate_students", students);
}

export const endToEndMeasure: Measure = {
  id: "e2e",
  expected: (o) => o.e2eScales.flatMap((s) => VARIANTS.map((v) => ({ name: v.name, scale: scaleLabel(s), goal: v.hasGoal ? goalOf(s).text : "-" }))),
  async run(ctx) {
    const out: BenchRecord[] = [];
    for (const students of ctx.opts.e2eScales) for (const v of VARIANTS) out.push(await measureScale(ctx, students, v));
    return out;
  },
};

/** A copy of the project at this scale, built once by qe-run; returns its folder. Throws Error on failure. */
export async function builtProject(ctx: BenchContext, students: number): Promise<string> {
  const dir = join(ctx.tmpDir, `project-${students}`);
  if (existsSync(join(dir, ".qe-bench-built"))) return dir;
  copyProject(ctx.opts.rootDir, dir);
  setScale(dir, students);
  const r = await runQeRun(ctx, dir);
  if (r.code !== 0) throw new Error(`qe-run failed (${failureLine(r)})`);
  markBuilt(dir);
  return dir;
}

async function measureScale(ctx: BenchContext, students: number, v: (typeof VARIANTS)[number]): Promise<BenchRecord> {
  const scale = scaleLabel(students);
  const goal = v.hasGoal ? goalOf(students) : { text: "-" };
  const dir = join(ctx.tmpDir, `project-${students}`);
  copyProject(ctx.opts.rootDir, dir);
  setScale(dir, students);
  const runs: ChildRun[] = [];
  for (let i = 0; i < ctx.opts.runs; i++) {
    const r = await runQeRun(ctx, dir, v.args);
    if (r.code !== 0) return skippedRecord(v.name, scale, goal.text, `qe-run${v.note} failed (${failureLine(r)})`);
    runs.push(r);
    ctx.log(`  ${v.name} ${scale} run ${i + 1}/${ctx.opts.runs}: ${r.wallS.toFixed(2)} s, peak ${r.peakRssMb ?? "?"} MiB`);
  }
  markBuilt(dir);
  const sum = summarise(runs.map((r) => r.wallS));
  const peak = maxOf(runs.map((r) => r.peakRssMb));
  const db = join(dir, "data", "qe.db");
  const rows = existsSync(db) ? totalRows(sqliteTables(db)) : null;
  return measuredRecord(v.name, scale, goal.text, sum, {
    rows,
    peak_rss_mb: peak,
    goal_met: !v.hasGoal || peak === null ? null : peak < 2048 && (goal.seconds === undefined || sum.median_s < goal.seconds),
    note: `node bin/qe-run.js${v.note} (vars generate_students: ${students}) from empty data/ and target/; rows = source rows generated`,
  });
}

async function runQeRun(ctx: BenchContext, dir: string, args: string[] = []): Promise<ChildRun> {
  resetProject(dir);
  return runNode(ctx.probe, join(dir, "bin", "qe-run.js"), args, { cwd: dir });
}

function markBuilt(dir: string): void {
  // A marker, not a check of target/: run_overhead reuses this build instead of redoing it.
  writeFileSync(join(dir, ".qe-bench-built"), "");
}
