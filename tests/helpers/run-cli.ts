// Runs the CLI in-process with a reporter that records what a user would see.
import { main } from "../../src/cli/main.js";
import { TextReporter } from "../../src/cli/reporter.js";

export interface CliOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], cwd = process.cwd()): Promise<CliOutcome> {
  let stdout = "";
  let stderr = "";
  const reporter = new TextReporter({ write: (s: string) => (stdout += s) }, { write: (s: string) => (stderr += s) }, false);
  const exitCode = await main(argv, reporter, { cwd });
  return { exitCode, stdout, stderr };
}
