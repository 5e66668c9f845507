// Options shared by the commands that read a project.
import type { Argv } from "yargs";
import type { GlobalOptions } from "../context.js";

export function projectOptions(y: Argv): Argv {
  return y
    .option("project-dir", { type: "string", default: ".", describe: "folder holding dbt_project.yml" })
    .option("target-path", { type: "string", describe: "artifacts folder (default: target-path in dbt_project.yml, else target)" })
    .option("db", { type: "string", describe: "DuckDB warehouse file (default: profiles.yml path, else <target>/qe.duckdb)" })
    .option("target", { alias: "t", type: "string", describe: "profiles.yml output to run against, e.g. spark (default: the DuckDB file)" })
    .option("vars", { type: "string", describe: "JSON or YAML mapping overriding project vars" })
    .option("log-format", { choices: ["text", "json"] as const, default: "text" as const })
    .option("partial-parse", { type: "boolean", default: true, describe: "reuse target/partial_parse.json when no project file changed (--no-partial-parse: always parse)" });
}

/** `--no-partial-parse`, beside the GlobalOptions (context.ts) so only the project loader sees it. */

export function selectionOptions(y: Argv): Argv {
  return y
    .option("select", { alias: ["s", "models", "m"], type: "string", array: true, default: [], describe: "nodes to include (dbt syntax)" })
    .option("exclude", { type: "string", array: true, default: [], describe: "nodes to leave out" })
    .option("indirect-selection", {
      choices: ["eager", "cautious", "buildable"] as const,
      default: "eager" as const,
      describe: "tests selected with their nodes: eager (any tested node selected), cautious (all), buildable (all selected or upstream)",
    });
}

export function runOptions(y: Argv): Argv {
  return y
    .option("full-refresh", { type: "boolean", default: false, describe: "rebuild incremental models from scratch" })
    .option("fail-fast", { alias: "x", type: "boolean", default: false, describe: "stop at the first failure" });
}

export function globalOptionsOf(a: Record<string, unknown>): GlobalOptions {
  return {
    projectDir: String(a["project-dir"] ?? "."),
    targetPath: a["target-path"] as string | undefined,
    db: a["db"] as string | undefined,
    target: a["target"] as string | undefined,
    vars: a["vars"] as string | undefined,
    select: splitSelectors(a["select"]),
    exclude: splitSelectors(a["exclude"]),
    fullRefresh: Boolean(a["full-refresh"]),
    failFast: Boolean(a["fail-fast"]),
    logFormat: a["log-format"] === "json" ? "json" : "text",
    partialParse: a["partial-parse"] !== false,
    indirectSelection: (a["indirect-selection"] as GlobalOptions["indirectSelection"]) ?? "eager",
  };
}

/** dbt accepts `-s "a b"` and `-s a -s b` alike: flatten to one list of space-separated terms. */
function splitSelectors(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.flatMap((s) => String(s).split(/\s+/)).filter(Boolean);
}
