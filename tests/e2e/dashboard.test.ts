// Opens exports/dashboard.html from disk in headless Chromium (one browser for the file), on a real
// small university built end to end: every tab, every filter, keyboard tabs, the URL hash, tables,
// publication mode; every chart re-rendered with all its text inside its bounds, no console errors,
// no network. Screenshots of each tab go to target/dashboard/ (test artefacts, not committed).
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportMarts } from "../../src/export/index.js";
import { runCli } from "../helpers/run-cli.js";
import { cleanUpTempDirs, freshProject, generateSharedDb } from "../helpers/qe-e2e.js";
import { EVIL, REPO_ROOT, VARS, seedNodes, seedWarehouse } from "../unit/export/mart-fixture.js";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`dashboard e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const TABS = ["overview", "admissions", "assessment", "engagement", "monitoring", "outcomes"];
const SHOTS = join(REPO_ROOT, "target", "dashboard");

let context: BrowserContext;
let realDashboard: string;

/** A page with listeners that record console errors/warnings, page errors, dialogs and any non-file request. */
async function open(file: string, hash = "") {
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
  await page.goto(pathToFileURL(file).href + hash);
  await settle(page);
  return { page, problems, requests };
}

/** Waits until every chart view the page has built has finished rendering. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { qeDashboard: { ready(): Promise<unknown> } }).qeDashboard.ready());
}

/** Texts of the visible panel's charts that stick out of their chart's SVG (should be none), and the chart count. */
function textOutsideCharts(page: Page, tab: string) {
  return page.evaluate((panelId) => {
    const bad: string[] = [];
    const svgs = [...document.querySelectorAll(`#${panelId} .chart svg`)];
    for (const svg of svgs) {
      const box = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll("text")) {
        const r = t.getBoundingClientRect();
        if (r.width === 0 || !t.textContent) continue;
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) bad.push(`${svg.parentElement!.id}: "${t.textContent}"`);
      }
    }
    return { charts: svgs.length, bad };
  }, `panel-${tab}`);
}

beforeAll(async () => {
  if (!hasChromium) return;
  const dir = freshProject(await generateSharedDb(400));
  const built = await runCli(["main", "--project-dir", dir, "--no-export"], dir);
  expect(built.exitCode, built.stderr + built.stdout.slice(-1500)).toBe(0);
  const exported = await runCli(["export", "--project-dir", dir, "--no-charts"], dir);
  expect(exported.exitCode, exported.stderr).toBe(0);
  realDashboard = join(dir, "exports", "dashboard.html");
  context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "qe-chromium-")), {
    executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1400, height: 1000 },
  });
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  cleanUpTempDirs();
});

describe.skipIf(!hasChromium)("dashboard.html in headless Chromium", () => {
  it("opens on Overview with headline figures, shows every tab's charts inside their bounds, with no errors or network", async () => {
    const { page, problems, requests } = await open(realDashboard);
    expect(await page.getAttribute("#tab-overview", "aria-selected")).toBe("true");
    const cards = page.locator("#panel-overview .card");
    expect(await cards.count()).toBe(10);
    expect(await page.locator("#headline-continuation .value").textContent()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator("#headline-continuation .b3").textContent()).toContain("OfS B3 thresholds: FT PGT 80%, FT UG 80%");
    expect(await page.locator("#headline-pass_rate .change").textContent()).toMatch(/ pp on \d{4}\/\d{2}$/);
    expect(await page.locator("#headline-pass_rate .meta").textContent()).toMatch(/n=[\d,]+/);
    const expected: Record<string, number> = { overview: 2, admissions: 2, assessment: 3, engagement: 2, monitoring: 3, outcomes: 4 };
    for (const tab of TABS) {
      await page.click(`#tab-${tab}`);
      await settle(page);
      expect(await page.locator(`#panel-${tab}`).isVisible()).toBe(true);
      const { charts, bad } = await textOutsideCharts(page, tab);
      expect(charts, tab).toBe(expected[tab]);
      expect(bad, tab).toEqual([]);
      // A data table behind every chart.
      expect(await page.locator(`#panel-${tab} figure details.chart-data table.qe-table`).count(), tab).toBe(charts);
      await page.screenshot({ path: join(SHOTS, `${tab}.png`), fullPage: true });
    }
    // Definitions come from the models' YAML descriptions.
    expect(await page.locator("#panel-outcomes details.definitions").textContent()).toContain("OfS condition B3 thresholds");
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("follows the WAI-ARIA tabs pattern: aria-controls, roving tabindex, arrow keys, Home and End", async () => {
    const { page } = await open(realDashboard);
    for (const tab of TABS) {
      const controls = await page.getAttribute(`#tab-${tab}`, "aria-controls");
      expect(await page.getAttribute(`#${controls}`, "aria-labelledby")).toBe(`tab-${tab}`);
    }
    await page.focus("#tab-overview");
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-admissions");
    expect(await page.getAttribute("#tab-admissions", "aria-selected")).toBe("true");
    expect(await page.getAttribute("#tab-overview", "tabindex")).toBe("-1");
    await page.keyboard.press("End");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-outcomes");
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-overview");
    await page.keyboard.press("ArrowLeft");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("tab-outcomes");
    await page.keyboard.press("Home");
    expect(await page.isVisible("#panel-overview")).toBe(true);
    await page.close();
  });

  it("applies every filter to the charts, tables and headlines that have the column, notes where it cannot, and round-trips the URL hash", async () => {
    const { page, problems, requests } = await open(realDashboard);
    const options = async (id: string) => (await page.locator(`#filter-${id} option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).slice(1);
    const programmes = await options("programme");
    expect(programmes.length).toBeGreaterThan(5);
    // Programmes are listed with their names.
    expect(await page.locator("#filter-programme option").nth(1).textContent()).toMatch(/^[A-Z]-\w+-\d+ \S+/);
    expect(await options("level")).toEqual(["PGT", "UG"]);
    expect(await options("mode")).toEqual(["FT", "PT"]);
    const years = await options("year");
    const choice: Record<string, string> = { programme: programmes[0]!, year: years[years.length - 2]!, level: "UG", mode: "FT" };

    const rowsIn = (selector: string) => page.locator(selector).count();
    await page.click("#tab-monitoring");
    const atRisk = "#panel-monitoring .table-block table.qe-table tbody tr";
    const allAtRisk = await rowsIn(atRisk);
    for (const [filter, value] of Object.entries(choice)) {
      // Mark the SVGs drawn so far: a re-rendered chart has a new one.
      await page.evaluate(() => document.querySelectorAll(".chart svg").forEach((s) => s.setAttribute("data-old", "1")));
      await page.selectOption(`#filter-${filter}`, value);
      for (const tab of TABS) {
        await page.click(`#tab-${tab}`);
        await settle(page);
        const { charts, bad } = await textOutsideCharts(page, tab);
        expect(bad, `${filter}=${value} ${tab}`).toEqual([]);
        expect(await page.locator(`#panel-${tab} .chart svg[data-old]`).count(), `${filter} ${tab} re-rendered`).toBe(0);
        expect(charts + (await page.locator(`#panel-${tab} .chart .nodata`).count()), tab).toBeGreaterThan(0);
      }
      // The chart that cannot be filtered by this says so, visibly.
      if (filter !== "year") expect(await page.locator("#figure-turnaround_distribution figcaption > .filter-note").getAttribute("class")).toContain("active");
    }
    expect(await page.locator("#figure-turnaround_distribution figcaption > .filter-note").textContent()).toContain("Cannot be filtered by programme, academic year, level, mode");
    // Tables follow all four filters where they have the column.
    await page.click("#tab-monitoring");
    const shown = await page.locator(atRisk).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
    expect(shown.length).toBeLessThan(allAtRisk);
    for (const r of shown) expect([r[2], r[3]]).toEqual([choice.programme, choice.year]);
    await page.click("#tab-outcomes");
    const cohorts = await page.locator("#panel-outcomes .table-block table.qe-table tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 4).map((td) => td.textContent)));
    for (const r of cohorts) expect([r[0], r[1], r[2], r[3]]).toEqual([choice.programme, choice.year, "FT", "UG"]);

    // The hash holds tab and filters; opening it elsewhere restores the same view.
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain("tab=outcomes");
    expect(hash).toContain(`programme=${encodeURIComponent(choice.programme)}`);
    const again = await open(realDashboard, hash);
    expect(await again.page.getAttribute("#tab-outcomes", "aria-selected")).toBe("true");
    for (const [filter, value] of Object.entries(choice)) expect(await again.page.inputValue(`#filter-${filter}`)).toBe(value);
    expect(await again.page.locator("#panel-outcomes .table-block table.qe-table tbody tr").count()).toBe(cohorts.length);
    await again.page.close();
    await page.click("#filter-reset");
    await settle(page);
    expect(await page.evaluate(() => location.hash)).toBe("#tab=outcomes");
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it("has tables analysts use: ordered by severity, sortable, searchable, CSV of the rows shown, n beside rates, HESA suppression", async () => {
    const { page } = await open(realDashboard);
    await page.click("#tab-monitoring");
    const block = page.locator("#panel-monitoring .table-block").first();
    const heads = await block.locator("th").allTextContents();
    expect(heads).toEqual(["module code", "module title", "programme", "academic year", "term", "pass rate", "enrolments", "survey mean", "respondents", "severity"]);
    const severity = async () => (await block.locator("tbody tr td:nth-child(10)").allTextContents()).map(Number);
    const initial = await severity();
    expect(initial).toEqual([...initial].sort((a, b) => b - a));
    expect(await block.locator("th[data-column=severity]").getAttribute("aria-sort")).toBe("descending");
    await block.locator("th[data-column=severity] button").click();
    expect(await severity()).toEqual([...initial].sort((a, b) => a - b));
    // Rates carry their n; in publication mode a rate on fewer than 23 is "..", averages on 7 or fewer too.
    const pass = await block.locator("tbody tr td:nth-child(6)").allTextContents();
    expect(pass.every((t) => /^(\d+\.\d%|\.\.) \(n=\d+\)$/.test(t))).toBe(true);
    const enrolments = await block.locator("tbody tr td:nth-child(7)").allTextContents();
    expect(enrolments.every((t) => Number(t.replace(/,/g, "")) % 5 === 0)).toBe(true);
    const means = await block.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.children[7]!.textContent!, tr.children[8]!.textContent!]));
    for (const [mean, respondents] of means) if (Number(respondents) <= 5) expect(mean).toMatch(/^\.\. /);
    // Search narrows the rows; the CSV link holds exactly the rows shown.
    const code = (await block.locator("tbody tr td:nth-child(1)").first().textContent())!;
    await block.locator("input[type=search]").fill(code);
    const rows = await block.locator("tbody tr").count();
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(await block.locator(".row-count").textContent()).toBe(`${rows} row${rows === 1 ? "" : "s"}`);
    const href = (await block.locator("a.csv-download").getAttribute("href"))!;
    const csv = decodeURIComponent(href.replace(/^data:text\/csv;charset=utf-8,/, ""));
    const lines = csv.trimEnd().split("\n");
    expect(lines[0]).toBe("module_code,module_title,programme,academic_year,term,pass_rate,enrolments,survey_mean,respondents,severity");
    expect(lines.length).toBe(rows + 1);
    expect(lines[1]!.startsWith(code + ",")).toBe(true);
    // Thousands are grouped (the separator regex reaches the page intact).
    await page.click("#tab-overview");
    expect(await page.locator("#headline-nss .meta").textContent()).toMatch(/n=\d{1,3}(,\d{3})+/);
    await page.close();
  });

  it("shows markup in data as text, and 'no data' notes when only some marts exist", async () => {
    const wh = await seedWarehouse();
    await wh.exec(`update at_risk_modules set module_code = '<img src=x onerror=alert(1)></script>' where module_id = 2`);
    const exportDir = join(mkdtempSync(join(tmpdir(), "qe-dash-")), "exports");
    try {
      await exportMarts({ wh, nodes: seedNodes(), projectRoot: REPO_ROOT, exportDir, runId: "e2e", vars: VARS, charts: false }, () => undefined);
    } finally {
      await wh.close();
    }
    const file = join(exportDir, "dashboard.html");
    expect(readFileSync(file, "utf8")).not.toContain('"admissions_funnel"');
    const { page, problems, requests } = await open(file);
    await page.click("#tab-admissions");
    expect(await page.locator("#panel-admissions .nodata").textContent()).toContain("No data for Admissions");
    await page.click("#tab-monitoring");
    const table = page.locator("#panel-monitoring .table-block table.qe-table");
    expect(await table.textContent()).toContain("<img src=x onerror=alert(1)></script>");
    expect(await table.locator("img").count()).toBe(0);
    expect(await page.locator("#filter-programme option").allTextContents()).toEqual(["All programmes", EVIL, "U-CMP-01", "U-HIS-02"]);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
