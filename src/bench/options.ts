// The bench's own flags. Parsed once in bench.ts; every measurement reads BenchOptions only.
import { parseArgs } from "node:util";
import { resolve } from "node:path";

export interface BenchOptions {
  quick: boolean;
  full: boolean;
  /** Repository root: the QE project, bin/ and dist/ live here. */
  rootDir: string;
  /** Where bench.json goes (default <root>/target). */
  targetDir: string;
  /** Timed runs per measurement (quick: 1, default: 3). */
  runs: number;
  /** Student counts for generate / load / end to end. */
  generateScales: number[];
  loadScales: number[];
  e2eScales: number[];
  runScales: number[];
  /** Models in the synthetic compile project. */
  compileModels: number;
  /** Only these measurement names, when given. */
  only?: Set<string>;
  /** Keep the temp folder for inspection. */
  keep: boolean;
  /** Also time dbt-core (.venv/dbt) on the same projects: parse, compile, run, build. */
  vsDbt: boolean;
  /** Also run the job on a local Spark cluster at the e2e scales. */
  spark: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick | --full] [--vs-dbt] [--spark] [--runs N] [--only name,name] [--target-path DIR] [--keep]
  --quick        small scales (1k students, 200 models), one run each: proves the bench runs
  --full         also generate 1M students (and run overhead at 100k)
  --students N   student scales for generate, load, e2e and run_overhead (e.g. 10000 or 10000,100000)
  --vs-dbt       also time dbt-core from .venv/dbt on the same projects (parse, compile, run, build)
  --only         measurements to run: startup,generate,load,compile,e2e,run_overhead,vs_dbt,spark
  --target-path  folder for bench.json (default target/)
  --keep         keep the temporary working folder
  --spark        also run qe-run --target spark on a fresh local cluster (pyspark in .venv/spark, Java 17)`;

/** Throws Error with a usage line for unknown flags or a bad --runs. */
export function parseBenchArgs(argv: string[], cwd: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      full: { type: "boolean", default: false },
      runs: { type: "string" },
      only: { type: "string" },
      "target-path": { type: "string" },
      "root-dir": { type: "string" },
      keep: { type: "boolean", default: false },
      spark: { type: "boolean", default: false },
      "vs-dbt": { type: "boolean", default: false },
      students: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const quick = Boolean(values.quick);
  const full = Boolean(values.full) && !quick;
  const runs = values.runs === undefined ? (quick ? 1 : 3) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}\n${USAGE}`);
  const rootDir = resolve(cwd, values["root-dir"] ?? ".");
  const students = values.students === undefined ? undefined : values.students.split(",").map((x) => Number(x.trim()));
  if (students && !students.every((n) => Number.isInteger(n) && n > 0)) throw new Error(`--students must be positive integers, got ${values.students}\n${USAGE}`);
  return {
    quick,
    full,
    rootDir,
    targetDir: resolve(cwd, values["target-path"] ?? resolve(rootDir, "target")),
    runs,
    generateScales: students ?? (quick ? [1000] : full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000]),
    loadScales: students ?? (quick ? [1000] : [10_000, 100_000]),
    e2eScales: students ?? (quick ? [1000] : [10_000, 100_000]),
    // At 10k the SQL takes a fraction of a second, so fixed start-up dominates the ratio; 100k shows the per-model overhead.
    runScales: students ?? (quick ? [1000] : [10_000, 100_000]),
    compileModels: quick ? 200 : 1000,
    only: values.only ? new Set(values.only.split(",").map((s) => s.trim()).filter(Boolean)) : undefined,
    keep: Boolean(values.keep),
    spark: Boolean(values.spark),
    vsDbt: Boolean(values["vs-dbt"]),
  };
}
