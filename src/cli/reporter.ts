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
  const tty = Boolean(out.isTTY) && env.TERM !== "dumb";
  // no-color.org: NO_COLOR set to a non-empty value turns colour off; an empty one does not.
  const color = tty && !env.NO_COLOR;
  return tty ? new LiveReporter(out, err, color) : new TextReporter(out, err, color);
}

const STATUS_COLOR: Record<string, string> = {
  success: "32", pass: "32", warn: "33", error: "31", fail: "31", skipped: "90", "partial success": "33",
};

export class TextReporter implements Reporter {
  constructor(
    protected readonly out: Stream,
    protected readonly err: Stream,
    private readonly color: boolean,
  ) {}

  event(e: RunEvent): void {
    if (e.type === "info") this.info(e.message);
    else if (e.type === "progress") {
      // CI logs want one line per finished step, not every tick.
      if (e.total === undefined || e.done >= e.total) this.out.write(`  ${progressText(e)}\n`);
    } else if (e.type === "done") {
      const r = e.result;
      const width = String(e.total).length;
      const n = `${String(e.index).padStart(width)} of ${e.total}`;
      const status = this.paint(r.status.toUpperCase(), STATUS_COLOR[r.status] ?? "0");
      const rows = r.rowsAffected !== undefined ? ` ${r.rowsAffected} rows` : "";
      const fails = r.failures ? ` ${r.failures} failing rows` : "";
      this.out.write(`${n} ${status} ${r.kind} ${r.name}${rows}${fails} [${(r.elapsedMs / 1000).toFixed(2)}s]\n`);
      if (r.message && r.status !== "success" && r.status !== "pass") this.out.write(indent(failureText(r)) + "\n");
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
    const parts = ["success", "pass", "warn", "error", "fail", "partial success", "skipped"]
      .map((s) => [s, count(s)] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${s}=${n}`);
    this.out.write(`Done. ${parts.join(" ")} total=${results.length}\n`);
  }

  protected paint(s: string, code: string): string {
    return this.color ? `\x1b[${code}m${s}\x1b[0m` : s;
  }
}

/**
 * On a terminal: the same lines as TextReporter, plus one status line kept at the bottom and
 * rewritten in place (the node running now, its position, and generator/export progress).
 */
export class LiveReporter extends TextReporter {
  private status = "";

  override event(e: RunEvent): void {
    if (e.type === "start") return this.setStatus(`[${e.index}/${e.total}] running ${e.kind} ${e.name} ...`);
    if (e.type === "progress") return this.setStatus(progressText(e));
    this.clearStatus();
    super.event(e);
  }

  override info(message: string): void {
    this.clearStatus();
    super.info(message);
  }

  override summary(results: readonly NodeResult[]): void {
    this.clearStatus();
    super.summary(results);
  }

  private setStatus(text: string): void {
    this.status = text;
    this.out.write(`\r\x1b[2K${this.paint(text, "36")}`);
  }

  private clearStatus(): void {
    if (this.status === "") return;
    this.status = "";
    this.out.write("\r\x1b[2K");
  }
}

function progressText(e: Extract<RunEvent, { type: "progress" }>): string {
  const total = e.total ? `/${e.total}` : "";
  return `${e.label}: ${e.done}${total}${e.unit ? " " + e.unit : ""}`;
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

/** A node's message, led by the source file and line at fault and followed by the hint when known. */
function failureText(r: NodeResult): string {
  const loc = r.error?.loc;
  const where = loc ? `${loc.file}${loc.line ? `:${loc.line}` : ""}: ` : "";
  return where + r.message + (r.error?.hint ? `\n${r.error.hint}` : "");
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
