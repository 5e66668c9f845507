// `--vars '{"pass_mark": 40}'` or `--vars 'pass_mark: 40'`: a JSON or YAML mapping.
import { UsageError } from "../core/errors.js";
import { yamlPackage } from "./yaml-file.js";

/** Parses the `--vars` text into a mapping; throws UsageError for anything else. */
export function parseVarsArg(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = text.trim() === "" ? {} : yamlPackage().parse(text); // YAML is a superset of JSON
  } catch (e) {
    throw new UsageError(`--vars is not valid JSON or YAML: ${(e as Error).message.split("\n")[0]}`, undefined, `example: --vars '{"pass_mark": 40}'`, { cause: e });
  }
  if (v === null || v === undefined) return {};
  if (typeof v !== "object" || Array.isArray(v)) {
    throw new UsageError(`--vars must be a mapping of names to values, got ${Array.isArray(v) ? "a list" : JSON.stringify(v)}`, undefined, `example: --vars '{"pass_mark": 40}'`);
  }
  return v as Record<string, unknown>;
}
