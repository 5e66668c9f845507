// Acceptance through the real bins in child processes: JSON logs on stdout (--log-format json),
// NO_COLOR on a terminal, and the live status line on a terminal leaving clean per-node lines.
import { execFile, execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanUpTempDirs, editFile, freshProject, generateSharedDb, REPO_ROOT } from "../helpers/qe-e2e.js";
import { baseEnv, ensureFreshDist, hasCommand, spawnBin, type BinOutcome } from "../helpers/spawn-bin.js";

const QE = join(REPO_ROOT, "bin", "qe.js");
const SGR = /\x1b\[[0-9;]*m/; // a colour or style escape
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/;

let db: string;

beforeAll(async () => {
  ensureFreshDist();
  db = await generateSharedDb();
});
afterAll(cleanUpTempDirs);

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l, i) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`line ${i + 1} is not JSON: ${l.slice(0, 200)}`);
      }
    });
}

describe("--log-format json", () => {
  let dir: string;
  let run: BinOutcome;

  beforeAll(async () => {
    dir = freshProject(); // no data/qe.db: the generator's progress events are JSON too
    run = await spawnBin("qe-run", ["--project-dir", dir, "--log-format", "json", "--no-export", "--students", "300"], { cwd: dir });
  });

  it("qe-run: exit 0 and every stdout line is a JSON object, the summary included", () => {
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.length).toBeGreaterThan(100);
    const types = new Set(lines.map((l) => l["type"]));
    expect([...types]).toEqual(expect.arrayContaining(["progress", "info", "start", "done", "summary"]));
    expect(lines.some((l) => l["type"] === "info" && /Generated .*qe\.db/.test(String(l["message"])))).toBe(true);
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ type: "summary" });
    // The summary counts every result: each node's "done" plus one per generated table.
    expect(summary["total"]).toBeGreaterThanOrEqual(lines.filter((l) => l["type"] === "done").length);
    const counted = ["success", "pass", "warn", "error", "fail", "skipped"].reduce((n, k) => n + Number(summary[k] ?? 0), 0);
    expect(counted).toBe(summary["total"]);
    const done = lines.find((l) => l["type"] === "done" && (l["result"] as { name: string }).name === "kpi_pass_rate");
    expect(done).toMatchObject({ result: { kind: "model", status: "success" } });
  });

  it("qe-test: a data test failure comes out as JSON with its sample rows, exit 1", async () => {
    const d = freshProject(db);
    editFile(d, "models/marts/kpi_pass_rate.sql", (sql) =>
      sql.replace("from {{ ref('feat_enrolment_marks') }}", "from {{ ref('feat_enrolment_marks') }}\ncross join (select 1 as k union all select 2) as dup"),
    );
    const built = await spawnBin("qe", ["run", "--project-dir", d, "-s", "+kpi_pass_rate", "--log-format", "json"], { cwd: d });
    expect(built.exitCode, built.stderr).toBe(0);
    // Every enrolment now counts twice: the singular cross-check test on kpi_pass_rate fails.
    const out = await spawnBin("qe-test", ["--project-dir", d, "-s", "kpi_pass_rate", "--log-format", "json"], { cwd: d });
    expect(out.exitCode, out.stderr).toBe(1);
    const lines = jsonLines(out.stdout);
    const failing = lines.filter((l) => l["type"] === "done" && (l["result"] as { status: string }).status === "fail");
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.some((l) => ((l["result"] as { sampleRows?: unknown[] }).sampleRows ?? []).length > 0)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: "summary" });
  });

  it("errors are JSON on stderr, and stdout stays JSON (exit 2)", async () => {
    for (const args of [["ls", "--project-dir", dir, "-s", "tag:"], ["ls", "--project-dir", dir, "--no-such-flag"]]) {
      const out = await spawnBin("qe", [...args, "--log-format", "json"], { cwd: dir });
      expect(out.exitCode, args.join(" ")).toBe(2);
      jsonLines(out.stdout);
      const errs = jsonLines(out.stderr);
      expect(errs.length, args.join(" ")).toBeGreaterThan(0);
      expect(errs[0]).toMatchObject({ type: "error" });
      expect(typeof errs[0]!["code"]).toBe("string");
    }
  });
});

describe("colour", () => {
  const canScript = hasCommand("script");

  /** Runs the bin on a pseudo-terminal (util-linux `script`) and returns everything it wrote. */
  function onTerminal(args: string[], env: Record<string, string>, cwd: string): Promise<string> {
    const cmd = [process.execPath, QE, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
    return new Promise((resolve, reject) => {
      execFile("script", ["-qec", cmd, "/dev/null"], { cwd, env: baseEnv({ TERM: "xterm", ...env }), encoding: "utf8" }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      );
    });
  }

  it.skipIf(!canScript)("a terminal gets colour, and none with NO_COLOR=1", async () => {
    const dir = freshProject(db);
    const args = ["run", "--project-dir", dir, "-s", "stg_programmes"];
    const coloured = await onTerminal(args, {}, dir);
    expect(coloured).toMatch(/SUCCESS/);
    expect(coloured).toMatch(SGR); // the check can fail: colour is on by default
    const plain = await onTerminal(args, { NO_COLOR: "1" }, dir);
    expect(plain).toMatch(/SUCCESS/);
    expect(plain).not.toMatch(SGR);
    expect(await onTerminal(args, { NO_COLOR: "" }, dir), "an empty NO_COLOR does not count (no-color.org)").toMatch(SGR);
  });

  it("a pipe gets no escapes at all, with or without NO_COLOR", async () => {
    const dir = freshProject(db);
    for (const env of [{}, { NO_COLOR: "1" }] as Record<string, string>[]) {
      const out = await spawnBin("qe", ["run", "--project-dir", dir, "-s", "stg_programmes"], { cwd: dir, env });
      expect(out.exitCode, out.stderr).toBe(0);
      expect(out.stdout + out.stderr).not.toMatch(ANSI);
    }
  });
});

describe("live status line on a terminal (tmux)", () => {
  const canTmux = hasCommand("tmux");
  if (!canTmux) console.warn("tmux not found: skipping the terminal rendering test (apt-get install tmux)");

  it.skipIf(!canTmux)("leaves one clean line per node once the run ends", async () => {
    const dir = freshProject(db);
    const session = `qe-e2e-${process.pid}`;
    const done = join(dir, "run.done");
    const cmd = `${process.execPath} ${QE} run --project-dir ${dir} -s +kpi_pass_rate; echo $? > ${done}; sleep 60`;
    const tmux = (...a: string[]) => execFileSync("tmux", ["-L", session, ...a], { encoding: "utf8", env: baseEnv({ TERM: "xterm" }) });
    tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50", cmd);
    try {
      for (let i = 0; i < 600 && !existsSync(done); i++) await sleep(100);
      expect(existsSync(done), "the run finished within 60 s").toBe(true);
      await sleep(200);
      const pane = tmux("capture-pane", "-p", "-J", "-S", "-", "-t", session).split("\n").map((l) => l.trimEnd());
      const nodeLines = pane.filter((l) => / of \d+ /.test(l));
      expect(nodeLines.length).toBeGreaterThan(5);
      for (const l of nodeLines) expect(l).toMatch(/^ *\d+ of \d+ (SUCCESS|PASS) (model|seed|source|generic_test|singular_test|unit_test) \w+( \d+ rows)? \[\d+\.\d\ds\]$/);
      expect(pane.filter((l) => /running |\.\.\.$/.test(l)), "status-line text left behind").toEqual([]);
      expect(pane.some((l) => /^Done\. success=\d+/.test(l))).toBe(true);
    } finally {
      try {
        tmux("kill-server");
      } catch {
        // already gone
      }
    }
  });
});
