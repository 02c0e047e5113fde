/**
 * The Scenarios step rendered to HTML (React's server renderer, no browser; Fluent's style tags
 * left out): the comparison chart and table with their numbers, the recommendation, the
 * strategies, the scenarios that did not run, each mode, and the empty state.
 */
import assert from "node:assert/strict";
import { createElement } from "react";
import { lazyReviewSteps } from "../../src/taskpane/components/LazyPanels";
import { MeetingPanel } from "../../src/taskpane/components/MeetingPanel";
import { ScenariosPanel, type ScenariosPanelProps } from "../../src/taskpane/components/ScenariosPanel";
import { mount } from "./domPane";
import { MEETING, SCENARIOS } from "./reviewFixtures";
import { renderHtml, text } from "./renderPane";

function render(props: Partial<ScenariosPanelProps>): string {
  const all: ScenariosPanelProps = {
    mode: "standalone",
    summary: SCENARIOS,
    written: { sheets: [{ requested: "SOP Scenarios", written: "SOP Scenarios" }], target: "plan.sop.xlsx", notes: [] },
    mapped: true,
    ...props,
  };
  return renderHtml(createElement(ScenariosPanel, all));
}

/** The visible text of a table row (`data-metric`) of a table (`data-testid`). */
function row(html: string, table: string, metric: string): string {
  const t = html.slice(html.indexOf(`data-testid="${table}"`));
  const start = t.indexOf(`data-metric="${metric}"`);
  assert.ok(start >= 0, `${table} has a ${metric} row`);
  return text(t.slice(start, t.indexOf("</tr>", start))).replace(/^[^>]*>\s*/, "").trim();
}

describe("task pane: the Scenarios step, rendered", () => {
  it("standalone: the headline, the recommendation with its rule, the chart, the sheet named as text", () => {
    const html = render({});
    const t = text(html);
    assert.match(t, /6 scenarios compared with the baseline \(revenue 257 M, margin 94\.4 M, fill rate 100\.0 %\): 4 ran, 2 did not\./);
    assert.match(t, /The details are in the sheet SOP Scenarios of the result workbook \(Run step: download\)\./);
    assert.doesNotMatch(html, /open-scenarios/, "no sheet links outside Excel");
    assert.match(html, /data-testid="recommendation" data-scenario="Price increase 3 %"/);
    assert.match(t, /Price increase 3 % Recommended Price increase 3 %: margin 97,514,928 \(\+3,074,502 vs the baseline\), the highest of the 5 scenarios/);
    assert.match(t, /Recommended: the highest margin among the scenarios \(baseline included\) with a fill rate of at least 95 %\./);

    assert.match(html, /<svg role="img" aria-label="Margin and revenue against the baseline, by scenario: Summer promotion, margin \+1\.83 M, revenue \+5\.11 M; Add a shift on WC-20, margin \+60\.7 k, revenue 0; Price increase 3 % \(recommended\), margin \+3\.07 M, revenue \+5\.31 M; Lose a customer, margin \u2212900 k, revenue \u22122\.40 M\."/);
    assert.equal(html.match(/data-testid="scenario-bars"/g)?.length, 4);
    assert.deepEqual([...html.matchAll(/data-testid="scenario-bars" data-scenario="([^"]+)" data-recommended="true"/g)].map((m) => m[1]), ["Price increase 3 %"]);
    assert.match(html, /data-testid="scenario-margin" data-value="-900000"/);
    assert.match(t, /Margin vs baseline Revenue vs baseline/);
  });

  it("the table: every figure of the baseline and of each scenario that ran, with its delta and whether it is better", () => {
    const html = render({});
    assert.deepEqual(
      [...html.slice(html.indexOf('data-testid="scenario-table"'), html.indexOf("</thead>", html.indexOf('data-testid="scenario-table"'))).matchAll(/<th scope="col"[^>]*data-column="([^"]+)"/g)].map((m) => m[1]),
      ["Baseline", "Summer promotion", "Add a shift on WC-20", "Price increase 3 %", "Lose a customer"],
    );
    assert.equal(row(html, "scenario-table", "revenue"), "Revenue 257 M 262 M +5.11 M 257 M 0 262 M +5.31 M 255 M \u22122.40 M");
    assert.equal(row(html, "scenario-table", "margin"), "Margin 94.4 M 96.3 M +1.83 M 94.5 M +60.7 k 97.5 M +3.07 M 93.5 M \u2212900 k");
    assert.equal(row(html, "scenario-table", "marginPct"), "Margin % 36.8 % 36.7 % 0.0 pts 36.8 % 0.0 pts 37.2 % +0.4 pts 36.8 % 0.0 pts");
    assert.equal(row(html, "scenario-table", "fillRate"), "Fill rate 100.0 % 100.0 % 0.0 pts 100.0 % 0.0 pts 100.0 % 0.0 pts 97.9 % \u22122.1 pts");
    assert.equal(row(html, "scenario-table", "unmetUnits"), "Unmet demand 0 0 0 0 0 0 0 1,234 +1,234");
    assert.equal(row(html, "scenario-table", "extraCost"), "Overtime + outsourcing 28.1 k 66.1 k +38.0 k 12.5 k \u221215.6 k 28.1 k 0 40.1 k +12.0 k");
    assert.equal(row(html, "scenario-table", "shortages"), "Shortages 3 5 +2 1 \u22122 3 0 3 0");
    // Better and worse: more shortages is worse, fewer is better; the margin of the recommended scenario is better.
    const shortages = html.slice(html.indexOf('data-metric="shortages"'));
    assert.deepEqual([...shortages.slice(0, shortages.indexOf("</tr>")).matchAll(/data-tone="(\w+)"/g)].map((m) => m[1]), ["worse", "better", "same", "same"]);
    assert.match(html, /data-column="Price increase 3 %">Price increase 3 %<span[^>]*>recommended<\/span>/);
    // The table scrolls on its own, by keyboard too, named by its caption (kept outside, at the pane's width).
    const caption = /<span id="([^"]+)"[^>]*data-testid="scenario-table-caption"[^>]*>Each scenario&#x27;s figures over the plan, with the change against the baseline under each\.<\/span>/.exec(html);
    assert.ok(caption, "the table's caption");
    assert.match(html, new RegExp(`role="region" aria-labelledby="${caption[1]}" tabindex="0" data-testid="scenario-table-scroll"><table [^>]*aria-labelledby="${caption[1]}"`));
  });

  it("the production strategies side by side, the scenarios that did not run and why, the levers", () => {
    const html = render({});
    const t = text(html);
    assert.match(t, /The baseline planned three ways\. Highest margin with a fill rate of at least 95 %: Chase\./);
    assert.equal(row(html, "strategy-table", "margin"), "Margin 91.1 M 94.5 M 94.4 M");
    assert.equal(row(html, "strategy-table", "fillRate"), "Fill rate 99.8 % 100.0 % 100.0 %");
    assert.equal(row(html, "strategy-table", "endingInventoryValue"), "Ending inventory 5.08 M 2.62 M 2.62 M");
    assert.equal(row(html, "strategy-table", "overtimeHours"), "Overtime hours 612 1,673 624");
    assert.match(t, /Level: the same production every month for each family\. Chase: production follows demand every month\. Optimal: the constrained supply plan \(LP\)\./);
    assert.match(html, /data-testid="scenario-not-run" data-scenario="Typo scenario" data-status="skipped"/);
    assert.match(t, /Skipped Typo scenario Skipped: Lever “demand %%” in row 9 is not a lever/);
    assert.match(t, /Failed Too much Failed: The LP solver found no feasible plan/);
    assert.equal(html.match(/data-testid="scenario" /g)?.length, 4);
    assert.match(t, /Summer promotion Pumps demand \+15 % in 2027-05 … 2027-08: \+4,941\.7 units Accessories demand \+6 %/);
  });

  it("Excel: the sheet opens, under the name it was written", () => {
    const html = render({ mode: "excel", onActivate: () => undefined, written: { sheets: [{ requested: "SOP Scenarios", written: "SOP Scenarios (2)" }], target: "this workbook", notes: [] } });
    assert.match(html, /data-testid="open-scenarios"[^>]*>Open SOP Scenarios \(2\)</);
    assert.doesNotMatch(text(html), /of the result workbook/);
  });

  it("no scenario ran: what to map, or why the mapped ones did not run; nothing else", () => {
    const none = render({ summary: null, mapped: false });
    assert.match(text(none), /No scenarios ran in this cycle: no scenarios range is mapped\. To compare scenarios, add a table with the columns Scenario, Lever, Scope, From, To and Value/);
    assert.doesNotMatch(none, /scenario-chart|scenario-table|recommendation/);
    const mapped = render({ summary: null, mapped: true, state: "not run: no solver or capacity" });
    assert.match(text(mapped), /No scenarios ran in this cycle \(no solver or capacity\)\. Scenarios re-run the constrained supply plan/);
  });

  it("only scenarios that did not run: no chart, the table has the baseline alone", () => {
    const html = render({ summary: { ...SCENARIOS, scenarios: SCENARIOS.scenarios.filter((s) => s.status !== "ok"), recommendation: { ...SCENARIOS.recommendation, scenario: null, reason: "" } } });
    const t = text(html);
    assert.match(t, /No scenario ran: there is nothing to compare with the baseline\./);
    assert.doesNotMatch(html, /data-testid="scenario-chart"/);
    assert.match(t, /No scenario is recommended/);
    assert.equal(row(html, "scenario-table", "revenue"), "Revenue 257 M");
  });
});

describe("task pane: the Scenarios and Meeting steps load on demand (linkedom)", () => {
  it("show Loading… until their chunk is there, then the steps", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { ScenariosStep, MeetingStep } = lazyReviewSteps(async () => {
      await gate;
      return { ScenariosPanel, MeetingPanel };
    });
    const pane = await mount(
      createElement("div", null, createElement(ScenariosStep, { mode: "standalone", summary: SCENARIOS, written: null, mapped: true }), createElement(MeetingStep, { mode: "standalone", summary: MEETING, written: null })),
    );
    try {
      assert.equal(pane.all("step-loading").length, 2);
      release();
      await pane.settle();
      assert.equal(pane.all("step-loading").length, 0, "both steps loaded");
      assert.match(pane.get("scenarios-headline").textContent ?? "", /^6 scenarios compared with the baseline/);
      assert.match(pane.get("meeting-headline").textContent ?? "", /^Cycle 2026-11: 3 decisions to approve/);
    } finally {
      await pane.unmount();
    }
  });

  it("a chunk that does not load: the step says so in a sentence", async () => {
    const { ScenariosStep } = lazyReviewSteps(() => Promise.reject(new Error("Loading chunk reviews failed")));
    const pane = await mount(createElement(ScenariosStep, { mode: "standalone", summary: SCENARIOS, written: null, mapped: true }));
    try {
      await pane.settle();
      assert.match(pane.get("step-not-loaded").textContent ?? "", /^This step could not be loaded.*Part of the pane did not load \(Loading chunk reviews failed\)\. Nothing is lost/);
    } finally {
      await pane.unmount();
    }
  });
});
