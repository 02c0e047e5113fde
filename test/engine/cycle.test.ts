import assert from "node:assert/strict";
import { clampHorizon, isCycleId, lastPeriodWithData, resolveCycle } from "../../src/engine/cycle";
import type { SeriesTable } from "../../src/engine/inputs";

function table(kind: "month" | "week", periods: string[], values: number[]): SeriesTable {
  return { kind, periods, keys: ["A"], attributeNames: [], attributes: [[]], values: Float64Array.from(values) };
}

describe("engine/cycle", () => {
  it("the cycle is the month after the last period with data", () => {
    const t = table("month", ["2026-08", "2026-09", "2026-10", "2026-11"], [1, 2, 3, Number.NaN]);
    assert.equal(lastPeriodWithData(t), "2026-10");
    assert.deepEqual(resolveCycle(t), { cycle: "2026-11", lastActual: "2026-10" });
    assert.deepEqual(resolveCycle(t, "2027-01"), { cycle: "2027-01", lastActual: "2026-10" });
    assert.deepEqual(resolveCycle(table("month", ["2025-12"], [5])), { cycle: "2026-01", lastActual: "2025-12" });
  });
  it("weekly history: the month of the last week's Thursday, plus one", () => {
    // 2026-W44: Monday 2026-10-26, Thursday 2026-10-29 → October → cycle 2026-11.
    assert.equal(resolveCycle(table("week", ["2026-W44"], [1])).cycle, "2026-11");
    // 2026-W05: Thursday 2026-01-29 → January → 2026-02; 2026-W53: Thursday 2026-12-31 → 2027-01.
    assert.equal(resolveCycle(table("week", ["2026-W05"], [1])).cycle, "2026-02");
    assert.equal(resolveCycle(table("week", ["2026-W53"], [1])).cycle, "2027-01");
    // 2025-W01: Thursday 2025-01-02 (the week starts 2024-12-30) → 2025-02.
    assert.equal(resolveCycle(table("week", ["2025-W01"], [1])).cycle, "2025-02");
  });
  it("no data gives no cycle; horizons are clamped to 12–24", () => {
    assert.deepEqual(resolveCycle(table("month", ["2026-01"], [Number.NaN])), { cycle: "", lastActual: null });
    assert.equal(clampHorizon(undefined), 18);
    assert.equal(clampHorizon(6), 12);
    assert.equal(clampHorizon(30), 24);
    assert.ok(isCycleId("2026-11"));
    assert.ok(!isCycleId("2026-13"));
  });
});
