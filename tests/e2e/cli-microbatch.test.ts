// Microbatch models through the CLI on real DuckDB (tests/differential/dbt-resources.test.ts holds
// the same behaviour against real dbt): each batch reads only its window of an input with an
// event_time, a rerun of a window replaces exactly that window, a failing batch leaves the others
// built ("partial success", children skipped), and bad flags or config are refused up front.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { DuckDBAdapter } from "../../src/adapters/duckdb/index.js";
import { tempProject } from "../unit/project/temp-project.js";

const EVENTS = "id,occurred_at,amount\n1,2024-01-01 09:00:00,10\n2,2024-01-02 08:00:00,5\n3,2024-01-03 00:00:00,3\n4,2024-01-05 10:00:00,8\n";
const MB = (extra = "") => `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='occurred_at', batch_size='day', begin='2024-01-01'${extra}) }}\n`;

function project(files: Record<string, string> = {}): string {
  return tempProject({
    "seeds/events.csv": EVENTS,
    "seeds/_seeds.yml": "seeds:\n  - name: events\n    config: {event_time: occurred_at, column_types: {occurred_at: timestamp}}\n",
    "models/daily.sql": `${MB()}select id, occurred_at, amount, '{{ model.batch.id if model.batch else "" }}' as batch from {{ ref('events') }}`,
    ...files,
  });
}

async function rows(dir: string, sql: string): Promise<unknown[]> {
  const wh = await DuckDBAdapter.open(join(dir, "target", "qe.duckdb"));
  try {
    return (await wh.all(`select columns(*)::varchar from (${sql})`)).map((r) => Object.values(r));
  } finally {
    await wh.close();
  }
}
const runResults = (dir: string) => JSON.parse(readFileSync(join(dir, "target", "run_results.json"), "utf8")).results as { unique_id: string; status: string; batch_results: { successful: string[][]; failed: string[][] } | null }[];
const build = (dir: string, ...args: string[]) => runCli(["build", "--project-dir", dir, ...args], dir);

describe("qe build with a microbatch model", () => {
  it("builds each day of the window from that day's input rows, and rebuilds a window in place", async () => {
    const dir = project();
    const first = await build(dir, "--event-time-start", "2024-01-01", "--event-time-end", "2024-01-03");
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(await rows(dir, "select id, batch from main.daily order by id")).toEqual([["1", "20240101"], ["2", "20240102"]]);
    const mb = runResults(dir).find((r) => r.unique_id === "model.demo.daily")!;
    expect(mb.batch_results).toEqual({
      successful: [["2024-01-01T00:00:00+00:00", "2024-01-02T00:00:00+00:00"], ["2024-01-02T00:00:00+00:00", "2024-01-03T00:00:00+00:00"]],
      failed: [],
    });

    // New rows: a late one on 2 January, one on 5 January (outside the next window), an edit on the 1st.
    writeFileSync(join(dir, "seeds/events.csv"), EVENTS.replace("1,2024-01-01 09:00:00,10", "1,2024-01-01 09:00:00,99") + "5,2024-01-02 23:00:00,1\n");
    const second = await build(dir, "--event-time-start", "2024-01-02", "--event-time-end", "2024-01-04");
    expect(second.exitCode, second.stdout).toBe(0);
    // Day 1 is outside the window: its old amount stays. Days 2 and 3 are rebuilt from the new rows.
    expect(await rows(dir, "select id, amount, batch from main.daily order by id")).toEqual([
      ["1", "10", "20240101"], ["2", "5", "20240102"], ["3", "3", "20240103"], ["5", "1", "20240102"],
    ]);

    // --full-refresh rebuilds from the window's first batch: what lay outside it is gone.
    const refresh = await build(dir, "--full-refresh", "--event-time-start", "2024-01-05", "--event-time-end", "2024-01-06");
    expect(refresh.exitCode).toBe(0);
    expect(await rows(dir, "select id, amount from main.daily order by id")).toEqual([["4", "8"]]);
  }, 120_000);

  it("keeps the batches that succeed when one fails: partial success, children skipped, exit 1", async () => {
    const dir = project({
      "models/daily.sql": `${MB()}select id, occurred_at, case when occurred_at::date = date '2024-01-02' then error('bad day') else amount end as amount from {{ ref('events') }}`,
      "models/child.sql": "select * from {{ ref('daily') }}",
    });
    const out = await build(dir, "--event-time-start", "2024-01-01", "--event-time-end", "2024-01-04");
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toMatch(/PARTIAL SUCCESS model daily/);
    expect(out.stdout).toMatch(/batch 20240102: .*bad day/);
    const rr = Object.fromEntries(runResults(dir).map((r) => [r.unique_id, r] as const));
    expect(rr["model.demo.daily"]!.status).toBe("partial success");
    expect(rr["model.demo.daily"]!.batch_results!.failed).toEqual([["2024-01-02T00:00:00+00:00", "2024-01-03T00:00:00+00:00"]]);
    expect(rr["model.demo.child"]!.status).toBe("skipped");
    expect(await rows(dir, "select id from main.daily order by id")).toEqual([["1"], ["3"]]);
  }, 120_000);

  it("with a unique_key: the first batch builds, every later one fails as dbt-duckdb refuses it (partial success)", async () => {
    const dir = project({ "models/daily.sql": `${MB(", unique_key='id'")}select id, occurred_at from {{ ref('events') }}` });
    const out = await build(dir, "--event-time-start", "2024-01-01", "--event-time-end", "2024-01-03");
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain("microbatch incremental strategy does not support 'unique_key'");
    const mb = runResults(dir).find((r) => r.unique_id === "model.demo.daily")!;
    expect([mb.status, mb.batch_results!.successful.length, mb.batch_results!.failed.length]).toEqual(["partial success", 1, 1]);
  }, 120_000);

  it("warns when no input declares an event_time (every batch would read every row)", async () => {
    const dir = project({ "seeds/_seeds.yml": "seeds:\n  - name: events\n    config: {column_types: {occurred_at: timestamp}}\n" });
    const out = await runCli(["compile", "--project-dir", dir], dir);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("warning: models/daily.sql: microbatch model 'daily' reads no ref() or source() with an event_time config");
    expect((await runCli(["compile", "--project-dir", project()], dir)).stdout).not.toContain("reads no ref()");
  });

  it("refuses one event-time flag without the other, an unreadable one, or an empty window (exit 2)", async () => {
    const dir = project();
    for (const [args, msg] of [
      [["--event-time-start", "2024-01-01"], "--event-time-start was given without --event-time-end"],
      [["--event-time-start", "2024-01-01", "--event-time-end", "soon"], "--event-time-end 'soon' is not a date or date-time"],
      [["--event-time-start", "2024-01-02", "--event-time-end", "2024-01-02"], "must be before --event-time-end"],
    ] as const) {
      const out = await build(dir, ...args);
      expect([out.exitCode, out.stderr]).toEqual([2, expect.stringContaining(msg)]);
    }
  });

  it("names a microbatch model without begin, and a bad batch_size where it is written", async () => {
    const dir = project({
      "models/daily.sql": "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='occurred_at', batch_size='day') }}\nselect 1 as id",
      "models/weekly.sql": "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='occurred_at', batch_size='week', begin='2024-01-01') }}\nselect 1 as id",
    });
    const out = await runCli(["compile", "--project-dir", dir], dir);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/models\/daily\.sql:1: error\[microbatch-config\]: Microbatch model 'daily' must provide a 'begin' \(datetime\) config/);
    // One message for one mistake: the bad value, not also a missing batch_size.
    expect(out.stderr.match(/weekly/g)).toEqual(["weekly"]);
    expect(out.stderr).toMatch(/models\/weekly\.sql:1: error\[invalid-config\]: batch_size 'week' is not one of hour, day, month, year/);
  });
});
