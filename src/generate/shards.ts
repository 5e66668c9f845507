// How the tables are shared out when several threads write one source system: each thread runs the
// whole (cheap, deterministic) simulation and writes only its tables, so a table's rows and rowids
// are exactly those of a one-thread run. Shares are balanced by each table's expected cost.
import { TABLE_NAMES } from "./schema.js";
import type { TableName } from "./sink.js";

/**
 * Relative cost of writing each table and building its indexes, from the time each shard of a
 * two-thread run took at 10k students (insert time is not rows alone: surveys' text columns and
 * unique index make it about half the work on ~44% of rows). Only the balance uses these: a wrong
 * guess makes one thread finish later, never different data.
 */
const TABLE_COST: Readonly<Record<TableName, number>> = {
  programmes: 0.1, students: 2, admissions: 14, modules: 0.5, enrolments: 13, assessments: 0.8,
  grades: 20, surveys: 65, support_usage: 6, complaints: 0.1, placements: 0.2, graduate_outcomes: 0.3,
};

export interface Shard {
  /** Tables this shard writes, in schema order. */
  tables: TableName[];
  /** Expected share of the whole cost, 0..1. */
  share: number;
}

/**
 * Splits the tables into `n` shards (at most one per table), heaviest first: shard 0 holds the
 * costliest table, so its file is the one the others are copied into and the least data moves.
 */
export function planShards(n: number): Shard[] {
  const total = TABLE_NAMES.reduce((s, t) => s + TABLE_COST[t as TableName], 0);
  return greedy(Math.max(1, Math.min(n, TABLE_NAMES.length))).map((b) => ({
    tables: (TABLE_NAMES as readonly TableName[]).filter((t) => b.tables.has(t)),
    share: b.cost / total,
  }));
}

/**
 * The fewest shards, up to `max`, that make the longest shard about as short as `max` shards would.
 * Surveys alone outweighs any share of the rest, so past two shards a thread would only repeat the
 * simulation and add a file to copy.
 */
export function usefulShards(max: number): number {
  let best = 1;
  for (let k = 2; k <= Math.min(max, TABLE_NAMES.length); k++) {
    if (longest(greedy(k)) < longest(greedy(best)) * 0.95) best = k;
  }
  return best;
}

interface Bin {
  tables: Set<TableName>;
  cost: number;
}

/** Longest-processing-time first: each table, heaviest first, goes to the least loaded of k shards. */
function greedy(k: number): Bin[] {
  const bins: Bin[] = Array.from({ length: k }, () => ({ tables: new Set<TableName>(), cost: 0 }));
  for (const t of [...(TABLE_NAMES as readonly TableName[])].sort((a, b) => TABLE_COST[b] - TABLE_COST[a])) {
    const bin = bins.reduce((min, b) => (b.cost < min.cost ? b : min));
    bin.tables.add(t);
    bin.cost += TABLE_COST[t];
  }
  return bins;
}

function longest(bins: readonly Bin[]): number {
  return Math.max(...bins.map((b) => b.cost));
}
