/**
 * The Supply step rendered to HTML (React's server renderer, no browser; Fluent's style tags
 * left out): what each mode shows, with and without a plan. Picking a resource is in test/e2e.
 */
import assert from "node:assert/strict";
import { createElement } from "react";
import { SupplyPanel, type SupplyPanelProps } from "../../src/taskpane/components/SupplyPanel";
import type { ResourceView, SupplySummary } from "../../src/workbook/supplyStep";
import { renderHtml, text } from "./renderPane";

const PERIODS = ["2027-05", "2027-06", "2027-07", "2027-08"];

const machining: ResourceView = {
  resource: "WC-20 Machining",
  unit: "hours",
  load: [3594, 3901, 3336, 3539],
  available: [3329, 3485, 3485, 2509],
  utilisation: [1.0796, 1.1194, 0.9572, 1.4105],
  status: ["short", "short", "at risk", "short"],
  peakUtilisation: 1.4105,
  address: "A20",
};

const assembly: ResourceView = {
  resource: "WC-10 Assembly",
  unit: "hours",
  load: [11675, 12831, 13946, 11866],
  available: [17081, 17899, 17899, 12883],
  utilisation: [0.6835, 0.7169, 0.7791, 0.9211],
  status: ["ok", "ok", "ok", "ok"],
  peakUtilisation: 0.9211,
  address: "A13",
};

const summary: SupplySummary = {
  cycle: "2026-11",
  periods: PERIODS,
  resources: [assembly, machining],
  shortages: [
    { resource: "WC-20 Machining", period: "2027-08", gap: -1029.3, utilisation: 1.4105, text: "WC-20 Machining is short by 1,029 hours in 2027-08 (141 % loaded), mostly Pumps", sheet: "SOP Capacity", address: "A87" },
    { resource: "WC-20 Machining", period: "2027-06", gap: -415.9, utilisation: 1.1194, text: "WC-20 Machining is short by 416 hours in 2027-06 (112 % loaded), mostly Pumps", sheet: "SOP Capacity", address: "A88" },
  ],
  shortageCount: 3,
  atRiskCount: 1,
  plan: {
    status: "Optimal",
    explanation: "",
    solver: "HiGHS 1.15.1",
    fillRate: 0.987,
    unmetUnits: 1234.4,
    revenue: 256_933_802,
    margin: 94_440_426,
    overtimeHours: 623.57,
    outsourcedUnits: 0,
    endingInventoryValue: 2_618_065,
  },
  planNote: "",
  safetyStock: { currentInvestment: 2_341_794, recommendedInvestment: 5_958_027, change: 3_616_233, items: 320 },
  capacitySheet: "SOP Capacity",
  supplySheet: "SOP Supply Plan",
};

function render(props: Partial<SupplyPanelProps>): string {
  const all: SupplyPanelProps = {
    mode: "standalone",
    summary,
    written: { sheets: [{ requested: "SOP Capacity", written: "SOP Capacity" }], target: "plan.sop.xlsx", notes: [] },
    ...props,
  };
  return renderHtml(createElement(SupplyPanel, all));
}

describe("task pane: the Supply step, rendered", () => {
  it("standalone: the plan at a glance, capacity and safety stock, the chart of the resource most over capacity, shortages as text", () => {
    const html = render({});
    const t = text(html);
    assert.match(t, /Cycle 2026-11: the consensus against capacity and inventory over 2027-05 … 2027-08 \(4 months\)\./);
    assert.match(t, /The details are in the sheets SOP Capacity and SOP Supply Plan of the result workbook \(Run step: download\)\./);
    assert.match(html, /data-testid="plan-card" data-status="Optimal"/);
    assert.match(t, /Constrained plan Optimal Fill rate 98\.7 % Unmet demand 1,234 units Overtime 624 hours Margin 94\.4 M on revenue 257 M Solved with HiGHS 1\.15\.1\./);
    assert.match(t, /Capacity Over capacity 3 resource-months At risk 1 resource-month Resources 2 loaded by the consensus/);
    assert.match(t, /Safety stock Investment now 2\.34 M Recommended 5\.96 M Change \+3\.62 M 320 items/);
    assert.match(t, /2 resources; 1 over capacity in at least one month\./);
    assert.match(html, /<svg role="img" aria-label="Load vs available capacity, WC-20 Machining, in hours, 2027-05 … 2027-08 \(4 months\): over capacity in 2027-05 \(108 %\), 2027-06 \(112 %\), 2027-08 \(141 %\); at risk in 2027-07 \(96 %\); peak 141 % in 2027-08\."/);
    assert.match(t, /WC-20 Machining is over capacity in 3 months, peak 141 % in 2027-08; 1 more month at risk\./);
    assert.equal(html.match(/data-testid="load-bar"/g)?.length, 4);
    assert.equal(html.match(/data-state="short"/g)?.length, 3);
    assert.equal(html.match(/data-testid="risk-mark"/g)?.length, 1);
    assert.match(t, /3 resource-months are over capacity; 1 more is at risk\. Each names its row in SOP Capacity of the result workbook\./);
    assert.match(html, /data-testid="shortage-address">SOP Capacity!A87</);
    assert.match(t, /The 2 largest are listed; SOP Capacity lists all 3\./);
    assert.doesNotMatch(html, /shortage-select|open-capacity|select-resource/, "no links to cells or sheets outside Excel");
  });

  it("Excel: shortages select their row (on the sheet as renamed), the sheets open, the resource's row is one click away", () => {
    const html = render({
      mode: "excel",
      onSelect: () => undefined,
      onActivate: () => undefined,
      written: { sheets: [{ requested: "SOP Capacity", written: "SOP Capacity (2)" }], target: "this workbook", notes: [] },
    });
    assert.match(html, /<button[^>]*title="Select SOP Capacity \(2\)!A87 in the workbook"[^>]*data-testid="shortage-select"[^>]*>WC-20 Machining is short by 1,029 hours/);
    assert.match(html, /data-testid="open-capacity"[^>]*>Open SOP Capacity \(2\)</);
    assert.match(html, /data-testid="open-supply-plan"[^>]*>Open SOP Supply Plan</);
    assert.match(html, /data-testid="select-resource"[^>]*>Select WC-20 Machining in SOP Capacity \(2\)</);
    assert.match(text(html), /Select a shortage to go to its row\./);
  });

  it("no plan: the plan note says why; no resources: what to map", () => {
    const html = render({ summary: { ...summary, plan: null, planNote: "No capacity or bill of resources is mapped: the constrained plan needs both.", resources: [], shortages: [], shortageCount: 0, atRiskCount: 0, safetyStock: null } });
    const t = text(html);
    assert.match(html, /data-testid="plan-card" data-status="none"/);
    assert.doesNotMatch(html, /plan-status/);
    assert.match(t, /No capacity or bill of resources is mapped: the constrained plan needs both\./);
    assert.match(t, /No resource is loaded: map the capacity and the routing/);
    assert.match(t, /No resource-month is over capacity or at risk\./);
    assert.match(t, /No safety-stock review/);
    assert.doesNotMatch(html, /data-testid="load-chart"/);
  });
});
