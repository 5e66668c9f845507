// dbt's severity rules: a test counts its failing rows, then `error_if` / `warn_if` (default "!=0")
// decide. With severity warn the error condition is ignored, so a warn test never fails a run.
import type { TestConfig } from "../project/types.js";

export type TestStatus = "pass" | "warn" | "fail";

const CONDITION = /^\s*(==|=|!=|<>|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Parses "!=0", ">10", ">= 5", "=0". Returns undefined when the text is not a condition we know. */
export function parseCondition(text: string): ((n: number) => boolean) | undefined {
  const m = CONDITION.exec(text);
  if (!m) return undefined;
  const k = Number(m[2]);
  switch (m[1]) {
    case "=":
    case "==":
      return (n) => n === k;
    case "!=":
    case "<>":
      return (n) => n !== k;
    case ">":
      return (n) => n > k;
    case ">=":
      return (n) => n >= k;
    case "<":
      return (n) => n < k;
    default:
      return (n) => n <= k;
  }
}

/** Status for `failures` failing rows under a test's config. Throws Error on an unparsable condition (checked at compile). */
export function testStatus(failures: number, cfg: Pick<TestConfig, "severity" | "warnIf" | "errorIf">): TestStatus {
  const errorIf = parseCondition(cfg.errorIf || "!=0");
  const warnIf = parseCondition(cfg.warnIf || "!=0");
  if (!errorIf || !warnIf) throw new Error(`bad threshold: warn_if ${cfg.warnIf}, error_if ${cfg.errorIf}`);
  if (cfg.severity === "error" && errorIf(failures)) return "fail";
  if (warnIf(failures)) return "warn";
  return "pass";
}
