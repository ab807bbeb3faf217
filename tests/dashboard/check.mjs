// Logs in to fristvakt's dashboard in Debian's headless Chromium through its form, saves a
// screenshot (a test artefact) and runs axe-core's WCAG 2.1 A/AA rules on it, at a projector's
// 1280 px and a phone's 390 px, with the weekly numbers opened. Checks that the charts are
// there (inline SVG images with a name, the numbers in a table) and that the page itself does
// not scroll sideways. Prints the violations as JSON; exits 1 if any is serious or critical,
// or if a check fails.
//   node check.mjs URL TOKEN SCREENSHOT.png
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [url, token, screenshot] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const results = {};
  const problems = [];
  for (const [name, width, height] of [["projector", 1280, 800], ["phone", 390, 844]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    // Logs in as a person would: the form, by keyboard.
    await page.goto(url);
    await page.focus("#token");
    await page.keyboard.type(token);
    await page.keyboard.press("Enter");
    await page.waitForSelector("h2");
    const response = await page.goto(url);
    if (response.status() !== 200) throw new Error(`${url}: HTTP ${response.status()}`);
    // The weekly numbers, opened by keyboard as a person would.
    await page.focus("details summary");
    await page.keyboard.press("Enter");
    const found = await page.evaluate(() => {
      const named = (svg) => {
        const ids = (svg.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
        return ids.length > 0 && ids.every((id) => document.getElementById(id)?.textContent.trim());
      };
      const images = [...document.querySelectorAll("svg[role=img]")];
      return {
        bars: images.filter((s) => s.classList.contains("bar") && named(s)).length,
        weekly: images.filter((s) => s.classList.contains("weekly") && named(s)).length,
        weeklyRows: document.querySelectorAll("details[open] table tbody tr").length,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    if (found.bars < 1) problems.push(`${name}: no named bar chart`);
    if (found.weekly !== 1) problems.push(`${name}: no named weekly chart`);
    if (found.weeklyRows !== 52) problems.push(`${name}: ${found.weeklyRows} weeks in the table`);
    if (found.overflow > 0) problems.push(`${name}: the page scrolls sideways by ${found.overflow} px`);
    await page.screenshot({ path: screenshot.replace(/\.png$/, `-${name}.png`), fullPage: true });
    await page.addScriptTag({ content: axeSource });
    results[name] = await page.evaluate(async () => {
      const r = await window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    await context.close();
  }
  console.log(JSON.stringify(results));
  for (const p of problems) console.log(p);
  const bad = Object.values(results).flat()
    .filter((v) => v.impact === "serious" || v.impact === "critical");
  process.exit(bad.length > 0 || problems.length > 0 ? 1 : 0);
} finally {
  await browser.close();
}
