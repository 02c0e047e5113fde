import assert from "node:assert/strict";
import { buildConsensus } from "../../../src/engine/demand/consensus";
import { statisticalForecast } from "../../../src/engine/demand/statisticalForecast";
import type { SeriesTable } from "../../../src/engine/inputs";
import { allFinite, months, table } from "./helpers";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
const PLAN = ["2026-01", "2026-02", "2026-03"];
// Naive statistical forecast: A → 100, B → 50 in every plan period; N1 has no history.
const actuals = table(months("2025-01", 12), [
  ["A", "F1", Array<number>(12).fill(100)],
  ["B", "F2", Array<number>(12).fill(50)],
  ["N1", "F1", Array<null>(12).fill(null)],
]);
const stat = statisticalForecast(actuals, "2026-01", 3, { method: "naive" });
const version = (rows: Parameters<typeof table>[1]): SeriesTable => table(PLAN, rows);
const item = (c: ReturnType<typeof buildConsensus>, key: string) => c.items.find((i) => i.item === key)!;

describe("demand: consensus", () => {
  it("no contributor: the statistical forecast, rule statistical", () => {
    const c = buildConsensus({ statistical: stat, contributors: new Map(), periods: PLAN });
    assert.equal(c.rule, "replace");
    assert.deepEqual([...item(c, "A").consensus], [100, 100, 100]);
    assert.deepEqual(item(c, "A").rules.map((r) => r.label), ["statistical", "statistical", "statistical"]);
    assert.deepEqual(item(c, "A").flags, []);
  });

  it("replace, one contributor: its entry where it has one (a 0 is an entry), the statistical elsewhere", () => {
    const sales = version([["A", "F1", [null, 120, 0]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales]]), periods: PLAN });
    const a = item(c, "A");
    assert.deepEqual([...a.consensus], [100, 120, 0]);
    assert.deepEqual(a.rules, [{ code: "statistical", label: "statistical" }, { code: "contributor", label: "Sales" }, { code: "contributor", label: "Sales" }]);
    assert.deepEqual(c.contributors, ["Sales"]);
  });

  it("replace, two contributors: the mean where both have an entry; a version's rows of one item are summed", () => {
    const sales = version([["A", "F1", [60, 120, null]], ["A", "F1", [60, null, null]]]); // two customers: 120 in January
    const marketing = version([["A", "F1", [90, null, 80]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales], ["Marketing", marketing]]), periods: PLAN });
    const a = item(c, "A");
    assert.deepEqual([...a.consensus], [105, 120, 80]);
    assert.deepEqual(a.rules.map((r) => r.label), ["mean of Marketing, Sales", "Sales", "Marketing"]);
    assert.equal(a.rules[0]!.code, "mean");
    assert.deepEqual(c.contributors, ["Marketing", "Sales"]);
  });

  it("weighted: Σ w·F / Σ w over the statistical and the contributors present (hand-computed)", () => {
    const sales = version([["A", "F1", [120, 120, null]]]);
    const marketing = version([["A", "F1", [90, null, null]]]);
    const weights = new Map([["Statistical", 3], ["Sales", 1]]); // Marketing: no weight → 1
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales], ["Marketing", marketing]]), periods: PLAN, rule: "weighted", weights });
    const a = item(c, "A");
    close(a.consensus[0]!, (3 * 100 + 1 * 120 + 1 * 90) / 5); // 102
    close(a.consensus[1]!, (3 * 100 + 1 * 120) / 4); // 105
    close(a.consensus[2]!, 100);
    assert.deepEqual(a.rules.map((r) => r.label), ["weighted: Statistical 0.6, Marketing 0.2, Sales 0.2", "weighted: Statistical 0.75, Sales 0.25", "statistical"]);
    assert.equal(c.codeCounts.weighted, 2);
  });

  it("weighted: a non-positive weight excludes its version unless all are non-positive (then equal); names match case-insensitively", () => {
    const sales = version([["A", "F1", [120, 120, 120]]]);
    const marketing = version([["A", "F1", [90, 90, null]]]);
    const contributors = new Map([["Sales", sales], ["Marketing", marketing]]);
    const c = buildConsensus({ statistical: stat, contributors, periods: PLAN, rule: "weighted", weights: new Map([["statistical", 0.6], ["SALES", 0.4], ["Marketing", 0]]) });
    const a = item(c, "A");
    close(a.consensus[0]!, 0.6 * 100 + 0.4 * 120); // 108, Marketing left out
    assert.equal(a.rules[0]!.label, "weighted: Statistical 0.6, Sales 0.4");
    const allOut = buildConsensus({ statistical: stat, contributors, periods: PLAN, rule: "weighted", weights: new Map([["Statistical", 0], ["Sales", -1], ["Marketing", 0]]) });
    close(item(allOut, "A").consensus[2]!, 110); // Statistical 100 and Sales 120, equally
    assert.equal(item(allOut, "A").rules[2]!.label, "weighted: Statistical 0.5, Sales 0.5");
    const onlySales = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales]]), periods: PLAN, rule: "weighted", weights: new Map([["Statistical", 0]]) });
    assert.deepEqual(item(onlySales, "A").rules[0], { code: "contributor", label: "Sales" });
    assert.equal(item(onlySales, "A").consensus[0], 120);
  });

  it("a new item only in Sales is included, with its Sales family and the flag 'new item: Sales entry'", () => {
    const sales = version([["N2", "F3", [30, 30, 30]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales]]), periods: PLAN });
    const n2 = item(c, "N2");
    assert.equal(n2.isNew, true);
    assert.equal(n2.family, "F3");
    assert.deepEqual([...n2.consensus], [30, 30, 30]);
    assert.deepEqual(n2.flags, ["new item: Sales entry"]);
    assert.deepEqual(c.items.map((i) => i.item), ["A", "B", "N1", "N2"]);
  });

  it("new items without any entry get 0 and 'new item without any forecast'; a partial entry flags the periods at 0", () => {
    const sales = version([["N3", null, [null, null, null]], ["N4", "F4", [null, 7, null]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales]]), periods: PLAN });
    for (const key of ["N1", "N3"]) {
      const n = item(c, key);
      assert.deepEqual([...n.consensus], [0, 0, 0]);
      assert.deepEqual(n.flags, ["new item without any forecast"]);
      assert.deepEqual(n.rules.map((r) => r.code), ["none", "none", "none"]);
    }
    assert.equal(item(c, "N3").family, "(no family)");
    assert.deepEqual(item(c, "N4").flags, ["new item: Sales entry", "no forecast in 2 of 3 periods: 0"]);
    assert.deepEqual([...item(c, "N4").consensus], [0, 7, 0]);
  });

  it("a new item's statistical zeros never enter the weighted mean", () => {
    const sales = version([["N1", "F1", [40, null, null]]]);
    const marketing = version([["N1", "F1", [20, null, null]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales], ["Marketing", marketing]]), periods: PLAN, rule: "weighted", weights: new Map([["Sales", 3]]) });
    const n1 = item(c, "N1");
    close(n1.consensus[0]!, (3 * 40 + 20) / 4);
    assert.equal(n1.rules[0]!.label, "weighted: Marketing 0.25, Sales 0.75");
    assert.deepEqual(n1.flags, ["new item: Marketing, Sales entries", "no forecast in 2 of 3 periods: 0"]);
  });

  it("counts per rule and family totals", () => {
    const sales = version([["A", "F1", [120, null, null]], ["N2", "F1", [5, 5, 5]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales]]), periods: PLAN });
    assert.deepEqual(c.codeCounts, { statistical: 5, contributor: 4, mean: 0, weighted: 0, none: 3 });
    assert.deepEqual(c.ruleCounts, [
      { code: "statistical", label: "statistical", count: 5 },
      { code: "contributor", label: "Sales", count: 4 },
      { code: "none", label: "no forecast", count: 3 },
    ]);
    assert.deepEqual(c.families.map((f) => [f.family, f.items, [...f.consensus]]), [
      ["F1", 3, [125, 105, 105]],
      ["F2", 1, [50, 50, 50]],
    ]);
    assert.deepEqual([...c.total.consensus], [175, 155, 155]);
    assert.equal(c.total.items, 4);
  });

  it("versions named Statistical or Consensus are not contributors", () => {
    const other = version([["A", "F1", [1, 1, 1]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Consensus", other], ["statistical", other]]), periods: PLAN });
    assert.deepEqual([...item(c, "A").consensus], [100, 100, 100]);
    assert.deepEqual(c.contributors, []);
  });

  it("never NaN; empty inputs do not throw", () => {
    const sales = version([["A", null, [NaN, Infinity, 3]], ["X", null, [NaN, NaN, NaN]]]);
    const c = buildConsensus({ statistical: stat, contributors: new Map([["Sales", sales]]), periods: [...PLAN, "2026-04"], rule: "weighted" });
    for (const i of c.items) assert.ok(allFinite(i.consensus));
    assert.deepEqual([...item(c, "A").consensus], [100, 100, 51.5, 0]); // Infinity is no entry; 2026-04 is beyond the statistical horizon
    assert.deepEqual(item(c, "A").flags, ["no forecast in 1 of 4 periods: 0"]);
    const emptyStat = statisticalForecast(table([], []), "2026-01", 3);
    const e = buildConsensus({ statistical: emptyStat, contributors: new Map(), periods: [] });
    assert.deepEqual(e.items, []);
    assert.deepEqual(e.families, []);
    assert.equal(e.total.consensus.length, 0);
    const e2 = buildConsensus({ statistical: emptyStat, contributors: new Map([["Sales", table([], [])]]), periods: PLAN });
    assert.deepEqual(e2.items, []);
    assert.deepEqual([...e2.total.consensus], [0, 0, 0]);
  });
});
