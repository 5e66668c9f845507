// How the tables are shared out when several threads write one source system: each thread runs the
// whole (cheap, deterministic) simulation and writes only its tables, so a table's rows and rowids
// are exactly those of a one-thread run. Shares are balanced by each table's expected cost.
import { TABLE_NAMES } from "./schema.js";
import type { TableName } from "./sink.js";

/**
 * Relative cost of writing each table and building its indexes, measured at 10k students (per-table
 * insert time is rows × columns, roughly; surveys alone is ~44% of rows). Only the balance uses these:
 * a wrong guess makes one thread finish later, never different data.
 */
const TABLE_COST: Readonly<Record<TableName, number>> = {
  programmes: 0.1, students: 2, admissions: 14, modules: 0.5, enrolments: 13, assessments: 0.8,
  grades: 20, surveys: 45, support_usage: 4.5, complaints: 0.1, placements: 0.2, graduate_outcomes: 0.3,
};

export interface Shard {
  /** Tables this shard writes, in schema order. */
  tables: TableName[];
  /** Expected share of the whole cost, 0..1. */
  share: number;
}

/**
 * Splits the tables into at most `n` shards (fewer when a table could not be split further),
 * heaviest first: shard 0 holds the costliest table, so its file is the one the others are copied
 * into and the least data moves.
 */
export function planShards(n: number): Shard[] {
  const names = TABLE_NAMES as readonly TableName[];
  const total = names.reduce((s, t) => s + TABLE_COST[t], 0);
  const bins = Array.from({ length: Math.max(1, Math.min(n, names.length)) }, () => ({ tables: new Set<TableName>(), cost: 0 }));
  // Longest-processing-time first: each table, heaviest first, goes to the least loaded shard.
  for (const t of [...names].sort((a, b) => TABLE_COST[b] - TABLE_COST[a])) {
    const bin = bins.reduce((min, b) => (b.cost < min.cost ? b : min));
    bin.tables.add(t);
    bin.cost += TABLE_COST[t];
  }
  return bins
    .filter((b) => b.tables.size > 0)
    .map((b) => ({ tables: names.filter((t) => b.tables.has(t)), share: b.cost / total }));
}
