// What dbt-core checks of a microbatch model when it parses the project: event_time, begin and
// batch_size are required (ParsingError), and an input with an event_time is expected (a warning).
import { ProjectError } from "../core/errors.js";
import type { ModelConfig, ModelNode } from "../project/types.js";
import { configLine } from "./parse-pass.js";

export const isMicrobatch = (c: ModelConfig): boolean => c.materialized === "incremental" && c.incrementalStrategy === "microbatch";

/**
 * The config a microbatch model must have, as dbt-core words each miss. Values were type-checked
 * where written: `reported(key)` says a bad value was already reported, so it is not missing too.
 */
export function microbatchProblems(m: ModelNode, c: ModelConfig, reported: (key: string) => boolean = () => false): ProjectError[] {
  const at = (key: string) => ({ file: m.path, line: configLine(m.rawSql, key) });
  const out: ProjectError[] = [];
  const miss = (key: string, message: string, hint: string) => {
    if (!reported(key)) out.push(new ProjectError("microbatch-config", `Microbatch model '${m.name}' ${message}`, at(key), hint));
  };
  if (c.eventTime === undefined) miss("event_time", "must provide an 'event_time' (string) config that indicates the name of the event time column.", "e.g. config(event_time='occurred_at')");
  if (c.begin === undefined) miss("begin", "must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.", "e.g. config(begin='2024-01-01')");
  if (c.batchSize === undefined) miss("batch_size", "must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'].", "e.g. config(batch_size='day')");
  return out;
}

/** dbt's MicrobatchModelNoEventTimeInputs, in qe's words. */
export function noEventTimeInputWarning(m: ModelNode): string {
  return `warning: ${m.path}: microbatch model '${m.name}' reads no ref() or source() with an event_time config, so no input is filtered to a batch and each batch re-reads every row (duplicates are likely); set event_time on its inputs`;
}
