/**
 * Execution across two cycles on the sample, through the real runner and the .xlsx host: lock
 * cycle 2026-11 (ledger + `SOP Plan 2026-11` + `SOP MPS`), then November's actuals arrive and the
 * 2026-12 run compares them with the frozen plan (sales adherence by family, deviations flagged
 * beyond 10 %), computed here independently from the frozen sheet and the new actuals column.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { parsePlanSheet } from "../../src/workbook/planSheet";
import { runCycle } from "../../src/workbook/runCycle";
import type { Cell } from "../../src/workbook/grid";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

describe("execution: lock, freeze, then adherence at the next cycle (sample)", function () {
  this.timeout(300000);
  it("freezes the plan at the lock and measures November's sales against it in December", async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const solver = await loadHighsSolver();
    const input = new Uint8Array(fs.readFileSync(SAMPLE));
    const lockHost = await BufferHost.open(input, "sop-sample.xlsx", null);
    const locked = await runCycle(lockHost, { now: () => new Date("2026-11-25T08:00:00Z"), solver, lock: {} });
    assert.equal(locked.lock?.status, "locked");
    assert.deepEqual(locked.written?.sheets.map((s) => s.written), ["SOP Snapshots", "SOP Plan 2026-11", "SOP MPS"]);
    assert.match(locked.freeze!.message, /^Plan of 2026-11 frozen in SOP Plan 2026-11 \(constrained supply plan\)/);

    // The frozen plan as written (values only), read back.
    const companion = await new ExcelJS.Workbook().xlsx.load(lockHost.outputBytes! as unknown as ArrayBuffer);
    const planWs = companion.getWorksheet("SOP Plan 2026-11")!;
    const values: Cell[][] = [];
    planWs.eachRow({ includeEmpty: true }, (row, r) => {
      values[r - 1] = (row.values as unknown[]).slice(1).map((v) => (v === undefined ? null : (v as Cell)));
    });
    let formulas = 0;
    planWs.eachRow((row) => row.eachCell((c) => (c.formula ? formulas++ : 0)));
    assert.equal(formulas, 0, "the frozen plan is values only");
    const frozen = parsePlanSheet({ sheet: planWs.name, top: 0, left: 0, values: values.map((r) => r ?? []) }).plan!;
    const nov = frozen.periods.indexOf("2026-11");
    assert.equal(nov, 0);

    // November's actuals arrive: each item sells what it sold in October.
    const wb = await new ExcelJS.Workbook().xlsx.load(input as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("Actuals")!;
    ws.getRow(4).getCell(41).value = new Date(Date.UTC(2026, 10, 1));
    ws.getRow(4).getCell(41).numFmt = ws.getRow(4).getCell(40).numFmt;
    const actualByFamily = new Map<string, number>();
    for (let r = 5; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const oct = row.getCell(40).value;
      const family = row.getCell(3).value;
      if (typeof oct !== "number" || typeof family !== "string" || row.getCell(1).value === "Grand total") continue;
      row.getCell(41).value = oct;
      actualByFamily.set(family, (actualByFamily.get(family) ?? 0) + oct);
    }
    const nextInput = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const host = await BufferHost.open(nextInput, "sop-sample.xlsx", lockHost.outputBytes!);
    const report = await runCycle(host, { now: () => new Date("2026-12-03T08:00:00Z"), solver });
    assert.equal(report.cycle, "2026-12");
    const a = report.adherence!;
    assert.equal(a.frozenCycle, "2026-11");
    assert.deepEqual(a.periods, ["2026-11"]);
    const sales = a.measures.find((m) => m.measure === "sales")!;
    const planned = frozen.families.reduce((s, f) => s + f.sales[nov]!, 0);
    const actual = [...actualByFamily.values()].reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sales.plan - planned) < 1e-6, `${sales.plan} vs ${planned}`);
    assert.equal(sales.actual, actual);
    assert.ok(Math.abs(sales.deviation - (actual - planned)) < 1e-6);
    // Adherence = 1 − Σ|dev| / Σ plan over families; flagged: |dev %| > 10 %.
    let absDev = 0;
    const flagged: string[] = [];
    for (const f of frozen.families) {
      const dev = (actualByFamily.get(f.key) ?? 0) - f.sales[nov]!;
      absDev += Math.abs(dev);
      if (f.sales[nov]! > 0 && Math.abs(dev / f.sales[nov]!) > 0.1) flagged.push(f.key);
    }
    assert.ok(Math.abs(sales.adherence! - Math.max(0, 1 - absDev / planned)) < 1e-9);
    assert.deepEqual(a.flagged.filter((x) => x.measure === "sales").map((x) => x.family).sort(), flagged.sort());
    assert.ok(flagged.length > 0, "the sample's October run-rate differs from November's plan somewhere");
  });
});
