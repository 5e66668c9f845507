// The worker half of the big-table route: SQLite itself renders each table as CSV text, one
// 50,000-row rowid page per query (group_concat runs in C, so no per-value JavaScript), into part
// files of 250,000 rows. The main thread has DuckDB read each part with read_csv (parallel,
// typed) while this worker renders the next one. At most two parts wait on disk at a time.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { ColumnPlan } from "./sqlite-types.js";

const MAX_PARTS_WAITING = 2;

export interface ExportTable {
  identifier: string;
  columns: readonly ColumnPlan[];
  /** A rowid table without a column shadowing `_rowid_`: rendered in rowid pages. */
  paged: boolean;
}

export type ExportMessage =
  | { type: "part"; table: number; file: string; rows: number }
  | { type: "end"; table: number; rows: number }
  | { type: "fail"; message: string };

export interface Exporter {
  next(): Promise<ExportMessage>;
  /** Releases one part slot; call after loading (and deleting) each part file. */
  done(): void;
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

export function startExporter(dbPath: string, tmpDir: string, tables: readonly ExportTable[]): Exporter {
  const waiting = new Int32Array(new SharedArrayBuffer(4));
  const betterSqlite = createRequire(import.meta.url).resolve("better-sqlite3");
  const spec = tables.map((t) => ({ identifier: t.identifier, paged: t.paged, line: csvLineSql(t.columns) }));
  // An eval'd worker runs the same code under vitest (TypeScript sources) and from dist/.
  const worker = new Worker(`(${exporterMain.toString()})()`, {
    eval: true,
    workerData: { dbPath, betterSqlite, tmpDir, tables: spec, waiting, maxWaiting: MAX_PARTS_WAITING },
  });
  const queue: ExportMessage[] = [];
  let waiter: ((m: ExportMessage) => void) | undefined;
  const push = (m: ExportMessage): void => {
    if (waiter) {
      const w = waiter;
      waiter = undefined;
      w(m);
    } else queue.push(m);
  };
  worker.on("message", push);
  worker.on("error", (e) => push({ type: "fail", message: e.message }));
  worker.on("exit", (code) => code !== 0 && push({ type: "fail", message: `SQLite export worker exited with code ${code}` }));
  return {
    next: () => (queue.length > 0 ? Promise.resolve(queue.shift()!) : new Promise((r) => (waiter = r))),
    done: () => {
      Atomics.sub(waiting, 0, 1);
      Atomics.notify(waiting, 0);
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

// Runs inside the worker: plain JavaScript after compilation, no imports or closures (it is stringified).
function exporterMain(): void {
  const { parentPort, workerData } = require("node:worker_threads");
  const fs = require("node:fs");
  const path = require("node:path");
  const Database = require(workerData.betterSqlite);
  const { dbPath, tmpDir, tables, waiting, maxWaiting } = workerData;
  const PAGE_ROWS = 50_000;
  const PART_ROWS = 250_000;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  for (let t = 0; t < tables.length; t++) {
    const { identifier, paged, line } = tables[t];
    let part = 0;
    let fd = -1;
    let file = "";
    let partRows = 0;
    let rows = 0;
    const open = (): void => {
      file = path.join(tmpDir, `t${t}-p${part++}.csv`);
      fd = fs.openSync(file, "w");
      partRows = 0;
    };
    const ship = (): void => {
      fs.closeSync(fd);
      fd = -1;
      // Back-pressure: wait while maxWaiting parts are still to be loaded.
      while (Atomics.add(waiting, 0, 1) >= maxWaiting) {
        Atomics.sub(waiting, 0, 1);
        Atomics.wait(waiting, 0, maxWaiting, 100);
      }
      parentPort.postMessage({ type: "part", table: t, file, rows: partRows });
    };
    const write = (text: string, n: number): void => {
      if (fd < 0) open();
      fs.writeSync(fd, text);
      fs.writeSync(fd, "\n");
      partRows += n;
      rows += n;
      if (partRows >= PART_ROWS) ship();
    };
    if (paged) {
      const stmt = db.prepare(
        // Row order within a page does not matter (a table is a set); max(rid) still pages correctly.
        `select group_concat(line, char(10)) as txt, max(rid) as last, count(*) as n ` +
          `from (select _rowid_ as rid, ${line} as line from ${q(identifier)} where _rowid_ > ? order by _rowid_ limit ${PAGE_ROWS})`,
      );
      let last: unknown = -Infinity;
      for (;;) {
        const r = stmt.get(last);
        if (!r.n) break;
        write(r.txt, r.n);
        last = r.last;
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
    if (fd >= 0) ship();
    parentPort.postMessage({ type: "end", table: t, rows });
  }
  db.close();
}
