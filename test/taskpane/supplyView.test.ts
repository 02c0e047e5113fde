import assert from "node:assert/strict";
import { capacityReading, describeLoad, firstResource, loadMonths, monthCounts, planStatusColor, shortageHeadline, unitWord } from "../../src/taskpane/supplyView";
import type { ResourceView } from "../../src/workbook/supplyStep";

const PERIODS = ["2027-04", "2027-05", "2027-06", "2027-07", "2027-08"];

/** A resource over the five months: utilisation = load / available, by hand. */
function resource(over: Partial<ResourceView> = {}): ResourceView {
  return {
    resource: "WC-20 Machining",
    unit: "hours",
    load: [3165, 3594, 3901, 3336, 3539],
    available: [3485, 3329, 3485, 3485, 2509],
    // 3165/3485, 3594/3329, 3901/3485, 3336/3485, 3539/2509
    utilisation: [0.908, 1.0796, 1.1194, 0.9572, 1.4105],
    status: ["ok", "short", "short", "at risk", "short"],
    peakUtilisation: 1.4105,
    address: "A20",
    ...over,
  };
}

describe("task pane: the Supply step's words and numbers", () => {
  it("a resource month by month; a status the pane does not know counts as ok", () => {
    const months = loadMonths(resource({ status: ["ok", "short", "weird", "at risk", "no capacity"], available: [3485, 3329, 3485, 3485, null], load: [1, 2, 3, Number.NaN, 5] }), PERIODS);
    assert.deepEqual(
      months.map((m) => [m.period, m.load, m.available, m.state]),
      [
        ["2027-04", 1, 3485, "ok"],
        ["2027-05", 2, 3329, "short"],
        ["2027-06", 3, 3485, "ok"],
        ["2027-07", 0, 3485, "at risk"],
        ["2027-08", 5, null, "no capacity"],
      ],
    );
  });

  it("months over capacity, at risk and without capacity, and the peak (the first on a tie)", () => {
    assert.deepEqual(monthCounts(loadMonths(resource(), PERIODS)), { short: 3, atRisk: 1, noCapacity: 0, peak: { utilisation: 1.4105, period: "2027-08" } });
    const tie = resource({ utilisation: [0.5, 0.9, 0.9, null, null], status: ["ok", "ok", "ok", "no capacity", "no capacity"] });
    assert.deepEqual(monthCounts(loadMonths(tie, PERIODS)), { short: 0, atRisk: 0, noCapacity: 2, peak: { utilisation: 0.9, period: "2027-05" } });
  });

  it("the resource the chart opens on: most months over capacity, then the highest peak", () => {
    const calm = resource({ resource: "WC-10 Assembly", status: ["ok", "ok", "ok", "ok", "ok"], utilisation: [0.5, 0.6, 0.7, 0.8, 0.92] });
    const risky = resource({ resource: "WC-70 Winding", status: ["ok", "at risk", "ok", "ok", "ok"], utilisation: [0.5, 0.99, 0.7, 0.8, 0.9] });
    const castings = resource({ resource: "MAT-Castings", unit: "units", status: ["ok", "ok", "ok", "ok", "short"], utilisation: [0.7, 0.8, 0.9, 0.9, 1.14] });
    assert.equal(firstResource({ periods: PERIODS, resources: [calm, risky, castings, resource()] }), "WC-20 Machining");
    assert.equal(firstResource({ periods: PERIODS, resources: [calm, risky] }), "WC-70 Winding"); // no shortage: 99 % > 92 %
    assert.equal(firstResource({ periods: PERIODS, resources: [calm, calm] }), "WC-10 Assembly");
    assert.equal(firstResource({ periods: PERIODS, resources: [] }), "");
    assert.equal(unitWord("units"), "units");
    assert.equal(unitWord(null), "hours");
  });

  it("the reading in one line: over capacity, at risk only, within, no capacity known", () => {
    assert.equal(capacityReading(resource(), PERIODS), "WC-20 Machining is over capacity in 3 months, peak 141 % in 2027-08; 1 more month at risk.");
    assert.equal(
      capacityReading(resource({ status: ["ok", "short", "short", "ok", "short"] }), PERIODS),
      "WC-20 Machining is over capacity in 3 months, peak 141 % in 2027-08.",
    );
    const winding = resource({ resource: "WC-70 Winding", status: ["ok", "at risk", "at risk", "ok", "ok"], utilisation: [0.81, 0.96, 0.96, 0.94, 0.84] });
    assert.equal(capacityReading(winding, PERIODS), "WC-70 Winding is within capacity, but 2 months are at risk of overload; peak 96 % in 2027-05.");
    const oneRisk = resource({ status: ["ok", "ok", "ok", "at risk", "ok"], utilisation: [0.5, 0.6, 0.7, 0.95, 0.9] });
    assert.match(capacityReading(oneRisk, PERIODS), /but 1 month is at risk of overload; peak 95 % in 2027-07\.$/);
    const calm = resource({ status: ["ok", "ok", "ok", "ok", "no capacity"], utilisation: [0.5, 0.6, 0.7, 0.8, null] });
    assert.equal(capacityReading(calm, PERIODS), "WC-20 Machining is within capacity in every month, peak 80 % in 2027-07. No capacity figure for 1 month.");
    const none = resource({ status: PERIODS.map(() => "no capacity"), utilisation: PERIODS.map(() => null), available: PERIODS.map(() => null) });
    assert.equal(capacityReading(none, PERIODS), "WC-20 Machining has no capacity figure for the plan's months: its load cannot be compared with capacity.");
  });

  it("describes the chart for a screen reader", () => {
    assert.equal(
      describeLoad(resource(), PERIODS),
      "Load vs available capacity, WC-20 Machining, in hours, 2027-04 … 2027-08 (5 months): over capacity in 2027-05 (108 %), 2027-06 (112 %), 2027-08 (141 %); at risk in 2027-07 (96 %); peak 141 % in 2027-08.",
    );
    const none = resource({ resource: "MAT-Castings", unit: "units", status: PERIODS.map(() => "no capacity"), utilisation: PERIODS.map(() => null) });
    assert.equal(describeLoad(none, PERIODS), "Load vs available capacity, MAT-Castings, in units, 2027-04 … 2027-08 (5 months): never over capacity; no capacity figure.");
  });

  it("the plan's status and the shortage list's headline", () => {
    assert.equal(planStatusColor("Optimal"), "success");
    assert.equal(planStatusColor("Limit reached"), "warning");
    assert.equal(planStatusColor("Infeasible"), "danger");
    assert.equal(planStatusColor("Error"), "danger");
    assert.equal(shortageHeadline(4, 6), "4 resource-months are over capacity; 6 more are at risk.");
    assert.equal(shortageHeadline(1, 0), "1 resource-month is over capacity.");
    assert.equal(shortageHeadline(0, 1), "No resource-month is over capacity, but 1 is at risk.");
    assert.equal(shortageHeadline(0, 0), "No resource-month is over capacity or at risk.");
  });
});
