// Opens exports/dashboard.html from disk in headless Chromium: every tab, rendered charts, the
// programme filter, no console errors and no network requests.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { exportMarts } from "../../src/export/index.js";
import { EVIL, REPO_ROOT, VARS, seedNodes, seedWarehouse } from "../unit/export/mart-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function buildDashboard(nodesFilter: (name: string) => boolean = () => true): Promise<string> {
  const wh = await seedWarehouse();
  // A hostile string in the at-risk table must show as text, not markup.
  await wh.exec(`update at_risk_modules set module_code = '<img src=x onerror=alert(1)></script>' where module_id = 2`);
  const exportDir = join(mkdtempSync(join(tmpdir(), "qe-dash-")), "exports");
  try {
    await exportMarts(
      { wh, nodes: seedNodes().filter((n) => nodesFilter(n.name)), projectRoot: REPO_ROOT, exportDir, runId: "e2e", vars: VARS, charts: false },
      () => undefined,
    );
  } finally {
    wh.close();
  }
  return join(exportDir, "dashboard.html");
}

async function openDashboard(file: string) {
  const profile = mkdtempSync(join(tmpdir(), "qe-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 900 } });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href);
  return { context, page, problems, requests };
}

describe.skipIf(!hasChromium)("dashboard.html in headless Chromium", () => {
  it("switches every tab, renders charts, filters by programme, with no errors or network", async () => {
    const file = await buildDashboard();
    const { context, page, problems, requests } = await openDashboard(file);
    try {
      const markCount = (tab: string) => page.locator(`#panel-${tab} .chart svg .mark-symbol.role-mark path, #panel-${tab} .chart svg .mark-line.role-mark path, #panel-${tab} .chart svg .mark-rect.role-mark path`).count();
      for (const tab of ["Admissions", "Assessment", "Engagement", "Monitoring"]) {
        await page.click(`#tab-${tab.toLowerCase()}`);
        await expect.poll(() => page.locator(`#panel-${tab.toLowerCase()}`).isVisible()).toBe(true);
      }
      // Admissions has no mart yet: a note instead of charts.
      await page.click("#tab-admissions");
      expect(await page.locator("#panel-admissions .nodata").textContent()).toContain("No data for Admissions");

      await page.click("#tab-assessment");
      expect(await page.locator("#panel-assessment .chart svg").count()).toBe(2);
      await expect.poll(() => markCount("assessment")).toBeGreaterThan(4);
      await page.click("#tab-engagement");
      await expect.poll(() => page.locator("#panel-engagement .chart svg .mark-symbol.role-mark path").count()).toBe(5);

      await page.click("#tab-monitoring");
      const rows = page.locator("#panel-monitoring table.qe-table tbody tr");
      expect(await rows.count()).toBe(2);
      expect(await page.locator("#panel-monitoring table.qe-table").textContent()).toContain("<img src=x onerror=alert(1)></script>");
      expect(await page.locator("#panel-monitoring table.qe-table img").count()).toBe(0);
      await expect.poll(() => page.locator("#panel-monitoring .chart svg .mark-symbol.role-mark path").count()).toBe(5);

      // The programme filter narrows charts and table alike; the hostile name is just an option.
      const options = await page.locator("#programme-filter option").allTextContents();
      expect(options).toEqual(["All programmes", EVIL, "U-CMP-01", "U-HIS-02"]);
      await page.selectOption("#programme-filter", "U-HIS-02");
      await expect.poll(() => page.locator("#panel-monitoring .chart svg .mark-symbol.role-mark path").count()).toBe(2);
      expect(await rows.count()).toBe(1);
      expect(await rows.first().textContent()).toContain("HIS101");
      // Formats follow the column types: a whole-valued mean still shows 2 decimals, rates 1-dp %, numbers right-aligned.
      const cells = rows.first().locator("td");
      expect(await page.locator("#panel-monitoring table.qe-table th").allTextContents()).toEqual(
        ["Module", "Programme", "Academic year", "Term", "Enrolments", "Pass rate", "Survey mean (1-5)"]);
      expect((await cells.allTextContents()).slice(4)).toEqual(["20", "60.0%", "3.00"]);
      expect(await cells.nth(6).evaluate((td) => getComputedStyle(td).textAlign)).toBe("right");
      expect(await cells.nth(0).evaluate((td) => getComputedStyle(td).textAlign)).toBe("left");
      await page.click("#tab-engagement");
      await expect.poll(() => page.locator("#panel-engagement .chart svg .mark-symbol.role-mark path").count()).toBe(2);
      await page.selectOption("#programme-filter", "");
      await expect.poll(() => page.locator("#panel-engagement .chart svg .mark-symbol.role-mark path").count()).toBe(5);

      // Tooltips: vega's default handler puts the hovered datum into the title attribute.
      const point = await page.locator("#panel-engagement .chart svg .mark-symbol.role-mark path").first().boundingBox();
      await page.mouse.move(5, 5);
      await page.mouse.move(point!.x + point!.width / 2, point!.y + point!.height / 2);
      await expect.poll(() => page.locator("#panel-engagement [title]").first().getAttribute("title", { timeout: 1000 }).catch(() => null)).toMatch(/^Module: \w+\nProgramme: /);

      await page.click("#tab-assessment");
      mkdirSync(join(REPO_ROOT, "target"), { recursive: true });
      await page.screenshot({ path: join(REPO_ROOT, "target", "dashboard.png"), fullPage: true });
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("shows 'no data' notes, and no errors, when only some marts exist", async () => {
    const file = await buildDashboard((name) => name === "assessment_turnaround_bins");
    expect(readFileSync(file, "utf8")).not.toContain('"kpi_pass_rate"');
    const { context, page, problems, requests } = await openDashboard(file);
    try {
      for (const tab of ["admissions", "engagement", "monitoring"]) {
        await page.click(`#tab-${tab}`);
        expect(await page.locator(`#panel-${tab} .nodata`).count(), tab).toBe(1);
      }
      await page.click("#tab-assessment");
      expect(await page.locator("#panel-assessment .chart svg").count()).toBe(1);
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
