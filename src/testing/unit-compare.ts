// Compares a unit test's actual rows with the expected ones: only the columns the test names,
// order-insensitive, numbers within a tolerance. Pure, so its diff text is easy to pin down.

export interface RowDiff {
  /** Expected rows with no equal actual row ("+" in the diff). */
  missing: Record<string, unknown>[];
  /** Actual rows no expected row claimed ("-" in the diff). */
  unexpected: Record<string, unknown>[];
  /** Expected columns the model's output does not have. */
  absentColumns: string[];
  columns: string[];
}

const TOLERANCE = 1e-9;

/** Expected columns are the union of the keys of the expected rows, in first-seen order. */
export function compareRows(expected: readonly Record<string, unknown>[], actual: readonly Record<string, unknown>[], actualColumns: readonly string[]): RowDiff {
  const columns = [...new Set(expected.flatMap((r) => Object.keys(r)))];
  const have = new Set(actualColumns.map((c) => c.toLowerCase()));
  const absentColumns = columns.filter((c) => !have.has(c.toLowerCase()));
  const colOf = new Map(actualColumns.map((c) => [c.toLowerCase(), c]));
  const project = (r: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, r[colOf.get(c.toLowerCase()) ?? c] ?? null]));
  const pool = actual.map(project);
  const used = new Array<boolean>(pool.length).fill(false);
  const missing: Record<string, unknown>[] = [];
  for (const e of expected) {
    const i = pool.findIndex((a, j) => !used[j] && columns.every((c) => sameValue(e[c] ?? null, a[c])));
    if (i >= 0) used[i] = true;
    else missing.push(Object.fromEntries(columns.map((c) => [c, e[c] ?? null])));
  }
  const unexpected = pool.filter((_, j) => !used[j]);
  return { missing, unexpected, absentColumns, columns };
}

export function diffIsEmpty(d: RowDiff): boolean {
  return d.missing.length === 0 && d.unexpected.length === 0 && d.absentColumns.length === 0;
}

/** "+ row" for each expected row missing, "- row" for each unexpected one, sorted for stable output. */
export function formatDiff(d: RowDiff): string {
  const lines: string[] = [];
  if (d.absentColumns.length) lines.push(`model output has no column${d.absentColumns.length > 1 ? "s" : ""} ${d.absentColumns.join(", ")}`);
  const counts = [
    d.missing.length ? `${d.missing.length} expected row${d.missing.length > 1 ? "s" : ""} missing (+)` : "",
    d.unexpected.length ? `${d.unexpected.length} unexpected row${d.unexpected.length > 1 ? "s" : ""} (-)` : "",
  ].filter(Boolean);
  if (counts.length) lines.push(`rows differ: ${counts.join(", ")}; compared on ${d.columns.join(", ")}`);
  const show = (sign: string, rows: Record<string, unknown>[]) => rows.map((r) => `${sign} ${formatRow(r, d.columns)}`).sort();
  lines.push(...show("+", d.missing), ...show("-", d.unexpected));
  return lines.join("\n");
}

function formatRow(r: Record<string, unknown>, columns: readonly string[]): string {
  return "{" + columns.map((c) => `${c}: ${formatValue(r[c])}`).join(", ") + "}";
}

function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Date) return v.toISOString();
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Equality across the shapes YAML and DuckDB's JSON rows give: "150.0" equals 150, Date equals its ISO date. */
export function sameValue(expected: unknown, actual: unknown): boolean {
  if (expected === null || expected === undefined || actual === null || actual === undefined)
    return (expected ?? null) === (actual ?? null);
  const en = asNumber(expected);
  const an = asNumber(actual);
  if (en !== undefined && an !== undefined) return Math.abs(en - an) <= TOLERANCE * Math.max(1, Math.abs(en), Math.abs(an));
  if (typeof expected === "boolean" || typeof actual === "boolean") return String(expected) === String(actual);
  return asText(expected) === asText(actual);
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && /^\s*-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(v)) return Number(v);
  return undefined;
}

function asText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().replace(/T00:00:00\.000Z$/, "");
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
