// Start-up: whole-process wall time of `qe --help` and `qe ls` on the QE project (the repo root),
// the wait a user has before any SQL runs.
import { join } from "node:path";
import { failureLine, runNode, type ChildRun } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import { measuredRecord, skippedRecord, summarise, type BenchRecord } from "../record.js";

interface Case {
  name: string;
  args: string[];
  goal: string;
  goalS?: number;
}

const CASES: Case[] = [
  { name: "startup_help", args: ["--help"], goal: "< 0.3 s", goalS: 0.3 },
  { name: "startup_ls", args: ["ls", "--project-dir", "."], goal: "-" },
];

export const startupMeasure: Measure = {
  id: "startup",
  expected: () => CASES.map((c) => ({ name: c.name, scale: "qe project", goal: c.goal })),
  async run(ctx) {
    const out: BenchRecord[] = [];
    for (const c of CASES) out.push(await measureCase(ctx, c));
    return out;
  },
};

async function measureCase(ctx: BenchContext, c: Case): Promise<BenchRecord> {
  const bin = join(ctx.opts.rootDir, "bin", "qe.js");
  // One untimed warm-up fills the OS file cache, as for a user who has run qe before.
  const warm = await runNode(ctx.probe, bin, c.args, { cwd: ctx.opts.rootDir });
  if (warm.code !== 0) return skippedRecord(c.name, "qe project", c.goal, `qe ${c.args.join(" ")} failed (${failureLine(warm)})`);
  const runs: ChildRun[] = [];
  // Start-up is short and noisy: take at least 5 samples outside --quick.
  const n = ctx.opts.quick ? ctx.opts.runs : Math.max(5, ctx.opts.runs);
  for (let i = 0; i < n; i++) {
    const r = await runNode(ctx.probe, bin, c.args, { cwd: ctx.opts.rootDir });
    if (r.code !== 0) return skippedRecord(c.name, "qe project", c.goal, `qe ${c.args.join(" ")} failed (${failureLine(r)})`);
    runs.push(r);
  }
  const sum = summarise(runs.map((r) => r.wallS));
  const lines = c.name === "startup_ls" ? runs[0]!.stdout.split("\n").filter(Boolean).length : null;
  return measuredRecord(c.name, "qe project", c.goal, sum, {
    peak_rss_mb: maxOf(runs.map((r) => r.peakRssMb)),
    goal_met: c.goalS === undefined ? null : sum.median_s < c.goalS,
    note: `node bin/qe.js ${c.args.join(" ")}: whole process${lines !== null ? `, ${lines} nodes listed` : ""}`,
  });
}

export function maxOf(xs: (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Math.max(...v) : null;
}
