// `qe source freshness`: for each source table with a freshness rule and a loaded_at_field, the
// newest load time (after the rule's filter) against the clock, graded as dbt grades it:
// error_after exceeded → error, else warn_after exceeded → warn, else pass. A query that fails
// (missing table or column) is a "runtime error" for that table only.
import { QeError } from "../core/errors.js";
import { quoteRelation } from "../adapters/quote.js";
import { thresholdSeconds } from "../project/freshness.js";
import type { FreshnessRule, NodeId, SourceTableNode } from "../project/types.js";

export type FreshnessStatus = "pass" | "warn" | "error" | "runtime error";

export interface FreshnessResult {
  id: NodeId;
  sourceName: string;
  tableName: string;
  status: FreshnessStatus;
  criteria: FreshnessRule;
  /** ISO instants (UTC); absent on a runtime error. */
  maxLoadedAt?: string;
  snapshottedAt: string;
  ageSeconds?: number;
  /** Runtime errors: what went wrong. */
  error?: string;
  elapsedMs: number;
}

/** The slice of a warehouse this check needs: one query returning plain rows. */
export interface FreshnessQuery {
  all<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
}

/** Tables dbt checks: a rule with warn_after or error_after. Those without loaded_at_field are checked and fail, as in dbt-duckdb (no metadata freshness). */
export function freshnessTargets(sources: readonly SourceTableNode[]): SourceTableNode[] {
  return sources.filter((s) => s.freshness && (s.freshness.warnAfter || s.freshness.errorAfter)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The query dbt's collect_freshness runs, with the load time as epoch milliseconds (a TIMESTAMP is read as UTC). */
export function freshnessSql(s: SourceTableNode): string {
  const where = s.freshness?.filter ? `\nwhere (${s.freshness.filter})` : "";
  return `select epoch_ms(max(${s.loadedAtField})) as max_loaded_at_ms\nfrom ${quoteRelation({ schema: s.schema, name: s.identifier })}${where}`;
}

/**
 * Checks each table in order; never throws for a table's failure. `nowMs` is the clock (epoch ms),
 * `monoMs` times each check. Non-QeErrors are bugs and propagate.
 */
export async function checkFreshness(
  tables: readonly SourceTableNode[], wh: FreshnessQuery, nowMs: () => number, monoMs: () => number = () => performance.now(),
  onResult: (r: FreshnessResult, index: number, total: number) => void = () => undefined,
): Promise<FreshnessResult[]> {
  const out: FreshnessResult[] = [];
  for (const [i, s] of tables.entries()) {
    const t0 = monoMs();
    const base = { id: s.id, sourceName: s.sourceName, tableName: s.name, criteria: s.freshness ?? {} };
    let r: FreshnessResult;
    if (!s.loadedAtField) {
      r = {
        ...base, status: "runtime error", snapshottedAt: iso(nowMs()), elapsedMs: monoMs() - t0,
        error: `Could not compute freshness for source ${s.name}: no 'loaded_at_field' provided and duckdb adapter does not support metadata-based freshness checks.`,
      };
    } else {
      try {
        const rows = await wh.all<{ max_loaded_at_ms: unknown }>(freshnessSql(s));
        const snapshotted = nowMs();
        const raw = rows[0]?.max_loaded_at_ms;
        // An empty table has no load time: dbt reports it as infinitely old.
        const loaded = raw === null || raw === undefined ? undefined : Number(raw);
        const ageSeconds = loaded === undefined ? Number.POSITIVE_INFINITY : (snapshotted - loaded) / 1000;
        r = {
          ...base, status: grade(s.freshness ?? {}, ageSeconds), snapshottedAt: iso(snapshotted), elapsedMs: monoMs() - t0,
          maxLoadedAt: loaded === undefined ? undefined : iso(loaded), ageSeconds,
        };
      } catch (e) {
        if (!(e instanceof QeError)) throw e;
        r = { ...base, status: "runtime error", snapshottedAt: iso(nowMs()), elapsedMs: monoMs() - t0, error: e.message };
      }
    }
    out.push(r);
    onResult(r, i + 1, tables.length);
  }
  return out;
}

/** dbt's FreshnessThreshold.status: strictly older than error_after is an error, then warn_after. */
export function grade(rule: FreshnessRule, ageSeconds: number): "pass" | "warn" | "error" {
  if (rule.errorAfter && ageSeconds > thresholdSeconds(rule.errorAfter)) return "error";
  if (rule.warnAfter && ageSeconds > thresholdSeconds(rule.warnAfter)) return "warn";
  return "pass";
}

const iso = (ms: number): string => new Date(ms).toISOString();
