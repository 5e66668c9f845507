// Renders records as a fixed-width table and writes bench.json atomically (temp file + rename).
import { join } from "node:path";
import { writeFileAtomic } from "../core/write-atomic.js";
import type { MachineInfo } from "./machine.js";
import type { BenchRecord } from "./record.js";

export interface BenchFile {
  /** Format version of bench.json. */
  version: 1;
  meta: {
    mode: "quick" | "default" | "full";
    runs: number;
    started_at: string;
    finished_at: string;
    machine: MachineInfo;
    notes: string[];
  };
  records: BenchRecord[];
}

/** Writes <dir>/bench.json via a temporary name so a reader never sees half a file. Returns the path. */
export function writeBenchJson(dir: string, file: BenchFile): string {
  const path = join(dir, "bench.json");
  writeFileAtomic(path, JSON.stringify(file, null, 2) + "\n");
  return path;
}

const COLUMNS: { head: string; cell: (r: BenchRecord) => string }[] = [
  { head: "measurement", cell: (r) => r.name },
  { head: "scale", cell: (r) => r.scale },
  { head: "median s", cell: (r) => num(r.median_s) },
  { head: "min–max s", cell: (r) => (r.min_s === null ? "" : `${num(r.min_s)}–${num(r.max_s)}`) },
  { head: "runs", cell: (r) => String(r.runs) },
  { head: "rows/s", cell: (r) => (r.rows_per_s === null ? "" : r.rows_per_s.toLocaleString("en-GB")) },
  { head: "peak MiB", cell: (r) => (r.peak_rss_mb === null ? "" : String(Math.round(r.peak_rss_mb))) },
  { head: "ratio", cell: ratioCell },
  { head: "goal", cell: (r) => r.goal },
  { head: "met", cell: (r) => (r.skipped ? "skipped" : r.goal_met === null ? "" : r.goal_met ? "yes" : "NO") },
];

/** The table printed to stdout, then one line per skipped record with its reason. */
export function formatTable(records: readonly BenchRecord[]): string {
  const rows = [COLUMNS.map((c) => c.head), ...records.map((r) => COLUMNS.map((c) => c.cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((v, i) => v.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
  const skipped = records.filter((r) => r.skipped);
  if (skipped.length) out.push("", "skipped:", ...skipped.map((r) => `  ${r.name} ${r.scale}: ${r.skipped}`));
  return out.join("\n");
}

function ratioCell(r: BenchRecord): string {
  if (r.load_vs_manual != null) return `load_vs_manual ${r.load_vs_manual}`;
  if (r.run_vs_raw != null) return `run_vs_raw ${r.run_vs_raw}`;
  if (r.qe_vs_dbt != null) return `qe_vs_dbt ${r.qe_vs_dbt}`;
  // Measured, but the alternative could not run here (e.g. no sqlite3 CLI): say so, not blank.
  if (!r.skipped && r.load_vs_manual === null) return "load_vs_manual n/a";
  return "";
}

function num(x: number | null): string {
  if (x === null) return "";
  return x < 10 ? x.toFixed(3) : x.toFixed(1);
}
