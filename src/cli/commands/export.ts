// `qe export`: write the marts declared for export, their charts and the dashboard to exports/.
import { BUILDERS } from "./definitions.js";
import { UsageError } from "../../core/errors.js";
import { runExportStep } from "../../pipeline/export-step.js";
import { openProject } from "../../pipeline/session.js";
import { withAdapter } from "../../pipeline/with-adapter.js";
import type { Command } from "./command.js";
import { globalOptionsOf } from "./options.js";

export const exportCommand: Command = {
  name: "export",
  describe: "write marts to exports/ as CSV, Parquet, Arrow, charts and a dashboard",
  builder: BUILDERS.export,
  run: async (args, ctx) => {
    const scale = Number(args["scale"]);
    if (scale !== 1 && scale !== 2) throw new UsageError(`--scale must be 1 or 2, not ${String(args["scale"])}`);
    const opts = globalOptionsOf(args);
    const project = openProject(opts, ctx);
    const result = await withAdapter(project, opts, ctx, (s, wh) =>
      runExportStep(project, s.nodes, wh, {
        exportDir: String(args["export-dir"] ?? "exports"),
        scale,
        publication: args["publication"] as boolean | undefined,
        charts: args["charts"] !== false,
        chartWorkers: args["chart-workers"] === undefined ? undefined : Number(args["chart-workers"]),
        dashboard: args["dashboard"] !== false,
      }, ctx),
    );
    return { results: [result] };
  },
};
