import assert from "node:assert/strict";
import {
  SCENARIO_METRICS,
  STRATEGY_METRICS,
  bestStrategy,
  comparedScenarios,
  deltaExtent,
  deltaTone,
  describeScenarioChart,
  emptyScenariosText,
  formatDelta,
  formatValue,
  notRun,
  notRunText,
  recommendationTitle,
  scenarioBars,
  scenariosHeadline,
  strategyName,
} from "../../src/taskpane/scenariosView";
import { BASE, SCENARIOS } from "./reviewFixtures";

const metric = (key: string) => SCENARIO_METRICS.find((m) => m.key === key)!;

describe("task pane: the Scenarios step's words and numbers", () => {
  it("writes values: amounts in short, shares as percentages, units and counts whole", () => {
    assert.equal(formatValue("amount", 256_933_802), "257 M");
    assert.equal(formatValue("amount", 9_876), "9,876");
    assert.equal(formatValue("share", 0.36757), "36.8 %");
    assert.equal(formatValue("units", 1_234.4), "1,234");
    assert.equal(formatValue("count", 3), "3");
    assert.equal(formatValue("amount", Number.NaN), "n/a");
  });

  it("writes deltas signed: shares in points, a delta that rounds to zero without a sign", () => {
    assert.equal(formatDelta("amount", 5_112_668), "+5.11 M");
    assert.equal(formatDelta("amount", -900_000), "\u2212900 k");
    assert.equal(formatDelta("amount", 60_737), "+60.7 k");
    assert.equal(formatDelta("amount", 0.3), "0");
    assert.equal(formatDelta("share", 0.00428), "+0.4 pts");
    assert.equal(formatDelta("share", -0.00018), "0.0 pts");
    assert.equal(formatDelta("share", -0.021), "\u22122.1 pts");
    assert.equal(formatDelta("units", 1_234.4), "+1,234");
    assert.equal(formatDelta("count", -2), "\u22122");
    assert.equal(formatDelta("count", 0), "0");
  });

  it("tells whether a delta is better or worse, by the figure's direction", () => {
    assert.equal(deltaTone(metric("margin"), 1_830_826), "better");
    assert.equal(deltaTone(metric("revenue"), -2_400_000), "worse");
    assert.equal(deltaTone(metric("shortages"), 2), "worse");
    assert.equal(deltaTone(metric("shortages"), -2), "better");
    assert.equal(deltaTone(metric("marginPct"), -0.00018), "same", "−0.018 points is written 0.0");
    assert.equal(deltaTone(metric("peakUtilisation"), -2.2e-16), "same");
    assert.equal(deltaTone(metric("fillRate"), -0.021), "worse");
    assert.equal(deltaTone(metric("unmetUnits"), 1_234.4), "worse");
    assert.equal(deltaTone(metric("extraCost"), 0.2), "same");
  });

  it("the table's figures: overtime and outsourcing cost added up", () => {
    assert.deepEqual(
      SCENARIO_METRICS.map((m) => m.label),
      ["Revenue", "Margin", "Margin %", "Fill rate", "Unmet demand", "Peak utilisation", "Overtime + outsourcing", "Shortages"],
    );
    const lose = SCENARIOS.scenarios.find((s) => s.name === "Lose a customer")!;
    assert.equal(metric("extraCost").value(lose.metrics!), 28_060.72 + 12_000);
    assert.equal(metric("extraCost").value(lose.deltas!), 12_000);
    assert.deepEqual(
      STRATEGY_METRICS.map((m) => m.value(BASE)),
      [256_933_802, 94_440_426, 1, 0, 2_618_065, 1.1, 623.57],
    );
  });

  it("the columns: the baseline and the scenarios that ran; the others with their reason", () => {
    assert.deepEqual(
      comparedScenarios(SCENARIOS).map((s) => s.name),
      ["Baseline", "Summer promotion", "Add a shift on WC-20", "Price increase 3 %", "Lose a customer"],
    );
    assert.deepEqual(notRun(SCENARIOS).map(notRunText), ["Skipped: Lever “demand %%” in row 9 is not a lever", "Failed: The LP solver found no feasible plan"]);
  });

  it("the chart's bars, their extent, and what the chart says to a screen reader", () => {
    const bars = scenarioBars(SCENARIOS);
    assert.deepEqual(
      bars.map((b) => [b.name, b.margin, b.revenue, b.recommended]),
      [
        ["Summer promotion", 1_830_826, 5_112_668, false],
        ["Add a shift on WC-20", 60_737, 0, false],
        ["Price increase 3 %", 3_074_502, 5_308_305, true],
        ["Lose a customer", -900_000, -2_400_000, false],
      ],
    );
    assert.deepEqual(deltaExtent(bars), { min: -2_400_000, max: 5_308_305 });
    assert.deepEqual(deltaExtent([]), { min: 0, max: 0 });
    assert.equal(
      describeScenarioChart(bars),
      "Margin and revenue against the baseline, by scenario: Summer promotion, margin +1.83 M, revenue +5.11 M; Add a shift on WC-20, margin +60.7 k, revenue 0; Price increase 3 % (recommended), margin +3.07 M, revenue +5.31 M; Lose a customer, margin \u2212900 k, revenue \u22122.40 M.",
    );
    assert.equal(describeScenarioChart([]), "Margin and revenue against the baseline: no scenario ran.");
  });

  it("the headline, the recommendation's title, the strategies", () => {
    assert.equal(scenariosHeadline(SCENARIOS), "6 scenarios compared with the baseline (revenue 257 M, margin 94.4 M, fill rate 100.0 %): 4 ran, 2 did not.");
    const ran = { ...SCENARIOS, scenarios: SCENARIOS.scenarios.slice(0, 1) };
    assert.equal(scenariosHeadline(ran), "1 scenario compared with the baseline (revenue 257 M, margin 94.4 M, fill rate 100.0 %): every one ran.");
    assert.equal(recommendationTitle(SCENARIOS), "Price increase 3 %");
    assert.equal(recommendationTitle({ ...SCENARIOS, recommendation: { ...SCENARIOS.recommendation, scenario: "Baseline" } }), "Keep the baseline");
    assert.equal(recommendationTitle({ ...SCENARIOS, recommendation: { ...SCENARIOS.recommendation, scenario: null } }), "No scenario is recommended");
    assert.deepEqual(SCENARIOS.strategies.map((s) => strategyName(s.strategy)), ["Level", "Chase", "Optimal (LP)"]);
    // Chase's margin 94,469,936 beats the LP plan's 94,440,426 (capacity is not checked), both at a 100 % fill rate.
    assert.equal(bestStrategy(SCENARIOS), "chase");
    assert.equal(bestStrategy({ ...SCENARIOS, fillRateTarget: 1.01 }), null);
  });

  it("the empty state says what to map, or why mapped scenarios did not run", () => {
    assert.match(emptyScenariosText(false, null), /^No scenarios ran in this cycle: no scenarios range is mapped\. .*Scenario, Lever, Scope, From, To and Value.*1 · Data, and run again\.$/);
    assert.match(emptyScenariosText(true, "not run: no solver or capacity"), /^No scenarios ran in this cycle \(no solver or capacity\)\. Scenarios re-run the constrained supply plan/);
    assert.match(emptyScenariosText(true, null), /^No scenarios ran in this cycle\. /);
  });
});
