// Date-times as dbt reads them from config and flags: ISO text whose wall fields are taken as UTC.

/**
 * An ISO date or date-time (as Python's datetime.fromisoformat reads it) → epoch ms of its wall
 * fields taken as UTC (a zone offset is dropped, as dbt's truncation drops it); undefined if not ISO.
 */
export function parseWallTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => (x === undefined ? 0 : Number(x)));
  const ms = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, Math.floor(Number(`0.${m[7] ?? "0"}`) * 1000));
  const back = new Date(ms);
  // Reject 2024-02-30 and friends rather than rolling them over.
  if (back.getUTCMonth() !== mo! - 1 || back.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) return undefined;
  return ms;
}

/** How dbt prints a batch bound in SQL: str() of a UTC datetime, "2024-01-01 00:00:00+00:00". */
export function sqlTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = ms % 1000 === 0 ? "" : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac}+00:00`;
}
