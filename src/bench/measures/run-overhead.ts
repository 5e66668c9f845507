// Run overhead: `qe run` of the QE models against executing the same compiled SQL with no runner
// (one DuckDB connection, `create or replace view/table ... as (<compiled sql>)` in topological
// order). Both are whole processes on the same warehouse file, already loaded by one qe-run, so the
// ratio is what the runner adds: start-up, parse, compile, planning, swaps and artifacts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { failureLine, runNode, type ChildRun } from "../child-process.js";
import type { BenchContext, Measure } from "../context.js";
import { loadProject } from "../../project/index.js";
import { compileProject } from "../../compile/index.js";
import { measuredRecord, round, scaleLabel, skippedRecord, summarise, type BenchRecord } from "../record.js";
import { quoteIdent, quoteRelation } from "../../adapters/quote.js";
import type { CompiledNode } from "../../compile/types.js";
import { builtProject } from "./end-to-end.js";
import { firstLine } from "./compile.js";
import { maxOf } from "./startup.js";

const GOAL = "run_vs_raw ≤ 1.15";

export const runOverheadMeasure: Measure = {
  id: "run_overhead",
  expected: (o) => o.runScales.map((s) => ({ name: "run_overhead", scale: scaleLabel(s), goal: GOAL })),
  async run(ctx) {
    const out: BenchRecord[] = [];
    for (const students of ctx.opts.runScales) out.push(await measureScale(ctx, students));
    return out;
  },
};

async function measureScale(ctx: BenchContext, students: number): Promise<BenchRecord> {
  const scale = scaleLabel(students);
  let dir: string;
  let statements: string[];
  let dbPath: string;
  try {
    dir = await builtProject(ctx, students);
    const project = loadProject({ projectDir: dir });
    dbPath = project.databasePath;
    statements = rawStatements(compileProject(project, { env: process.env }));
  } catch (e) {
    return skippedRecord("run_overhead", scale, GOAL, firstLine(e));
  }
  const stmtFile = join(dir, "target", "bench-raw-statements.json");
  writeFileSync(stmtFile, JSON.stringify(statements));
  const rawScript = join(ctx.opts.rootDir, "dist", "bench", "children", "raw-run-child.js");
  const qe: ChildRun[] = [];
  const raw: ChildRun[] = [];
  for (let i = 0; i < ctx.opts.runs; i++) {
    // Alternate which goes first so neither always meets a warmer page cache.
    for (const which of i % 2 === 0 ? ["qe", "raw"] : ["raw", "qe"]) {
      const r = which === "qe"
        ? await runNode(ctx.probe, join(dir, "bin", "qe.js"), ["run"], { cwd: dir })
        : await runNode(ctx.probe, rawScript, [dbPath, stmtFile], { cwd: dir });
      if (r.code !== 0) return skippedRecord("run_overhead", scale, GOAL, `${which === "qe" ? "qe run" : "raw SQL"} failed (${failureLine(r)})`);
      (which === "qe" ? qe : raw).push(r);
    }
    ctx.log(`  run_overhead ${scale} run ${i + 1}/${ctx.opts.runs}: qe run ${qe[i]!.wallS.toFixed(2)} s, raw ${raw[i]!.wallS.toFixed(2)} s`);
  }
  const sum = summarise(qe.map((r) => r.wallS));
  const base = summarise(raw.map((r) => r.wallS));
  const sqlOnly = summarise(raw.map((r) => (JSON.parse(r.stdout.trim().split("\n").pop()!) as { sqlSeconds: number }).sqlSeconds));
  const ratio = round(sum.median_s / base.median_s);
  return measuredRecord("run_overhead", scale, GOAL, sum, {
    peak_rss_mb: maxOf(qe.map((r) => r.peakRssMb)),
    baseline_median_s: base.median_s,
    run_vs_raw: ratio,
    goal_met: ratio <= 1.15,
    note: `qe run (whole process) vs ${statements.length} statements in one connection (whole process ${base.median_s} s, SQL alone ${sqlOnly.median_s} s)`,
  });
}

/** The models as plain DDL in the order qe compiled them (topological), ephemerals inlined already. */
export function rawStatements(nodes: readonly CompiledNode[]): string[] {
  const models = topoOrder(nodes.filter((n) => n.kind === "model" && n.config.materialized !== "ephemeral"));
  const schemas = [...new Set(models.map((n) => n.relation.schema))];
  return [
    ...schemas.map((s) => `create schema if not exists ${quoteIdent(s)}`),
    ...models.map((n) => {
      const kind = n.config.materialized === "view" ? "view" : "table";
      return `create or replace ${kind} ${quoteRelation(n.relation)} as (\n${n.sql}\n)`;
    }),
  ];
}

/** Kahn's order over the models' own dependencies (parents outside the list are already built). */
function topoOrder(models: CompiledNode[]): CompiledNode[] {
  const byId = new Map(models.map((n) => [n.id, n]));
  const done = new Set<string>();
  const out: CompiledNode[] = [];
  const visit = (n: CompiledNode, stack: Set<string>): void => {
    if (done.has(n.id) || stack.has(n.id)) return;
    stack.add(n.id);
    for (const p of n.dependsOn) {
      const parent = byId.get(p);
      if (parent) visit(parent, stack);
    }
    done.add(n.id);
    out.push(n);
  };
  for (const n of models) visit(n, new Set());
  return out;
}
