// Entry for the three bins. The only place that touches process.exitCode.
import { main } from "./main.js";
import { pickReporter } from "./reporter.js";

export type BinName = "qe" | "qe-run" | "qe-test";

export async function runBin(bin: BinName, args: string[]): Promise<void> {
  // `qe ls | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  const argv = bin === "qe" ? args : [bin === "qe-run" ? "main" : "test", ...args];
  process.exitCode = await main(argv, pickReporter(process.stdout, process.stderr, process.env));
}
