// What every command receives: parsed global options, the reporter, and the outside world
// (clock, env) passed in so stages stay pure.
import type { Reporter } from "./reporter.js";

export interface GlobalOptions {
  projectDir: string;
  targetPath?: string;
  db?: string;
  /** `--profiles-dir`; relative to the working directory. */
  profilesDir?: string;
  /** `--target` / `-t`. */
  target?: string;
  vars?: string;
  select: string[];
  exclude: string[];
  fullRefresh: boolean;
  failFast: boolean;
  logFormat: "text" | "json";
  /** Reuse target/partial_parse.json when no project file changed (--no-partial-parse turns it off). */
  partialParse?: boolean;
  /** Which tests come with the selected nodes (dbt's --indirect-selection); default eager. */
  indirectSelection?: "eager" | "cautious" | "buildable";
}

export interface CommandContext {
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
  /** Milliseconds since epoch; injected so tests can fix it. */
  now: () => number;
  cwd: string;
}
