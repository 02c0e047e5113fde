/**
 * The task pane end to end, in real headless Chromium against the production build,
 * standalone (no Office.js: the CDN is unreachable, as offline): open the sample
 * workbook, check the proposed mapping, run, download the result and read it with
 * ExcelJS; cancel; continue from the previous result; the demand review (version cards,
 * FVA chart, alerts, forecast vs actual per series) and locking the cycle (the updated
 * result's SOP Snapshots, asking before locking again); the supply review (the plan solved
 * by HiGHS in the worker from the emitted highs.wasm, load vs capacity per resource,
 * shortages); the scenario comparison and the meeting (decisions, agenda, copying the follow-up
 * summary); a workbook with blocking errors; keyboard-only use; axe-core on every step;
 * no request leaves the machine; screenshots of every step (light and dark) in
 * test-results/screenshots. Security: the built page's Content-Security-Policy is also served as a
 * header on every file (so it covers the engine worker too) with a report-uri to the test server;
 * every request of the whole session is recorded, and at the end the session must have asked for
 * nothing but the local server's files and the Office.js script tag, with no CSP violation (in-page
 * events, console errors, reports).
 *
 * Skips itself when Chromium is missing, unless CI=true (then it fails).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { settingsFromGrid } from "../../src/workbook/settingsSheet";
import { readSource } from "../../src/hosts/file/xlsxWorkbook";
import { openXlsxBook } from "../../src/hosts/file/xlsxRead";
import {
  CHROMIUM,
  DIST,
  RESULTS,
  ROOT,
  type SeenRequest,
  type StaticServer,
  OFFICE_JS,
  axeProblems,
  cspOf,
  foreignRequests,
  recordCspViolations,
  ensureBuild,
  launchChromium,
  offline,
  recordRequests,
  remoteRequests,
  screenshot,
  serveDir,
} from "./support";

const SAMPLE = path.join(ROOT, "assets/sample/sop-sample.xlsx");
/** The sheets every run of the sample writes first, in order; then the meeting's. */
const OUTPUT_SHEETS = ["SOP Data Check", "SOP Forecast", "SOP Accuracy", "SOP Capacity", "SOP Supply Plan", "SOP Financials", "SOP Scenarios"];
const MEETING_SHEETS = ["SOP Decisions", "SOP Agenda"];
/** Opening the 2.3 MB sample with ExcelJS takes a few seconds in the worker. */
const SLOW = 60_000;

describe("task pane, end to end in headless Chromium (standalone)", function () {
  this.timeout(180_000);
  let browser: Browser | null = null;
  let server: StaticServer | null = null;
  let context: BrowserContext | null = null;
  /** Every request of the current page and its workers. */
  let requests: SeenRequest[] = [];
  /** Every request URL of the whole session (all tests, pages and workers), in order. */
  const session: string[] = [];
  /** The built page's Content-Security-Policy (also served as a header). */
  let csp = "";
  /** The current page's CSP violations so far, and every one of the session. */
  let pageViolations: (() => Promise<string[]>) | null = null;
  const violations: string[] = [];
  const t0 = Date.now();

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI === "true") throw new Error(`Chromium is required for the end-to-end tests on CI, and ${CHROMIUM} is missing: apt-get install -y chromium.`);
      console.log(`    (skipped: ${CHROMIUM} is missing; install Debian's chromium to run the task pane's end-to-end tests)`);
      this.skip();
    }
    ensureBuild();
    csp = cspOf(fs.readFileSync(path.join(DIST, "taskpane.html"), "utf8")) ?? "";
    assert.notEqual(csp, "", "the built taskpane.html has a Content-Security-Policy");
    server = await serveDir(DIST, { csp });
    browser = await launchChromium();
  });

  afterEach(function () {
    // Offline and private: nothing but the local server (and the Office.js tag, aborted) is ever asked for.
    if (this.currentTest?.state !== "passed" || !server) return;
    assert.deepEqual(remoteRequests(requests, server.url), [], "no request leaves the machine");
  });

  afterEach(async function () {
    // The pane works under its CSP: nothing it does is refused.
    const seen = pageViolations ? await pageViolations() : [];
    pageViolations = null;
    violations.push(...seen);
    if (this.currentTest?.state !== "passed") return;
    assert.deepEqual(seen, [], "no Content-Security-Policy violation");
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
    if (browser) console.log(`    (end-to-end suite: ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  });

  async function newPage(colorScheme: "light" | "dark"): Promise<Page> {
    await context?.close();
    context = await browser!.newContext({ viewport: { width: 420, height: 860 }, colorScheme, acceptDownloads: true, reducedMotion: "reduce" });
    requests = recordRequests(context);
    context.on("request", (r) => session.push(r.url()));
    const page = await context.newPage();
    pageViolations = await recordCspViolations(context, page);
    // Intercept file choosers from the start (enabling it is asynchronous: a listener added just before a click can miss it).
    page.on("filechooser", () => undefined);
    await offline(page);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const t = Date.now();
    await page.goto(`${server!.url}/taskpane.html`);
    await page.getByTestId("mode").waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId("mode").innerText(), /Standalone/);
    assert.ok(Date.now() - t < 8_000, `standalone mode took ${Date.now() - t} ms to appear`);
    assert.deepEqual(errors, [], "no script errors");
    return page;
  }

  async function noAxeProblems(page: Page, where: string): Promise<void> {
    const problems = await axeProblems(page);
    assert.deepEqual(problems, [], `axe-core, ${where}:\n${problems.join("\n")}`);
  }

  function role(page: Page, name: string): Locator {
    return page.getByTestId(`role-${name}`);
  }

  async function rangesOf(page: Page, name: string): Promise<string> {
    return role(page, name).getByTestId("role-ranges").innerText();
  }

  it("opens the sample, proposes the mapping, runs, downloads the result; cancels; continues from the result", async () => {
    const page = await newPage("light");
    await noAxeProblems(page, "open step");
    await screenshot(page, "01-open-light");

    // Open the sample through the file input.
    await page.getByTestId("open-input").setInputFiles(SAMPLE);
    await page.getByTestId("check-status").waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId("workbook-name").innerText(), "sop-sample.xlsx");
    assert.match(await page.getByTestId("check-status").innerText(), /Ready to run/);

    // The proposed mapping, role by role, with confidence and reason.
    assert.equal(await rangesOf(page, "actuals"), "Actuals");
    assert.equal(await rangesOf(page, "forecast:Sales"), "Sales EU, Sales NA, Sales APAC, Key Accounts");
    assert.equal(await rangesOf(page, "forecast:Statistical"), "Table tblStatForecast (Stat Forecast)");
    assert.equal(await rangesOf(page, "forecast:Consensus"), "Consensus");
    assert.equal(await rangesOf(page, "snapshots"), "Forecast Snapshots");
    assert.equal(await rangesOf(page, "capacity"), "Capacity");
    assert.equal(await rangesOf(page, "resources"), "Routing");
    for (const r of ["inventory", "prices", "budget", "scenarios"]) assert.equal(await rangesOf(page, r), r[0]!.toUpperCase() + r.slice(1));
    assert.match(await role(page, "actuals").getByTestId("role-confidence").innerText(), /^\d+ % sure$/);
    assert.match(await role(page, "actuals").getByTestId("role-reason").innerText(), /Actuals|history/i);
    assert.match(await role(page, "forecast:Sales").getByTestId("role-reason").innerText(), /Sales EU: .*Key Accounts: /);
    assert.match(await role(page, "actuals").getByTestId("role-read").innerText(), /320 rows · 2023-11 … 2026-10/);
    assert.equal(await page.getByTestId("role-use-selection").count(), 0, "no 'use current selection' outside Excel");
    // Findings: notes only, folded; addresses are text (no Excel to select them in).
    await page.getByTestId("notes-toggle").click();
    const first = page.getByTestId("finding").first();
    assert.equal(await first.getAttribute("data-severity"), "info");
    assert.match(await first.getByTestId("finding-address").innerText(), /!/);
    assert.equal(await page.locator("[data-testid=finding-address] >> xpath=self::button").count(), 0);
    await noAxeProblems(page, "data step");
    await screenshot(page, "02-data-light");

    // Run.
    await page.getByTestId("step-run").click();
    await page.getByTestId("run").waitFor();
    await noAxeProblems(page, "run step");
    await screenshot(page, "03-run-light");
    await page.getByTestId("run").click();
    await page.getByTestId("run-progress").waitFor({ timeout: 5_000 });
    await screenshot(page, "04-run-progress-light");
    await page.locator("[data-testid=run-result][data-state=done]").waitFor({ timeout: SLOW });
    const sheetNames = await page.getByTestId("sheet-name").allInnerTexts();
    assert.deepEqual(sheetNames.slice(0, 7), OUTPUT_SHEETS);
    for (const sheet of MEETING_SHEETS) assert.ok(sheetNames.includes(sheet), `the run writes ${sheet}: ${sheetNames.join(", ")}`);
    await noAxeProblems(page, "run result");
    await screenshot(page, "05-run-done-light");

    // Download the result and read it with ExcelJS.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
    assert.equal(download.suggestedFilename(), "sop-sample.sop.xlsx");
    fs.mkdirSync(RESULTS, { recursive: true });
    const saved = path.join(RESULTS, "sop-sample.sop.xlsx");
    await download.saveAs(saved);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    assert.deepEqual(wb.worksheets.map((w) => w.name), [...sheetNames, "SOP_Settings"]);
    assert.equal(wb.getWorksheet("SOP Data Check")!.getCell("A1").value, "S&OP Data Check");
    assert.equal(wb.getWorksheet("SOP_Settings")!.state, "hidden");
    const grid = await readSource(await openXlsxBook(new Uint8Array(fs.readFileSync(saved))), { sheet: "SOP_Settings" });
    assert.ok("values" in grid);
    const settings = settingsFromGrid(grid);
    assert.deepEqual(settings?.mapping?.roles.find((r) => r.role === "forecast:Sales")?.sources.map((s) => s.sheet), ["Sales EU", "Sales NA", "Sales APAC", "Key Accounts"]);
    assert.deepEqual(settings?.ownedSheets, sheetNames);

    // Cancel: the next run opens the workbook again (seconds), cancel it at once. Nothing is written.
    await page.getByTestId("run").click();
    await page.getByTestId("cancel").click();
    await page.locator("[data-testid=run-result][data-state=cancelled]").waitFor({ timeout: 5_000 });
    assert.match(await page.getByTestId("run-result").innerText(), /Nothing was written/);
    assert.equal(await page.getByTestId("download").count(), 0, "no result to download after a cancel");
    await screenshot(page, "06-run-cancelled-light");

    // Continue from the result: the saved mapping is used (a fresh worker after the cancel).
    await page.getByTestId("previous-input").setInputFiles(saved);
    await page.getByTestId("check-status").waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId("previous-name").innerText(), "sop-sample.sop.xlsx");
    assert.match(await page.getByTestId("mapping-origin").innerText(), /saved with the last run/);
    assert.equal(await role(page, "actuals").getByTestId("role-confidence").innerText(), "Saved");
    await noAxeProblems(page, "data step, continuing");
    await screenshot(page, "07-data-continued-light");
  });

  /** The rows of a downloaded result's SOP Snapshots sheet for one cycle. */
  async function snapshotRows(file: string, cycle: string): Promise<{ sheets: string[]; rows: number; versions: string[] }> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("SOP Snapshots");
    assert.ok(ws, `${path.basename(file)} has a SOP Snapshots sheet`);
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1, 6), ["Cycle", "Version", "Item", "Period", "Quantity"]);
    let rows = 0;
    const versions = new Set<string>();
    ws.eachRow((row, n) => {
      if (n === 1 || row.getCell(1).value !== cycle) return;
      rows++;
      versions.add(String(row.getCell(2).value));
    });
    return { sheets: wb.worksheets.map((w) => w.name), rows, versions: [...versions].sort() };
  }

  /** Open the sample, run the cycle, and open a review step from the run's result (unavailable before the run). */
  async function runSampleAndShow(page: Page, step: "demand" | "supply" | "scenarios" | "meeting", beforeRun?: () => void): Promise<void> {
    await page.getByTestId("open-input").setInputFiles(SAMPLE);
    await page.getByTestId("check-status").waitFor({ timeout: SLOW });
    assert.equal(await page.getByTestId(`step-${step}`).isDisabled(), true, `no ${step} review before a run`);
    beforeRun?.();
    await page.getByTestId("step-run").click();
    await page.getByTestId("run").click();
    await page.locator("[data-testid=run-result][data-state=done]").waitFor({ timeout: SLOW });
    await page.getByTestId(`show-${step}`).click();
    await page.getByTestId(`panel-${step}`).waitFor();
    assert.equal(await page.getByTestId(`step-${step}`).getAttribute("aria-current"), "step");
  }

  it("shows the demand review after a run, redraws the chart for a family, locks the cycle and asks before locking again", async () => {
    const page = await newPage("light");
    await runSampleAndShow(page, "demand");
    assert.match(await page.getByTestId("demand-window").innerText(), /^Cycle 2026-11: accuracy over \d{4}-\d\d … 2026-10 \(\d+ months\), at lag \d+: /);

    // Accuracy and bias at a glance: one card per version, with a signed bias in words.
    const cards = page.getByTestId("version-card");
    const versions = await cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-version")));
    assert.ok(versions.length >= 3, `version cards: ${versions.join(", ")}`);
    for (const v of ["Sales", "Statistical", "Consensus"]) assert.ok(versions.includes(v), `a card for ${v} (cards: ${versions.join(", ")})`);
    const sales = page.locator("[data-testid=version-card][data-version=Sales]");
    assert.match(await sales.getByTestId("version-accuracy").innerText(), /Accuracy\s+\d{1,3}\.\d %/);
    assert.match(await sales.getByTestId("version-wape").innerText(), /WAPE\s+\d+\.\d %/);
    assert.match(await sales.getByTestId("version-bias").innerText(), /Bias\s+([+\u2212]\d+\.\d %\s+(over|under)-forecast|0\.0 %\s+no bias)/);
    assert.match(await sales.innerText(), /from (snapshots|the forecast tab|a backtest)/);
    assert.match(await sales.innerText(), /[\d,]+ item-months compared/);

    // The FVA stairstep: a bar per step, each labelled in points, and one reading.
    const fva = page.getByTestId("fva-chart");
    assert.equal(await fva.getAttribute("role"), "img");
    assert.match((await fva.getAttribute("aria-label")) ?? "", /^Forecast value added, step by step: .+WAPE \d+\.\d %, [+\u2212]?\d+\.\d points/);
    assert.ok((await page.getByTestId("fva-step").count()) >= 3);
    assert.match(await page.getByTestId("fva-reading").innerText(), /adds [+\u2212]?\d+\.\d points: it makes the forecast (better|worse)\.|No step changes/);

    // Alerts: the sentence and, standalone, the address as text (no sheet to select).
    const alert = page.getByTestId("demand-alert").first();
    assert.ok((await alert.innerText()).length > 20);
    assert.match(await alert.getByTestId("alert-address").innerText(), /^SOP (Accuracy|Forecast)!A\d+$/);
    assert.equal(await page.getByTestId("alert-select").count(), 0, "alerts are not links outside Excel");

    // Forecast vs actual: the total first; picking a family (typed to filter) redraws the chart.
    const chart = page.getByTestId("forecast-chart");
    assert.equal(await chart.getAttribute("data-series"), "total");
    assert.equal(await chart.getAttribute("role"), "img");
    assert.match((await chart.getAttribute("aria-label")) ?? "", /^Forecast vs actual, Total: actuals from .+ the statistical forecast .+ the consensus .+ marks the cycle 2026-11\.$/);
    assert.equal(await page.getByTestId("chart-cycle").count(), 1);
    const totalLine = await page.getByTestId("chart-consensus").getAttribute("d");
    assert.ok(totalLine && totalLine.startsWith("M"));
    await noAxeProblems(page, "demand step");
    await screenshot(page, "21-demand-light");
    const picker = page.getByTestId("series-picker");
    await picker.click();
    await picker.fill("pump");
    assert.ok((await page.getByRole("option").count()) > 1, "typing filters the series");
    assert.equal(await page.getByRole("option", { name: "Valves", exact: true }).count(), 0, "a family that does not match is filtered out");
    await screenshot(page, "22-demand-picker-light");
    await page.getByRole("option", { name: "Pumps", exact: true }).click();
    await page.locator("[data-testid=forecast-chart][data-series='family:Pumps']").waitFor({ timeout: 5_000 });
    assert.match((await chart.getAttribute("aria-label")) ?? "", /^Forecast vs actual, Pumps: /);
    assert.notEqual(await page.getByTestId("chart-consensus").getAttribute("d"), totalLine, "the chart is redrawn for the family");
    assert.equal(await picker.inputValue(), "Pumps");

    // Readable at 320 px: nothing wider than the pane.
    await page.setViewportSize({ width: 320, height: 860 });
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=forecast-chart]")?.getAttribute("width")) <= 320);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), "no horizontal scrolling at 320 px");
    await screenshot(page, "23-demand-320-light");
    await page.setViewportSize({ width: 420, height: 860 });

    // Lock the cycle: the updated result workbook has the cycle's rows in SOP Snapshots.
    assert.equal(await page.getByTestId("lock-state").count(), 0, "the sample's cycle is not locked yet");
    assert.equal(await page.getByTestId("lock").innerText(), "Lock cycle 2026-11");
    await page.getByTestId("lock").click();
    await page.locator("[data-testid=lock-result][data-state=locked]").waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId("lock-message").innerText(), /Cycle 2026-11 locked[\s\S]*[\d,]+ rows appended to SOP Snapshots/);
    await noAxeProblems(page, "lock done");
    await screenshot(page, "24-demand-locked-light");
    fs.mkdirSync(RESULTS, { recursive: true });
    const [first] = await Promise.all([page.waitForEvent("download"), page.getByTestId("lock-download").click()]);
    assert.equal(first.suggestedFilename(), "sop-sample.sop.xlsx");
    const lockedFile = path.join(RESULTS, "sop-sample.locked.sop.xlsx");
    await first.saveAs(lockedFile);
    const once = await snapshotRows(lockedFile, "2026-11");
    assert.ok(once.rows > 0, "SOP Snapshots has rows of cycle 2026-11");
    assert.ok(once.versions.includes("Sales") && once.versions.includes("Consensus"), `versions locked: ${once.versions.join(", ")}`);
    for (const sheet of ["SOP Data Check", "SOP Forecast", "SOP Accuracy", "SOP Snapshots"]) assert.ok(once.sheets.includes(sheet), `the updated result keeps ${sheet}`);

    // Locking again asks first; keeping the snapshot does nothing.
    assert.match(await page.getByTestId("lock-state").innerText(), /already locked/);
    await page.getByTestId("lock").click();
    const dialog = page.getByTestId("relock-dialog");
    await dialog.waitFor({ timeout: 5_000 });
    assert.equal(await page.getByTestId("relock-question").innerText(), "Cycle 2026-11 is already locked. Lock again and replace its snapshot?");
    await noAxeProblems(page, "lock again? dialog");
    await screenshot(page, "25-demand-relock-dialog-light");
    await page.getByTestId("relock-cancel").click();
    await dialog.waitFor({ state: "detached", timeout: 5_000 });
    assert.equal(await page.getByTestId("lock-result").getAttribute("data-state"), "locked");
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "lock", undefined, { timeout: 2_000 });
    // Keyboard: Enter asks again, Escape keeps the snapshot.
    await page.keyboard.press("Enter");
    await dialog.waitFor({ timeout: 5_000 });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: 5_000 });
    assert.equal(await page.getByTestId("lock-result").getAttribute("data-state"), "locked");

    // Confirmed: the cycle's rows are replaced, never duplicated.
    await page.getByTestId("lock").click();
    await dialog.waitFor({ timeout: 5_000 });
    await page.getByTestId("relock-confirm").click();
    await page.locator("[data-testid=lock-result][data-state=relocked]").waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId("lock-message").innerText(), /Cycle 2026-11 locked again/);
    const [second] = await Promise.all([page.waitForEvent("download"), page.getByTestId("lock-download").click()]);
    const relockedFile = path.join(RESULTS, "sop-sample.relocked.sop.xlsx");
    await second.saveAs(relockedFile);
    assert.equal((await snapshotRows(relockedFile, "2026-11")).rows, once.rows, "locking again replaces the cycle's rows");
    await screenshot(page, "26-demand-relocked-light");
  });

  it("shows the supply review after a run: the plan solved by HiGHS in the worker, load vs capacity per resource, shortages", async () => {
    const page = await newPage("light");
    await runSampleAndShow(page, "supply", () => assert.ok(!requests.some((r) => r.url.endsWith(".wasm")), "the solver is not fetched before a run"));
    assert.match(await page.getByTestId("supply-horizon").innerText(), /^Cycle 2026-11: the consensus against capacity and inventory over 2026-11 … 2028-04 \(18 months\)\.$/);
    assert.match(await page.getByTestId("panel-supply").innerText(), /The details are in the sheets SOP Capacity and SOP Supply Plan of the result workbook/);
    assert.equal(await page.getByTestId("open-capacity").count(), 0, "no sheet links outside Excel");

    // HiGHS ran in the worker, from the highs.wasm the build emitted, served as application/wasm.
    const wasm = requests.filter((r) => /\/highs\.[0-9a-f]{8}\.wasm$/.test(r.url));
    assert.equal(wasm.length, 1, `highs.wasm fetched once: ${requests.map((r) => r.url).join(", ")}`);
    assert.equal(wasm[0]!.contentType, "application/wasm");
    const plan = page.getByTestId("plan-card");
    assert.equal(await plan.getAttribute("data-status"), "Optimal");
    assert.equal(await page.getByTestId("plan-status").innerText(), "Optimal");
    assert.match(await page.getByTestId("plan-solver").innerText(), /^Solved with HiGHS \d+\.\d+/);
    assert.match(await page.getByTestId("plan-fill-rate").innerText(), /Fill rate\s+\d{1,3}\.\d %/);
    assert.match(await page.getByTestId("plan-unmet").innerText(), /Unmet demand\s+[\d,]+\s+units/);
    assert.match(await page.getByTestId("plan-overtime").innerText(), /Overtime\s+[\d,]+\s+hours/);
    assert.match(await page.getByTestId("plan-margin").innerText(), /Margin\s+\d+(\.\d+)? (k|M|bn)\s+on revenue \d+(\.\d+)?\s(k|M|bn)/);
    assert.equal(await page.getByTestId("plan-note").count(), 0);
    const over = Number((await page.getByTestId("shortage-count").innerText()).match(/\d+/)![0]);
    assert.ok(over >= 3, `resource-months over capacity: ${over}`);
    assert.match(await page.getByTestId("at-risk-count").innerText(), /At risk\s+\d+\s+resource-months?/);
    assert.match(await page.getByTestId("safety-now").innerText(), /Investment now\s+[\d.,]+( (k|M|bn))?/);
    assert.match(await page.getByTestId("safety-recommended").innerText(), /Recommended\s+[\d.,]+( (k|M|bn))?/);

    // Load vs capacity: opens on the resource over capacity in the most months; another one redraws it.
    const chart = page.getByTestId("load-chart");
    assert.equal(await chart.getAttribute("role"), "img");
    assert.equal(await chart.getAttribute("data-resource"), "WC-20 Machining");
    await noAxeProblems(page, "supply step");
    await screenshot(page, "31-supply-light");
    const picker = page.getByTestId("resource-picker");
    await picker.click();
    await page.getByRole("option", { name: "WC-70 Winding", exact: true }).click();
    await page.locator("[data-testid=load-chart][data-resource='WC-70 Winding']").waitFor({ timeout: 5_000 });
    assert.match(await page.getByTestId("capacity-reading").innerText(), /^WC-70 Winding is within capacity, but \d+ months? (is|are) at risk of overload; peak \d+ % in \d{4}-\d\d\.$/);
    assert.ok((await page.getByTestId("risk-mark").count()) > 0, "at-risk months are marked");
    assert.equal(await page.locator("[data-testid=load-bar][data-state=short]").count(), 0);
    await screenshot(page, "32-supply-wc70-light");

    // Picking WC-20 Machining: over capacity in 3 months, the bars over the line in red.
    await picker.click();
    await page.getByRole("option", { name: "WC-20 Machining", exact: true }).click();
    await page.locator("[data-testid=load-chart][data-resource='WC-20 Machining']").waitFor({ timeout: 5_000 });
    assert.equal(await page.getByTestId("capacity-reading").innerText(), "WC-20 Machining is over capacity in 3 months, peak 141 % in 2027-08.");
    assert.equal(await page.getByTestId("load-bar").count(), 18);
    assert.deepEqual(await page.locator("[data-testid=load-bar][data-state=short]").evaluateAll((els) => els.map((e) => e.getAttribute("data-period"))), ["2027-05", "2027-06", "2027-08"]);
    assert.match((await chart.getAttribute("aria-label")) ?? "", /^Load vs available capacity, WC-20 Machining, in hours, 2026-11 … 2028-04 \(18 months\): over capacity in 2027-05 \(108 %\), 2027-06 \(112 %\), 2027-08 \(141 %\); peak 141 % in 2027-08\.$/);
    assert.equal(await page.getByTestId("peak-label").textContent(), "141 %");
    assert.ok((await page.getByTestId("capacity-line").getAttribute("d"))?.startsWith("M"));

    // Shortages: the sentence and, standalone, the row as text.
    const shortage = page.getByTestId("shortage").first();
    assert.match(await shortage.innerText(), /is short by [\d,]+ (hours|units) in \d{4}-\d\d/);
    assert.match(await shortage.getByTestId("shortage-address").innerText(), /^SOP Capacity!A\d+$/);
    assert.ok((await page.locator("[data-testid=shortage][data-resource='WC-20 Machining']").count()) >= 3);
    assert.equal(await page.getByTestId("shortage-select").count(), 0, "shortages are not links outside Excel");
    assert.match(await page.getByTestId("shortage-headline").innerText(), /^\d+ resource-months are over capacity/);
    await noAxeProblems(page, "supply step, WC-20 Machining");
    await screenshot(page, "33-supply-wc20-light");

    // Readable at 320 px: nothing wider than the pane.
    await page.setViewportSize({ width: 320, height: 860 });
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=load-chart]")?.getAttribute("width")) <= 320);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), "no horizontal scrolling at 320 px");
    await screenshot(page, "34-supply-320-light");

    // Dark theme (the pane follows the system's colour scheme).
    await page.emulateMedia({ colorScheme: "dark" });
    await page.locator("[data-theme=dark]").waitFor({ timeout: 5_000 });
    await noAxeProblems(page, "supply step (dark)");
    await screenshot(page, "35-supply-320-dark");
  });

  it("shows the scenario comparison and the meeting after a run: scenarios against the baseline, decisions to approve, the agenda, the follow-up to copy", async () => {
    const page = await newPage("light");
    await context!.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server!.url });
    const reviewsChunk = (r: SeenRequest): boolean => /\/reviews\.[0-9a-f]{8}\.js$/.test(r.url);
    await runSampleAndShow(page, "scenarios", () => assert.ok(!requests.some(reviewsChunk), "the Scenarios and Meeting steps are not part of the first load"));
    assert.equal(await page.getByTestId("step-meeting").isDisabled(), false, "the Meeting step opens after the run");

    // Scenarios: the chart and table name the sample's scenarios; the recommendation says which and why.
    assert.match(await page.getByTestId("scenarios-headline").innerText(), /^\d+ scenarios compared with the baseline \(revenue [\d.]+ (k|M|bn), margin [\d.]+ (k|M|bn), fill rate \d+\.\d %\)/);
    assert.match(await page.getByTestId("panel-scenarios").innerText(), /The details are in the sheet SOP Scenarios of the result workbook/);
    const chart = page.getByTestId("scenario-chart");
    assert.equal(await chart.getAttribute("role"), "img");
    assert.match((await chart.getAttribute("aria-label")) ?? "", /^Margin and revenue against the baseline, by scenario: .*Summer promotion, margin [+\u2212]/);
    const names = await page.getByTestId("scenario-bars").evaluateAll((els) => els.map((e) => e.getAttribute("data-scenario")));
    assert.ok(names.includes("Summer promotion") && names.includes("Add a shift on WC-20"), `scenarios charted: ${names.join(", ")}`);
    const recommended = await page.getByTestId("recommendation").getAttribute("data-scenario");
    assert.ok(recommended && names.includes(recommended), `the recommended scenario (${recommended}) is one of those charted`);
    assert.equal(await page.locator(`[data-testid=scenario-bars][data-recommended=true]`).getAttribute("data-scenario"), recommended);
    assert.match(await page.getByTestId("recommendation-rule").innerText(), /^Recommended: the highest margin/);
    const table = page.getByTestId("scenario-table");
    assert.deepEqual((await table.locator("thead th").allInnerTexts()).slice(0, 2).map((x) => x.split("\n")[0]), ["Baseline", names[0]]);
    assert.equal(await table.locator("tbody tr").count(), 8);
    assert.match(await table.locator("tr[data-metric=margin]").innerText(), /^Margin\s+[\d.]+ (k|M|bn)/);
    assert.deepEqual(await page.getByTestId("strategy-table").locator("thead th").allInnerTexts().then((x) => x.map((t) => t.split("\n")[0])), ["Level", "Chase", "Optimal (LP)"]);
    await noAxeProblems(page, "scenarios step");
    await screenshot(page, "41-scenarios-light");
    // Readable at 320 px: the table scrolls on its own, the page does not.
    await page.setViewportSize({ width: 320, height: 860 });
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=scenario-chart]")?.getAttribute("width")) <= 320);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), "no horizontal scrolling at 320 px");
    await screenshot(page, "42-scenarios-320-light");
    await page.setViewportSize({ width: 420, height: 860 });

    // Meeting: the decisions to approve, open ones first, each naming its row in SOP Decisions.
    await page.getByTestId("step-meeting").click();
    await page.getByTestId("panel-meeting").waitFor();
    assert.match(await page.getByTestId("meeting-headline").innerText(), /^Cycle 2026-11: \d+ decisions? to approve, and an agenda of \d+ items \(\d+ minutes\)\.$/);
    const decision = page.locator("[data-testid=decision][data-id=CAP-WC-20-MACHINING]");
    await decision.waitFor({ timeout: 5_000 });
    assert.match(await decision.innerText(), /CAP-WC-20-MACHINING \(Capacity\): /);
    assert.match(await decision.getByTestId("decision-address").innerText(), /^SOP Decisions!A\d+$/);
    assert.equal(await page.getByTestId("decision-select").count(), 0, "decisions are not links outside Excel");
    const statuses = await page.getByTestId("decision").evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    assert.ok(statuses.length > 0 && statuses[0] === "Open", `open decisions first: ${statuses.join(", ")}`);
    assert.match(await page.getByTestId("count-open").innerText(), /Open\s+\d+/);
    assert.ok((await page.getByTestId("agenda-item").count()) >= 5, "the agenda's items");
    assert.match(await page.getByTestId("agenda-evidence").first().innerText(), /^SOP [A-Za-z ]+!A\d+$/);
    assert.ok((await page.getByTestId("health-row").count()) >= 5, "the cycle-health table");
    assert.equal(await page.getByTestId("refresh-follow-up").count(), 0, "no refresh from the sheet outside Excel");
    assert.equal(requests.filter(reviewsChunk).length, 1, "their chunk is fetched once, after the run");
    await noAxeProblems(page, "meeting step");
    await screenshot(page, "43-meeting-light");

    // The follow-up summary: Copy puts it on the clipboard.
    const followUp = await page.getByTestId("follow-up-text").inputValue();
    assert.match(followUp, /^S&OP executive meeting, cycle 2026-11: decisions and actions\n/);
    assert.match(followUp, /CAP-WC-20-MACHINING/);
    await page.getByTestId("copy-follow-up").click();
    await page.locator("[data-testid=copy-state][data-state=copied]").waitFor({ timeout: 5_000 });
    assert.equal(await page.getByTestId("copy-state").innerText(), "Copied");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), followUp);
    await page.setViewportSize({ width: 320, height: 860 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), "no horizontal scrolling at 320 px");
    await screenshot(page, "44-meeting-320-light");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.locator("[data-theme=dark]").waitFor({ timeout: 5_000 });
    await noAxeProblems(page, "meeting step (dark)");
    await screenshot(page, "45-meeting-320-dark");
  });

  it("a run still succeeds when the LP solver cannot be loaded: no plan, and the Supply step says why", async () => {
    const page = await newPage("light");
    // The engine worker's fetch of highs.wasm fails (as on a server that does not serve it).
    await context!.route(/\/highs\.[0-9a-f]{8}\.wasm$/, (route) => route.fulfill({ status: 404, contentType: "text/plain", body: "not found" }));
    await runSampleAndShow(page, "supply");
    assert.ok(requests.some((r) => /\/highs\.[0-9a-f]{8}\.wasm$/.test(r.url)), "the worker asked for highs.wasm");
    assert.equal(await page.getByTestId("plan-card").getAttribute("data-status"), "none");
    assert.equal(await page.getByTestId("plan-status").count(), 0);
    assert.match(await page.getByTestId("plan-note").innerText(), /^The LP solver \(HiGHS\) could not be loaded in the pane \(its file highs\.wasm (was not found or is not WebAssembly|could not be fetched)\): no constrained plan this time; capacity and inventory are still shown\. Run again to retry\.$/);
    // Capacity and shortages are there all the same.
    assert.equal(await page.getByTestId("load-chart").getAttribute("data-resource"), "WC-20 Machining");
    assert.ok((await page.getByTestId("shortage").count()) > 0);
    await noAxeProblems(page, "supply step without a plan");
    await screenshot(page, "36-supply-no-solver-light");
  });

  it("a workbook with blocking errors shows the findings with addresses and offers no download (dark theme, keyboard only)", async () => {
    // Two header columns claim the same month in Actuals.
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet("Actuals");
    a.addRow(["Item", "Family", "2025-01", "2025-02", "2025-02", "2025-03", "2025-04"]);
    a.addRow(["A-1", "Pumps", 10, 12, 13, 11, 9]);
    a.addRow(["A-2", "Pumps", 5, 6, 6, 7, 8]);
    const f = wb.addWorksheet("Sales EU");
    f.addRow(["Item", "2025-05", "2025-06"]);
    f.addRow(["A-1", 10, 11]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());

    const page = await newPage("dark");
    assert.equal(await page.locator("[data-theme=dark]").count(), 1, "dark theme from prefers-color-scheme");
    await screenshot(page, "11-open-dark");

    // Keyboard only: Tab to "Open workbook…", Enter opens the file chooser.
    await page.locator("body").focus();
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) !== "open-button"; i++) await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "open-button", "Open workbook… is reachable with Tab");
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Enter")]);
    await chooser.setFiles({ name: "blocked.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: bytes });
    await page.getByTestId("check-status").waitFor({ timeout: SLOW });
    assert.match(await page.getByTestId("check-status").innerText(), /1 blocking error[\s\S]*Fix the cells listed, then run again/);
    const error = page.locator("[data-testid=finding][data-severity=error]");
    assert.equal(await error.count(), 1);
    assert.equal(await error.getByTestId("finding-address").innerText(), "Actuals!E1");
    assert.match(await error.getByTestId("finding-message").innerText(), /2025-02 appears twice/);
    await noAxeProblems(page, "data step with errors (dark)");
    await screenshot(page, "12-data-blocked-dark");

    // Keyboard only: from the Data step button, Tab to Run, Enter; Tab to the run button, Enter.
    await page.getByTestId("step-data").focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "step-run");
    await page.keyboard.press("Enter");
    await page.getByTestId("run").waitFor();
    for (let i = 0; i < 12 && (await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) !== "run"; i++) await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "run", "the run button is reachable with Tab");
    await page.keyboard.press("Enter");
    await page.locator("[data-testid=run-result][data-state=blocked]").waitFor({ timeout: SLOW });
    const result = await page.getByTestId("run-result").innerText();
    assert.match(result, /Nothing was written/);
    assert.match(result, /Fix the cells listed, then run again/);
    assert.match(await page.getByTestId("run-errors").getByTestId("finding-address").innerText(), /^Actuals!E1$/);
    assert.equal(await page.getByTestId("download").count(), 0, "no download when blocked");
    await noAxeProblems(page, "run blocked (dark)");
    await screenshot(page, "13-run-blocked-dark");
  });

  it("says plainly when a file dropped on the pane is not a workbook", async () => {
    const page = await newPage("light");
    const dropped = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["Item,Qty\nA,1\n"], "notes.xlsx", { type: "text/plain" }));
      return dt;
    });
    await page.getByTestId("pane").dispatchEvent("drop", { dataTransfer: dropped });
    await page.getByTestId("message").waitFor({ timeout: SLOW });
    const text = await page.getByTestId("message").innerText();
    assert.match(text, /The workbook could not be opened/);
    assert.match(text, /notes\.xlsx is not an \.xlsx workbook/);
    assert.match(text, /Choose another file/);
    assert.equal(await page.getByTestId("check-status").count(), 0);
    await noAxeProblems(page, "open error");
    await screenshot(page, "08-open-error-light");
  });

  it("in the whole session, asks for nothing but its own files and Office.js from the Office CDN, under a CSP without 'unsafe-eval', and nothing is refused", async function () {
    if (session.length === 0) {
      console.log("      (skipped: run with the other end-to-end tests; it checks their session)");
      this.skip();
    }
    // The policy: our scripts, Office.js from the CDN, WebAssembly compilation; never eval, inline script or plugins.
    const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]));
    assert.deepEqual(directives.get("script-src"), ["'self'", "https://appsforoffice.microsoft.com/lib/1/hosted/", "'wasm-unsafe-eval'"]);
    assert.deepEqual(directives.get("connect-src"), ["'self'"]);
    assert.deepEqual(directives.get("object-src"), ["'none'"]);
    assert.deepEqual(directives.get("base-uri"), ["'self'"]);
    assert.deepEqual(directives.get("worker-src"), ["'self'"]);
    assert.ok(!csp.includes("'unsafe-eval'") && !directives.has("frame-ancestors"), csp);

    // Every request of the session: the local server's files, and the Office.js tag (allowed by the CSP, aborted offline).
    const foreign = foreignRequests(session, server!.url);
    assert.deepEqual(foreign, [], "every request goes to the local server, except Office.js from the Office CDN");
    assert.ok(session.includes(OFFICE_JS), "the CSP lets the Office.js tag through (it is then aborted: no network)");
    const files = new Set(session.filter((u) => u.startsWith(`${server!.url}/`)).map((u) => new URL(u).pathname.replace(/\.[0-9a-f]{8}\./, ".")));
    for (const f of ["/taskpane.html", "/vendor.js", "/taskpane.js", "/sop-engine.js", "/xlsx.js", "/zip.js", "/highs.js", "/highs.wasm", "/reviews.js"]) assert.ok(files.has(f), `${f} was fetched (${[...files].join(", ")})`);
    console.log(`      ${session.length} requests in the session: ${[...files].sort().join(", ")}, and ${OFFICE_JS} (aborted)`);

    // Nothing the pane did was refused, in the page or in its workers (reports are posted asynchronously: give them a moment).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepEqual(violations, [], "no CSP violation in the session");
    assert.deepEqual(server!.cspReports, [], "no CSP violation reported by the page or its workers");

    // And the policy is in force: a script injected into the page (inline, or from a data: URL) does not run, and is reported.
    const probe = await browser!.newContext();
    try {
      const page = await probe.newPage();
      await offline(page);
      await page.goto(`${server!.url}/taskpane.html`);
      await page.getByTestId("mode").waitFor({ timeout: 10_000 });
      const ran = await page.evaluate(async () => {
        const w = window as unknown as { __injected?: string[] };
        w.__injected = [];
        const blocked: string[] = [];
        document.addEventListener("securitypolicyviolation", (e) => blocked.push(e.effectiveDirective));
        const inline = document.createElement("script");
        inline.textContent = "window.__injected.push('inline')";
        document.head.appendChild(inline);
        const data = document.createElement("script");
        data.src = "data:text/javascript,window.__injected.push('data')";
        document.head.appendChild(data);
        await new Promise((resolve) => setTimeout(resolve, 300));
        return { ran: w.__injected, blocked };
      });
      assert.deepEqual(ran.ran, [], "injected scripts do not run");
      // Each is refused by both copies of the policy (the <meta> and the header).
      assert.ok(ran.blocked.length >= 2 && ran.blocked.every((d) => d === "script-src-elem"), ran.blocked.join(", "));
    } finally {
      await probe.close();
    }
  });
});
