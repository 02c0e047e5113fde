import assert from "node:assert/strict";
import { statisticalForecast } from "../../../src/engine/demand/statisticalForecast";
import { forecast } from "../../../src/engine/forecast/index";
import { Z80, Z95 } from "../../../src/engine/forecast/types";
import { allFinite, months, table } from "./helpers";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
const P24 = months("2024-01", 24); // 2024-01 … 2025-12; the cycle 2026-01 follows
const seasonal = (n: number, base = 100): number[] => Array.from({ length: n }, (_, i) => base + 20 * Math.sin((2 * Math.PI * i) / 12) + (i % 5));

describe("demand: statistical forecast", () => {
  it("plans the cycle and the months after it", () => {
    const r = statisticalForecast(table(P24, [["A", "F1", seasonal(24)]]), "2026-01", 3);
    assert.deepEqual(r.periods, ["2026-01", "2026-02", "2026-03"]);
    assert.equal(r.cycle, "2026-01");
    assert.equal(r.items[0]!.point.length, 3);
  });

  it("a launch item: the blanks before launch are dropped, the same forecast as on its 14 values", () => {
    const values = seasonal(14, 80);
    const r = statisticalForecast(table(P24, [["L", "F1", [...Array<null>(10).fill(null), ...values]]]), "2026-01", 6);
    const f = r.items[0]!;
    assert.equal(f.historyLength, 14);
    assert.equal(f.observations, 14);
    assert.deepEqual(f.flags, []);
    const direct = forecast(values, { period: 12, horizon: 6 });
    assert.deepEqual([...f.point], [...direct.point]);
    assert.equal(f.method, direct.method);
    assert.equal(f.reason, direct.reason);
    assert.ok(f.holdout !== null && f.holdout.points >= 1, "auto records the holdout error");
  });

  it("a launch with fewer than 12 values is flagged short history", () => {
    const r = statisticalForecast(table(P24, [["L", null, [...Array<null>(16).fill(null), 5, 6, 7, 8, 9, 10, 11, 12]]]), "2026-01", 4);
    assert.deepEqual(r.items[0]!.flags, ["short history"]);
    assert.equal(r.items[0]!.historyLength, 8);
    assert.equal(r.counts.shortHistory, 1);
  });

  it("a new item (no actual at all): no forecast, zeros, flagged, method none", () => {
    const r = statisticalForecast(table(P24, [["N", "F1", Array<null>(24).fill(null)]]), "2026-01", 5);
    const f = r.items[0]!;
    assert.deepEqual(f.flags, ["new item"]);
    assert.equal(f.method, "none");
    assert.equal(f.holdout, null);
    assert.equal(f.historyLength, 0);
    assert.deepEqual([...f.point, ...f.lower80, ...f.upper80], Array<number>(15).fill(0));
    assert.equal(r.counts.newItems, 1);
  });

  it("discontinued?: the last 6 months zero or blank after earlier sales; 5 are not enough", () => {
    const stopped = [...seasonal(18), 0, null, 0, 0, null, 0];
    const five = [...seasonal(19), 0, 0, 0, 0, 0];
    const neverSold = Array<number>(24).fill(0);
    const r = statisticalForecast(table(P24, [["D", null, stopped], ["E", null, five], ["Z", null, neverSold]]), "2026-01", 3);
    assert.deepEqual(r.items.map((f) => f.flags), [["discontinued?"], [], []]);
    assert.equal(r.counts.discontinued, 1);
    assert.equal(r.items[0]!.observations, 22);
  });

  it("gaps are missing: a blank inside and the months between the last column and the cycle", () => {
    const v: (number | null)[] = seasonal(24);
    v[5] = null;
    // Actuals end 2025-12; cycle 2026-04: three missing months at the end, not "discontinued?".
    const r = statisticalForecast(table(P24, [["A", null, v]]), "2026-04", 2);
    const f = r.items[0]!;
    assert.equal(f.historyLength, 27);
    assert.equal(f.observations, 23);
    assert.deepEqual(f.flags, []);
    assert.deepEqual(r.periods, ["2026-04", "2026-05"]);
    const direct = forecast([...v.map((x) => x ?? Number.NaN), NaN, NaN, NaN], { period: 12, horizon: 2 });
    assert.deepEqual([...f.point], [...direct.point]);
  });

  it("actuals in the cycle's month or later are not history", () => {
    const r = statisticalForecast(table(P24, [["A", null, seasonal(24)]]), "2025-07", 2, { method: "naive" });
    assert.equal(r.items[0]!.historyLength, 18);
    assert.equal(r.items[0]!.point[0], seasonal(18)[17]);
  });

  it("several rows of one item (one per customer) are summed; blank + value = value", () => {
    const r = statisticalForecast(
      table(months("2025-01", 3), [["A", "F1", [1, 2, 3]], ["A", null, [10, null, 30]]]),
      "2025-04",
      2,
      { method: "naive" },
    );
    assert.equal(r.items.length, 1);
    assert.equal(r.items[0]!.family, "F1");
    assert.deepEqual([...r.items[0]!.point], [33, 33]);
  });

  it("family totals: Σ point, interval by root-sum-square of the half-widths (independence)", () => {
    // Naive: σ = 2 for 10,12,10,12,… and σ = 3 for 20,23,20,23,…; last values 12 and 23.
    const a = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 10 : 12));
    const b = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? 20 : 23));
    const c = Array.from({ length: 12 }, () => 7);
    const r = statisticalForecast(
      table(months("2025-01", 12), [["A", "Fam", a], ["B", " Fam ", b], ["C", null, c]], { attributeName: "FAMILY" }),
      "2026-01",
      2,
      { method: "naive" },
    );
    assert.deepEqual(r.families.map((f) => [f.family, f.items]), [["Fam", 2], ["(no family)", 1]]);
    const fam = r.families[0]!;
    for (let h = 1; h <= 2; h++) {
      const w80 = Z80 * Math.sqrt(h) * Math.sqrt(2 * 2 + 3 * 3);
      const w95 = Z95 * Math.sqrt(h) * Math.sqrt(2 * 2 + 3 * 3);
      close(fam.point[h - 1]!, 35);
      close(fam.upper80[h - 1]!, 35 + w80);
      close(fam.lower80[h - 1]!, 35 - w80);
      close(fam.upper95[h - 1]!, 35 + w95);
      // Less than the sum of the items' half-widths (Z80·√h·5).
      assert.ok(w80 < Z80 * Math.sqrt(h) * 5);
    }
    assert.deepEqual([...r.families[1]!.point], [7, 7]);
    close(r.total.point[0]!, 42);
    close(r.total.upper80[0]!, 42 + Z80 * Math.sqrt(13));
    assert.equal(r.total.items, 3);
  });

  it("records method, params and reason per item; holdout null for a fixed method", () => {
    const r = statisticalForecast(table(P24, [["A", null, seasonal(24)]]), "2026-01", 3, { method: "ses" });
    const f = r.items[0]!;
    assert.equal(f.method, "ses");
    assert.ok("alpha" in f.params);
    assert.ok(f.reason.length > 0);
    assert.equal(f.holdout, null);
    assert.deepEqual(r.counts.byMethod, { ses: 1 });
  });

  it("weekly actuals are summed into months (a week counts in the month of its Thursday)", () => {
    // 2025-W01 … W09 = January (W01–W05) and February (W06–W09) 2025.
    const weeks = Array.from({ length: 9 }, (_, i) => `2025-W${String(i + 1).padStart(2, "0")}`);
    const r = statisticalForecast(table(weeks, [["A", null, [1, 1, 1, 1, 1, 2, 2, 2, 2]]], { kind: "week" }), "2025-03", 1, { method: "naive" });
    assert.equal(r.items[0]!.historyLength, 2);
    assert.equal(r.items[0]!.point[0], 8);
  });

  it("reports progress every 100 items and at the end", () => {
    const rows = Array.from({ length: 250 }, (_, i) => [`I${i}`, null, [1, 2, 3]] as const);
    const calls: [number, number][] = [];
    statisticalForecast(table(months("2025-01", 3), rows), "2025-04", 2, { method: "naive", onProgress: (d, t) => calls.push([d, t]) });
    assert.deepEqual(calls, [[100, 250], [200, 250], [250, 250]]);
  });

  it("never NaN; empty inputs, an invalid cycle and a zero horizon do not throw", () => {
    const odd = [NaN, 5, NaN, NaN, -3, 1e6, 0, NaN, 2, 2, NaN, 7];
    const r = statisticalForecast(table(months("2025-01", 12), [["A", null, odd], ["B", null, Array<null>(12).fill(null)]]), "2026-01", 18);
    for (const f of [...r.items, ...r.families, r.total]) assert.ok(allFinite(f.point, f.lower80, f.upper80, f.lower95, f.upper95));
    for (const f of r.items) assert.ok(allFinite(Object.values(f.params)));

    const empty = statisticalForecast(table([], []), "2026-01", 18);
    assert.deepEqual(empty.items, []);
    assert.deepEqual(empty.families, []);
    assert.equal(empty.total.point.length, 18);
    assert.ok(allFinite(empty.total.point, empty.total.lower80, empty.total.upper95));

    const noPeriods = statisticalForecast(table([], [["A", null, []]]), "2026-01", 3);
    assert.deepEqual(noPeriods.items[0]!.flags, ["new item"]);

    const badCycle = statisticalForecast(table(P24, [["A", null, seasonal(24)]]), "next month", 18);
    assert.deepEqual(badCycle.periods, []);
    assert.equal(badCycle.items[0]!.point.length, 0);

    const zero = statisticalForecast(table(P24, [["A", null, seasonal(24)]]), "2026-01", 0);
    assert.deepEqual(zero.periods, []);
    assert.equal(zero.items[0]!.point.length, 0);
  });
});

describe("demand: seasonality borrowed from the family", () => {
  // Season factors (mean 1) by calendar month, January first.
  const S = [0.7, 0.75, 0.9, 1.0, 1.15, 1.35, 1.5, 1.4, 1.1, 0.9, 0.7, 0.55];
  const per = months("2024-05", 30); // 30 months: too short for an item's own 90 % test (36)
  const season = (p: string): number => S[Number(p.slice(5, 7)) - 1]!;

  it("items too short for their own test take the family's indices: base × factor of the month", () => {
    const rows: [string, string, number[]][] = [["P1", "Pumps", per.map((p) => 100 * season(p))], ["P2", "Pumps", per.map((p) => 40 * season(p))], ["P3", "Pumps", per.map((p) => 250 * season(p))]];
    const sf = statisticalForecast(table(per, rows), "2026-11", 12);
    for (const [i, base] of [[0, 100], [1, 40], [2, 250]] as const) {
      const it = sf.items[i]!;
      assert.match(it.reason, /seasonality of its family Pumps \(F-test p < 0\.001\)/);
      sf.periods.forEach((p, k) => assert.ok(Math.abs(it.point[k]! / (base * season(p)) - 1) < 1e-6, `${it.item} ${p}: ${it.point[k]} vs ${base * season(p)}`));
    }
  });

  it("a family without a season, an intermittent item and a fixed method keep their own forecast", () => {
    let seed = 7;
    const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 20;
    const flat = per.map(() => 100 + noise());
    const lumpy = per.map((_, t) => (t % 4 === 0 ? 30 : 0));
    const sf = statisticalForecast(table(per, [["V1", "Valves", flat], ["S1", "Pumps", lumpy], ["S2", "Pumps", per.map((p) => 100 * season(p))]]), "2026-11", 6);
    assert.doesNotMatch(sf.items[0]!.reason, /family/);
    assert.doesNotMatch(sf.items[1]!.reason, /family/, "intermittent demand stays with SBA/TSB");
    const fixed = statisticalForecast(table(per, [["S2", "Pumps", per.map((p) => 100 * season(p))]]), "2026-11", 6, { method: "ses" });
    assert.doesNotMatch(fixed.items[0]!.reason, /family/);
  });
});
