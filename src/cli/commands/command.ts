import type { Argv, ArgumentsCamelCase } from "yargs";
import type { CommandContext } from "../context.js";
import type { CommandOutcome } from "../main.js";

/** One CLI command: its yargs definition and what it does. Commands print only through ctx.reporter. */
export interface Command {
  name: string;
  /** yargs' command string when it takes positionals ("source <action>"); default `name`. */
  usage?: string;
  describe: string;
  builder: (y: Argv) => Argv;
  run: (args: ArgumentsCamelCase<Record<string, unknown>>, ctx: CommandContext) => Promise<CommandOutcome>;
}
