/**
 * Bugs found by fuzzing (issue 8), each as its smallest case.
 *
 * All are fixed and run. A bug found later in a file owned elsewhere goes here as `it.skip` with
 * a description of the bug, the file and the fix that is needed, and into `KNOWN_ISSUES`
 * (`test/fuzz/fuzzSupport.ts`) so that the fuzzing properties report it as known rather than
 * failing; un-skip the test and drop the entry when it is fixed.
 */
import assert from "node:assert/strict";
import { ErrorSums, figuresOf } from "../../src/engine/accuracy/metrics";
import { largestRemainder } from "../../src/engine/execution/mps";
import { forecast } from "../../src/engine/forecast";
import type { Cell } from "../../src/workbook/grid";
import { readInputs } from "../../src/workbook/readInputs";
import { runCycle } from "../../src/workbook/runCycle";
import { isFormulaCell, type SheetSpec } from "../../src/workbook/sheetSpec";
import { MemoryHost, type MemSheet } from "../helpers/grids";

const months = (y: number, m: number, n: number): string[] => Array.from({ length: n }, (_, i) => `${y + Math.floor((m - 1 + i) / 12)}-${String(((m - 1 + i) % 12) + 1).padStart(2, "0")}`);
const NOW = (): Date => new Date("2026-01-05T10:00:00Z");

/** A small workbook: 24 months of actuals for two items, a forecast, capacity, routing, stock and prices. */
function workbook(): Record<string, MemSheet> {
  const hist = months(2024, 1, 24);
  const fut = months(2026, 1, 18);
  return {
    Actuals: { values: [["Item", "Family", ...hist], ["A-1", "Pumps", ...hist.map((_, i) => 100 + (i % 5))], ["A-2", "Pumps", ...hist.map(() => 50)]] },
    Forecast: { values: [["Item", ...fut], ["A-1", ...fut.map(() => 110)], ["A-2", ...fut.map(() => 55)]] },
    Capacity: { values: [["Resource", ...fut], ["WC-1", ...fut.map(() => 400)]] },
    Routing: { values: [["Family", "Resource", "Hours per unit"], ["Pumps", "WC-1", 0.5]] },
    Stock: { values: [["Item", "On hand", "Safety stock"], ["A-1", 300, 50], ["A-2", 100, 20]] },
    Prices: { values: [["Item", "Price", "Unit cost"], ["A-1", 12.5, 8], ["A-2", 20, 11]] },
  };
}

const MAPPING = {
  roles: [
    { role: "actuals" as const, sources: [{ sheet: "Actuals" }] },
    { role: "forecast:Sales" as const, sources: [{ sheet: "Forecast" }] },
    { role: "capacity" as const, sources: [{ sheet: "Capacity" }] },
    { role: "resources" as const, sources: [{ sheet: "Routing" }] },
    { role: "inventory" as const, sources: [{ sheet: "Stock" }] },
    { role: "prices" as const, sources: [{ sheet: "Prices" }] },
  ],
};

/** Non-finite numbers in sheets (formula values included), as `'Sheet'!R1C1: value`. */
function nonFinite(sheets: readonly SheetSpec[]): string[] {
  const out: string[] = [];
  for (const s of sheets) {
    s.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        const v = isFormulaCell(c) ? c.value : c;
        if (typeof v === "number" && !Number.isFinite(v)) out.push(`'${s.name}'!R${r + 1}C${col + 1}: ${v}`);
      }),
    );
  }
  return out;
}

describe("fuzz regressions: fixed", () => {
  describe("a damaged SOP Snapshots ledger (a column deleted by hand)", () => {
    // Found by `cycle`: the ledger's parse errors went into the findings of a run that was not
    // blocked (an error that blocks nothing), and a lock then rewrote the whole ledger from the
    // rows it could read — none — losing every archived forecast.
    const damaged = (): Record<string, MemSheet> => ({
      ...workbook(),
      "SOP Snapshots": { values: [["Version", "Item", "Period", "Quantity"], ["Sales", "A-1", "2025-12", 100]] },
    });
    const settings = { version: 1 as const, ownedSheets: ["SOP Snapshots"] };

    it("a run goes on without it, with warnings and no error", async () => {
      const host = new MemoryHost(damaged(), settings);
      const r = await runCycle(host, { now: NOW, mapping: MAPPING });
      assert.equal(r.blocked, false);
      assert.deepEqual(r.findings.filter((f) => f.severity === "error"), []);
      assert.ok(r.findings.some((f) => f.code === "column-missing" && f.severity === "warning" && f.address === "'SOP Snapshots'!A1:D1"));
      assert.ok(r.findings.some((f) => f.code === "snapshot-not-used" && /a lock is refused until it is repaired/.test(f.message)));
      assert.equal(host.writes.length, 1);
    });

    it("a lock is refused (blocked, nothing written), so that no archived forecast is lost", async () => {
      const host = new MemoryHost(damaged(), settings);
      const r = await runCycle(host, { now: NOW, mapping: MAPPING, lock: { force: true } });
      assert.equal(r.blocked, true);
      assert.equal(host.writes.length, 0);
      const e = r.findings.filter((f) => f.severity === "error");
      assert.ok(e.some((f) => f.code === "snapshot-not-used" && f.address === "'SOP Snapshots'!A1" && /the lock, which rewrites the whole ledger, is refused/.test(f.message)));
    });
  });

  it("a sentence quoting a 32,767-character header still fits an Excel cell (SOP Data Check)", async () => {
    // Found by `cycle-highs`: the Data Check row of a 'column-missing' finding lists the headers of
    // the row in full; one header of Excel's maximum length made a cell of 33,079 characters, which
    // Excel refuses (the whole write fails). Every written text is now clipped to 32,767.
    const wb = workbook();
    wb["Stock"]!.values[0]![1] = "Ü".repeat(32767);
    const r = await runCycle(new MemoryHost(wb), { now: NOW, mapping: MAPPING, checkOnly: true });
    const texts = r.sheets.flatMap((s) => s.rows.flat()).filter((c): c is string => typeof c === "string");
    assert.ok(r.findings.some((f) => f.message.length > 32767), "the finding itself keeps the full text");
    for (const t of texts) assert.ok(t.length <= 32767, `a text of ${t.length} characters`);
    assert.ok(texts.some((t) => t.length === 32767 && t.endsWith("…")));
  });

  it("margin % of a denormal revenue is blank, not -Infinity (SOP Dashboard)", async () => {
    // Found by probing `fillCol` on Prices: a price of 5e-324 gives a revenue of ~1e-321 under a
    // margin of about −1e4: margin / revenue = −Infinity was written as the KPI and its formula value.
    const wb = workbook();
    wb["Prices"]!.values[1]![1] = 5e-324;
    wb["Prices"]!.values[2]![1] = 5e-324;
    const host = new MemoryHost(wb);
    const r = await runCycle(host, { now: NOW, mapping: MAPPING });
    assert.equal(r.blocked, false);
    assert.deepEqual(nonFinite(r.sheets), []);
  });

  it("utilisation of a denormal capacity is unknown, not Infinity (engine rough-cut capacity: SOP Capacity, SOP Agenda)", async () => {
    // Found by `cycle` (npm run fuzz): a capacity of 7e-323 hours is > 0, so load / capacity was
    // Infinity in the utilisation formula values and "Infinity % loaded" in the agenda.
    const wb = workbook();
    wb["Capacity"]!.values[1] = ["WC-1", ...wb["Capacity"]!.values[1]!.slice(1).map(() => 7e-323)];
    const r = await runCycle(new MemoryHost(wb), { now: NOW, mapping: MAPPING });
    assert.equal(r.blocked, false);
    assert.deepEqual(nonFinite(r.sheets), []);
    const texts = r.sheets.flatMap((sh) => sh.rows.flat()).filter((c): c is string => typeof c === "string");
    assert.deepEqual(texts.filter((t) => /Infinity|NaN/.test(t)), []);
  });

  it("deviation % against a frozen plan of denormal quantities is unknown, not Infinity (engine adherence: SOP Dashboard)", async () => {
    // Found by `cycle` (npm run fuzz): a frozen plan scaled by 5e-324 gave deviation / plan = Infinity.
    const lockHost = new MemoryHost(workbook());
    const locked = await runCycle(lockHost, { now: NOW, mapping: MAPPING, lock: {}, parameters: { cycle: "2025-12" } });
    const plan = locked.sheets.find((sh) => sh.name === "SOP Plan 2025-12")!;
    const tiny: Cell[][] = plan.rows.map((row) => row.map((c): Cell => {
      const v = isFormulaCell(c) ? (c.value ?? null) : c;
      return typeof v === "number" && !/^20\d\d/.test(String(v)) ? v * 5e-324 : v;
    }));
    const wb = { ...workbook(), "SOP Plan 2025-12": { values: tiny } };
    const r = await runCycle(new MemoryHost(wb, { version: 1, ownedSheets: ["SOP Plan 2025-12"] }), { now: NOW, mapping: MAPPING });
    assert.equal(r.blocked, false);
    assert.ok(r.adherence !== null, "adherence is measured against the frozen plan");
    assert.deepEqual(nonFinite(r.sheets), []);
  });

  it("a decision's margin at stake that overflows is unknown, not Infinity (engine decisions: SOP Decisions)", async () => {
    // Found by `cycle` (npm run fuzz): prices of 1e-306 give a margin % of about −1e306; the
    // budget gap times that margin % overflowed to Infinity in 'Margin at stake'.
    const wb = workbook();
    wb["Prices"]!.values[1]![1] = 1e-306;
    wb["Prices"]!.values[2]![1] = 1e-306;
    const fut = months(2026, 1, 12);
    wb["Budget"] = { values: [["Family", ...fut], ["Pumps", ...fut.map(() => 100000)]] };
    const r = await runCycle(new MemoryHost(wb), { now: NOW, mapping: { roles: [...MAPPING.roles, { role: "budget" as const, sources: [{ sheet: "Budget" }] }] } });
    assert.equal(r.blocked, false);
    assert.ok(r.meeting!.decisions.some((d) => d.topic === "Budget gap"), "a budget-gap decision is proposed");
    assert.deepEqual(nonFinite(r.sheets), []);
  });

  it("multiplicative seasonality over values near zero does not blow up (engine forecast: Holt-Winters, combination)", () => {
    // Found by `table-cycle` (npm run fuzz): actuals of at most 62,285 with two cells of 3e-60 and
    // 9e-101 (positive, so 'all positive') gave seasonal ratios near 0 and a statistical forecast
    // of 1.9e103 units; the lock then hung in the MPS (see the next test).
    const y = [201, 394, 3.347830320070443e-60, NaN, 62285, NaN, 8.953165985120213e-101, 217, NaN, 1, 286, 242, 437, 7, NaN, 115, 84, 169, 30, 76, NaN, 68, 433, NaN];
    for (const method of ["auto", "combination", "holtWintersMultiplicative", "holtWintersMultiplicativeDamped"] as const) {
      const f = forecast(y, { horizon: 18, period: 12, method });
      const max = Math.max(...Array.from(f.point, Math.abs));
      assert.ok(max < 1e6, `${method}: ${max}`);
    }
  });

  it("whole-unit apportioning of a total beyond 2^53 ends (engine MPS: largestRemainder)", () => {
    // Found by `table-cycle` (npm run fuzz): with a total of 3.8e103 units, `left − 1 === left`, so
    // the loop handing out the remaining units never ended and the lock hung.
    const out = largestRemainder([1, 2, 3], 3.77e103);
    assert.equal(out.length, 3);
    assert.ok(Math.abs(out[2]! / out[0]! - 3) < 1e-9);
    assert.deepEqual(Array.from(largestRemainder([1, 1, 1], 10)), [4, 3, 3]);
  });

  it("a percentage beyond 1e305 reads '—' or 'n/a' in sentences, not '+Infinity %' (SOP Agenda, business review)", async () => {
    // Found by `cycle` (npm run fuzz): last cycle's consensus of 3e-305 units gave a deviation of
    // about 3e307 (finite), and × 100 (× 1000 in formatPct) overflowed to "+Infinity %".
    const fut = months(2025, 12, 12);
    const ledger: Cell[][] = [["Cycle", "Version", "Item", "Period", "Quantity"]];
    for (const item of ["A-1", "A-2"]) for (const p of fut) ledger.push(["2025-12", "Consensus", item, p, 3e-305]);
    const wb = { ...workbook(), "SOP Snapshots": { values: ledger } };
    const r = await runCycle(new MemoryHost(wb, { version: 1, ownedSheets: ["SOP Snapshots"] }), { now: NOW, mapping: MAPPING });
    assert.equal(r.blocked, false);
    const texts = r.sheets.flatMap((sh) => sh.rows.flat()).filter((c): c is string => typeof c === "string");
    assert.ok(texts.some((t) => /Against last cycle's consensus \(2025-12\)/.test(t)), "the agenda compares with last cycle's consensus");
    assert.deepEqual(texts.filter((t) => /Infinity|NaN/.test(t)), []);
    assert.deepEqual(nonFinite(r.sheets), []);
  });

  it("the agenda compares the consensus with the latest earlier cycle's consensus only (any spelling of Consensus), over the months both cover (hand-computed)", async () => {
    const prev = months(2025, 12, 12); // 2025-12 … 2026-11: the plan's months 2026-01 … 2026-11 count
    const ledger: Cell[][] = [["Cycle", "Version", "Item", "Period", "Quantity"]];
    for (const p of prev) ledger.push(["2025-12", "Consensus", "A-1", p, 100]);
    for (const p of prev) ledger.push(["2025-12", "consensus", "A-2", p, 50]);
    for (const p of prev) ledger.push(["2025-12", "Sales", "A-1", p, 999]); // another version
    for (const p of prev) ledger.push(["2025-11", "Consensus", "A-1", p, 7]); // an older cycle
    ledger.push(["2026-01", "Consensus", "A-1", "2026-02", 3]); // this cycle itself
    ledger.push(["2025-12", "Consensus", "Z-9", "2026-01", 30]); // an item no longer planned
    const wb = { ...workbook(), "SOP Snapshots": { values: ledger } };
    const r = await runCycle(new MemoryHost(wb, { version: 1, ownedSheets: ["SOP Snapshots"] }), { now: NOW, mapping: MAPPING });
    assert.equal(r.blocked, false);
    const texts = r.sheets.flatMap((sh) => sh.rows.flat()).filter((c): c is string => typeof c === "string");
    // Now: (110 + 55) × 11 months = 1,815; before: 100 × 11 + 50 × 11 + 30 = 1,680.
    assert.ok(texts.some((t) => t.startsWith("Against last cycle's consensus (2025-12) for 2026-01…2026-11: 1,815 vs 1,680 units")), texts.filter((t) => t.includes("Against")).join(" | "));
    assert.ok(texts.some((t) => t.startsWith("Pumps: +165 units")));
    assert.ok(texts.some((t) => t.startsWith("(new or dropped items): −30 units")));
  });

  it("RMSE of errors beyond 1e154 is null, not Infinity (engine accuracy figures)", () => {
    // Found by `cycle`: snapshot quantities of 1e200 (the ledger accepts them) squared to Infinity.
    const f = figuresOf(new ErrorSums().add(1, 1e200).add(2, 2e200));
    assert.equal(f.rmse, null);
    assert.ok(Number.isFinite(f.mad!));
  });
});

describe("fuzz regressions: parsing", () => {
  // src/workbook/readInputs.ts, series roles (around `const first = [...parsed.tables.values()][0]!`):
  // parseSeries returns a result with no table at all when a long-layout range has no row with a
  // key (every row is blank-keyed or a total row). readInputs then reads `.periods` of undefined and
  // throws, so the run crashes instead of blocking with a finding. Same for actuals, forecasts,
  // production and budget; the later `parsed.tables.get("")!` would fail the same way. Fix: when
  // `parsed.tables.size === 0`, report `range-empty` (error) for the role and `continue`.
  it("a long range whose only row is a total row is a finding, not a crash (readInputs.ts)", () => {
    const values: Cell[][] = [
      ["Item", "Period", "Qty"],
      ["Total", "2015-01", 0],
    ];
    const r = readInputs({ roles: [{ role: "actuals", sources: [{ sheet: "S" }] }] }, [{ sheet: "S", top: 0, left: 0, values }]);
    assert.equal(r.inputs, null);
    assert.ok(r.findings.some((f) => f.severity === "error"));
  });

  // src/workbook/planSheet.ts `parsePlanSheet`, its `fail(message, r, c)`: the finding points at the
  // cell where the cycle month (B of the 'Cycle' row, or B1 when there is none) or the first period
  // (E of the header row) was expected, even when the sheet read is narrower or empty: an address
  // outside the sheet's used range. Fix: when (r, c) is outside the grid, give the grid's range
  // (`rangeAddress(grid.sheet, grid.top, grid.left, rows, width)`) or the sheet's A1.
  it("a frozen plan sheet emptied by hand gets a finding whose address lies inside it (planSheet.ts)", async () => {
    const wb = { ...workbook(), "SOP Plan 2025-12": { values: [["Level", "Family", "Item", "Line"]] } };
    const r = await runCycle(new MemoryHost(wb, { version: 1, ownedSheets: ["SOP Plan 2025-12"] }), { now: NOW, mapping: MAPPING });
    const f = r.findings.find((x) => x.code === "plan-sheet-unreadable")!;
    assert.ok(f, "a plan-sheet-unreadable finding");
    assert.match(f.address, /^'SOP Plan 2025-12'!([A-D]1|A1:D1)$/, "inside the sheet's one row A1:D1");
  });

  // src/workbook/parseRecords.ts `num()`: record roles (snapshots, resources, inventory, prices,
  // scenarios) take any finite number, unlike series roles (parseSeries: |x| > 1e12 is
  // `absurd-value`, read as no value). A price, unit cost or hours per unit of 1.8e308 (or a
  // snapshot quantity of 1e200) then overflows: ±Infinity in SOP Financials, SOP Supply Plan,
  // SOP Capacity (load, gap formulas) and SOP Accuracy (Σ of snapshot quantities), and
  // "that load (Infinity in all)" in a finding. Fix: the same absurd-value bound in `num()`.
  it("absurd numbers in record roles are read as no value, never written as Infinity (parseRecords.ts)", async () => {
    for (const [sheet, row, col] of [
      ["Prices", 1, 1],
      ["Prices", 1, 2],
      ["Routing", 1, 2],
    ] as const) {
      const wb = workbook();
      wb[sheet]!.values[row]![col] = Number.MAX_VALUE;
      const r = await runCycle(new MemoryHost(wb), { now: NOW, mapping: MAPPING });
      assert.deepEqual(nonFinite(r.sheets), [], `${sheet} R${row + 1}C${col + 1}`);
      assert.ok(r.findings.some((f) => f.code === "absurd-value"), `${sheet}: an absurd-value finding`);
    }
  });
});
