// `source freshness`: the selected sources' freshness checks, reported as they finish, written to
// target/sources.json.
import type { NodeResult } from "../core/results.js";
import type { Project } from "../project/types.js";
import { writeSourcesJson } from "../artifacts/index.js";
import { checkFreshness, freshnessTargets, type FreshnessResult } from "../testing/freshness.js";
import type { GlobalOptions, PipelineContext } from "./context.js";
import { artifactMeta } from "./session.js";
import { withAdapter } from "./with-adapter.js";

/** One NodeResult per checked table (runtime errors as "error"); exit 1 follows from any error, as in dbt. */
export async function sourceFreshness(project: Project, opts: GlobalOptions, ctx: PipelineContext): Promise<NodeResult[]> {
  const started = ctx.now();
  const results = await withAdapter(project, opts, ctx, async (s, wh) => {
    const selected = new Set<string>(s.selected);
    const tables = freshnessTargets(project.sources.filter((t) => selected.has(t.id)));
    const out = await checkFreshness(tables, wh, ctx.now, ctx.now, (r, index, total) => ctx.reporter.event({ type: "done", result: freshnessNodeResult(r), index, total }));
    writeSourcesJson(s.targetDir, out, ctx.now() - started, artifactMeta(ctx));
    return out;
  });
  if (results.length === 0) ctx.reporter.info("No sources with freshness (warn_after or error_after) were selected.");
  return results.map(freshnessNodeResult);
}

export function freshnessNodeResult(r: FreshnessResult): NodeResult {
  const status = r.status === "runtime error" ? "error" : r.status;
  const message = r.status === "runtime error" ? r.error
    : r.maxLoadedAt ? `max loaded at ${r.maxLoadedAt}, ${formatAge(r.ageSeconds ?? 0)} ago` : "no rows: never loaded";
  return { id: r.id, name: `${r.sourceName}.${r.tableName}`, kind: "freshness", status, elapsedMs: r.elapsedMs, message };
}

function formatAge(s: number): string {
  if (s < 120) return `${Math.round(s)}s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} days`;
}
