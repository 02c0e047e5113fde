/**
 * `SOP Dashboard`: on a small hand case, the KPI values and statuses, the business review's
 * deviations and totals, and every formula (evaluated here over the sheet's own cells) equal to
 * the hand values cached with it; the chart specs point at the right data blocks. On the sample
 * workbook (demand, supply with HiGHS, finance and scenarios run as the cycle runs them),
 * `buildDashboardData` + `renderDashboard` agree with the steps' own summaries, every formula
 * evaluates to its cached value, and the .xlsx host writes the blocks and drops the charts.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { resolveCycle } from "../../src/engine/cycle";
import type { PriceRow, SnapshotRow } from "../../src/engine/inputs";
import { accuracyTrend } from "../../src/engine/review/accuracyTrend";
import { businessReview } from "../../src/engine/review/businessReview";
import { ExcelHost } from "../../src/hosts/excel/excelHost";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { type DashboardData, DASHBOARD_SHEET, STATUS, buildDashboardData, dashboardReview, kpiStatus, renderDashboard } from "../../src/workbook/dashboardSheet";
import { demandStep } from "../../src/workbook/demandStep";
import { financeStep } from "../../src/workbook/financeStep";
import { readInputs } from "../../src/workbook/readInputs";
import { prepareRun } from "../../src/workbook/runCycle";
import { scenarioStep } from "../../src/workbook/scenarioStep";
import { type OutCell, type SheetSpec, isFormulaCell } from "../../src/workbook/sheetSpec";
import { parseSnapshotSheet } from "../../src/workbook/snapshotSheet";
import { supplyStep } from "../../src/workbook/supplyStep";
import { table } from "../engine/demand/helpers";
import { FakeExcel } from "../hosts/excel/fakeExcel";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

// ---------------------------------------------------------------------------
// A small evaluator for the formulas the dashboard writes (refs, + − × ÷, comparisons, IF, ABS, SUM).

type Val = number | string | boolean | null;

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Evaluate every formula of a sheet from its own cells (formulas recursively, never the cached values). */
function evaluator(spec: SheetSpec): (row: number, col: number) => Val {
  const memo = new Map<string, Val>();
  const cell = (r: number, c: number): Val => {
    const key = `${r},${c}`;
    if (memo.has(key)) return memo.get(key)!;
    const v: OutCell | undefined = spec.rows[r]?.[c];
    let out: Val;
    if (v === undefined || v === null) out = null;
    else if (isFormulaCell(v)) out = evaluate(v.formula);
    else out = v;
    memo.set(key, out);
    return out;
  };
  const num = (v: Val): number => (v === null || v === "" ? 0 : typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : Number.NaN);
  function evaluate(formula: string): Val {
    const src = formula.replace(/^=/, "");
    let i = 0;
    const peek = (): string => src[i] ?? "";
    const expect = (s: string): void => {
      assert.equal(src.slice(i, i + s.length), s, `'${s}' at ${i} of ${src}`);
      i += s.length;
    };
    const args = (): (() => Val)[] => {
      // Lazy arguments, so IF evaluates only its branch.
      const out: (() => Val)[] = [];
      expect("(");
      for (;;) {
        const start = i;
        let depth = 0;
        let quoted = false;
        while (i < src.length) {
          const ch = src[i]!;
          if (ch === '"') quoted = !quoted;
          else if (!quoted && ch === "(") depth++;
          else if (!quoted && ch === ")") {
            if (depth === 0) break;
            depth--;
          } else if (!quoted && ch === "," && depth === 0) break;
          i++;
        }
        const text = src.slice(start, i);
        out.push(() => evaluate(text));
        if (peek() === ",") {
          i++;
          continue;
        }
        expect(")");
        return out;
      }
    };
    const primary = (): Val => {
      if (peek() === "(") {
        i++;
        const v = comparison();
        expect(")");
        return v;
      }
      if (peek() === '"') {
        const end = src.indexOf('"', i + 1);
        const s = src.slice(i + 1, end);
        i = end + 1;
        return s;
      }
      if (peek() === "-") {
        i++;
        return -num(primary());
      }
      const m = /^(\d+(\.\d+)?)|^([A-Z]+)(\d+)(:([A-Z]+)(\d+))?|^([A-Z]+)(?=\()/.exec(src.slice(i));
      assert.ok(m, `cannot read ${src.slice(i)} in ${src}`);
      i += m[0].length;
      if (m[1] !== undefined) return Number(m[1]);
      if (m[8] !== undefined) {
        const fn = m[8];
        const a = args();
        if (fn === "IF") {
          const test = a[0]!();
          return (typeof test === "boolean" ? test : num(test) !== 0) ? a[1]!() : a[2] ? a[2]() : false;
        }
        if (fn === "ABS") return Math.abs(num(a[0]!()));
        throw new Error(`a function the test does not know (SUM takes one range): ${fn}`);
      }
      if (m[5] !== undefined) throw new Error(`a range outside SUM: ${m[0]}`);
      return cell(Number(m[4]) - 1, colIndex(m[3]!));
    };
    const sumCall = (): Val | undefined => {
      const m = /^SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)/.exec(src.slice(i));
      if (!m) return undefined;
      i += m[0].length;
      let s = 0;
      for (let r = Number(m[2]) - 1; r <= Number(m[4]) - 1; r++) for (let c = colIndex(m[1]!); c <= colIndex(m[3]!); c++) s += num(cell(r, c));
      return s;
    };
    const factor = (): Val => sumCall() ?? primary();
    const term = (): Val => {
      let v = factor();
      while (peek() === "*" || peek() === "/") {
        const op = src[i++];
        const w = factor();
        v = op === "*" ? num(v) * num(w) : num(v) / num(w);
      }
      return v;
    };
    const additive = (): Val => {
      let v = term();
      while (peek() === "+" || peek() === "-") {
        const op = src[i++];
        const w = term();
        v = op === "+" ? num(v) + num(w) : num(v) - num(w);
      }
      return v;
    };
    function comparison(): Val {
      const a = additive();
      const m = /^(<>|<=|>=|=|<|>)/.exec(src.slice(i));
      if (!m) return a;
      i += m[0].length;
      const b = additive();
      const eq = (): boolean => (a === null || a === "" ? b === "" || b === null || b === 0 : typeof a === "string" || typeof b === "string" ? String(a) === String(b ?? "") : num(a) === num(b));
      switch (m[0]) {
        case "=":
          return eq();
        case "<>":
          return !eq();
        case "<":
          return num(a) < num(b);
        case ">":
          return num(a) > num(b);
        case "<=":
          return num(a) <= num(b);
        default:
          return num(a) >= num(b);
      }
    }
    const v = comparison();
    assert.equal(i, src.length, `unread text in ${src}: ${src.slice(i)}`);
    return v;
  }
  return cell;
}

/** Every formula of the sheet evaluates to its cached value; returns how many there are. */
function checkFormulas(spec: SheetSpec): number {
  const at = evaluator(spec);
  let n = 0;
  spec.rows.forEach((row, r) =>
    row.forEach((v, c) => {
      if (!isFormulaCell(v)) return;
      n++;
      const got = at(r, c);
      const want = v.value ?? null;
      const where = `row ${r + 1} col ${c + 1}: =${v.formula}`;
      if (typeof want === "number") assert.ok(typeof got === "number" && Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${where} → ${String(got)}, cached ${want}`);
      else assert.equal(got, want, where);
    }),
  );
  return n;
}

const rowOf = (spec: SheetSpec, label: string): readonly OutCell[] => {
  const r = spec.rows.find((x) => typeof x[0] === "string" && x[0].startsWith(label));
  assert.ok(r, `a row '${label}'`);
  return r;
};
const rowIndexOf = (spec: SheetSpec, label: string, from = 0): number => {
  const i = spec.rows.findIndex((x, k) => k >= from && x[0] === label);
  assert.ok(i >= 0, `a row '${label}'`);
  return i;
};
/** A cell's value: the cached value of a formula. */
const valueOf = (v: OutCell | undefined): Val => (v === undefined ? null : isFormulaCell(v) ? (v.value ?? null) : v);
const close = (a: Val, b: number, tol = 1e-9): void => assert.ok(typeof a === "number" && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${String(a)} ≉ ${b}`);

// ---------------------------------------------------------------------------
// The hand case

const snap = (cycle: string, version: string, item: string, period: string, quantity: number): SnapshotRow => ({ cycle, version, item, period, quantity });
const ACTUALS = table(["2026-08", "2026-09", "2026-10"], [
  ["A1", "Alpha", [100, 110, 120]],
  ["A2", "Alpha", [50, 40, null]],
  ["B1", "Beta", [200, 210, 220]],
  ["B2", "Beta", [null, 5, 10]],
]);
const PRICES: PriceRow[] = [
  { item: "A1", price: 10, unitCost: 6, period: null },
  { item: "A2", price: 20, unitCost: 15, period: null },
  { item: "B1", price: 5, unitCost: 2, period: null },
];
const LEDGER: SnapshotRow[] = [
  snap("2026-10", "Consensus", "A1", "2026-10", 130),
  snap("2026-10", "Consensus", "A2", "2026-10", 20),
  snap("2026-10", "Consensus", "B1", "2026-10", 200),
  snap("2026-08", "Consensus", "A1", "2026-09", 100),
  snap("2026-08", "Consensus", "B1", "2026-09", 230),
  snap("2026-09", "Consensus", "A1", "2026-10", 120),
  snap("2026-09", "Consensus", "B1", "2026-10", 200),
  snap("2026-09", "Sales", "A1", "2026-10", 132),
];
const BUDGET = table(["2026-10"], [["Alpha", null, [1500]], ["Beta", null, [1050]]], { attributeName: null });

function handData(): DashboardData {
  const review = businessReview({ actuals: ACTUALS, snapshots: LEDGER, budget: BUDGET, budgetMeasure: "revenue", prices: PRICES, cycle: "2026-11" });
  const trend = accuracyTrend({ actuals: ACTUALS, snapshots: LEDGER, lastPeriod: "2026-10" });
  return {
    workbook: "hand.xlsx",
    cycle: "2026-11",
    runAt: "2026-11-05T08:00:00Z",
    review,
    trend,
    kpis: {
      accuracyVersion: "Consensus",
      accuracyLag: 1,
      accuracyWindow: ["2026-05", "2026-10"],
      accuracy: 0.82,
      bias: 0.07,
      fva: -0.05,
      fvaVs: "Sales",
      fillRate: 0.97,
      averageUtilisation: 0.6,
      peakUtilisation: 1.21,
      peakAt: { resource: "WC-20", period: "2027-01" },
      daysOfSupply: 40,
      daysOfSupplyPeriod: "2026-11",
      daysOfSupplyTarget: 30,
      daysOfSupplyBasis: "constrained plan",
    },
    financials: { year: 2026, planLabel: "Constrained plan", measure: "revenue", budgetMonths: ["2026-01", "2026-12"], budget: 1000, budgetValue: 950, months: ["2026-01", "2026-12"], revenue: 2000, margin: 500, costedRevenue: 2000 },
    load: { resource: "WC-20", unit: "hours", periods: ["2026-11", "2026-12", "2027-01"], load: [80, 100, 121], available: [100, 100, 100], why: "the highest peak utilisation" },
    scenarios: [
      { name: "Baseline", isBaseline: true, recommended: false, status: "ok", reason: "", revenue: 5000, margin: 1000, marginPct: 0.2, fillRate: 0.97, peakUtilisation: 1.21 },
      { name: "Add a shift", isBaseline: false, recommended: true, status: "ok", reason: "", revenue: 5400, margin: 1200, marginPct: 1200 / 5400, fillRate: 0.99, peakUtilisation: 0.95 },
      { name: "Broken", isBaseline: false, recommended: false, status: "skipped", reason: "a lever has an error", revenue: null, margin: null, marginPct: null, fillRate: null, peakUtilisation: null },
    ],
    recommendation: "Add a shift: highest margin at the fill-rate target",
    decisions: { open: 3, overdue: 1, items: [{ id: "D-1", topic: "Add a shift", owner: "Ops", due: "2026-11-30", status: "open" }] },
    adherence: {
      rows: [
        { measure: "Sales", family: "Alpha", planned: 150, actual: 120, deviation: -30, deviationPct: -0.2, flagged: true, sentence: "Alpha sold 20 % below plan" },
        { measure: "Production", family: "Beta", planned: 0, actual: 5, deviation: 5, deviationPct: null, flagged: false, sentence: "" },
      ],
    },
  };
}

describe("SOP Dashboard (hand case)", () => {
  const spec = renderDashboard(handData());

  it("KPIs: values and statuses (formulas over value, target and watch limit) as computed by hand", () => {
    assert.equal(spec.name, DASHBOARD_SHEET);
    const expect: [string, number, string][] = [
      ["Forecast accuracy (lag 1, Consensus)", 0.82, STATUS.on],
      ["Forecast bias (lag 1, Consensus)", 0.07, STATUS.watch],
      ["Forecast value added of the Consensus", -0.05, STATUS.off],
      ["Fill rate", 0.97, STATUS.watch],
      ["Average utilisation", 0.6, STATUS.on],
      ["Peak utilisation (WC-20, 2027-01)", 1.21, STATUS.off],
      ["Inventory days of supply (end of 2026-11)", 40, STATUS.watch],
      ["Revenue vs budget, full year 2026", -0.05, STATUS.off],
      ["Last month actual vs plan (2026-10, units)", 0, STATUS.on],
      ["Overdue decisions", 1, STATUS.watch],
      ["Deviations from the frozen plan", 1, STATUS.watch],
    ];
    for (const [label, value, status] of expect) {
      const r = rowOf(spec, label);
      close(valueOf(r[1]), value);
      assert.equal(valueOf(r[4]), status, label);
      assert.ok(isFormulaCell(r[4]), `${label}: the status is a formula`);
    }
    close(valueOf(rowOf(spec, "Margin %, full year")[1]), 0.25);
    assert.equal(valueOf(rowOf(spec, "Open decisions")[1]), 3);
    // Values shown from the blocks below are formulas pointing there.
    const revenueKpi = rowOf(spec, "Revenue vs budget")[1];
    assert.ok(isFormulaCell(revenueKpi) && /^E\d+$/.test(revenueKpi.formula));
    assert.equal(kpiStatus("atLeast", null, 0.8, 0.7), STATUS.none);
    assert.equal(kpiStatus("band", 30, 30, null, { target: 0.25, watch: 0.5 }), STATUS.on);
  });

  it("business review: deviations and totals are formulas with the hand values cached", () => {
    const top = rowIndexOf(spec, "Family");
    const alpha = spec.rows[top + 1]!;
    assert.equal(alpha[0], "Alpha");
    assert.deepEqual([1, 2, 3, 4].map((c) => valueOf(alpha[c])), [120, 150, -30, -0.2]);
    assert.deepEqual(alpha[3], { formula: `B${top + 2}-C${top + 2}`, value: -30 });
    assert.deepEqual(alpha[4], { formula: `IF(C${top + 2}<>0,D${top + 2}/C${top + 2},"")`, value: -0.2 });
    close(valueOf(alpha[8]), -500 / 1700);
    assert.equal(valueOf(alpha[9]), 1500);
    assert.equal(valueOf(alpha[10]), -300);
    const total = spec.rows[top + 3]!;
    assert.equal(total[0], "Total");
    assert.deepEqual(total[1], { formula: `SUM(B${top + 2}:B${top + 3})`, value: 350 });
    assert.equal(valueOf(total[7]), -400);
    assert.deepEqual(total[10], { formula: `F${top + 4}-J${top + 4}`, value: -250 });
    assert.ok(spec.rows.some((r) => typeof r[0] === "string" && /previous cycle 2026-10/.test(r[0])));
  });

  it("every formula evaluates, over the sheet's own cells, to the value cached with it", () => {
    const n = checkFormulas(spec);
    assert.ok(n >= 40, `${n} formulas`);
  });

  it("three charts over the chart-data blocks: accuracy trend (line), load vs capacity (columns + line), margin by scenario", () => {
    const charts = spec.charts ?? [];
    assert.deepEqual(charts.map((c) => c.kind), ["lineMarkers", "columnClustered", "columnClustered"]);
    const header = (c: (typeof charts)[number]): Val[] => spec.rows[c.data.row]!.slice(c.data.col, c.data.col + c.data.cols).map(valueOf);
    const [trend, load, scen] = charts as [(typeof charts)[number], (typeof charts)[number], (typeof charts)[number]];
    assert.deepEqual(header(trend), ["Month", "Sales", "Consensus"]);
    assert.equal(trend.data.rows, 3); // 2026-09, 2026-10
    assert.deepEqual(spec.rows.slice(trend.data.row + 1, trend.data.row + 3).map((r) => r[0]), ["2026-09", "2026-10"]);
    close(valueOf(spec.rows[trend.data.row + 2]![2]), 1 - 20 / 340);
    assert.deepEqual(header(load), ["Month", "Load", "Available capacity"]);
    assert.deepEqual(load.lineSeries, [1]);
    assert.equal(load.data.rows, 4);
    close(valueOf(spec.rows[load.data.row + 3]![3]), 1.21);
    assert.deepEqual(header(scen), ["Scenario", "Margin"]);
    assert.equal(scen.data.rows, 3); // the skipped scenario is listed below the block
    assert.equal(spec.rows[scen.data.row + 3]![0], "Broken");
    assert.equal(valueOf(spec.rows[scen.data.row + 2]![6]), 200);
    // Charts sit right of every block: no cell under them.
    for (const c of charts) {
      for (let r = c.position.row; r < c.position.row + c.position.rows; r++) {
        const row = spec.rows[r] ?? [];
        for (let k = c.position.col; k < c.position.col + c.position.cols; k++) assert.ok(row[k] === undefined || row[k] === null, `cell under a chart at ${r},${k}`);
      }
    }
    for (let i = 1; i < charts.length; i++) assert.ok(charts[i]!.position.row >= charts[i - 1]!.position.row + charts[i - 1]!.position.rows, "charts do not overlap");
  });

  it("the Office.js host draws the three charts over the dashboard's own blocks, in the write's two syncs", async () => {
    const fake = new FakeExcel({ platform: "desktop" });
    fake.addSheet("Data").setRaw(0, 0, "x");
    const host = new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: "hand.xlsx" });
    await host.describe();
    const s0 = fake.syncCount;
    await host.write([spec], { version: 1, lastRun: "2026-11-05T08:00:00Z" });
    assert.equal(fake.syncCount - s0, 2);
    const ws = fake.sheet(DASHBOARD_SHEET);
    const a1 = (r: number, c: number): string => `${String.fromCharCode(65 + c)}${r + 1}`;
    assert.deepEqual(
      ws.charts.map((c) => [c.type, c.source, c.title]),
      spec.charts!.map((c) => [c.kind === "lineMarkers" ? "LineMarkers" : "ColumnClustered", `${a1(c.data.row, c.data.col)}:${a1(c.data.row + c.data.rows - 1, c.data.col + c.data.cols - 1)}`, c.title]),
    );
    const top = rowIndexOf(spec, "KPI") + spec.rows.slice(rowIndexOf(spec, "KPI") + 1).findIndex((r) => r.length === 0) + 3; // the business review's title row, 1-based
    assert.deepEqual(ws.charts.map((c) => c.position), [
      { start: `N${top}`, end: `U${top + 15}` },
      { start: `N${top + 17}`, end: `U${top + 32}` },
      { start: `N${top + 34}`, end: `U${top + 49}` },
    ]);
    assert.equal(ws.charts[1]!.seriesTypes.get(1), "Line");
    assert.equal(ws.value(spec.charts![0]!.data.row, 0), "Month");
    assert.equal(ws.formula(rowIndexOf(spec, "Family") + 1, 3), `=B${rowIndexOf(spec, "Family") + 2}-C${rowIndexOf(spec, "Family") + 2}`);
  });

  it("readable: frozen title rows, widths, number formats and status fills", () => {
    assert.deepEqual(spec.freeze, { rows: 2 });
    assert.equal(spec.columnWidths?.[0], 44);
    const kpiFirst = rowIndexOf(spec, "KPI") + 1;
    const statusFills = (spec.conditionals ?? []).filter((c) => c.operator === "textContains" && c.col === 4 && c.row === kpiFirst).map((c) => c.value);
    assert.deepEqual(statusFills, [STATUS.off, STATUS.watch, STATUS.on]);
    const accRow = spec.rows.findIndex((r) => typeof r[0] === "string" && r[0].startsWith("Forecast accuracy"));
    assert.ok((spec.styles ?? []).some((s) => s.row === accRow && s.col === 1 && s.numberFormat === "0.0%"));
  });

  it("missing parts say so instead of showing empty charts", () => {
    const d = handData();
    const bare = renderDashboard({ ...d, trend: { lag: 1, periods: [], versions: [] }, load: null, scenarios: null, financials: null, decisions: undefined, adherence: undefined, kpis: { ...d.kpis, fillRate: null, daysOfSupplyTarget: null } });
    assert.equal(bare.charts?.length, 0);
    assert.ok(bare.rows.some((r) => typeof r[0] === "string" && /no snapshot forecast/.test(r[0])));
    assert.equal(valueOf(rowOf(bare, "Fill rate")[4]), STATUS.none);
    assert.equal(valueOf(rowOf(bare, "Inventory days of supply")[4]), null);
    checkFormulas(bare);
  });
});

// ---------------------------------------------------------------------------
// The sample workbook

describe("SOP Dashboard on the sample workbook", function () {
  this.timeout(180000);

  it("buildDashboardData + renderDashboard agree with the steps' summaries; formulas evaluate to their cached values; the .xlsx host keeps the blocks and drops the charts", async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const host = await BufferHost.open(new Uint8Array(fs.readFileSync(SAMPLE)), "sop-sample.xlsx", null);
    const prepared = await prepareRun(host);
    const checked = readInputs(prepared.mapping, prepared.reads);
    const inputs = checked.inputs!;
    assert.ok(inputs);
    const { cycle, lastActual } = resolveCycle(inputs.actuals);
    assert.equal(cycle, "2026-11");
    const ctx = { cycle, runAt: "2026-11-05T08:00:00Z", workbook: "sop-sample.xlsx" };
    const ledger = prepared.ledger ? parseSnapshotSheet(prepared.ledger).rows : [];
    const solver = await loadHighsSolver();
    const demand = demandStep(inputs, { ...ctx, horizon: 18, ledger, withSheets: false });
    const supply = supplyStep(inputs, demand.statistical!, demand.consensus!, { ...ctx, solver, snapshots: demand.snapshots });
    const finance = financeStep(inputs, demand.consensus!, supply.plan, ctx);
    const sc = scenarioStep(inputs, demand.consensus!, { ...ctx, solver, drivers: prepared.drivers ?? [], addresses: checked.scenarioAddresses });
    assert.ok(sc.comparison);

    const data = buildDashboardData({ ...ctx, inputs, demand, supply, finance, scenarios: sc.comparison });
    // The review and trend computed beforehand (while the items are forecast) give the same data, and are used as given;
    // made from other snapshots or another lag, they are computed again.
    const early = dashboardReview(inputs, demand.snapshots, cycle, demand.accuracy!.accuracyLag);
    const withEarly = buildDashboardData({ ...ctx, inputs, demand, supply, finance, scenarios: sc.comparison, review: early });
    assert.deepStrictEqual(withEarly, data);
    assert.equal(withEarly.review, early.review);
    for (const other of [dashboardReview(inputs, [...demand.snapshots], cycle, demand.accuracy!.accuracyLag), dashboardReview(inputs, demand.snapshots, cycle, demand.accuracy!.accuracyLag + 1)]) {
      const again = buildDashboardData({ ...ctx, inputs, demand, supply, finance, scenarios: sc.comparison, review: other });
      assert.notEqual(again.review, other.review);
      assert.deepStrictEqual(again, data);
    }
    // Business review: 2026-10 against the consensus snapshot of cycle 2026-10 (lag 0).
    const review = data.review!;
    assert.equal(review.period, lastActual);
    assert.equal(review.plan.cycle, "2026-10");
    assert.equal(review.plan.lag, 0);
    assert.equal(review.plan.basis, "previous cycle");
    const j = inputs.actuals.periods.indexOf("2026-10");
    let sumActual = 0;
    for (let i = 0; i < inputs.actuals.keys.length; i++) {
      const x = inputs.actuals.values[i * inputs.actuals.periods.length + j]!;
      if (Number.isFinite(x)) sumActual += x;
    }
    close(review.total.actual, sumActual);
    let sumPlan = 0;
    for (const r of demand.snapshots) if (r.cycle === "2026-10" && r.version === "Consensus" && r.period === "2026-10") sumPlan += r.quantity;
    close(review.total.plan, sumPlan);
    assert.equal(review.families.filter((f) => f.key !== "(no family)").length, 8);
    assert.equal(review.hasBudget, true);
    // KPIs equal the steps' own figures.
    const cons = demand.summary!.versions.find((v) => v.name === "Consensus")!;
    close(data.kpis.accuracy, cons.accuracy!);
    close(data.kpis.bias, cons.biasPct!);
    close(data.kpis.fillRate, supply.summary.plan!.fillRate);
    const peak = Math.max(...supply.summary.resources.map((r) => r.peakUtilisation ?? -Infinity));
    close(data.kpis.peakUtilisation, peak);
    assert.equal(data.load!.resource, data.kpis.peakAt!.resource);
    assert.equal(data.load!.resource, "WC-20 Machining");
    const gap = finance.gap.plans.find((p) => p.name === "constrained")!.total.fullYear;
    close(data.financials!.budget, gap.budget);
    close(data.financials!.budgetValue, gap.value);
    assert.ok(data.kpis.daysOfSupply !== null && data.kpis.daysOfSupplyTarget !== null && data.kpis.daysOfSupplyTarget > 0);
    // The lag-1 trend: the cycles 2026-05 … 2026-09 forecast 2026-06 … 2026-10.
    assert.deepEqual(data.trend!.periods, ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]);
    assert.deepEqual(data.trend!.versions.map((v) => v.version), ["Statistical", "Sales", "Consensus"]);
    for (const v of data.trend!.versions) for (const p of v.points) assert.ok(p.accuracy !== null && p.accuracy > 0.5 && p.accuracy < 1, `${v.version} ${p.period} ${p.accuracy}`);

    const spec = renderDashboard(data);
    const n = checkFormulas(spec);
    assert.ok(n > 60, `${n} formulas`);
    assert.equal(spec.charts?.length, 3);
    const kpi = (label: string): Val => valueOf(rowOf(spec, label)[1]);
    close(kpi("Forecast accuracy"), cons.accuracy!);
    close(kpi("Last month actual vs plan"), review.total.deviationPct!);
    close(kpi("Revenue vs budget"), gap.gapPct!);
    assert.equal(valueOf(rowOf(spec, "Peak utilisation")[4]), STATUS.off); // WC-20 is over capacity in 2027

    // The .xlsx host: charts ignored, the data blocks and formulas written.
    await host.write([spec], { version: 1, lastRun: ctx.runAt });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(host.outputBytes! as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(DASHBOARD_SHEET)!;
    assert.ok(ws);
    const trendChart = spec.charts![0]!;
    assert.equal(ws.getRow(trendChart.data.row + 1).getCell(1).value, "Month");
    assert.equal(ws.getRow(trendChart.data.row + 2).getCell(1).value, "2026-06");
    const statusCell = ws.getRow(spec.rows.findIndex((r) => r[0] === rowOf(spec, "Peak utilisation")[0]) + 1).getCell(5).value as { formula?: string; result?: unknown };
    assert.ok(statusCell.formula?.startsWith("IF("));
    assert.equal(statusCell.result, STATUS.off);
  });
});
