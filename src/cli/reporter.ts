// Renders events and errors. Three flavours share one interface: TTY (live, coloured),
// plain (one line per node, for CI logs) and JSON (one object per line, for machines).
import { QeError, formatError } from "../core/errors.js";
import type { NodeResult, RunEvent } from "../core/results.js";

export interface Reporter {
  event(e: RunEvent): void;
  error(e: QeError): void;
  info(message: string): void;
  summary(results: readonly NodeResult[]): void;
}

export type LogFormat = "text" | "json";

interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

export function pickReporter(out: Stream, err: Stream, env: NodeJS.ProcessEnv, format: LogFormat = "text"): Reporter {
  if (format === "json") return new JsonReporter(out, err);
  const color = Boolean(out.isTTY) && env.NO_COLOR === undefined && env.TERM !== "dumb";
  return new TextReporter(out, err, color);
}

const STATUS_COLOR: Record<string, string> = {
  success: "32", pass: "32", warn: "33", error: "31", fail: "31", skipped: "90",
};

export class TextReporter implements Reporter {
  constructor(
    private readonly out: Stream,
    private readonly err: Stream,
    private readonly color: boolean,
  ) {}

  event(e: RunEvent): void {
    if (e.type === "info") this.info(e.message);
    else if (e.type === "progress") {
      const total = e.total ? `/${e.total}` : "";
      this.out.write(`  ${e.label}: ${e.done}${total}${e.unit ? " " + e.unit : ""}\n`);
    } else if (e.type === "done") {
      const r = e.result;
      const width = String(e.total).length;
      const n = `${String(e.index).padStart(width)} of ${e.total}`;
      const status = this.paint(r.status.toUpperCase(), STATUS_COLOR[r.status] ?? "0");
      const rows = r.rowsAffected !== undefined ? ` ${r.rowsAffected} rows` : "";
      const fails = r.failures ? ` ${r.failures} failing rows` : "";
      this.out.write(`${n} ${status} ${r.kind} ${r.name}${rows}${fails} [${(r.elapsedMs / 1000).toFixed(2)}s]\n`);
      if (r.message && r.status !== "success" && r.status !== "pass") this.out.write(indent(r.message) + "\n");
      if (r.sampleRows?.length) this.out.write(indent(formatRows(r.sampleRows)) + "\n");
    }
  }

  error(e: QeError): void {
    this.err.write(this.paint(formatError(e), "31") + "\n");
    if (e.loc?.lineText) this.err.write(`    ${e.loc.lineText}\n`);
  }

  info(message: string): void {
    this.out.write(message + "\n");
  }

  summary(results: readonly NodeResult[]): void {
    if (results.length === 0) return;
    const count = (s: string) => results.filter((r) => r.status === s).length;
    const parts = ["success", "pass", "warn", "error", "fail", "skipped"]
      .map((s) => [s, count(s)] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s}=${n}`);
    this.out.write(`Done. ${parts.join(" ")} total=${results.length}\n`);
  }

  private paint(s: string, code: string): string {
    return this.color ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
}

export class JsonReporter implements Reporter {
  constructor(
    private readonly out: Stream,
    private readonly err: Stream,
  ) {}
  event(e: RunEvent): void {
    const payload = e.type === "done" ? { ...e, result: { ...e.result, error: e.result.error && toJson(e.result.error) } } : e;
    this.out.write(JSON.stringify(payload, bigintSafe) + "\n");
  }
  error(e: QeError): void {
    this.err.write(JSON.stringify({ type: "error", ...toJson(e) }) + "\n");
  }
  info(message: string): void {
    this.out.write(JSON.stringify({ type: "info", message }) + "\n");
  }
  summary(results: readonly NodeResult[]): void {
    const byStatus: Record<string, number> = {};
    for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    this.out.write(JSON.stringify({ type: "summary", total: results.length, ...byStatus }) + "\n");
  }
}

function toJson(e: QeError): Record<string, unknown> {
  return { code: e.code, message: e.message, loc: e.loc, hint: e.hint };
}

function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? Number(v) : v;
}

function indent(s: string): string {
  return s.split("\n").map((l) => "    " + l).join("\n");
}

/** A small aligned table of sample rows, for failing tests. */
export function formatRows(rows: readonly Record<string, unknown>[]): string {
  const cols = Object.keys(rows[0] ?? {});
  const cell = (v: unknown) => (v === null || v === undefined ? "NULL" : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i]!)).join(" | ");
  return [line(cols), widths.map((w) => "-".repeat(w)).join("-+-"), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))].join("\n");
}
