import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "qe-chr-")), { executablePath: "/usr/bin/chromium", args: ARGS, headless: true, viewport: { width: 1400, height: 1000 } });
const page = ctx.pages()[0] ?? await ctx.newPage();
page.on("console", (m) => console.log("console", m.type(), m.text()));
page.on("pageerror", (e) => console.log("pageerror", e.message));
await page.goto("file://" + resolve("exports/dashboard.html") + (process.argv[2] ?? ""));
for (const tab of ["overview", "admissions", "assessment", "engagement", "monitoring", "outcomes"]) {
  await page.click("#tab-" + tab);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `target/shot-${tab}.png`, fullPage: true });
}
console.log(await page.evaluate(() => location.hash));
await ctx.close();
