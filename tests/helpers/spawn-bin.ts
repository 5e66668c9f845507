// Runs the real bins (bin/qe.js → dist/) in a child process, for what only a real process shows:
// process.stdout writers (JSON logs), environment (NO_COLOR) and terminals.
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { REPO_ROOT } from "./qe-e2e.js";

export interface BinOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/<bin>.js ...args` with `env` added to a minimal environment. */
export function spawnBin(bin: "qe" | "qe-run" | "qe-test", args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<BinOutcome> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(REPO_ROOT, "bin", `${bin}.js`), ...args],
      { cwd: opts.cwd, env: baseEnv(opts.env), maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : undefined) : 0;
        if (code === undefined) reject(err);
        else resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
}

/** PATH and HOME only, so a developer's NO_COLOR, CI or TERM does not change what the test sees. */
export function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp" };
  return { ...env, ...extra };
}

/** The src/*.ts files whose dist/*.js is missing or older (dist is what bin/*.js runs). */
export function staleDistFiles(): string[] {
  const src = join(REPO_ROOT, "src");
  const stale: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) {
        const js = join(REPO_ROOT, "dist", relative(src, p).replace(/\.ts$/, ".js"));
        if (!existsSync(js) || statSync(js).mtimeMs < statSync(p).mtimeMs) stale.push(relative(REPO_ROOT, p));
      }
    }
  };
  walk(src);
  return stale;
}

/** Rebuilds dist/ when any source is newer than its output (as `npm run build` would). */
export function ensureFreshDist(): void {
  if (staleDistFiles().length === 0) return;
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: REPO_ROOT, stdio: "pipe" });
  } catch {
    // Type errors elsewhere in the tree still emit JavaScript; the bins run that.
  }
}

/** True when `cmd` is on PATH. */
export function hasCommand(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}
