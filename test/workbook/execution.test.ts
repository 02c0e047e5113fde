/**
 * The execution step through the workbook layer: `SOP Plan <cycle>` rendered and parsed back (also
 * through the real .xlsx host), the freeze and the MPS on the sample workbook with HiGHS checked
 * against independent calculations, and adherence of synthetic actuals to frozen plans read from
 * their sheets.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { resolveCycle } from "../../src/engine/cycle";
import { freezePlan } from "../../src/engine/execution/frozenPlan";
import { buildMps } from "../../src/engine/execution/mps";
import type { FrozenLine, FrozenPlan } from "../../src/engine/execution/types";
import type { InventoryRow, PlanningInputs, PriceRow, SeriesTable } from "../../src/engine/inputs";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { demandStep } from "../../src/workbook/demandStep";
import { adherenceStep, appendBlock, closedPeriodsOf, freezeStep } from "../../src/workbook/executionStep";
import type { Cell, Grid } from "../../src/workbook/grid";
import { MPS_SHEET } from "../../src/workbook/mpsSheet";
import { PLAN_SHEET_PREFIX, latestPlanSheet, parsePlanSheet, planSheetCycle, planSheetName, recentPlanSheets, renderPlanSheet } from "../../src/workbook/planSheet";
import { readInputs } from "../../src/workbook/readInputs";
import { prepareRun } from "../../src/workbook/runCycle";
import type { BlockStyle, OutCell, SheetSpec } from "../../src/workbook/sheetSpec";
import { isFormulaCell } from "../../src/workbook/sheetSpec";
import { supplyStep } from "../../src/workbook/supplyStep";
import { consensusOf, entityPlan, supplyPlanOf } from "../engine/execution/helpers";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

/** A rendered sheet as the grid a host would read back (values only). */
function gridOf(spec: SheetSpec, map?: (v: OutCell, r: number, c: number) => Cell): Grid {
  return {
    sheet: spec.name,
    top: 0,
    left: 0,
    values: spec.rows.map((row, r) =>
      row.map((v, c) => {
        assert.ok(!isFormulaCell(v), `${spec.name} holds a formula at row ${r + 1}`);
        if (map) return map(v, r, c);
        return v as Cell;
      }),
    ),
  };
}

/** Compare two frozen plans figure by figure (typed arrays as plain numbers). */
function assertSamePlan(actual: FrozenPlan, expected: FrozenPlan, tol = 0): void {
  assert.equal(actual.cycle, expected.cycle);
  assert.equal(actual.frozenAt, expected.frozenAt);
  assert.deepEqual(actual.periods, expected.periods);
  assert.equal(actual.basis, expected.basis);
  assert.equal(actual.basisNote, expected.basisNote);
  const lines = (p: FrozenPlan): FrozenLine[] => [p.total, ...p.families, ...p.items];
  const a = lines(actual);
  const e = lines(expected);
  assert.equal(a.length, e.length);
  a.forEach((l, k) => {
    const x = e[k]!;
    assert.equal(l.key, x.key);
    assert.equal(l.family, x.family);
    for (const f of ["demand", "sales", "production", "inventory", "revenue"] as const) {
      const va = l[f];
      const vx = x[f];
      assert.equal(va === null, vx === null, `${l.key} ${f}`);
      if (va && vx) va.forEach((v, t) => assert.ok(Math.abs(v - vx[t]!) <= tol * Math.max(1, Math.abs(vx[t]!)), `${l.key} ${f} ${t}: ${v} vs ${vx[t]}`));
    }
  });
}

const periods = ["2026-11", "2026-12"];
const prices: PriceRow[] = [
  { item: "PMP-1", price: 100, unitCost: 60, period: null },
  { item: "PMP-2", price: 150, unitCost: 90, period: null },
  { item: "VLV-1", price: 40, unitCost: 25, period: null },
];

/** A small frozen plan (family plan, prices, an item below its target). */
function smallPlan(cycle: string, scale = 1): FrozenPlan {
  const consensus = consensusOf(periods, [
    ["PMP-1", "Pumps", [6000 * scale, 5000 * scale]],
    ["PMP-2", "Pumps", [4000 * scale, 3000 * scale]],
    ["VLV-1", "Valves", [4000 * scale, 4000 * scale]],
  ]);
  const plan = supplyPlanOf("family", periods, [
    entityPlan("Pumps", "Pumps", { demand: [10000 * scale, 8000 * scale], production: [9000.4 * scale, 9000 * scale], served: [10000 * scale, 8000 * scale], inventory: [5000 * scale, 6000 * scale] }),
    entityPlan("Valves", "Valves", { demand: [4000 * scale, 4000 * scale], production: [4000 * scale, 4000 * scale], served: [4000 * scale, 4000 * scale], inventory: [2000 * scale, 2000 * scale] }),
  ]);
  const inventory: InventoryRow[] = [
    { item: "PMP-1", onHand: 6000, safetyStock: 500, targetDays: null },
    { item: "PMP-2", onHand: 0, safetyStock: 800, targetDays: null },
  ];
  const mps = buildMps({ periods, items: consensus.items, plan, inventory });
  return freezePlan(plan, consensus, mps, { cycle, frozenAt: `${cycle}-05T08:00:00.000Z`, prices });
}

describe("SOP Plan sheet: render and parse back", () => {
  it("names: SOP Plan <cycle>, its cycle, and the latest plan before a cycle", () => {
    assert.equal(planSheetName("2026-11"), "SOP Plan 2026-11");
    assert.equal(PLAN_SHEET_PREFIX, "SOP Plan ");
    assert.equal(planSheetCycle("sop plan 2026-11"), "2026-11");
    assert.equal(planSheetCycle("SOP Plan 2026-13"), null);
    assert.equal(planSheetCycle("SOP Planning"), null);
    assert.equal(latestPlanSheet(["SOP Plan 2026-10", "SOP MPS", "SOP Plan 2026-12", "SOP Plan 2026-11", "SOP Plan 2025-12"], "2026-12"), "SOP Plan 2026-11");
    assert.equal(latestPlanSheet(["SOP Plan 2026-12"], "2026-12"), null);
    assert.deepEqual(recentPlanSheets(["SOP Plan 2026-10", "SOP MPS", "SOP Plan 2026-12", "SOP Plan 2026-11", "sop plan 2026-12"]), ["SOP Plan 2026-12", "SOP Plan 2026-11"]);
    assert.deepEqual(recentPlanSheets(["SOP Plan 2026-10", "SOP Plan 2026-12", "SOP Plan 2026-11"], "2026-12", 1), ["SOP Plan 2026-11"]);
  });

  it("values only, a frozen-at-lock title, and every figure read back as written", () => {
    const frozen = smallPlan("2026-11");
    const spec = renderPlanSheet(frozen);
    assert.equal(spec.name, "SOP Plan 2026-11");
    assert.match(String(spec.rows[0]![0]), /frozen at the lock.*read-only by convention, never overwritten/);
    const { plan, findings } = parsePlanSheet(gridOf(spec));
    assert.deepEqual(findings, []);
    assertSamePlan(plan!, frozen);
    assert.notEqual(plan!.families[0]!.revenue, null);
  });

  it("reads the cycle and period headers back when Excel turned them into dates", () => {
    const frozen = smallPlan("2026-11");
    const spec = renderPlanSheet(frozen);
    const serial = (key: string): number => (Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, 1) - Date.UTC(1899, 11, 30)) / 86400000;
    const grid = gridOf(spec, (v) => (typeof v === "string" && /^\d{4}-\d{2}$/.test(v) ? serial(v) : (v as Cell)));
    const { plan, findings } = parsePlanSheet(grid);
    assert.deepEqual(findings, []);
    assertSamePlan(plan!, frozen);
  });

  it("a sheet that is not a frozen plan gives a finding, not a plan; a bad cell is read as 0 with a finding", () => {
    const bad = parsePlanSheet({ sheet: "SOP Plan 2026-11", top: 0, left: 0, values: [["Something else"], ["Cycle", "2026-11"]] });
    assert.equal(bad.plan, null);
    assert.equal(bad.findings[0]!.code, "plan-sheet-unreadable");
    const spec = renderPlanSheet(smallPlan("2026-11"));
    const hdr = spec.rows.findIndex((r) => r[0] === "Level");
    const grid = gridOf(spec, (v, r, c) => (r === hdr + 6 && c === 5 ? "n/a" : (v as Cell)));
    const r = parsePlanSheet(grid);
    assert.notEqual(r.plan, null);
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0]!.message, /1 cell is not a number/);
    assert.equal(r.findings[0]!.address, `'SOP Plan 2026-11'!F${hdr + 7}`);
  });
});

describe("execution step on the sample workbook (HiGHS)", function () {
  this.timeout(300000);

  it("freezes the constrained plan and writes an MPS whose items add up to the family plan and meet their targets where the family allows; SOP Plan reads back through the .xlsx host", async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const bytes = new Uint8Array(fs.readFileSync(SAMPLE));
    const host = await BufferHost.open(bytes, "sop-sample.xlsx", null);
    const prepared = await prepareRun(host);
    const inputs = readInputs(prepared.mapping, prepared.reads).inputs!;
    const { cycle } = resolveCycle(inputs.actuals);
    assert.equal(cycle, "2026-11");
    const runAt = "2026-11-05T08:00:00.000Z";
    const d = demandStep(inputs, { cycle, horizon: 18, ledger: [], runAt, workbook: "sop-sample.xlsx", withSheets: false });
    const s = supplyStep(inputs, d.statistical!, d.consensus!, { cycle, runAt, workbook: "sop-sample.xlsx", solver: await loadHighsSolver(), snapshots: d.snapshots });
    const plan = s.plan!;
    assert.equal(plan.status, "Optimal");
    const consensus = d.consensus!;

    const r = freezeStep(inputs, consensus, plan, { cycle, runAt, workbook: "sop-sample.xlsx", weekly: true, planNote: s.summary.planNote });
    assert.deepEqual(
      r.sheets.map((x) => x.name),
      ["SOP Plan 2026-11", MPS_SHEET],
    );
    assert.equal(r.frozen.basis, "supply plan");
    assert.equal(r.frozen.families.length, plan.entities.length);
    assert.equal(r.mps.items.length, consensus.items.length);
    const T = consensus.periods.length;

    // Family totals: the plan's production + outsourced, rounded cumulatively (computed here).
    for (const e of plan.entities) {
      const items = r.mps.items.filter((i) => i.family === e.key);
      let cum = 0;
      let prev = 0;
      for (let t = 0; t < T; t++) {
        cum += e.production[t]! + e.outsourced[t]!;
        const want = Math.round(cum + 1e-9 * Math.max(1, cum)) - prev;
        prev += want;
        const got = items.reduce((a, i) => a + i.production[t]!, 0);
        assert.equal(got, want, `${e.key} ${consensus.periods[t]}`);
        // The frozen family line is the plan's own figures.
        assert.ok(Math.abs(r.frozen.families.find((f) => f.key === e.key)!.production[t]! - (e.production[t]! + e.outsourced[t]!)) < 1e-9);
      }
    }
    // Whole units, never negative; projected inventory follows max(0, opening + production − demand).
    for (const i of r.mps.items) {
      let open = i.onHand;
      for (let t = 0; t < T; t++) {
        assert.ok(Number.isInteger(i.production[t]!) && i.production[t]! >= 0);
        const want = Math.max(0, open + i.production[t]! - i.demand[t]!);
        assert.ok(Math.abs(i.inventory[t]! - want) < 1e-6, `${i.item} ${t}`);
        open = i.inventory[t]!;
      }
    }
    // Targets: an item of a family ends a month more than a unit below its target only when no other item of
    // that family ends more than a unit above its own target with production left to give (rule 4, ±1 for rounding).
    let checked = 0;
    for (const f of r.mps.families) {
      const items = r.mps.items.filter((i) => i.family === f.family);
      for (let t = 0; t < T; t++) {
        const short = items.filter((i) => i.inventory[t]! < i.target[t]! - 1);
        if (short.length === 0) continue;
        checked++;
        const giver = items.find((i) => i.inventory[t]! > i.target[t]! + 1 && i.production[t]! > 1);
        assert.equal(giver, undefined, `${f.family} ${consensus.periods[t]}: ${short[0]!.item} short while ${giver?.item} could give`);
      }
    }
    // Most items meet their target in most months (the plan builds stock for them).
    const itemMonths = r.mps.items.length * T;
    const below = r.mps.items.reduce((a, i) => a + i.monthsBelowTarget, 0);
    assert.ok(below < itemMonths * 0.25, `${below} of ${itemMonths} item-months below target (${checked} family-months short)`);

    // Weeks: every item's weeks add up to its months.
    const w = r.mps.weeks!;
    assert.ok(w.periods.length >= 76 && w.periods.length <= 80, `${w.periods.length} weeks`);
    r.mps.items.forEach((i, k) => {
      const months = i.production.reduce((a, b) => a + b, 0);
      const weeks = w.items[k]!.reduce((a, b) => a + b, 0);
      assert.equal(weeks, months, i.item);
    });

    // The plan sheet through the real .xlsx host: written to the companion, read back by the next run.
    const settings = { version: 1 as const, mapping: prepared.mapping };
    await host.write(r.sheets, settings);
    const companion = host.outputBytes!;
    const next = await BufferHost.open(bytes, "sop-sample.xlsx", companion);
    const saved = await next.readSettings();
    const name = latestPlanSheet(saved?.ownedSheets ?? [], "2026-12");
    assert.equal(name, "SOP Plan 2026-11");
    const grid = await next.readOwnedSheet(name!);
    assert.ok(grid);
    const parsed = parsePlanSheet(grid);
    assert.deepEqual(parsed.findings, []);
    assertSamePlan(parsed.plan!, r.frozen, 1e-12);

    // Locking again: the frozen plan is kept, only the MPS is rewritten.
    const again = freezeStep(inputs, consensus, plan, { cycle, runAt: "2026-11-20T08:00:00.000Z", workbook: "sop-sample.xlsx", existingSheets: saved?.ownedSheets ?? [] });
    assert.deepEqual(
      again.sheets.map((x) => x.name),
      [MPS_SHEET],
    );
    assert.equal(again.summary.planSheet, null);
    assert.ok(again.findings.some((f) => /exists already/.test(f.message)));

    // Without a solver: the consensus is frozen, and the note says why.
    const none = freezeStep(inputs, consensus, null, { cycle, runAt, workbook: "sop-sample.xlsx", planNote: "No LP solver was available in this run." });
    assert.equal(none.frozen.basis, "consensus");
    assert.match(none.frozen.basisNote, /No constrained plan.*No LP solver/);
    for (const f of none.frozen.families) assert.deepEqual(Array.from(f.production), Array.from(f.demand));
  });
});

describe("adherence step (synthetic frozen plans and actuals)", () => {
  function table(rows: [string, string | null, number[]][], ps: string[] = ["2026-10", "2026-11"]): SeriesTable {
    return { kind: "month", periods: ps, keys: rows.map((r) => r[0]), attributeNames: ["Family"], attributes: rows.map((r) => [r[1]]), values: Float64Array.from(rows.flatMap((r) => r[2])) };
  }
  const inputs: PlanningInputs = {
    actuals: table([
      ["PMP-1", "Pumps", [1, 5000]],
      ["PMP-2", "Pumps", [1, 3760]],
      ["VLV-1", "Valves", [1, 4100]],
    ]),
    forecasts: new Map(),
    snapshots: [],
    capacity: null,
    resources: [],
    production: table([
      ["Pumps", null, [0, 9800]],
      ["Valves", null, [0, 3500]],
    ]),
    inventory: [
      { item: "PMP-1", onHand: 3000, safetyStock: null, targetDays: null },
      { item: "PMP-2", onHand: 1500, safetyStock: null, targetDays: null },
      { item: "VLV-1", onHand: 2600, safetyStock: null, targetDays: null },
    ],
    prices: [],
    budget: null,
    budgetMeasure: "revenue",
    scenarios: [],
  };

  it("compares with the most recent plan frozen before the cycle, read from its sheet; deviations explained and flagged", () => {
    const oct = renderPlanSheet(smallPlan("2026-10", 2));
    const nov = renderPlanSheet(smallPlan("2026-11"));
    const dec = renderPlanSheet(smallPlan("2026-12", 3));
    const broken: Grid = { sheet: "SOP Plan 2026-09", top: 0, left: 0, values: [["?"]] };
    const r = adherenceStep(inputs, [gridOf(oct), broken, gridOf(dec), gridOf(nov)], "2026-12", "2026-11");
    assert.ok(r.findings.some((f) => f.code === "plan-sheet-unreadable" && f.address.startsWith("'SOP Plan 2026-09'")));
    const s = r.summary!;
    assert.equal(s.frozenCycle, "2026-11");
    assert.equal(s.planSheet, "SOP Plan 2026-11");
    assert.deepEqual(s.periods, ["2026-11"]);
    assert.deepEqual(
      s.measures.map((m) => m.measure),
      ["sales", "production", "inventory"],
    );
    // Sales: Pumps 8,760 vs 10,000 (−1,240, −12.4 %), Valves 4,100 vs 4,000 (+100): adherence 1 − 1,340 / 14,000.
    const sales = s.measures[0]!;
    assert.equal(sales.plan, 14000);
    assert.equal(sales.actual, 12860);
    assert.ok(Math.abs(sales.adherence! - (1 - 1340 / 14000)) < 1e-12);
    // Production: Pumps 9,800 vs the plan's 9,000.4 (+799.6, +8.9 %); Valves 3,500 vs 4,000 (−500, −12.5 %).
    const prod = s.measures[1]!;
    assert.ok(Math.abs(prod.plan - 13000.4) < 1e-9);
    assert.ok(Math.abs(prod.adherence! - (1 - 1299.6 / 13000.4)) < 1e-12);
    // Inventory: Pumps 4,500 vs 5,000 (−10.0 %: not flagged), Valves 2,600 vs 2,000 (+30.0 %).
    assert.deepEqual(
      s.flagged.map((f) => f.sentence),
      ["Pumps sold 1,240 below plan in 2026-11 (\u221212.4 %)", "Valves produced 500 below plan in 2026-11 (\u221212.5 %)", "Valves held 600 above the planned inventory at the end of 2026-11 (+30.0 %)"],
    );
    assert.equal(r.findings.filter((f) => f.code === "adherence-flag").length, 3);
    assert.ok(r.findings.filter((f) => f.code === "adherence-flag").every((f) => f.severity === "warning" && f.address === "SOP Plan 2026-11"));

    // The block: a section, the measures, then every deviation with 'Act' on the flagged ones.
    const flat = r.block.rows.map((row) => row.map((c) => (c === null ? "" : String(c))).join("|"));
    assert.ok(flat.some((x) => x.startsWith("Adherence to the plan frozen in 2026-11|")));
    assert.ok(flat.some((x) => x.startsWith("Sales|2026-11|14000|12860|-1140|")));
    assert.equal(flat.filter((x) => x.includes("|Act|")).length, 3);
    const rows: OutCell[][] = [["Dashboard"], ["x"]];
    const styles: BlockStyle[] = [];
    appendBlock(rows, styles, r.block);
    assert.equal(rows.length, 2 + r.block.rows.length);
    assert.equal(styles[0]!.row, r.block.styles[0]!.row + 2);
  });

  it("no plan frozen before the cycle, or none of its months closed: no summary, a sentence for the block", () => {
    const none = adherenceStep(inputs, [], "2026-12", "2026-11");
    assert.equal(none.summary, null);
    assert.match(String(none.block.rows[1]![1]), /No plan frozen in an earlier cycle/);
    const early = adherenceStep(inputs, [smallPlan("2026-11")], "2026-12", "2026-10");
    assert.equal(early.summary, null);
    assert.equal(early.frozen!.cycle, "2026-11");
    assert.ok(early.findings.some((f) => /is closed yet/.test(f.message)));
    assert.deepEqual(closedPeriodsOf({ periods: ["2026-11", "2026-12", "2027-01"] }, "2027-01", "2026-12"), ["2026-11", "2026-12"]);
    assert.deepEqual(closedPeriodsOf({ periods: ["2026-11", "2026-12", "2027-01"] }, "2027-01", "2026-W49"), ["2026-11", "2026-12"]);
  });
});
