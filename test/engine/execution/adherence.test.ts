/** Adherence to a frozen plan, computed by hand: sales, production (by family and by item), inventory, flags and sentences. */
import assert from "node:assert/strict";
import { measureAdherence } from "../../../src/engine/execution/adherence";
import type { FrozenLine, FrozenPlan } from "../../../src/engine/execution/types";
import type { InventoryRow, SeriesTable } from "../../../src/engine/inputs";

const periods = ["2026-11", "2026-12"];
const line = (key: string, family: string, f: { sales: number[]; production: number[]; inventory: number[] }): FrozenLine => ({
  key,
  family,
  demand: Float64Array.from(f.sales),
  sales: Float64Array.from(f.sales),
  production: Float64Array.from(f.production),
  inventory: Float64Array.from(f.inventory),
  revenue: null,
});
const frozen: FrozenPlan = {
  cycle: "2026-11",
  frozenAt: "2026-11-05T08:00:00.000Z",
  periods,
  basis: "supply plan",
  basisNote: "",
  families: [line("Pumps", "Pumps", { sales: [10000, 8000], production: [9000, 9000], inventory: [5000, 6000] }), line("Valves", "Valves", { sales: [4000, 4000], production: [4000, 4000], inventory: [2000, 2000] })],
  items: [line("PMP-1", "Pumps", { sales: [6000, 5000], production: [0, 0], inventory: [0, 0] }), line("PMP-2", "Pumps", { sales: [4000, 3000], production: [0, 0], inventory: [0, 0] }), line("VLV-1", "Valves", { sales: [4000, 4000], production: [0, 0], inventory: [0, 0] })],
  total: line("(total)", "(total)", { sales: [14000, 12000], production: [13000, 13000], inventory: [7000, 8000] }),
};

function table(rows: [string, string | null, number[]][], ps: string[] = ["2026-10", "2026-11"]): SeriesTable {
  return { kind: "month", periods: ps, keys: rows.map((r) => r[0]), attributeNames: ["Family"], attributes: rows.map((r) => [r[1]]), values: Float64Array.from(rows.flatMap((r) => r[2])) };
}

const actuals = table([
  ["PMP-1", "Pumps", [1, 5000]],
  ["PMP-2", "Pumps", [1, 3760]],
  ["VLV-1", "Valves", [1, 4100]],
  ["ACC-1", "Accessories", [1, 50]],
]);
const inventory: InventoryRow[] = [
  { item: "PMP-1", onHand: 3000, safetyStock: null, targetDays: null },
  { item: "PMP-2", onHand: 1500, safetyStock: null, targetDays: null },
  { item: "VLV-1", onHand: 2600, safetyStock: null, targetDays: null },
];

describe("execution: measureAdherence", () => {
  it("sales: family deviations per closed month, adherence 1 − Σ|dev| / Σ plan, flags above 10 % with sentences", () => {
    const a = measureAdherence(frozen, actuals, null, null, ["2026-10", "2026-11"]);
    assert.deepEqual(a.periods, ["2026-11"]);
    const s = a.sales;
    // Pumps 5,000 + 3,760 = 8,760 vs 10,000: −1,240 (−12.4 %); Valves 4,100 vs 4,000: +100 (+2.5 %);
    // Accessories 50 with nothing planned. Plan 14,000, actual 12,910, Σ|dev| 1,390.
    assert.equal(s.plan, 14000);
    assert.equal(s.actual, 12910);
    assert.equal(s.deviation, -1090);
    assert.equal(s.absDeviation, 1390);
    assert.ok(Math.abs(s.adherence! - (1 - 1390 / 14000)) < 1e-12);
    assert.ok(Math.abs(s.deviationPct! - -1090 / 14000) < 1e-12);
    assert.deepEqual(
      s.families.map((f) => [f.family, f.deviation]),
      [
        ["Pumps", -1240],
        ["Valves", 100],
        ["Accessories", 50],
      ],
    );
    assert.equal(s.deviations[0]!.sentence, "Pumps sold 1,240 below plan in 2026-11 (\u221212.4 %)");
    assert.deepEqual(
      s.flagged.map((d) => d.sentence),
      ["Pumps sold 1,240 below plan in 2026-11 (\u221212.4 %)", "Accessories sold 50 in 2026-11 with no sales planned"],
    );
    assert.equal(s.deviations[1]!.sentence, "Valves sold 100 above plan in 2026-11 (+2.5 %)");
    assert.match(s.sentence, /^Sales adherence 90\.1 % over 2026-11: 1,090 units below plan \(\u22127\.8 %\); 2 of 3 family-months flagged \(\|deviation\| > 10\.0 %\)\.$/);
    assert.equal(a.production, null);
    assert.equal(a.inventory, null);
    assert.ok(a.notes.some((n) => n.code === "no-production"));
    assert.ok(a.notes.some((n) => n.code === "flagged" && /2 deviations/.test(n.message)));
  });

  it("production by family and inventory at the end of the last closed month; exactly 10 % is not flagged", () => {
    const production = table([
      ["pumps", null, [0, 9800]],
      ["Valves", null, [0, 3500]],
    ]);
    const a = measureAdherence(frozen, actuals, production, inventory, ["2026-11"]);
    const p = a.production!;
    // Pumps 9,800 vs 9,000: +800 (+8.9 %); Valves 3,500 vs 4,000: −500 (−12.5 %, flagged).
    assert.equal(p.plan, 13000);
    assert.equal(p.actual, 13300);
    assert.equal(p.absDeviation, 1300);
    assert.ok(Math.abs(p.adherence! - 0.9) < 1e-12);
    assert.deepEqual(
      p.deviations.map((d) => d.sentence),
      ["Pumps produced 800 above plan in 2026-11 (+8.9 %)", "Valves produced 500 below plan in 2026-11 (\u221212.5 %)"],
    );
    assert.deepEqual(
      p.flagged.map((d) => d.family),
      ["Valves"],
    );
    const i = a.inventory!;
    // Pumps 3,000 + 1,500 = 4,500 vs 5,000 planned at the end of 2026-11: −500 (−10.0 %, not above 10 %);
    // Valves 2,600 vs 2,000: +600 (+30.0 %, flagged).
    assert.deepEqual(i.periods, ["2026-11"]);
    assert.equal(i.plan, 7000);
    assert.equal(i.actual, 7100);
    assert.ok(Math.abs(i.adherence! - (1 - 1100 / 7000)) < 1e-12);
    assert.deepEqual(
      i.deviations.map((d) => [d.family, d.deviation, d.flagged]),
      [
        ["Valves", 600, true],
        ["Pumps", -500, false],
      ],
    );
    assert.equal(i.deviations[0]!.sentence, "Valves held 600 above the planned inventory at the end of 2026-11 (+30.0 %)");
  });

  it("production by item rolls up to the frozen plan's families; unknown keys are reported; a family without production is not measured", () => {
    const production = table([
      ["PMP-1", null, [0, 5000]],
      ["PMP-2", null, [0, 4000]],
      ["XYZ-9", null, [0, 10]],
    ]);
    const a = measureAdherence(frozen, actuals, production, null, ["2026-11"], { threshold: 0.05 });
    const p = a.production!;
    assert.deepEqual(
      p.families.map((f) => [f.family, f.plan, f.actual]),
      [
        ["(no family)", 0, 10],
        ["Pumps", 9000, 9000],
      ],
    );
    assert.ok(a.notes.some((n) => n.code === "unmatched-keys" && /XYZ-9/.test(n.message)));
    assert.ok(a.notes.some((n) => n.code === "no-production" && /Valves 2026-11/.test(n.message)));
    assert.equal(a.threshold, 0.05);
    assert.equal(p.deviations.find((d) => d.family === "Pumps")!.sentence, "Pumps produced as planned in 2026-11");
  });

  it("no closed month of the frozen plan: nothing measured, and a note", () => {
    const a = measureAdherence(frozen, actuals, null, inventory, ["2026-10"]);
    assert.deepEqual(a.periods, []);
    assert.equal(a.sales.deviations.length, 0);
    assert.equal(a.inventory, null);
    assert.ok(a.notes.some((n) => n.code === "no-closed-period"));
  });

  it("weekly actuals are summed into months", () => {
    // 2026-11: ISO weeks W45–W48 have their Thursday in November (W44's Thursday is 29 October, W49's 3 December).
    const weeks = ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48", "2026-W49"];
    const weekly: SeriesTable = { kind: "week", periods: weeks, keys: ["VLV-1"], attributeNames: ["Family"], attributes: [["Valves"]], values: Float64Array.from([9, 1000, 1000, 1000, 1000, 9]) };
    const a = measureAdherence(frozen, weekly, null, null, ["2026-11"]);
    assert.equal(a.sales.families.find((f) => f.family === "Valves")!.actual, 4000);
    assert.equal(a.sales.families.find((f) => f.family === "Pumps")!.actual, 0);
  });
});
