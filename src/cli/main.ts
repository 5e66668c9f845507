// Parses argv with yargs and dispatches to one command module. Returns the exit code:
// 0 ok, 1 a model or test failed, 2 usage or project error.
import { readFileSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { QeError, UsageError } from "../core/errors.js";
import { fileSystemErrorOf } from "../core/fs-error.js";
import type { NodeResult } from "../core/results.js";
import { pickReporter, type Reporter } from "./reporter.js";
import type { CommandContext } from "./context.js";
import { COMMANDS } from "./commands/index.js";
import { unknownCommandError, unknownFlagError } from "./usage-hints.js";

export interface CommandOutcome {
  results: NodeResult[];
  /** Overrides the exit code computed from results (e.g. 2 for a usage error found late). */
  exitCode?: number;
}

export async function main(argv: string[], given: Reporter, ctx: Partial<CommandContext> = {}): Promise<number> {
  // --log-format json makes every line JSON, errors and the summary included; sniffed from argv
  // so even a usage error yargs rejects comes out as JSON.
  const reporter = wantsJson(argv) ? pickReporter(process.stdout, process.stderr, process.env, "json") : given;
  const unknown = unknownCommandError(argv, COMMANDS);
  if (unknown) {
    reporter.error(unknown);
    return 2;
  }
  let usageProblem: string | undefined;
  const parser = yargs(argv)
    .scriptName("qe")
    .usage("$0 <command> [options]")
    .strict()
    .help()
    .version(qeVersion())
    // Help returns through main (exit code 0) instead of yargs calling process.exit itself.
    .exitProcess(false)
    .wrap(100)
    .fail((msg, err) => {
      usageProblem = msg ?? err?.message ?? "invalid arguments";
    }) as Argv;
  // Commands are registered without handlers and dispatched below: for a command with a handler,
  // yargs renders that command's whole help text up front in case it fails (~0.1 s of CPU per run).
  for (const cmd of COMMANDS) parser.command(cmd.usage ?? cmd.name, cmd.describe, cmd.builder);
  parser.demandCommand(1, "give a command, e.g. `qe run`; see `qe --help`");
  let args: Awaited<ReturnType<Argv["parseAsync"]>> | undefined;
  try {
    args = await parser.parseAsync();
  } catch (e) {
    usageProblem ??= (e as Error).message;
  }
  if (usageProblem !== undefined || !args) {
    const problem = usageProblem ?? "invalid arguments";
    reporter.error(unknownFlagError(problem, argv, COMMANDS) ?? new UsageError(problem, undefined, "see `qe --help`"));
    return 2;
  }
  if (args["help"] || args["version"]) return 0; // printed by yargs
  const cmd = COMMANDS.find((c) => c.name === String(args._[0]));
  if (!cmd) return 0;
  const outcome = cmd.run(args, { reporter, env: process.env, now: Date.now, cwd: process.cwd(), ...ctx });
  try {
    const { results, exitCode } = await outcome;
    reporter.summary(results);
    return exitCode ?? exitCodeOf(results);
  } catch (e) {
    const known = e instanceof QeError ? e : fileSystemErrorOf(e);
    if (known) {
      reporter.error(known);
      return known.exitCode;
    }
    throw e;
  }
}

function wantsJson(argv: readonly string[]): boolean {
  return argv.some((a, i) => a === "--log-format=json" || (a === "--log-format" && argv[i + 1] === "json"));
}

export function exitCodeOf(results: readonly NodeResult[]): number {
  return results.some((r) => r.status === "error" || r.status === "fail" || r.status === "partial success") ? 1 : 0;
}

/** The package version, read from package.json two folders up (from src/cli and dist/cli alike). */
function qeVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}
