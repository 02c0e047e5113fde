/** The frozen plan: family lines from the supply plan, item lines from the MPS, revenue by hand; the consensus when there is no plan. */
import assert from "node:assert/strict";
import { freezePlan } from "../../../src/engine/execution/frozenPlan";
import { buildMps } from "../../../src/engine/execution/mps";
import type { InventoryRow, PriceRow } from "../../../src/engine/inputs";
import { arr, consensusOf, entityPlan, supplyPlanOf } from "./helpers";

const periods = ["2026-11", "2026-12"];
const consensus = consensusOf(periods, [
  ["A", "F", [60, 50]],
  ["B", "F", [40, 50]],
]);
const prices: PriceRow[] = [
  { item: "A", price: 10, unitCost: 6, period: null },
  { item: "B", price: 20, unitCost: 12, period: null },
];

describe("execution: freezePlan", () => {
  it("freezes the family plan (production includes outsourced units), the MPS items, and revenue at the consensus-weighted family price", () => {
    const plan = supplyPlanOf("family", periods, [entityPlan("F", "F", { demand: [100, 100], production: [90, 100], outsourced: [10, 0], served: [100, 95], inventory: [50, 55] })]);
    const mps = buildMps({ periods, items: consensus.items, plan, inventory: [] });
    const frozen = freezePlan(plan, consensus, mps, { cycle: "2026-11", frozenAt: "2026-11-05T08:00:00.000Z", prices });
    assert.equal(frozen.basis, "supply plan");
    assert.match(frozen.basisNote, /per family \(HiGHS \(test\)\)/);
    const f = frozen.families[0]!;
    assert.deepEqual(arr(f.demand), [100, 100]);
    assert.deepEqual(arr(f.sales), [100, 95]);
    assert.deepEqual(arr(f.production), [100, 100]);
    assert.deepEqual(arr(f.inventory), [50, 55]);
    // Family price: (10 × 60 + 20 × 40) / 100 = 14, then (10 × 50 + 20 × 50) / 100 = 15 → 100 × 14, 95 × 15.
    assert.deepEqual(arr(f.revenue!), [1400, 1425]);
    // Items: the MPS (mix 60 / 40, then 50 / 50), sales = demand (nothing unmet), revenue = sales × price.
    const [a, b] = frozen.items;
    assert.deepEqual(arr(a!.production), [60, 50]);
    assert.deepEqual(arr(a!.sales), [60, 50]);
    assert.deepEqual(arr(a!.revenue!), [600, 500]);
    assert.deepEqual(arr(b!.revenue!), [800, 1000]);
    assert.deepEqual(arr(frozen.total.revenue!), [1400, 1425]);
    assert.equal(frozen.total.key, "(total)");
  });

  it("without a constrained plan the frozen plan is the consensus: sales = production = demand, inventory stays at on hand; and it says so", () => {
    const inventory: InventoryRow[] = [
      { item: "A", onHand: 50, safetyStock: 0, targetDays: null },
      { item: "B", onHand: 30, safetyStock: 0, targetDays: null },
    ];
    const mps = buildMps({ periods, items: consensus.items, plan: null, inventory });
    const frozen = freezePlan(null, consensus, mps, { cycle: "2026-11", frozenAt: "t", planNote: "No LP solver was available in this run." });
    assert.equal(frozen.basis, "consensus");
    assert.match(frozen.basisNote, /^No constrained plan: the frozen plan is the consensus.*No LP solver/);
    const f = frozen.families[0]!;
    assert.deepEqual(arr(f.sales), [100, 100]);
    assert.deepEqual(arr(f.production), [100, 100]);
    assert.deepEqual(arr(f.inventory), [80, 80]);
    assert.equal(f.revenue, null);
  });

  it("an item plan's items are summed into their families", () => {
    const plan = supplyPlanOf("item", periods, [
      entityPlan("A", "F", { demand: [60, 50], production: [60, 40], served: [60, 50], inventory: [5, 0] }),
      entityPlan("B", "F", { demand: [40, 50], production: [45, 50], served: [40, 50], inventory: [5, 5] }),
    ]);
    const mps = buildMps({ periods, items: consensus.items, plan, inventory: [] });
    const frozen = freezePlan(plan, consensus, mps, { cycle: "2026-11", frozenAt: "t" });
    assert.deepEqual(arr(frozen.families[0]!.production), [105, 90]);
    assert.deepEqual(arr(frozen.families[0]!.inventory), [10, 5]);
    assert.match(frozen.basisNote, /per item/);
  });
});
