import { UsageError } from "../../core/errors.js";
import type { Command } from "./command.js";

/** Placeholder for a command still being built; replaced as each stage lands. */
export function notYet(name: string, describe: string): Command {
  return {
    name,
    describe,
    builder: (y) => y,
    run: async () => {
      throw new UsageError(`\`qe ${name}\` is not implemented yet`);
    },
  };
}
