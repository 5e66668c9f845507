// `npm run bench [-- --quick | --full]`: measures every stage and writes target/bench.json.
// The only bench module that reads argv, prints and sets the exit code.
import { parseBenchArgs } from "./options.js";
import { runBench } from "./run-bench.js";
import { formatTable, writeBenchJson } from "./report.js";

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseBenchArgs(process.argv.slice(2), process.cwd());
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const file = await runBench(opts, {
    log: (m) => process.stderr.write(`${m}\n`),
    now: () => new Date().toISOString(),
    path: process.env.PATH ?? "",
  });
  const path = writeBenchJson(opts.targetDir, file);
  const m = file.meta.machine;
  process.stdout.write(
    `\n${formatTable(file.records)}\n\nmachine: ${m.cores} cores (${m.cpu_model}), ${m.total_memory_gb} GiB, node ${m.node}, DuckDB ${m.duckdb}\nwrote ${path}\n`,
  );
  return 0;
}

process.exitCode = await main();
