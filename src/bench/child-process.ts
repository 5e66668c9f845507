// Runs a command as a child process and measures what a user feels: whole-process wall time,
// and the child's peak resident memory.
//
// Peak RSS: Node children are started as `node --require <probe> script ...`; the probe writes
// process.resourceUsage().maxRSS (getrusage's ru_maxrss, KiB on Linux) to a file when the child exits.
// That needs no extra package (unlike /usr/bin/time) and cannot miss a short spike the way polling
// /proc/<pid>/status would. Worker threads count (same process); grandchild processes do not.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const PROBE_SOURCE = `// qe bench: report this process's peak RSS at exit.
process.on("exit", () => {
  const f = process.env.QE_BENCH_RSS_FILE;
  if (!f) return;
  try { require("node:fs").writeFileSync(f, String(process.resourceUsage().maxRSS)); } catch {}
});
`;

export interface ChildRun {
  wallS: number;
  /** Peak RSS in MiB, null when the child died before its exit handler ran (e.g. killed). */
  peakRssMb: number | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ChildOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Writes the RSS probe into dir once; returns its path for `node --require`. */
export function installProbe(dir: string): string {
  const path = join(dir, "qe-bench-rss-probe.cjs");
  if (!existsSync(path)) writeFileSync(path, PROBE_SOURCE);
  return path;
}

let runCounter = 0;

/** Runs `node <script> <args>` with the RSS probe preloaded. Never throws for a non-zero exit. */
export async function runNode(probe: string, script: string, args: string[], opts: ChildOptions): Promise<ChildRun> {
  const rssFile = `${probe}.${process.pid}.${++runCounter}.rss`;
  rmSync(rssFile, { force: true });
  const env = { ...process.env, ...opts.env, QE_BENCH_RSS_FILE: rssFile, NO_COLOR: "1" };
  const run = await runCommand(process.execPath, ["--require", probe, script, ...args], { ...opts, env });
  let peak: number | null = null;
  if (existsSync(rssFile)) {
    const kib = Number(readFileSync(rssFile, "utf8"));
    if (Number.isFinite(kib) && kib > 0) peak = Math.round((kib / 1024) * 10) / 10;
    rmSync(rssFile, { force: true });
  }
  return { ...run, peakRssMb: peak };
}

/** Runs any command, capturing output; wall time is spawn to close. */
export function runCommand(cmd: string, args: string[], opts: ChildOptions): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: opts.timeoutMs,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({
        wallS: (performance.now() - t0) / 1000,
        peakRssMb: null,
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

/** The first meaningful line of a failed child's output, for a skip reason. */
export function failureLine(run: ChildRun): string {
  const text = `${run.stderr}\n${run.stdout}`;
  const line = text.split("\n").map((l) => l.trim()).find((l) => /error|not implemented|cannot|failed/i.test(l))
    ?? text.split("\n").map((l) => l.trim()).find(Boolean)
    ?? "";
  const why = run.signal ? `killed by ${run.signal}` : `exit ${run.code}`;
  return `${why}${line ? `: ${line.slice(0, 200)}` : ""}`;
}
