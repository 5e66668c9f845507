import type { Command } from "./command.js";
import { buildCommand } from "./build.js";
import { compileCommand } from "./compile.js";
import { exportCommand } from "./export.js";
import { generateCommand } from "./generate.js";
import { lsCommand } from "./ls.js";
import { mainJobCommand } from "./main-job.js";
import { runCommand } from "./run.js";
import { seedCommand } from "./seed.js";
import { testCommand } from "./test.js";

/** Every command `qe` knows; `main` is what `qe-run` runs, `test` what `qe-test` runs. */
export const COMMANDS: Command[] = [
  mainJobCommand,
  generateCommand,
  seedCommand,
  runCommand,
  testCommand,
  buildCommand,
  compileCommand,
  lsCommand,
  exportCommand,
];
