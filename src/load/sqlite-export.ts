// The worker half of the big-table route: SQLite itself renders tables as CSV text, one 50,000-row
// rowid page per query (group_concat runs in C, so no per-value JavaScript), into part files. The
// main thread has DuckDB read each part with read_csv (parallel, typed) while the workers render
// the next ones. SQLite renders on one core, so the work is cut into jobs (a range of 250,000
// rowids, or a whole table that cannot be paged) and several workers each claim the next job from
// a shared counter, in order. The loader reads jobs in that same order, which is what keeps the
// back-pressure (at most two parts of each worker on disk) from ever blocking the job it waits for.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { ColumnPlan } from "./sqlite-types.js";

const MAX_PARTS_WAITING = 2;
/** Rowids per job, and rows per part file of a table read whole (default). */
export const PART_ROWS = 250_000;

export interface ExportTable {
  identifier: string;
  columns: readonly ColumnPlan[];
  /** A rowid table without a column shadowing `_rowid_`: rendered in rowid ranges. */
  paged: boolean;
  /** Smallest and largest rowid (paged tables only). */
  minRowid?: number;
  maxRowid?: number;
}

/** One job: a range of rowids `(after, upTo]` of a paged table, or a whole table. */
export interface ExportJob {
  table: number;
  after?: number;
  upTo?: number;
}

/**
 * A part of a job: `file` holds `rows` CSV lines (no file when the job had no rows left), `last`
 * ends the job. `worker` rendered it; release its slot with `done(worker)` once the file is loaded.
 */
export type ExportMessage =
  | { type: "part"; job: number; file?: string; rows: number; last: boolean; worker: number }
  | { type: "fail"; message: string };

export interface Exporter {
  readonly jobs: readonly ExportJob[];
  /** The next message from any worker: a job's parts arrive in order; jobs interleave. */
  next(): Promise<ExportMessage>;
  /** Releases one part slot of `worker`; call after loading (and deleting) each part file. */
  done(worker: number): void;
  close(): Promise<void>;
}

/**
 * SQL that renders one row as a CSV line with SQLite's quote(): text becomes 'it''s' (CSV with ' as
 * quote and escape), NULL the bare word NULL, numbers their exact round-trip form. So NULL and ''
 * stay distinct, and a value of the wrong storage class (text in an INTEGER column) arrives quoted
 * and DuckDB rejects it instead of it shifting columns. As fast as the sqlite3 shell's -csv output.
 */
export function csvLineSql(columns: readonly ColumnPlan[]): string {
  return columns.map((c) => `quote("${c.name.replace(/"/g, '""')}")`).join(" || ',' || ");
}

/** The jobs of `tables`, in table order: paged tables in ranges of `partRows` rowids. */
export function exportJobs(tables: readonly ExportTable[], partRows = PART_ROWS): ExportJob[] {
  const jobs: ExportJob[] = [];
  for (const [table, t] of tables.entries()) {
    if (!t.paged || t.minRowid === undefined || t.maxRowid === undefined) {
      jobs.push({ table });
      continue;
    }
    // The first range starts below the smallest rowid; the last is open-ended, in case rows were added since.
    for (let after = t.minRowid - 1; ; after += partRows) {
      const last = after + partRows >= t.maxRowid;
      jobs.push({ table, after, upTo: last ? undefined : after + partRows });
      if (last) break;
    }
  }
  return jobs;
}

/** Starts `workers` workers (at least one, at most one per job) rendering the jobs of `tables`. */
export function startExporter(dbPath: string, tmpDir: string, tables: readonly ExportTable[], workers = 1, partRows = PART_ROWS): Exporter {
  const jobs = exportJobs(tables, partRows);
  const count = Math.max(1, Math.min(workers, jobs.length));
  // [0]: the next job to claim; [1 + w]: parts of worker w waiting to be loaded.
  const shared = new Int32Array(new SharedArrayBuffer(4 * (1 + count)));
  const betterSqlite = createRequire(import.meta.url).resolve("better-sqlite3");
  const spec = tables.map((t) => ({ identifier: t.identifier, line: csvLineSql(t.columns) }));
  const queue: ExportMessage[] = [];
  let waiter: ((m: ExportMessage) => void) | undefined;
  const push = (m: ExportMessage): void => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(m);
    } else queue.push(m);
  };
  const threads = Array.from({ length: count }, (_, index) => {
    // An eval'd worker runs the same code under vitest (TypeScript sources) and from dist/.
    const worker = new Worker(`(${exporterMain.toString()})()`, {
      eval: true,
      workerData: { dbPath, betterSqlite, tmpDir, tables: spec, jobs, shared, index, maxWaiting: MAX_PARTS_WAITING, partRows },
    });
    worker.on("message", push);
    worker.on("error", (e) => push({ type: "fail", message: e.message }));
    worker.on("exit", (code) => code !== 0 && push({ type: "fail", message: `SQLite export worker exited with code ${code}` }));
    return worker;
  });
  return {
    jobs,
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((r) => (waiter = r))),
    done: (worker) => {
      Atomics.sub(shared, 1 + worker, 1);
      Atomics.notify(shared, 1 + worker);
    },
    close: async () => {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}

// Runs inside the worker: plain JavaScript after compilation, no imports or closures (it is stringified).
function exporterMain(): void {
  const { parentPort, workerData } = require("node:worker_threads");
  const fs = require("node:fs");
  const path = require("node:path");
  const Database = require(workerData.betterSqlite);
  const { dbPath, tmpDir, tables, jobs, shared, index, maxWaiting, partRows } = workerData;
  const slot = 1 + index;
  const PAGE_ROWS = 50_000;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  for (let j = Atomics.add(shared, 0, 1); j < jobs.length; j = Atomics.add(shared, 0, 1)) {
    const { table, after, upTo } = jobs[j];
    const { identifier, line } = tables[table];
    let part = 0;
    let fd = -1;
    let file = "";
    let rows = 0;
    const ship = (last: boolean): void => {
      if (fd < 0) {
        parentPort.postMessage({ type: "part", job: j, rows: 0, last, worker: index });
        return;
      }
      fs.closeSync(fd);
      fd = -1;
      // Back-pressure: wait while maxWaiting of this worker's parts are still to be loaded.
      while (Atomics.add(shared, slot, 1) >= maxWaiting) {
        Atomics.sub(shared, slot, 1);
        Atomics.wait(shared, slot, maxWaiting, 100);
      }
      parentPort.postMessage({ type: "part", job: j, file, rows, last, worker: index });
      rows = 0;
    };
    const write = (text: string, n: number): void => {
      if (fd < 0) {
        file = path.join(tmpDir, `j${j}-p${part++}.csv`);
        fd = fs.openSync(file, "w");
      }
      fs.writeSync(fd, text);
      fs.writeSync(fd, "\n");
      rows += n;
      if (rows >= partRows) ship(false);
    };
    if (after !== undefined) {
      const stmt = db.prepare(
        // Row order within a page does not matter (a table is a set); max(rid) still pages correctly.
        `select group_concat(line, char(10)) as txt, max(rid) as last, count(*) as n ` +
          `from (select _rowid_ as rid, ${line} as line from ${q(identifier)} where _rowid_ > ? ` +
          `${upTo === undefined ? "" : `and _rowid_ <= ${upTo} `}order by _rowid_ limit ${PAGE_ROWS})`,
      );
      let from: unknown = after;
      for (;;) {
        const r = stmt.get(from);
        if (!r.n) break;
        write(r.txt, r.n);
        from = r.last;
      }
    } else {
      const stmt = db.prepare(`select ${line} from ${q(identifier)}`).pluck();
      let buf: string[] = [];
      for (const l of stmt.iterate()) {
        buf.push(l);
        if (buf.length === 8192) {
          write(buf.join("\n"), buf.length);
          buf = [];
        }
      }
      if (buf.length > 0) write(buf.join("\n"), buf.length);
    }
    ship(true);
  }
  db.close();
}
