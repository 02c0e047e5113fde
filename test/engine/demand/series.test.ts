import assert from "node:assert/strict";
import { itemRows, monthOfPeriod, monthlyTable } from "../../../src/engine/demand/series";
import { table } from "./helpers";

const weeks = (year: number, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-W${String(from + i).padStart(2, "0")}`);

describe("demand: series helpers", () => {
  it("a week belongs to the month of its Thursday", () => {
    assert.deepEqual(monthOfPeriod({ kind: "week", year: 2025, num: 1 }), { kind: "month", year: 2025, num: 1 }); // Thu 2 Jan 2025
    assert.deepEqual(monthOfPeriod({ kind: "week", year: 2020, num: 53 }), { kind: "month", year: 2020, num: 12 }); // Thu 31 Dec 2020
    assert.deepEqual(monthOfPeriod({ kind: "week", year: 2025, num: 5 }), { kind: "month", year: 2025, num: 1 }); // Thu 30 Jan
    assert.deepEqual(monthOfPeriod({ kind: "week", year: 2025, num: 6 }), { kind: "month", year: 2025, num: 2 }); // Thu 6 Feb
  });

  it("weekly → monthly: weeks summed, blanks add nothing, all blank → no value", () => {
    const t = monthlyTable(table(weeks(2025, 1, 9), [["A", null, [1, 2, null, 4, 5, 10, 10, 10, 10]], ["B", null, [null, null, null, null, null, 1, null, null, null]]], { kind: "week" }));
    assert.equal(t.kind, "month");
    assert.deepEqual(t.periods, ["2025-01", "2025-02"]);
    assert.deepEqual([...t.values], [12, 40, NaN, 1]);
  });

  it("weekly → monthly: the first and last months are left blank when only some of their weeks are there", () => {
    // W02 starts after January's first week; W07 ends before February's last (W09).
    const t = monthlyTable(table(weeks(2025, 2, 7), [["A", null, [1, 1, 1, 1, 1, 1]]], { kind: "week" }));
    assert.deepEqual(t.periods, ["2025-01", "2025-02"]);
    assert.deepEqual([...t.values], [NaN, NaN]);
  });

  it("monthly tables pass through unchanged", () => {
    const m = table(["2025-01"], [["A", null, [3]]]);
    assert.equal(monthlyTable(m), m);
  });

  it("rows of one item grouped in order of first appearance, family the first non-blank", () => {
    const g = itemRows(table(["2025-01"], [["B", null, [1]], ["A", "F1", [1]], ["B", " F2 ", [1]], ["A", "F9", [1]]]));
    assert.deepEqual(g.items, ["B", "A"]);
    assert.deepEqual(g.rows, [[0, 2], [1, 3]]);
    assert.deepEqual(g.families, ["F2", "F1"]);
  });
});
