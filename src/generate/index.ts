// `generate`: writes the synthetic source system to a SQLite file. Public API of src/generate.
import fs from "node:fs";
import path from "node:path";
import type { EventSink } from "../core/results.js";
import { UsageError } from "../core/errors.js";
import { buildCatalogue } from "./catalogue.js";
import { checkOptions, checkOutPath, type GenerateOptions } from "./options.js";
import { SqliteSink } from "./sink.js";
import { stream } from "./random.js";
import { drawProfile } from "./student-profile.js";
import { writeAdmissions } from "./admissions.js";
import { simulateJourney } from "./student-journey.js";
import type { Ids, Streams } from "./student-life.js";
import { academicYear } from "./calendar.js";
import { TABLE_NAMES } from "./schema.js";

export type { GenerateOptions } from "./options.js";
export { checkOptions, isSqliteFile, DEFAULT_LAST_YEAR } from "./options.js";
export { SCENARIO } from "./scenario.js";
export { TABLES, INDEXES, TABLE_NAMES, schemaSql } from "./schema.js";

export interface GenerateSummary {
  path: string;
  tables: { name: string; rows: number }[];
  totalRows: number;
  elapsedMs: number;
}

/** Rows per transaction: big enough to amortise commits, small enough to keep memory flat. */
const BATCH_ROWS = 50_000;

/**
 * Generates the source system and renames it into `opts.out` only when complete; on any failure the
 * temp file is removed and an existing `out` is left as it was.
 * Throws UsageError for bad options, an unwritable `out` or an existing non-SQLite file there.
 * `clock` only times the run for elapsedMs (a monotonic timer by default); it never shapes the data.
 */
export async function generate(
  opts: GenerateOptions,
  onEvent?: EventSink,
  clock: () => number = () => performance.now(),
): Promise<GenerateSummary> {
  const o = checkOptions(opts);
  checkOutPath(o.out);
  const began = clock();
  const out = path.resolve(o.out);
  const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  fs.rmSync(tmp, { force: true });
  removeAbandonedTemps(out);
  let sink: SqliteSink | undefined;
  try {
    sink = new SqliteSink(tmp, BATCH_ROWS);
    const last = academicYear(o.firstYear + o.years - 1);
    onEvent?.({ type: "info", message: `generating ${o.students} students, ${academicYear(o.firstYear)}..${last}, seed ${o.seed}` });
    writeAll(o, sink, onEvent, () => clock() - began);
    sink.finish();
    sink.close();
    fs.renameSync(tmp, out);
    const tables = TABLE_NAMES.map((name) => ({ name, rows: sink!.counts.get(name) ?? 0 }));
    return { path: out, tables, totalRows: tables.reduce((s, t) => s + t.rows, 0), elapsedMs: clock() - began };
  } catch (e) {
    sink?.close();
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EROFS" || code === "ENOSPC" || code === "SQLITE_CANTOPEN" || code === "SQLITE_FULL") {
      throw new UsageError(`cannot write ${o.out}: ${(e as Error).message}`, undefined, undefined, { cause: e });
    }
    throw e;
  }
}

function writeAll(o: Required<GenerateOptions>, sink: SqliteSink, onEvent: EventSink | undefined, elapsedMs: () => number): void {
  const cat = buildCatalogue(o.seed, o.students, o.firstYear, o.years, sink);
  const rs: Streams = {
    students: stream(o.seed, "students"),
    admissions: stream(o.seed, "admissions"),
    enrolments: stream(o.seed, "enrolments"),
    grades: stream(o.seed, "grades"),
    surveys: stream(o.seed, "surveys"),
    support: stream(o.seed, "support_usage"),
    complaints: stream(o.seed, "complaints"),
    placements: stream(o.seed, "placements"),
    outcomes: stream(o.seed, "graduate_outcomes"),
  };
  const ids: Ids = { enrolment: 0, grade: 0, response: 0, visit: 0, complaint: 0, placement: 0, outcome: 0 };
  const adm = { nextApplicationId: 1, nextApplicantId: o.students + 1 };
  const step = Math.max(1, Math.ceil(o.students / 20));
  for (let id = 1; id <= o.students; id++) {
    const p = drawProfile(id, rs.students, cat);
    writeAdmissions(p, rs.admissions, adm, sink);
    const j = simulateJourney(p, cat, rs, ids, sink);
    sink.put("students", [
      id, p.programme.code, p.programme.level, academicYear(p.entryStart), p.mode, p.domicile, p.wp ? 1 : 0,
      p.polar4, p.imd, p.age, p.mature ? 1 : 0, p.sex, p.ethnicity, p.disabled ? 1 : 0, p.careLeaver ? 1 : 0,
      p.tariff, j.status, j.leaveStart === null ? null : academicYear(j.leaveStart), j.award,
    ]);
    sink.flushIfFull();
    if (id % step === 0 || id === o.students) {
      // Rows and rate in the label so TTY and CI logs show throughput without knowing the tables.
      const rows = [...sink.counts.values()].reduce((a, b) => a + b, 0);
      const ms = elapsedMs();
      const rate = ms > 0 ? `, ${Math.round(rows / ms)}k rows/s` : "";
      onEvent?.({ type: "progress", label: `generate (${rows} rows${rate})`, done: id, total: o.students, unit: "students" });
    }
  }
}

/**
 * A run killed outright (SIGKILL, power loss) leaves `.<name>.<pid>.tmp` beside the output; the
 * output itself was never touched. Remove such files whose process is gone, so they do not pile up.
 */
export function removeAbandonedTemps(out: string): string[] {
  const dir = path.dirname(out);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(out))}\\.(\\d+)\\.tmp$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
