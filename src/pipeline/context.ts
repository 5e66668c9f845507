// What every job receives: the options a command parsed, somewhere to send events and notes, and
// the outside world (clock, env, cwd) passed in so the pipeline reads none of it itself.
import type { RunEvent } from "../core/results.js";

export interface GlobalOptions {
  projectDir: string;
  targetPath?: string;
  db?: string;
  /** `--profiles-dir`; relative to the working directory. */
  profilesDir?: string;
  /** Profile target (dbt's --target/-t); default: the profile's `target`. */
  target?: string;
  vars?: string;
  select: string[];
  exclude: string[];
  fullRefresh: boolean;
  failFast: boolean;
  logFormat: "text" | "json";
  /** Reuse target/partial_parse.json when no project file changed (--no-partial-parse turns it off). */
  partialParse?: boolean;
  /** --event-time-start / --event-time-end (epoch ms, UTC): the window microbatch models build. */
  eventTimeStartMs?: number;
  eventTimeEndMs?: number;
  /** Which tests come with the selected nodes (dbt's --indirect-selection); default eager. */
  indirectSelection?: "eager" | "cautious" | "buildable";
}

/** Where the pipeline sends progress and notes; src/cli's reporters implement it and print. */
export interface PipelineEvents {
  event(e: RunEvent): void;
  info(message: string): void;
}

export interface PipelineContext {
  reporter: PipelineEvents;
  env: NodeJS.ProcessEnv;
  /** Milliseconds since epoch; injected so tests can fix it. */
  now: () => number;
  cwd: string;
}
