// qe against dbt-core on the same projects in the same bench run (`--vs-dbt`, when .venv/dbt holds
// dbt-core 1.11 + dbt-duckdb 1.11): whole processes, runs alternating so neither always meets a
// warmer page cache. Ratios are qe / dbt (lower is better for qe).
//   parse/compile: the synthetic 1,000-model project, qe compile --no-partial-parse against
//     dbt parse --no-partial-parse (every run) and dbt compile --no-partial-parse (one run: minutes);
//   run, build: the QE project at 10k students, each tool on its own copy of the warehouse qe-run
//     built, partial parsing warm on both sides (one untimed run first), as a user re-runs.
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { failureLine, runCommand, runNode, type ChildRun } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import type { BenchOptions } from "../options.js";
import { measuredRecord, round, scaleLabel, skippedRecord, summarise, type BenchRecord } from "../record.js";
import { writeSyntheticProject } from "../synthetic-project.js";
import { loadProject } from "../../project/index.js";
import { builtProject } from "./end-to-end.js";
import { firstLine } from "./compile.js";
import { maxOf } from "./startup.js";

const GOAL = "record qe_vs_dbt (< 1: qe faster)";
/** The QE project at this scale: the size README's figures quote. */
const QE_STUDENTS = 10_000;
/** Folders of the QE project dbt needs; data/, target/ and the runner's own files stay out. */
const PROJECT_PARTS = ["dbt_project.yml", "models", "macros", "seeds", "tests/data"];

interface Pair {
  name: string;
  scale: string;
  note: string;
  qe: () => Promise<ChildRun>;
  dbt: () => Promise<ChildRun>;
  /** Timed dbt runs (dbt compile of 1,000 models takes minutes: one). */
  dbtRuns?: number;
}

export const vsDbtMeasure: Measure = {
  id: "vs_dbt",
  expected: (o) => (o.vsDbt ? NAMES(o).map((x) => ({ ...x, goal: GOAL })) : []),
  async run(ctx) {
    if (!ctx.opts.vsDbt) return [];
    const dbt = dbtBinary(ctx.opts);
    if (!existsSync(dbt)) return NAMES(ctx.opts).map((x) => skippedRecord(x.name, x.scale, GOAL, `${dbt} not found: create .venv/dbt with dbt-core 1.11 and dbt-duckdb 1.11`));
    const out: BenchRecord[] = [];
    for (const pair of await compilePairs(ctx, dbt)) out.push(await measurePair(ctx, pair));
    let runPairs: Pair[];
    try {
      runPairs = await qeProjectPairs(ctx, dbt);
    } catch (e) {
      const why = `could not prepare the QE project for dbt: ${firstLine(e)}`;
      return [...out, ...NAMES(ctx.opts).slice(out.length).map((x) => skippedRecord(x.name, x.scale, GOAL, why))];
    }
    for (const pair of runPairs) out.push(await measurePair(ctx, pair));
    return out;
  },
};

function NAMES(o: BenchOptions): { name: string; scale: string }[] {
  const models = `${o.compileModels} models`;
  const qe = scaleLabel(o.quick ? 1000 : QE_STUDENTS);
  return [
    { name: "vs_dbt_parse", scale: models },
    { name: "vs_dbt_compile", scale: models },
    { name: "vs_dbt_run", scale: qe },
    { name: "vs_dbt_build", scale: qe },
  ];
}

export function dbtBinary(o: BenchOptions): string {
  return join(o.rootDir, ".venv", "dbt", "bin", "dbt");
}

async function compilePairs(ctx: BenchContext, dbt: string): Promise<Pair[]> {
  const models = ctx.opts.compileModels;
  const qeDir = join(ctx.tmpDir, "vs-dbt-synthetic-qe");
  const dbtDir = join(ctx.tmpDir, "vs-dbt-synthetic-dbt");
  for (const d of [qeDir, dbtDir]) {
    rmSync(d, { recursive: true, force: true });
    writeSyntheticProject(d, models);
  }
  writeProfile(dbtDir, "bench_project", "target/bench.duckdb");
  const qeCompile = () => runNode(ctx.probe, join(ctx.opts.rootDir, "bin", "qe.js"), ["compile", "--project-dir", qeDir, "--no-partial-parse"], { cwd: ctx.opts.rootDir });
  const scale = `${models} models`;
  return [
    {
      name: "vs_dbt_parse", scale, qe: qeCompile,
      dbt: () => runDbt(ctx, dbt, dbtDir, ["parse", "--no-partial-parse"]),
      note: "qe compile --no-partial-parse (parse, render, target/compiled, manifest.json) vs dbt parse --no-partial-parse (parse, render for refs and configs, manifest.json)",
    },
    {
      name: "vs_dbt_compile", scale, qe: qeCompile, dbtRuns: 1,
      dbt: () => runDbt(ctx, dbt, dbtDir, ["compile", "--no-partial-parse"]),
      note: "qe compile --no-partial-parse vs dbt compile --no-partial-parse (both write target/compiled for models and tests); dbt timed once",
    },
  ];
}

/** The QE project built by qe-run, and a dbt copy of it with its own warehouse copy and a profiles.yml. */
async function qeProjectPairs(ctx: BenchContext, dbt: string): Promise<Pair[]> {
  const students = ctx.opts.quick ? 1000 : QE_STUDENTS;
  const qeDir = await builtProject(ctx, students);
  const dbPath = loadProject({ projectDir: qeDir }).databasePath;
  const dbtDir = join(ctx.tmpDir, `vs-dbt-qe-${students}`);
  rmSync(dbtDir, { recursive: true, force: true });
  for (const part of PROJECT_PARTS) {
    if (existsSync(join(qeDir, part))) cpSync(join(qeDir, part), join(dbtDir, part), { recursive: true });
  }
  mkdirSync(join(dbtDir, "target"), { recursive: true });
  copyFileSync(dbPath, join(dbtDir, "target", "dbt.duckdb"));
  // The project's own profiles.yml would point dbt at qe's warehouse file with 4 threads; the bench's
  // gives dbt its own copy of the same contents and one thread, as qe runs one model at a time. qe
  // gets one thread too (its threads run data tests side by side), from a profile of its own.
  writeProfile(dbtDir, "qe_analytics", "target/dbt.duckdb");
  const qeProfileDir = join(ctx.tmpDir, `vs-dbt-qe-profile-${students}`);
  mkdirSync(qeProfileDir, { recursive: true });
  writeProfile(qeProfileDir, "qe_analytics", dbPath);
  const qe = (cmd: string) => () => runNode(ctx.probe, join(qeDir, "bin", "qe.js"), [cmd, "--profiles-dir", qeProfileDir], { cwd: qeDir });
  const scale = scaleLabel(students);
  const pairs: Pair[] = [];
  for (const cmd of ["run", "build"]) {
    // One untimed run each: partial-parse caches written, as for a user who has run before.
    const [a, b] = [await qe(cmd)(), await runDbt(ctx, dbt, dbtDir, [cmd])];
    if (a.code !== 0) throw new Error(`qe ${cmd} failed (${failureLine(a)})`);
    pairs.push({
      name: `vs_dbt_${cmd}`, scale, qe: qe(cmd),
      dbt: b.code === 0 ? () => runDbt(ctx, dbt, dbtDir, [cmd]) : () => Promise.resolve(b),
      note: `qe ${cmd} vs dbt ${cmd} on the QE project (${scale}), each on its own copy of the same warehouse, partial parsing warm`,
    });
  }
  return pairs;
}

async function measurePair(ctx: BenchContext, p: Pair): Promise<BenchRecord> {
  const qe: ChildRun[] = [];
  const dbt: ChildRun[] = [];
  const dbtRuns = Math.min(ctx.opts.runs, p.dbtRuns ?? ctx.opts.runs);
  for (let i = 0; i < ctx.opts.runs; i++) {
    const order = i % 2 === 0 ? ["qe", "dbt"] : ["dbt", "qe"];
    for (const which of order) {
      if (which === "dbt" && dbt.length >= dbtRuns) continue;
      const r = which === "qe" ? await p.qe() : await p.dbt();
      if (r.code !== 0) return skippedRecord(p.name, p.scale, GOAL, `${which === "qe" ? "qe" : "dbt"} failed (${failureLine(r)})`);
      (which === "qe" ? qe : dbt).push(r);
    }
    ctx.log(`  ${p.name} run ${i + 1}/${ctx.opts.runs}: qe ${qe[i]!.wallS.toFixed(2)} s${dbt[i] ? `, dbt ${dbt[i]!.wallS.toFixed(2)} s` : ""}`);
  }
  const sum = summarise(qe.map((r) => r.wallS));
  const base = summarise(dbt.map((r) => r.wallS));
  return measuredRecord(p.name, p.scale, GOAL, sum, {
    peak_rss_mb: maxOf(qe.map((r) => r.peakRssMb)),
    baseline_median_s: base.median_s,
    qe_vs_dbt: round(sum.median_s / base.median_s),
    goal_met: sum.median_s < base.median_s,
    note: `${p.note}; dbt median ${base.median_s} s over ${base.runs} run${base.runs === 1 ? "" : "s"}`,
  });
}

function runDbt(ctx: BenchContext, dbt: string, dir: string, args: string[]): Promise<ChildRun> {
  return runCommand(dbt, [...args, "--profiles-dir", dir, "--project-dir", dir], {
    cwd: dir,
    // No anonymous usage stats or version check: nothing may reach the network.
    env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: "false", DBT_VERSION_CHECK: "false", DO_NOT_TRACK: "1", NO_COLOR: "1" },
  });
}

function writeProfile(dir: string, profile: string, path: string): void {
  writeFileSync(join(dir, "profiles.yml"), `${profile}:\n  target: bench\n  outputs:\n    bench:\n      type: duckdb\n      path: ${path}\n      threads: 1\n`);
}
