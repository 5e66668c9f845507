// Shared set-up for the CLI acceptance tests: the real QE project copied to a temp dir, one small
// generated source database per test file, and fingerprints of what a run leaves on disk.
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { generate } from "../../src/generate/index.js";
import { copyProject } from "./temp-project.js";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Small enough to build in seconds on a shared 2-core machine, big enough for every mart to have rows. */
export const E2E_STUDENTS = 800;
export const E2E_SEED = "42";

/** The four seed marts and the columns issue 6 requires of each (at least these, in this order). */
export const SEED_MART_COLUMNS: Record<string, string[]> = {
  kpi_pass_rate: ["programme", "academic_year", "term", "enrolments", "passed", "pass_rate"],
  assessment_turnaround_bins: ["turnaround_bin", "assessments", "share"],
  engagement_index: ["module_id", "module_code", "programme", "academic_year", "term", "survey_mean", "median_support_visits", "engagement_index", "pass_rate"],
  at_risk_modules: ["module_id", "module_code", "programme", "academic_year", "term", "enrolments", "pass_rate", "survey_mean"],
};

const tempDirs: string[] = [];

/** Generates the source database once into a temp dir; returns its path. */
export async function generateSharedDb(students = E2E_STUDENTS, seed = E2E_SEED): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "qe-e2e-db-"));
  tempDirs.push(dir);
  const out = join(dir, "qe.db");
  await generate({ out, students, seed, years: 4 });
  return out;
}

/** A fresh copy of the QE project; with `db`, that source database is placed at data/qe.db. */
export function freshProject(db?: string): string {
  const dir = copyProject(REPO_ROOT, "qe-cli-e2e-");
  tempDirs.push(dir);
  if (db) {
    mkdirSync(join(dir, "data"), { recursive: true });
    copyFileSync(db, join(dir, "data", "qe.db"));
  }
  return dir;
}

/** Removes every temp dir made through this module (call in afterAll). */
export function cleanUpTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** sha256 of every file under `dir`, keyed by path relative to it (sorted). */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = sha256(readFileSync(p));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * One hash per table of a SQLite file, over its rows in primary-key order, so two databases compare
 * by content rather than by page layout.
 */
export function hashSqliteTables(file: string): Record<string, { rows: number; sha256: string }> {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
    const out: Record<string, { rows: number; sha256: string }> = {};
    for (const t of tables) {
      const h = createHash("sha256");
      let rows = 0;
      for (const row of db.prepare(`select * from "${t.replace(/"/g, '""')}" order by 1`).raw().iterate()) {
        h.update(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) + "\n");
        rows++;
      }
      out[t] = { rows, sha256: h.digest("hex") };
    }
    return out;
  } finally {
    db.close();
  }
}

/** Rewrites one file of a copied project (path relative to the project dir). */
export function editFile(dir: string, rel: string, edit: (text: string) => string): void {
  const file = join(dir, rel);
  const before = readFileSync(file, "utf8");
  const after = edit(before);
  if (after === before) throw new Error(`editFile: ${rel} unchanged; the test's edit no longer matches the file`);
  writeFileSync(file, after);
}

/** The header row of an exported CSV. */
export function csvHeader(dir: string, mart: string): string[] {
  return readFileSync(join(dir, "exports", `${mart}.csv`), "utf8").split("\n")[0]!.split(",");
}
