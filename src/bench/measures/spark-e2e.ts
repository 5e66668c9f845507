// `--spark`: the whole job (`qe-run --target spark`) on a fresh standalone cluster per scale, from an
// empty target/ with the source database already generated. Wall time of the client process, and
// the peak RSS (VmHWM) of every process involved: the Node client, the master, both workers, the
// SQL endpoint's driver and the executors the workers started. The DuckDB figures for the same
// scales are the e2e records.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { down, sparkHome, up, type ClusterPorts } from "../../../scripts/spark-cluster.mjs";
import { failureLine, runNode } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import { measuredRecord, scaleLabel, skippedRecord, summarise, type BenchRecord } from "../record.js";
import { copyProject, resetProject } from "../temp-project.js";
import { copyFileSync, mkdirSync } from "node:fs";

// Apart from a developer's cluster and the test's.
const PORTS: ClusterPorts = { master: 27077, thrift: 30000, connect: 35002 };
const GOAL = "measured, no goal: DuckDB is expected to win on one machine";

export const sparkEndToEndMeasure: Measure = {
  id: "spark",
  expected: (o) => (o.spark ? o.e2eScales.map((s) => ({ name: "e2e_spark", scale: scaleLabel(s), goal: GOAL })) : []),
  async run(ctx) {
    if (!ctx.opts.spark) return [];
    const home = sparkHome(ctx.opts.rootDir);
    if (!home) return ctx.opts.e2eScales.map((s) => skippedRecord("e2e_spark", scaleLabel(s), GOAL, "pyspark not found in .venv/spark and SPARK_HOME unset"));
    const out: BenchRecord[] = [];
    for (const students of ctx.opts.e2eScales) out.push(await measureScale(ctx, students, home));
    return out;
  },
};

async function measureScale(ctx: BenchContext, students: number, home: string): Promise<BenchRecord> {
  const scale = scaleLabel(students);
  const dir = join(ctx.tmpDir, `spark-project-${students}`);
  copyProject(ctx.opts.rootDir, dir);
  resetProject(dir);
  copyFileSync(await ctx.sqliteDb(students), join(dir, "data", "qe.db"));
  mkdirSync(join(dir, "target"), { recursive: true });
  const t0 = performance.now();
  const cluster = await up(dir, PORTS);
  const startS = (performance.now() - t0) / 1000;
  ctx.log(`  spark cluster up in ${startS.toFixed(1)} s`);
  try {
    const env = { SPARK_HOME: home, QE_SPARK_CONNECT_PORT: String(PORTS.connect) };
    const r = await runNode(ctx.probe, join(dir, "bin", "qe-run.js"), ["--target", "spark"], { cwd: dir, env });
    if (r.code !== 0) return skippedRecord("e2e_spark", scale, GOAL, `qe-run --target spark failed (${failureLine(r)})`);
    const peaks: Record<string, number | null> = { "qe-run (node)": r.peakRssMb };
    for (const p of cluster.procs) peaks[p.name] = vmHwmMb(p.pid);
    let n = 0;
    for (const pid of childrenOf(cluster.procs.filter((p) => p.name.startsWith("worker")).map((p) => p.pid))) peaks[`executor-${++n}`] = vmHwmMb(pid);
    const total = Object.values(peaks).reduce<number>((a, b) => a + (b ?? 0), 0);
    ctx.log(`  e2e_spark ${scale}: ${r.wallS.toFixed(1)} s, peak RSS ${Math.round(total)} MiB over ${Object.keys(peaks).length} processes`);
    return measuredRecord("e2e_spark", scale, GOAL, summarise([r.wallS]), {
      peak_rss_mb: Math.round(total),
      process_peak_rss_mb: peaks,
      goal_met: null,
      note: `node bin/qe-run.js --target spark with data/qe.db present (cluster start ${startS.toFixed(1)} s not included); peak_rss_mb sums every process's VmHWM`,
    });
  } finally {
    await down(dir);
  }
}

function vmHwmMb(pid: number): number | null {
  const f = `/proc/${pid}/status`;
  if (!existsSync(f)) return null;
  const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(f, "utf8"));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
}

/** Processes whose parent is one of `parents` (the executors a worker launched). */
function childrenOf(parents: number[]): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${d}/stat`, "utf8").replace(/^.*\) /, "").split(" ")[1]);
      if (parents.includes(ppid)) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => a - b);
}
