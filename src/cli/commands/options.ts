// Options shared by the commands that read a project.
import type { Argv } from "yargs";
import type { GlobalOptions } from "../context.js";
import { UsageError } from "../../core/errors.js";
import { parseWallTime } from "../../core/wall-time.js";

export function projectOptions(y: Argv): Argv {
  return y
    .option("project-dir", { type: "string", default: ".", describe: "folder holding dbt_project.yml" })
    .option("target-path", { type: "string", describe: "artifacts folder (default: target-path in dbt_project.yml, else target)" })
    .option("db", { type: "string", describe: "DuckDB warehouse file (default: the profile target's path, else <target>/qe.duckdb)" })
    .option("profiles-dir", { type: "string", describe: "folder holding profiles.yml (default: $DBT_PROFILES_DIR, the project folder, ~/.dbt)" })
    .option("target", { alias: "t", type: "string", describe: "profile target to use (default: the profile's target:)" })
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

/** dbt's --event-time-start / --event-time-end (run, build): the window microbatch models build, in UTC. */
export function eventTimeOptions(y: Argv): Argv {
  return y
    .option("event-time-start", { type: "string", describe: "microbatch models: first event time to build (inclusive, UTC), e.g. 2024-01-01 or 2024-01-01T06:00:00" })
    .option("event-time-end", { type: "string", describe: "microbatch models: event time to build up to (exclusive, UTC); give both or neither" });
}

/** The two flags as epoch ms; throws UsageError when one is missing, unreadable or not before the other (as dbt refuses them). */
export function eventTimeWindow(a: Record<string, unknown>): { eventTimeStartMs?: number; eventTimeEndMs?: number } {
  const [start, end] = [a["event-time-start"], a["event-time-end"]].map((v) => (v === undefined || v === null ? undefined : String(v)));
  if (start === undefined && end === undefined) return {};
  if (start === undefined || end === undefined) {
    const [given, missing] = start === undefined ? ["--event-time-end", "--event-time-start"] : ["--event-time-start", "--event-time-end"];
    throw new UsageError(`${given} was given without ${missing}`, undefined, `give both ${missing} and ${given}, or neither`);
  }
  const parse = (flag: string, v: string) => {
    const ms = parseWallTime(v);
    if (ms === undefined) throw new UsageError(`${flag} '${v}' is not a date or date-time`, undefined, "use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or 'YYYY-MM-DD HH:MM:SS' (UTC)");
    return ms;
  };
  const [s, e] = [parse("--event-time-start", start), parse("--event-time-end", end)];
  if (s >= e) throw new UsageError(`--event-time-start (${start}) must be before --event-time-end (${end})`, undefined, "swap them, or widen the window");
  return { eventTimeStartMs: s, eventTimeEndMs: e };
}

export function globalOptionsOf(a: Record<string, unknown>): GlobalOptions {
  return {
    ...eventTimeWindow(a),
    projectDir: String(a["project-dir"] ?? "."),
    targetPath: a["target-path"] as string | undefined,
    db: a["db"] as string | undefined,
    profilesDir: a["profiles-dir"] as string | undefined,
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
