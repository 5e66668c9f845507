import type { Command } from "./command.js";
import { notYet } from "./not-yet.js";

/** Every command `qe` knows; `main` is what `qe-run` runs, `test` what `qe-test` runs. */
export const COMMANDS: Command[] = [
  notYet("main", "the whole job: generate if missing, load, build, test, export"),
  notYet("generate", "write the synthetic source system to data/qe.db"),
  notYet("seed", "load seeds/*.csv into the warehouse"),
  notYet("run", "build the selected models"),
  notYet("test", "run data tests and unit tests"),
  notYet("build", "seed, run and test in DAG order"),
  notYet("compile", "render models to target/compiled without running them"),
  notYet("ls", "list project nodes"),
  notYet("export", "write marts to exports/ as CSV, Parquet, Arrow, charts and a dashboard"),
];
