// The source system a project reads: generated with the project's defaults when it is missing.
import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { ProjectError } from "../core/errors.js";
import type { EventSink, NodeResult } from "../core/results.js";
import { nodeId, type Project } from "../project/types.js";
import { generate, isSqliteFile, type GenerateOptions, type GenerateSummary } from "../generate/index.js";
import { SourceLoadError } from "../load/errors.js";
import type { PipelineContext } from "./context.js";

export const GENERATE_DEFAULTS = { students: 10_000, seed: 42 as string | number, years: 4, out: "data/qe.db" };

export interface GenerateDefaults {
  students: number;
  seed: string | number;
  years: number;
}

/** Reads generate_* vars from <projectDir>/dbt_project.yml when present; falls back to the defaults. */
export function generateDefaults(projectDir: string): GenerateDefaults {
  const file = path.join(projectDir, "dbt_project.yml");
  if (!fs.existsSync(file)) return generateDefaultsFromVars(undefined);
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new ProjectError("yaml", `cannot parse dbt_project.yml: ${(e as Error).message}`, { file }, undefined, { cause: e });
  }
  return generateDefaultsFromVars((doc as { vars?: unknown } | null)?.vars);
}

/** The generate_* vars of an already loaded project (qe-run), so dbt_project.yml is not parsed twice. */
export function generateDefaultsFromVars(vars: unknown): GenerateDefaults {
  const d: GenerateDefaults = { students: GENERATE_DEFAULTS.students, seed: GENERATE_DEFAULTS.seed, years: GENERATE_DEFAULTS.years };
  if (!vars || typeof vars !== "object") return d;
  const v = vars as Record<string, unknown>;
  if (v["generate_students"] !== undefined) d.students = v["generate_students"] as number;
  if (v["generate_seed"] !== undefined) d.seed = v["generate_seed"] as string | number;
  if (v["generate_years"] !== undefined) d.years = v["generate_years"] as number;
  return d;
}

/**
 * For `qe-run`: generates `dbPath` only when it does not exist yet (or is empty, which holds nothing
 * to lose); returns the summary, or undefined when the file was already there. `opts` fills in
 * anything not given from the defaults. Throws SourceLoadError, touching nothing, when the file
 * there is not a SQLite database: one clear error instead of one per source table.
 */
export async function ensureSourceDatabase(
  dbPath: string,
  opts: Partial<Omit<GenerateOptions, "out">>,
  onEvent?: EventSink,
): Promise<GenerateSummary | undefined> {
  const st = fs.statSync(dbPath, { throwIfNoEntry: false });
  if (st && (st.isDirectory() || (st.size > 0 && !isSqliteFile(dbPath)))) {
    throw new SourceLoadError(
      `the source database is ${st.isDirectory() ? "a folder" : "not a SQLite file"}, so no source can be loaded from it`,
      { file: dbPath },
      "if it is not the generated source database, move or delete it and run again: qe-run generates it when missing",
    );
  }
  if (st && st.size > 0) return undefined;
  return generate({
    students: opts.students ?? GENERATE_DEFAULTS.students,
    seed: opts.seed ?? GENERATE_DEFAULTS.seed,
    years: opts.years ?? GENERATE_DEFAULTS.years,
    firstYear: opts.firstYear,
    out: dbPath,
  }, onEvent);
}

/** One node result per table, so every reporter shows row counts without knowing about generate. */
export function summaryResults(s: GenerateSummary): NodeResult[] {
  return s.tables.map((t) => ({
    id: nodeId(`source.generate.${t.name}`),
    name: t.name,
    kind: "table",
    status: "success" as const,
    elapsedMs: 0,
    rowsAffected: t.rows,
  }));
}

export interface GenerateFlags {
  students?: number;
  seed?: string;
  years?: number;
}

/** Every SQLite file the project's sources read from, generated with the project's defaults (or `flags`) if absent. */
export async function generateMissingSources(project: Project, flags: GenerateFlags, ctx: PipelineContext): Promise<NodeResult[]> {
  const paths = new Set(project.sources.flatMap((s) => (s.loader ? [path.resolve(project.rootDir, s.loader.path)] : [])));
  const defaults = generateDefaultsFromVars(project.config.vars);
  const out: NodeResult[] = [];
  for (const file of paths) {
    const summary = await ensureSourceDatabase(
      file,
      { students: flags.students ?? defaults.students, seed: flags.seed ?? defaults.seed, years: flags.years ?? defaults.years },
      (e) => ctx.reporter.event(e),
    );
    if (summary) {
      ctx.reporter.info(`Generated ${file}: ${summary.totalRows} rows in ${(summary.elapsedMs / 1000).toFixed(1)}s`);
      out.push(...summaryResults(summary));
    }
  }
  return out;
}
