// `qe source freshness`: how old each source's newest row is, against its warn_after/error_after;
// writes target/sources.json. Exit 1 when any table is past error_after or cannot be checked (dbt).
import type { Command } from "./command.js";
import { BUILDERS } from "./definitions.js";
import { globalOptionsOf } from "./options.js";
import { artifactMeta, openProject } from "../session.js";
import { withWarehouse } from "../warehouse-session.js";
import { writeSourcesJson } from "../../artifacts/index.js";
import { checkFreshness, freshnessTargets, type FreshnessResult } from "../../testing/freshness.js";
import { UsageError } from "../../core/errors.js";
import type { NodeResult } from "../../core/results.js";

export const sourceCommand: Command = {
  name: "source",
  describe: "source freshness: check how recently each source was loaded",
  builder: BUILDERS.source,
  run: async (args, ctx) => {
    if (args["action"] !== "freshness") throw new UsageError(`unknown source action '${String(args["action"])}'`, undefined, "use `qe source freshness`");
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const started = ctx.now();
    const results = await withWarehouse(project, opts, ctx, async (s, wh) => {
      const selected = new Set<string>(s.selected);
      const tables = freshnessTargets(project.sources.filter((t) => selected.has(t.id)));
      const out = await checkFreshness(tables, wh, ctx.now, ctx.now, (r, index, total) => ctx.reporter.event({ type: "done", result: nodeResult(r), index, total }));
      writeSourcesJson(s.targetDir, out, ctx.now() - started, artifactMeta(ctx));
      return out;
    });
    if (results.length === 0) ctx.reporter.info("No sources with freshness (warn_after or error_after) were selected.");
    return { results: results.map(nodeResult) };
  },
};

function nodeResult(r: FreshnessResult): NodeResult {
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
