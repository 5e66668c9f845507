// Generate: rows/s and peak RSS of generate() at each scale, each run in its own child process.
// The time is generate() itself (measured inside the child), not node start-up.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { failureLine, runNode } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import { measuredRecord, scaleLabel, skippedRecord, summarise, type BenchRecord } from "../record.js";
import type { SqliteTable } from "../sqlite-info.js";
import { maxOf } from "./startup.js";

const GOAL = "≥ 500k rows/s, peak RSS < 1 GiB";

export interface GenerateRun {
  seconds: number;
  rows: number;
  tables: SqliteTable[];
  peakRssMb: number | null;
  wallS: number;
}

export const generateMeasure: Measure = {
  id: "generate",
  expected: (o) => o.generateScales.map((s) => ({ name: "generate", scale: scaleLabel(s), goal: GOAL })),
  async run(ctx) {
    const out: BenchRecord[] = [];
    for (const students of ctx.opts.generateScales) out.push(await measureScale(ctx, students));
    return out;
  },
};

async function measureScale(ctx: BenchContext, students: number): Promise<BenchRecord> {
  const scale = scaleLabel(students);
  const runs: GenerateRun[] = [];
  // 1M students takes minutes: one run is the honest budget there.
  const n = students >= 1_000_000 ? 1 : ctx.opts.runs;
  for (let i = 0; i < n; i++) {
    const dbPath = join(ctx.tmpDir, `generate-${students}`, `run-${i}.db`);
    try {
      runs.push(await generateInChild(ctx, students, dbPath));
    } catch (e) {
      return skippedRecord("generate", scale, GOAL, (e as Error).message);
    }
    ctx.log(`  generate ${scale} run ${i + 1}/${n}: ${runs[i]!.seconds.toFixed(2)} s`);
  }
  const sum = summarise(runs.map((r) => r.seconds));
  const rows = runs[0]!.rows;
  const peak = maxOf(runs.map((r) => r.peakRssMb));
  const rec = measuredRecord("generate", scale, GOAL, sum, { rows, peak_rss_mb: peak });
  rec.goal_met = rec.rows_per_s !== null && peak !== null ? rec.rows_per_s >= 500_000 && peak < 1024 : null;
  rec.note = `generate() (seed 42, 4 years) in a child process, ${runs[0]!.tables.length} tables; whole process ${runs[0]!.wallS.toFixed(2)} s`;
  return rec;
}

/** Runs generate() for `students` into dbPath in a fresh child; throws Error with a reason on failure. */
export async function generateInChild(ctx: BenchContext, students: number, dbPath: string): Promise<GenerateRun> {
  const script = join(ctx.opts.rootDir, "dist", "bench", "children", "generate-child.js");
  if (!existsSync(script)) throw new Error("dist/bench/children/generate-child.js missing: run npm run build");
  const r = await runNode(ctx.probe, script, [String(students), dbPath], { cwd: ctx.tmpDir });
  if (r.code !== 0) throw new Error(`generate failed (${failureLine(r)})`);
  const last = r.stdout.trim().split("\n").pop() ?? "";
  const parsed = JSON.parse(last) as { seconds: number; rows: number; tables: SqliteTable[] };
  return { ...parsed, peakRssMb: r.peakRssMb, wallS: r.wallS };
}
