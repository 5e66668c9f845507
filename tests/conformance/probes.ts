// The conformance probes (tests/conformance/probes/*.yml) and the probe project they compile in.
// scripts/dbt-golden/render_probes.py builds the same project for dbt-core and writes golden/.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const CONFORMANCE_DIR = new URL(".", import.meta.url).pathname;
export const PROBES_DIR = join(CONFORMANCE_DIR, "probes");
export const PROJECT_DIR = join(CONFORMANCE_DIR, "project");
export const GOLDEN_DIR = join(CONFORMANCE_DIR, "golden");

export interface Probe {
  /** `<file stem>__<name>`: the model's name in the probe project. */
  id: string;
  template: string;
  macros?: string;
  vars?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Compare materialized/schema/alias with dbt's as well as the SQL. */
  checkConfig: boolean;
  /** Compare SQL whitespace-insensitively (dbt's macro bodies carry indentation we need not copy). */
  collapseWhitespace: boolean;
}

export type Golden = { kind: "sql"; text: string } | { kind: "error"; message: string };

export function loadProbes(): Probe[] {
  const out: Probe[] = [];
  for (const file of readdirSync(PROBES_DIR).filter((f) => f.endsWith(".yml")).sort()) {
    const stem = file.replace(/\.yml$/, "");
    for (const raw of parse(readFileSync(join(PROBES_DIR, file), "utf8")) as Record<string, unknown>[]) {
      out.push({
        id: `${stem}__${String(raw["name"])}`,
        template: String(raw["template"]),
        macros: raw["macros"] === undefined ? undefined : String(raw["macros"]),
        vars: raw["vars"] as Record<string, unknown> | undefined,
        env: raw["env"] as Record<string, string> | undefined,
        checkConfig: raw["check_config"] === true,
        collapseWhitespace: raw["compare"] === "collapse_whitespace",
      });
    }
  }
  return out;
}

export function goldenOf(id: string): Golden | undefined {
  const sql = join(GOLDEN_DIR, `${id}.sql`);
  if (existsSync(sql)) return { kind: "sql", text: readFileSync(sql, "utf8") };
  const err = join(GOLDEN_DIR, `${id}.error`);
  if (existsSync(err)) return { kind: "error", message: readFileSync(err, "utf8").split("\n").slice(1).join("\n").trim() };
  return undefined;
}

export interface GoldenConfig {
  materialized: string;
  schema: string;
  alias: string;
}

export function goldenConfigs(): Record<string, GoldenConfig> {
  return JSON.parse(readFileSync(join(GOLDEN_DIR, "configs.json"), "utf8")) as Record<string, GoldenConfig>;
}

/** Copies the probe project (support models and macros) into `dir`. */
export function writeProbeProject(dir: string): void {
  cpSync(PROJECT_DIR, dir, { recursive: true });
  mkdirSync(join(dir, "models/probes"), { recursive: true });
  mkdirSync(join(dir, "macros/probes"), { recursive: true });
}

/** Puts exactly one probe's files in the project (removing the previous probe's). */
export function placeProbe(dir: string, probe: Probe): void {
  for (const sub of ["models/probes", "macros/probes"]) {
    rmSync(join(dir, sub), { recursive: true, force: true });
    mkdirSync(join(dir, sub), { recursive: true });
  }
  writeFileSync(join(dir, "models/probes", `${probe.id}.sql`), probe.template);
  if (probe.macros) writeFileSync(join(dir, "macros/probes", `${probe.id}.sql`), probe.macros);
}
