import assert from "node:assert/strict";
import type { SnapshotRow } from "../../../src/engine/inputs";
import { Z80 } from "../../../src/engine/forecast/types";
import { fromStatistical, leadTimeError, leadTimeSnapshots, wholeMonths } from "../../../src/engine/inventory/leadTimeError";
import { months, table } from "../demand/helpers";

const close = (a: number | null | undefined, b: number, tol = 1e-9): void => {
  assert.ok(typeof a === "number" && Math.abs(a - b) < tol, `${String(a)} ≉ ${b}`);
};

// Item X, actuals Jan–Jun 2025: 100 110 90 120 100 105. The cycle is 2025-07.
const actuals = table(months("2025-01", 6), [
  ["X", "F", [100, 110, 90, 120, 100, 105]],
  ["Y", "F", [10, 10, 10, 10, 10, 10]],
]);
const row = (cycle: string, period: string, quantity: number, version = "Consensus", item = "X"): SnapshotRow => ({ cycle, version, item, period, quantity });

// Lag 2 (cycle = period − 2): F 110 95 112 for Apr May Jun → e = −10, −5, +7.
const lag2 = [row("2025-02", "2025-04", 110), row("2025-03", "2025-05", 95), row("2025-04", "2025-06", 112)];
// Lag 1: F 95 (Mar), 118 (Apr), 104 (May), 100 (Jun) → e = +5, −2, +4, −5.
const lag1 = [row("2025-02", "2025-03", 95), row("2025-03", "2025-04", 118), row("2025-04", "2025-05", 104), row("2025-05", "2025-06", 100)];
// Not closed yet: ignored.
const future = [row("2025-05", "2025-07", 999), row("2025-06", "2025-08", 999)];

describe("forecast error over the lead time", () => {
  it("snapshots, lag 2, 3 periods: σ_LT = RMSE_2 · √2 (hand-computed)", () => {
    const r = leadTimeError({ cycle: "2025-07", actuals, snapshots: [...lag2, ...future] }, { leadTime: 2 });
    const x = r.items.find((i) => i.item === "X")!;
    // RMSE = √((100 + 25 + 49) / 3) = √58; σ_LT = √58 · √2 = √116
    assert.equal(x.source, "snapshots lag");
    assert.equal(x.points, 3);
    assert.equal(x.version, "Consensus");
    close(x.sigmaPeriod, Math.sqrt(58));
    close(x.sigmaLT, Math.sqrt(116));
    assert.equal(x.label, "snapshots Consensus lag 2, 3 points");
    assert.equal(r.windowPeriods.length, 12);
    assert.equal(r.windowPeriods[11], "2025-06");
  });

  it("snapshots, cumulative error over lags 1..2 when the ledger allows it (hand-computed)", () => {
    const r = leadTimeError({ cycle: "2025-07", actuals, snapshots: [...lag1, ...lag2, ...future] }, { leadTime: 2 });
    const x = r.items.find((i) => i.item === "X")!;
    // cycle Feb: +5 − 10 = −5; Mar: −2 − 5 = −7; Apr: +4 + 7 = 11 (May's Jul is not closed)
    assert.equal(x.source, "snapshots cumulative");
    assert.equal(x.points, 3);
    close(x.sigmaLT, Math.sqrt((25 + 49 + 121) / 3));
    assert.equal(x.sigmaPeriod, null);
    // per-period on demand: the lag-2 figure
    const p = leadTimeError({ cycle: "2025-07", actuals, snapshots: [...lag1, ...lag2] }, { leadTime: 2, method: "per-period" });
    close(p.items.find((i) => i.item === "X")!.sigmaLT, Math.sqrt(116));
    // lead time 1: both measures are the lag-1 RMSE over 4 points: √((25+4+16+25)/4)
    const one = leadTimeError({ cycle: "2025-07", actuals, snapshots: [...lag1, ...lag2] }, { leadTime: 1 });
    const x1 = one.items.find((i) => i.item === "X")!;
    assert.equal(x1.source, "snapshots lag");
    close(x1.sigmaLT, Math.sqrt(70 / 4));
  });

  it("the ledger measured beforehand (leadTimeSnapshots) gives the same result, and is used only when measured for the same run and lags", () => {
    const snapshots = [...lag1, ...lag2, ...future];
    const input = { cycle: "2025-07", actuals, snapshots };
    const alone = leadTimeError(input, { leadTime: 2 });
    const cubes = leadTimeSnapshots(input, { version: "Consensus", window: 12, maxLead: 2 });
    const given = leadTimeError(input, { leadTime: 2, snapshotCubes: cubes });
    assert.deepStrictEqual(given, alone);
    assert.equal(given.windowPeriods, cubes.frame!.windowPeriods, "the measured frame was used, not measured again");
    // Measured for other lags, another cycle or another ledger: measured again, with the same result.
    for (const other of [
      leadTimeSnapshots(input, { version: "Consensus", window: 12, maxLead: 3 }),
      leadTimeSnapshots({ ...input, cycle: "2025-08" }, { version: "Consensus", window: 12, maxLead: 2 }),
      leadTimeSnapshots({ ...input, snapshots: [...snapshots] }, { version: "Consensus", window: 12, maxLead: 2 }),
      leadTimeSnapshots(input, { version: "Sales", window: 12, maxLead: 2 }),
    ]) {
      const r = leadTimeError(input, { leadTime: 2, snapshotCubes: other });
      assert.deepStrictEqual(r, alone);
      assert.notEqual(r.windowPeriods, other.frame!.windowPeriods);
    }
    // Notes of a ledger that cannot be measured come through the same way.
    const weekly = leadTimeSnapshots({ cycle: "2025-W07", actuals, snapshots }, { version: "Consensus", window: 12, maxLead: 1 });
    assert.equal(weekly.frame, null);
    assert.deepStrictEqual(leadTimeError({ cycle: "2025-W07", actuals, snapshots }, { snapshotCubes: weekly }), leadTimeError({ cycle: "2025-W07", actuals, snapshots }));
  });

  it("per-item lead times; fractional lead times round up", () => {
    assert.equal(wholeMonths(1.5), 2);
    assert.equal(wholeMonths(2), 2);
    assert.equal(wholeMonths(0), null);
    const r = leadTimeError({ cycle: "2025-07", actuals, snapshots: [...lag1, ...lag2] }, { leadTime: 1, leadTimes: new Map([["X", 1.2]]), method: "per-period" });
    const x = r.items.find((i) => i.item === "X")!;
    assert.equal(x.leadTime, 2);
    close(x.sigmaLT, Math.sqrt(116));
  });

  it("falls back to the first other version with data, and records it", () => {
    const sales = lag2.map((r) => ({ ...r, version: "Sales" }));
    const r = leadTimeError({ cycle: "2025-07", actuals, snapshots: [row("2025-02", "2025-04", 1, "Consensus", "Y"), ...sales] }, { leadTime: 2 });
    const x = r.items.find((i) => i.item === "X")!;
    assert.equal(x.version, "Sales");
    close(x.sigmaLT, Math.sqrt(116));
    const none = leadTimeError({ cycle: "2025-07", actuals, snapshots: sales }, { leadTime: 2 });
    assert.ok(none.notes.some((n) => n.includes("no Consensus snapshots")));
  });

  it("falls back to the statistical forecast: 80 % half-width at lag L / z, × √L; else the in-sample σ", () => {
    const stat = [
      { item: "X", method: "ses", point: [100, 100, 100], lower80: [90, 86, 82], upper80: [110, 114, 118], observations: 6 },
      { item: "Y", sigma: 5 },
      { item: "N", method: "none", point: [0, 0, 0], lower80: [0, 0, 0], upper80: [0, 0, 0] },
    ];
    // too few snapshot points (3 < 4): the statistical forecast
    const r = leadTimeError({ cycle: "2025-07", actuals, snapshots: lag2, statistical: stat }, { leadTime: 2, minPoints: 4 });
    const x = r.items.find((i) => i.item === "X")!;
    assert.equal(x.source, "statistical interval");
    close(x.sigmaPeriod, 18 / Z80);
    close(x.sigmaLT, (18 / Z80) * Math.SQRT2);
    assert.equal(x.points, 6);
    const y = r.items.find((i) => i.item === "Y")!;
    assert.equal(y.source, "statistical sigma");
    close(y.sigmaLT, 5 * Math.SQRT2);
    const n = r.items.find((i) => i.item === "N")!;
    assert.equal(n.source, "none");
    assert.equal(n.sigmaLT, null);
    assert.deepEqual(r.counts, { "snapshots cumulative": 0, "snapshots lag": 0, "statistical interval": 1, "statistical sigma": 1, none: 1 });
    // item order: statistical items, then the actuals' others (none here)
    assert.deepEqual(
      r.items.map((i) => i.item),
      ["X", "Y", "N"],
    );
  });

  it("a lower bound cut at zero does not shrink the half-width; a short plan uses its last period", () => {
    const s = fromStatistical({ item: "Z", point: [5, 5], lower80: [0, 0], upper80: [12, 13] }, 3)!;
    close(s.sigmaPeriod, 8 / Z80);
    close(s.sigmaLT, (8 / Z80) * Math.sqrt(3));
    assert.match(s.label, /end of the plan/);
  });

  it("odd and empty inputs never throw and never give NaN", () => {
    const e = leadTimeError({ cycle: "", actuals: null, snapshots: [] });
    assert.deepEqual(e.items, []);
    const bad = leadTimeError({ cycle: "July", actuals, snapshots: lag2, statistical: [{ item: "X", sigma: Number.NaN }] });
    assert.ok(bad.notes.some((n) => n.includes("not a month")));
    const x = bad.items.find((i) => i.item === "X")!;
    assert.equal(x.source, "none");
    assert.equal(x.sigmaLT, null);
    const weekly = leadTimeError({ cycle: "2025-07", actuals: table(["2025-W01"], [["X", null, [1]]], { kind: "week" }), snapshots: lag2 }, { leadTime: -1 });
    assert.ok(weekly.notes.some((n) => n.includes("No monthly actuals")));
    assert.ok(weekly.notes.some((n) => n.includes("Lead time -1")));
    for (const r of [e, bad, weekly]) for (const i of r.items) assert.ok(i.sigmaLT === null || Number.isFinite(i.sigmaLT));
  });
});
