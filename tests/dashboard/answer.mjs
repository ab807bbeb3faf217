// A unit leader answers a notice in Debian's headless Chromium, as a person would: opens the
// link from the mail, fills the form by keyboard alone, sends it, and reads the confirmation.
// At 1280 and 390 px wide it saves screenshots (test artefacts) and runs axe-core's WCAG 2.1
// A/AA rules on the page, on the page with a refused form, and on the confirmation. Then the
// approvers' page for the request the answer made, decided by keyboard likewise.
//   node answer.mjs ANSWER_URL SCREENSHOT_PREFIX [APPROVAL_URL_FILE]
// APPROVAL_URL_FILE: a file the test writes the approval link into once the approvers' mail
// has come; the script waits for it. Prints a JSON report; exits 1 if any violation is
// serious or critical, or a step did not do what it should.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const [answerUrl, prefix, approvalFile] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

async function scan(page, name) {
  await page.screenshot({ path: `${prefix}-${name}.png`, fullPage: true });
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
}

// Moves the keyboard focus with Tab until `selector` has it: no mouse, no element.focus().
async function tabTo(page, selector) {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const report = { violations: {}, steps: [] };
let failed = false;
function step(name, ok, detail = "") {
  report.steps.push({ name, ok, detail });
  if (!ok) failed = true;
}

try {
  for (const [size, width, height] of [["1280", 1280, 900], ["390", 390, 844]]) {
    const context = await browser.newContext({ viewport: { width, height }, locale: "en-US" });
    const page = await context.newPage();
    const response = await page.goto(answerUrl);
    step(`${size}: the page opens`, response.status() === 200, `HTTP ${response.status()}`);
    report.violations[`answer-${size}`] = await scan(page, `answer-${size}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    step(`${size}: nothing wider than the screen`, overflow <= 0, `${overflow} px`);

    // A refused form: progress out of range, the problem beside its field.
    await tabTo(page, "#progress");
    await page.keyboard.type("140");
    await tabTo(page, "button[type=submit]");
    const [refused] = await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    const invalid = await page.getAttribute("#progress", "aria-invalid");
    step(`${size}: a bad progress is named beside its field`,
         refused.status() === 400 && invalid === "true", `HTTP ${refused.status()}`);
    report.violations[`refused-${size}`] = await scan(page, `refused-${size}`);
    if (size === "390") {
      await context.close();
      continue;
    }

    // The real answer, by keyboard alone.
    await page.goto(answerUrl);
    // The list: unchanged, planned, in progress, done, cancelled; two steps down.
    await tabTo(page, "#status");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const status = await page.inputValue("#status");
    step("the status is chosen by arrow keys", status === "in_progress", status);
    await tabTo(page, "#progress");
    await page.keyboard.type("80");
    await tabTo(page, "#comment");
    await page.keyboard.type("Forsinket pga. anbudsprosess");
    if (await page.$("#new_deadline")) {
      // A date field takes its digits in the browser's order: month, day, year in en-US.
      const next = new Date(Date.now() + 60 * 864e5).toISOString().slice(0, 10);
      const [y, m, d] = next.split("-");
      await tabTo(page, "#new_deadline");
      await page.keyboard.type(m + d + y);
      const typed = await page.inputValue("#new_deadline");
      step("the new deadline is typed", typed === next, typed);
      await tabTo(page, "#reason");
      await page.keyboard.type("Anbudet ble forsinket");
    }
    await tabTo(page, "button[type=submit]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[role=status]");
    const confirmed = await page.textContent("[role=status]");
    step("the answer is confirmed", confirmed.length > 0, confirmed.trim().slice(0, 80));
    report.violations["confirmed-1280"] = await scan(page, "confirmed-1280");
    await context.close();
  }

  if (approvalFile) {
    for (let i = 0; i < 600 && !existsSync(approvalFile); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const approvalUrl = readFileSync(approvalFile, "utf8").trim();
    for (const [size, width, height] of [["1280", 1280, 900], ["390", 390, 844]]) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const response = await page.goto(approvalUrl);
      step(`${size}: the approval page opens`, response.status() === 200);
      report.violations[`approval-${size}`] = await scan(page, `approval-${size}`);
      if (size === "1280") {
        await tabTo(page, "input[value=approve]");
        await page.keyboard.press("Space");
        await tabTo(page, "#note");
        await page.keyboard.type("Godkjent i ledermøtet");
        await tabTo(page, "button[type=submit]");
        await page.keyboard.press("Enter");
        await page.waitForSelector("[role=status]");
        step("the decision is confirmed", true);
        report.violations["decided-1280"] = await scan(page, "decided-1280");
      }
      await context.close();
    }
  }
} catch (e) {
  step("the walk through the pages", false, String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
const bad = Object.values(report.violations).flat()
  .filter((v) => v.impact === "serious" || v.impact === "critical");
process.exit(bad.length > 0 || failed ? 1 : 0);
