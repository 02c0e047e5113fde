import assert from "node:assert/strict";
import { familyBudget } from "../../../src/engine/finance/budget";
import { budgetGap } from "../../../src/engine/finance/budgetGap";
import { financials } from "../../../src/engine/finance/financials";
import { months } from "../demand/helpers";
import { CLOSED, CONSENSUS, PLAN, PRICES, actuals, assertNoNaN, budgetTable, close, supplyPlan } from "./fixtures";

const BUDGET_MONTHS = months("2026-01", 15); // 2026-01 … 2027-03
/** A: 150 a month in 2026, 100 in 2027; B: 400 a month, but 0 in 2026-12. */
const BUDGET = budgetTable(BUDGET_MONTHS, [
  ["A", BUDGET_MONTHS.map((m) => (m < "2027" ? 150 : 100))],
  ["B", BUDGET_MONTHS.map((m) => (m === "2026-12" ? 0 : 400))],
]);

function fin(supply = true) {
  return financials({
    cycle: "2026-10",
    periods: PLAN,
    items: CONSENSUS,
    prices: PRICES,
    actuals: actuals(),
    supply: supply ? supplyPlan("family", PLAN, { A: [12, 20, 40], B: [110, 10, 60] }) : null,
  });
}

describe("finance/budgetGap", () => {
  it("gaps by family and month: actuals in closed months, plan after, budget months outside reported", () => {
    const g = budgetGap({ financials: fin(), budget: BUDGET, budgetMeasure: "revenue" });
    assert.equal(g.year, 2026);
    assert.deepEqual(g.months, BUDGET_MONTHS);
    assert.deepEqual(g.plans.map((p) => p.name), ["consensus", "constrained"]);
    const A = g.plans[0]!.families[0]!;
    assert.equal(A.family, "A");
    // Closed months: actual 160 vs 150.
    assert.deepEqual(A.byMonth[0], { month: "2026-01", basis: "actual", budget: 150, value: 160, gap: 10, gapPct: 10 / 150 });
    // Plan months: 200, 300, 500 vs 150.
    assert.deepEqual(
      A.byMonth.slice(9, 12).map((c) => [c.basis, c.value, c.gap]),
      [
        ["plan", 200, 50],
        ["plan", 300, 150],
        ["plan", 500, 350],
      ],
    );
    // 2027: neither actuals nor plan: budget shown, no comparison.
    assert.deepEqual(A.byMonth[12], { month: "2027-01", basis: "none", budget: 100, value: null, gap: null, gapPct: null });
    assert.deepEqual(g.uncoveredMonths, ["2027-01", "2027-02", "2027-03"]);
    assert.ok(g.issues.some((i) => i.code === "budget-outside" && /2027-01, 2027-02, 2027-03/.test(i.message)));
    // B in 2026-12: budget 0 → gap 330, gap % null.
    const B = g.plans[0]!.families[1]!;
    assert.deepEqual(B.byMonth[11], { month: "2026-12", basis: "plan", budget: 0, value: 330, gap: 330, gapPct: null });
    assert.equal(B.byMonth[0]!.gap, -20);
    // Total per month.
    assert.equal(g.plans[0]!.total.byMonth[0]!.value, 540);
    assert.equal(g.plans[0]!.total.byMonth[0]!.budget, 550);
    assert.equal(g.plans[0]!.total.byMonth[13]!.value, null);
  });

  it("year to date (actuals of the closed months only) and full year (actuals + plan), cycle in mid-year", () => {
    const g = budgetGap({ financials: fin(), budget: BUDGET, budgetMeasure: "revenue" });
    assert.deepEqual(g.yearToDateMonths, CLOSED);
    assert.deepEqual(g.fullYearMonths, [...CLOSED, ...PLAN]);
    const [cons, constr] = g.plans;
    const [A, B] = cons!.families;
    assert.deepEqual(A!.yearToDate, { months: CLOSED, budget: 1350, value: 1440, gap: 90, gapPct: 90 / 1350 });
    assert.deepEqual({ ...A!.fullYear, months: A!.fullYear.months.length }, { months: 12, budget: 1800, value: 2440, gap: 640, gapPct: 640 / 1800 });
    close(B!.yearToDate.gap, -180);
    close(B!.yearToDate.gapPct, -0.05);
    close(B!.fullYear.value, 3420 + 990);
    close(B!.fullYear.budget, 4400);
    close(B!.fullYear.gap, 10);
    close(cons!.total.yearToDate.gap, -90);
    close(cons!.total.fullYear.gap, 650);
    // Year to date is the same for both plans (no plan month in it); the full year differs.
    assert.deepEqual(constr!.total.yearToDate, cons!.total.yearToDate);
    const Ak = constr!.families[0]!;
    close(Ak.fullYear.value, 1440 + 160 + 240 + 500);
    close(Ak.fullYear.gap, 2340 - 1800);
    assert.match(g.basis.yearToDate, /closed months 2026-01 … 2026-09.*actuals only/);
    assert.match(g.basis.fullYear, /actual revenue of 2026-01 … 2026-09 \+ plan of 2026-10 … 2026-12/);
    assertNoNaN(g);
  });

  it("a volume budget is compared with quantities, not revenue", () => {
    const b = budgetTable(months("2026-01", 12), [["A", new Array<number>(12).fill(12)]]);
    const g = budgetGap({ financials: fin(false), budget: b, budgetMeasure: "volume" });
    assert.equal(g.measure, "volume");
    const A = g.plans[0]!.families[0]!;
    assert.deepEqual(A.yearToDate, { months: CLOSED, budget: 108, value: 108, gap: 0, gapPct: 0 });
    // Plan quantities A: 15, 25, 40.
    assert.deepEqual(A.byMonth.slice(9).map((c) => c.value), [15, 25, 40]);
    assert.equal(A.fullYear.value, 188);
    assert.equal(A.fullYear.gap, 44);
    // B has no budget row: budget 0, gap = plan, gap % null.
    const B = g.plans[0]!.families[1]!;
    assert.equal(B.family, "B");
    assert.equal(B.fullYear.budget, 0);
    assert.equal(B.fullYear.value, 70 * 9 + 180);
    assert.equal(B.fullYear.gapPct, null);
    assert.match(g.basis.yearToDate, /actual volume \(units\)/);
  });

  it("item rows roll up to their family; unknown keys stay as their own family; blanks read as 0", () => {
    const m = months("2026-10", 3);
    const b = budgetTable(m, [
      ["a", [100, 100, 100]], // family name, case-insensitive
      ["a2", [50, null, 0]], // an item of A
      ["Z", [10, 10, 10]], // neither
    ]);
    const f = fin(false);
    const t = familyBudget(b, "revenue", f.itemFamilies, ["A", "B"]);
    assert.deepEqual(
      t.families.map((x) => [x.family, x.keys, x.values]),
      [
        ["A", ["a", "a2"], [150, 100, 100]],
        ["Z", ["Z"], [10, 10, 10]],
      ],
    );
    assert.ok(t.issues.some((i) => i.code === "budget-unknown-key" && /Z/.test(i.message)));
    assert.ok(t.issues.some((i) => i.code === "budget-blank" && /1 blank budget cell/.test(i.message)));
    const g = budgetGap({ financials: f, budget: b, budgetMeasure: "revenue" });
    const names = g.plans[0]!.families.map((x) => x.family);
    assert.deepEqual(names, ["A", "Z", "B"]);
    const Z = g.plans[0]!.families[1]!;
    assert.deepEqual(Z.byMonth.map((c) => c.gap), [-10, -10, -10]);
    // The budget covers only Oct–Dec 2026: the year to date is empty, the full year is Oct–Dec; both said.
    assert.deepEqual(g.yearToDateMonths, []);
    assert.deepEqual(g.fullYearMonths, m);
    assert.ok(g.issues.some((i) => i.code === "budget-incomplete" && /9 months of 2026/.test(i.message)));
    close(g.plans[0]!.total.fullYear.gap, 1990 - (350 + 30));
  });

  it("a January cycle: the year to date is empty and says so", () => {
    const f = financials({ cycle: "2027-01", periods: ["2027-01"], items: [{ item: "a1", family: "A", consensus: Float64Array.from([3]) }], prices: PRICES });
    const g = budgetGap({ financials: f, budget: BUDGET, budgetMeasure: "revenue" });
    const A = g.plans[0]!.families[0]!;
    assert.deepEqual(A.yearToDate, { months: [], budget: 0, value: 0, gap: 0, gapPct: null });
    assert.deepEqual(A.fullYear.months, ["2027-01"]);
    assert.equal(A.fullYear.gap, 30 - 100);
    assert.match(g.basis.yearToDate, /empty/);
    // 2026 budget months are before the cycle's year: not compared, reported.
    assert.equal(g.uncoveredMonths.length, 14);
  });

  it("no budget: no throw, empty months, an info issue", () => {
    const g = budgetGap({ financials: fin(), budget: null, budgetMeasure: "revenue" });
    assert.deepEqual(g.months, []);
    assert.ok(g.issues.some((i) => i.code === "no-budget"));
    assert.equal(g.plans[0]!.total.fullYear.gapPct, null);
    assertNoNaN(g);
  });
});
