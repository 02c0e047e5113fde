/**
 * The supply review through the real runner and the in-memory .xlsx host: rough-cut load and
 * gap on the sample against an independent calculation written here, bad capacity and routing
 * data reported with cell addresses, and the constrained plan with and without the LP solver.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import type { Mapping } from "../../src/workbook/mapping";
import { runCycle } from "../../src/workbook/runCycle";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

async function sheetRows(bytes: Uint8Array, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet ${name}`);
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** A cell's number, whether written as a value or as a formula with its cached result. */
function numberOf(v: unknown): number {
  if (typeof v === "number") return v;
  if (v && typeof v === "object" && "result" in v) return Number((v as { result: unknown }).result);
  return Number.NaN;
}

function addMonths(p: string, k: number): string {
  const [y, m] = p.split("-").map(Number) as [number, number];
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}

describe("supply review on the sample workbook (independent calculation)", function () {
  this.timeout(120000);
  it("load and gap of WC-20 Machining and MAT-Castings equal Σ consensus(month + lead) × hours per unit, item lines replacing family lines", async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const host = await BufferHost.open(new Uint8Array(fs.readFileSync(SAMPLE)), "sop-sample.xlsx", null);
    const report = await runCycle(host, { now: () => new Date("2026-11-05T08:00:00Z"), solver: await loadHighsSolver() });
    assert.equal(report.blocked, false);
    const inputs = report.inputs!;
    const out = host.outputBytes!;
    // The consensus per item and month, as SOP Forecast shows it.
    const fc = await sheetRows(out, "SOP Forecast");
    const head = fc.find((r) => r[0] === "Level")!;
    const consensus = new Map<string, Map<string, number>>();
    const familyOf = new Map<string, string>();
    for (const r of fc) {
      if (r[0] !== "Item" || r[3] !== "Consensus") continue;
      const m = new Map<string, number>();
      head.forEach((h, j) => {
        if (typeof h === "string" && /^\d{4}-\d{2}$/.test(h)) m.set(h, numberOf(r[j]));
      });
      consensus.set(r[2] as string, m);
      familyOf.set(r[2] as string, r[1] as string);
    }
    const cap = await sheetRows(out, "SOP Capacity");
    const capHead = cap.find((r) => r[0] === "Resource" && r[2] === "Line")!;
    const lower = (s: string | null): string => (s ?? "").trim().toLowerCase();
    for (const resource of ["WC-20 Machining", "MAT-Castings"]) {
      const loadRow = cap.find((r) => r[0] === resource && r[2] === "Load")!;
      const availRow = cap.find((r) => r[0] === resource && typeof r[2] === "string" && (r[2] as string).startsWith("Available"))!;
      const gapRow = cap.find((r) => r[0] === resource && r[2] === "Gap")!;
      const ci = inputs.capacity!.table.keys.indexOf(resource);
      const w = inputs.capacity!.table.periods.length;
      for (const month of ["2027-05", "2027-06", "2027-08"]) {
        let load = 0;
        for (const [item, byMonth] of consensus) {
          const own = inputs.resources.filter((l) => l.item === item);
          const lines = own.length > 0 ? own : inputs.resources.filter((l) => l.item === null && lower(l.family) === lower(familyOf.get(item) ?? null));
          for (const l of lines) if (l.resource === resource) load += (byMonth.get(addMonths(month, l.leadOffset)) ?? 0) * l.perUnit;
        }
        const j = capHead.indexOf(month);
        assert.ok(Math.abs(numberOf(loadRow[j]) - load) < 1e-6 * Math.max(1, load), `${resource} ${month}: load ${numberOf(loadRow[j])} vs ${load}`);
        const available = inputs.capacity!.table.values[ci * w + inputs.capacity!.table.periods.indexOf(month)]! * inputs.capacity!.efficiency[ci]!;
        assert.ok(Math.abs(numberOf(availRow[j]) - available) < 1e-9 * available);
        assert.ok(Math.abs(numberOf(gapRow[j]) - (available - load)) < 1e-6 * Math.max(1, load), `${resource} ${month}: gap`);
      }
    }
    // The shortages the sample was built with (README: WC-20 in May, June, August 2027; castings in August 2027).
    const short = new Set(report.supply!.shortages.map((s) => `${s.resource} ${s.period}`));
    for (const k of ["WC-20 Machining 2027-05", "WC-20 Machining 2027-06", "WC-20 Machining 2027-08", "MAT-Castings 2027-08"]) assert.ok(short.has(k), `${k} short: ${[...short].join(", ")}`);
    // The constrained plan solved, and the supply sheet says so.
    assert.equal(report.supply!.plan?.status, "Optimal");
    const sp = await sheetRows(out, "SOP Supply Plan");
    assert.ok(sp.some((r) => r[0] === "Solver status" && /optimal \(HiGHS/.test(String(r[1]))));
  });
});

/** A small workbook with capacity and routing problems. */
async function badSupplyBytes(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const months = Array.from({ length: 24 }, (_, i) => `${2025 + Math.floor((i + 10) / 12)}-${String(((i + 10) % 12) + 1).padStart(2, "0")}`);
  const a = wb.addWorksheet("Sales history");
  a.addRow(["Item", "Family", ...months]);
  a.addRow(["A1", "F1", ...months.map(() => 100)]);
  a.addRow(["B1", "F2", ...months.map(() => 50)]);
  const plan = ["2027-11", "2027-12", "2028-01", "2028-02", "2028-03", "2028-04", "2028-05", "2028-06", "2028-07", "2028-08", "2028-09", "2028-10"];
  const c = wb.addWorksheet("Lines");
  c.addRow(["Work centre", "Unit", "Efficiency", ...plan]);
  c.addRow(["L1", "hours", null, ...plan.map((_, j) => (j === 2 ? 0 : 500))]); // row 2: blank efficiency, zero capacity in 2028-01
  c.addRow(["L2", "hours", 0.9, ...plan.map(() => 400)]);
  const r = wb.addWorksheet("BoR");
  r.addRow(["Family", "Item", "Resource", "Hours per unit", "Lead offset"]);
  r.addRow(["F1", null, "L1", 2, 0]);
  r.addRow(["F2", null, "L2", -3, 0]); // row 3: negative hours
  r.addRow(["F2", null, "L9", 1, 0]); // row 4: a resource without capacity
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("supply review: bad capacity and routing data", function () {
  this.timeout(60000);
  const mapping: Mapping = {
    roles: [
      { role: "actuals", sources: [{ sheet: "Sales history" }] },
      { role: "capacity", sources: [{ sheet: "Lines" }] },
      { role: "resources", sources: [{ sheet: "BoR" }] },
    ],
  };

  it("blank efficiency, zero capacity, negative hours and a resource without capacity are findings with addresses; the run still writes and the input is untouched", async () => {
    const input = await badSupplyBytes();
    const copy = Uint8Array.from(input);
    const host = await BufferHost.open(input, "plan.xlsx", null);
    const report = await runCycle(host, { mapping, now: () => new Date("2027-11-05T08:00:00Z"), solver: await loadHighsSolver() });
    assert.equal(report.blocked, false, report.findings.filter((f) => f.severity === "error").map((f) => f.message).join("; "));
    const at = (code: string, address: string, text: RegExp): void => {
      assert.ok(report.findings.some((f) => f.code === code && f.address === address && text.test(f.message)), `${code} at ${address}: ${JSON.stringify(report.findings.filter((f) => f.code === code))}`);
    };
    at("efficiency-missing", "Lines!A2", /L1.*blank; 100 % is used/);
    at("capacity-zero", "Lines!A2", /L1 in 2028-01 is 0/);
    at("negative", "BoR!D3", /.*/);
    at("resource-without-capacity", "BoR!C4", /L9/);
    assert.deepEqual(host.inputBytes, copy);
    // L1 in 2028-01: no capacity, so its load there is a shortage.
    assert.ok(report.supply!.shortages.some((s) => s.resource === "L1" && s.period === "2028-01"));
    assert.equal(report.supply!.plan?.status, "Optimal");
    const names = report.written!.sheets.map((s) => s.written);
    assert.ok(names.includes("SOP Capacity") && names.includes("SOP Supply Plan"));
  });

  it("without an LP solver the review still shows capacity and inventory, and says why there is no plan", async () => {
    const host = await BufferHost.open(await badSupplyBytes(), "plan.xlsx", null);
    const report = await runCycle(host, { mapping, now: () => new Date("2027-11-05T08:00:00Z") });
    assert.equal(report.supply!.plan, null);
    assert.match(report.supply!.planNote, /No LP solver/);
    const sp = await sheetRows(host.outputBytes!, "SOP Supply Plan");
    assert.ok(sp.some((r) => r[0] === "Solver status" && /No LP solver/.test(String(r[1]))));
  });
});

describe("scenarios: SOP Scenarios and rejected formulas", function () {
  this.timeout(60000);
  it("runs the scenarios with named drivers, and a formula that tries to escape is a finding at its cell; the other scenarios still run", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await badSupplyBytes()) as unknown as ArrayBuffer);
    const sc = wb.addWorksheet("What if");
    sc.addRow(["Scenario", "Lever", "Scope", "From", "To", "Value", "Notes"]);
    sc.addRow(["More F1", "demand %", "F1", "2027-11", "2028-04", "=uplift * 2", null]);
    sc.addRow(["Sneaky", "demand %", "All", null, null, "=import('fs')", null]);
    sc.getCell("I1").value = 5;
    wb.definedNames.add("'What if'!$I$1", "uplift");
    const input = new Uint8Array(await wb.xlsx.writeBuffer());
    const host = await BufferHost.open(input, "plan.xlsx", null);
    const mapping: Mapping = {
      roles: [
        { role: "actuals", sources: [{ sheet: "Sales history" }] },
        { role: "capacity", sources: [{ sheet: "Lines" }] },
        { role: "resources", sources: [{ sheet: "BoR" }] },
        { role: "scenarios", sources: [{ sheet: "What if", range: "A1:G3" }] },
      ],
    };
    const report = await runCycle(host, { mapping, now: () => new Date("2027-11-05T08:00:00Z"), solver: await loadHighsSolver() });
    const bad = report.findings.filter((f) => f.code === "scenario-issue");
    assert.ok(bad.some((f) => f.address === "'What if'!F3" && /not allowed|import/i.test(f.message)), JSON.stringify(bad));
    const rows = await sheetRows(host.outputBytes!, "SOP Scenarios");
    const levers = rows.find((r) => r[0] === "More F1" && r[1] === "demand %");
    assert.ok(levers, "the valid scenario ran");
    assert.equal(levers[5], 10, "=uplift * 2 with uplift = 5");
    assert.equal(levers[6], "=uplift * 2");
  });
});
