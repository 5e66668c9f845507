// The docs site of the real QE project, as a user meets it: `qe docs generate` after a build, the
// page opened from disk in headless Chromium (search a column, open a model, focus the lineage
// graph on kpi_pass_rate, read pass_rate's column lineage) with no console error and no network
// request; and `qe docs serve`'s server answering on 127.0.0.1.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs } from "../../src/docs/index.js";
import { cleanUpTempDirs, freshProject, generateSharedDb, REPO_ROOT } from "../helpers/qe-e2e.js";
import { runCli } from "../helpers/run-cli.js";
import { baseEnv, ensureFreshDist } from "../helpers/spawn-bin.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`docs site browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const KPI = "model.qe_analytics.kpi_pass_rate";

let dir: string;

beforeAll(async () => {
  dir = freshProject(await generateSharedDb(300));
  for (const step of ["seed", "run"]) {
    const out = await runCli([step, "--project-dir", dir], dir);
    expect(out.exitCode, out.stderr + out.stdout).toBe(0);
  }
  const docs = await runCli(["docs", "generate", "--project-dir", dir], dir);
  expect(docs.exitCode, docs.stderr + docs.stdout).toBe(0);
  expect(docs.stdout).toMatch(/Column lineage: (\d+) of \1 model columns traced/);
});
afterAll(() => cleanUpTempDirs());

describe("column_lineage.json of the QE project", () => {
  it("traces pass_rate to is_passed, and is_passed to the marks, weights and var pass_mark", () => {
    const doc = JSON.parse(readFileSync(join(dir, "target", "column_lineage.json"), "utf8"));
    expect(doc.nodes[KPI].columns.pass_rate).toMatchObject({
      status: "traced", upstream: [{ node: "model.qe_analytics.feat_enrolment_marks", column: "is_passed" }], passthrough: false,
    });
    expect(doc.nodes["model.qe_analytics.feat_enrolment_marks"].columns.is_passed).toEqual({
      status: "traced",
      upstream: [{ node: "model.qe_analytics.stg_assessments", column: "weight" }, { node: "model.qe_analytics.stg_grades", column: "mark" }],
      vars: ["pass_mark"],
      passthrough: false,
    });
  });
});

describe("the QE project's descriptions (the data dictionary reads them)", () => {
  it("describe every model, seed and source, and every column the warehouse has", () => {
    const manifest = JSON.parse(readFileSync(join(dir, "target", "manifest.json"), "utf8"));
    const catalog = JSON.parse(readFileSync(join(dir, "target", "catalog.json"), "utf8"));
    const undescribed: string[] = [];
    for (const [id, entry] of Object.entries<{ columns: Record<string, unknown> }>({ ...catalog.nodes, ...catalog.sources })) {
      const node = manifest.nodes[id] ?? manifest.sources[id];
      if (!node?.description?.trim()) undescribed.push(id);
      for (const col of Object.keys(entry.columns)) {
        // A snapshot's dbt_valid_from, dbt_scd_id... are dbt's own columns, documented by dbt.
        if (id.startsWith("snapshot.") && col.startsWith("dbt_")) continue;
        if (!node?.columns?.[col]?.description?.trim()) undescribed.push(`${id}.${col}`);
      }
    }
    expect(Object.keys(catalog.nodes).length + Object.keys(catalog.sources).length).toBeGreaterThan(40);
    expect(undescribed).toEqual([]);
  });
});

describe.skipIf(!hasChromium)("the docs site in headless Chromium", () => {
  it("searches a column, opens a model, focuses the lineage graph and shows pass_rate's column lineage", async () => {
    const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "qe-chromium-")), {
      executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    try {
      await page.goto(pathToFileURL(join(dir, "target", "docs", "index.html")).href);
      expect(await page.locator("h1").first().textContent()).toBe("qe_analytics");

      // Search a column name: the mart holding it comes up, matched on the column.
      await page.fill("#search", "pass_rate");
      await page.press("#search", "Enter");
      const hit = page.locator("#search-results li", { has: page.locator(`a[href="#!/node/${encodeURIComponent(KPI)}"]`) });
      await expect.poll(() => hit.count()).toBe(1);
      expect(await hit.textContent()).toContain("column pass_rate");

      // Open the model page: description, typed and described columns, tests, code.
      await hit.locator(`a[href="#!/node/${encodeURIComponent(KPI)}"]`).first().click();
      await expect.poll(() => page.locator("h1").textContent()).toBe("kpi_pass_rate");
      const row = page.locator("#col-pass_rate");
      expect(await row.locator("td.type").textContent()).toBe("DOUBLE");
      expect(await row.textContent()).toContain("fraction 0-1");
      expect(await row.locator("a.chip").allTextContents()).toEqual(expect.arrayContaining(["not_null"]));
      expect(await page.locator("#code pre.sql").textContent()).toContain("ref('feat_enrolment_marks')");

      // Column lineage of pass_rate: one hop shown in words, the whole chain drawn.
      await page.selectOption("#col-lineage-column", "pass_rate");
      await expect.poll(() => page.locator("#col-lineage-info").textContent()).toContain("feat_enrolment_marks.is_passed");
      const colNodes = page.locator("#col-lineage-graph g.node");
      await expect.poll(async () => (await colNodes.evaluateAll((els) => els.map((e) => (e as SVGGElement).dataset["id"]))).sort()).toEqual(expect.arrayContaining([
        `${KPI}::pass_rate`, "model.qe_analytics.feat_enrolment_marks::is_passed", "model.qe_analytics.stg_grades::mark",
        "model.qe_analytics.stg_assessments::weight", "var::pass_mark", "source.qe_analytics.qe.grades::mark",
      ]));

      // The model DAG, focused on kpi_pass_rate: first by selector, then one generation up.
      await page.click("#open-graph");
      await page.fill("#graph-select", "+kpi_pass_rate");
      await page.press("#graph-select", "Enter");
      await expect.poll(() => page.locator("#graph-message").textContent()).toContain("12 of");
      // The message is set before the graph is drawn: wait for the drawing, not just the message.
      await expect.poll(() => page.locator(`#dag g.node[data-id="model.qe_analytics.stg_grades"]`).count()).toBe(1);
      await page.locator(`#dag g.node[data-id="${KPI}"]`).click();
      await page.fill("#focus-up", "1");
      await page.fill("#focus-down", "0");
      await page.click("#focus-apply");
      await expect.poll(() => page.inputValue("#graph-select")).toBe("1+kpi_pass_rate");
      await expect.poll(() => page.locator("#dag g.node").count()).toBe(2);
      await page.fill("#graph-select", "tag:nope");
      await page.press("#graph-select", "Enter");
      await expect.poll(() => page.locator("#graph-message").textContent()).toContain("matches no node");
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe("qe docs serve", () => {
  it("runs as a process until Ctrl+C (SIGINT), printing its 127.0.0.1 address, and exits 0", async () => {
    ensureFreshDist();
    const child = spawn(process.execPath, [join(REPO_ROOT, "bin", "qe.js"), "docs", "serve", "--port", "0", "--project-dir", dir], { cwd: dir, env: baseEnv() });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await expect.poll(() => out, { timeout: 20_000 }).toMatch(/Serving docs at http:\/\/127\.0\.0\.1:\d+\//);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
      expect((await fetch(url)).status).toBe(200);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
  });

  it("serves the site and the JSON artifacts on 127.0.0.1, and nothing else under target/", async () => {
    const server = await serveDocs(join(dir, "target"), 0);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await fetch(server.url);
      expect(index.status).toBe(200);
      expect(await index.text()).toContain('id="qe-docs"');
      expect((await fetch(new URL("catalog.json", server.url))).status).toBe(200);
      expect((await fetch(new URL("qe.duckdb", server.url))).status).toBe(404);
      expect((await fetch(new URL("docs/../manifest.json", server.url))).status).toBe(200);
      expect((await fetch(new URL("%2e%2e/%2e%2e/etc/passwd", server.url))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
