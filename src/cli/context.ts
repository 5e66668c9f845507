// What every command receives: parsed global options, the reporter, and the outside world
// (clock, env) passed in so stages stay pure.
import type { Reporter } from "./reporter.js";

export interface GlobalOptions {
  projectDir: string;
  targetPath?: string;
  db?: string;
  vars?: string;
  select: string[];
  exclude: string[];
  fullRefresh: boolean;
  failFast: boolean;
  logFormat: "text" | "json";
}

export interface CommandContext {
  reporter: Reporter;
  env: NodeJS.ProcessEnv;
  /** Milliseconds since epoch; injected so tests can fix it. */
  now: () => number;
  cwd: string;
}
