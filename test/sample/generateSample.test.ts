/**
 * The bundled sample workbook generator: sheets, determinism, the layout quirks
 * planners' workbooks have (title rows, subtotals, date and text headers, a long
 * ledger, an Excel table) and the demand patterns the engine is shown with.
 */
import { strict as assert } from "node:assert";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { buildSample, generateSample, type SampleResult } from "../../scripts/sample/index";

const EXPECTED_SHEETS = [
  "Actuals",
  "Sales EU",
  "Sales NA",
  "Sales APAC",
  "Key Accounts",
  "Stat Forecast",
  "Consensus",
  "Forecast Snapshots",
  "Capacity",
  "Routing",
  "Inventory",
  "Prices",
  "Budget",
  "Scenarios",
  "Readme",
];

const SMALL = { items: 40, months: 24, seed: 7 } as const;

async function load(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet ${name} missing`);
  return ws;
}

/** Every cell value of the workbook as JSON text, sheet by sheet. */
function dump(wb: ExcelJS.Workbook): string {
  const out: string[] = [];
  for (const ws of wb.worksheets) {
    out.push(`# ${ws.name}`);
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v = cell.value instanceof Date ? cell.value.toISOString() : JSON.stringify(cell.value);
        cells.push(`${c}=${v}`);
      });
      out.push(`${r}: ${cells.join(",")}`);
    });
  }
  return out.join("\n");
}

function text(ws: ExcelJS.Worksheet, row: number, col: number): string {
  const v = ws.getCell(row, col).value;
  return typeof v === "string" ? v : "";
}

function num(v: ExcelJS.CellValue): number | null {
  if (typeof v === "number") return v;
  if (v && typeof v === "object" && "result" in v && typeof v.result === "number") return v.result;
  return null;
}

/**
 * A cell's number or a formula's cached result. ExcelJS's `cell.value` drops a cached
 * result of 0 (`{ formula }` only); `cell.result` keeps it.
 */
function cellNum(cell: ExcelJS.Cell): number | null {
  if (cell.type === ExcelJS.ValueType.Formula) return typeof cell.result === "number" ? cell.result : null;
  return num(cell.value);
}

function headerTexts(ws: ExcelJS.Worksheet, row: number, fromCol: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => text(ws, row, fromCol + k));
}

describe("sample workbook generator", function () {
  this.timeout(30000);
  let dir: string;
  let first: SampleResult;
  let wb: ExcelJS.Workbook;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "sop-sample-"));
    first = await generateSample({ ...SMALL, out: join(dir, "a.xlsx") });
    wb = await load(first.path);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes every sheet, in order", () => {
    assert.deepEqual(first.sheets, EXPECTED_SHEETS);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      EXPECTED_SHEETS,
    );
  });

  it("is deterministic for a seed and differs for another seed", async () => {
    const again = await generateSample({ ...SMALL, out: join(dir, "b.xlsx") });
    const other = await generateSample({ ...SMALL, seed: 8, out: join(dir, "c.xlsx") });
    const wbAgain = await load(again.path);
    const wbOther = await load(other.path);
    assert.equal(dump(wbAgain), dump(wb));
    assert.notEqual(dump(wbOther), dump(wb));
    // Zip entry times are stamped too, so the files are byte-identical.
    assert.ok((await readFile(again.path)).equals(await readFile(first.path)), "same bytes");
    assert.equal(wbAgain.created.toISOString(), "2026-11-02T08:00:00.000Z");
    assert.equal(wbAgain.modified.toISOString(), wb.modified.toISOString());
  });

  it("the streaming writer (benchmark sizes) writes the same cell values, without the table", async () => {
    const streamed = await generateSample({ ...SMALL, streaming: true, out: join(dir, "s.xlsx") });
    assert.equal(streamed.streaming, true);
    const wbStreamed = await load(streamed.path);
    assert.equal(dump(wbStreamed), dump(wb));
    assert.equal(sheet(wbStreamed, "Stat Forecast").getTable("tblStatForecast"), undefined);
    assert.equal(sheet(wbStreamed, "Actuals").views[0]?.state, "frozen");
  });

  it("Actuals: title rows above a header of real dates, frozen below it", () => {
    const ws = sheet(wb, "Actuals");
    assert.equal(text(ws, 1, 1), "Shipments history (units)");
    assert.match(text(ws, 2, 1), /^Source: ERP export 2026-11-02$/);
    assert.equal(ws.getCell(3, 1).value, null);
    assert.deepEqual(headerTexts(ws, 4, 1, 4), ["Item", "Description", "Family", "Region"]);
    const firstMonth = ws.getCell(4, 5).value;
    const lastMonth = ws.getCell(4, 4 + SMALL.months).value;
    assert.ok(firstMonth instanceof Date && lastMonth instanceof Date);
    assert.equal(firstMonth.toISOString().slice(0, 10), "2024-11-01");
    assert.equal(lastMonth.toISOString().slice(0, 10), "2026-10-01");
    assert.equal(ws.getCell(4, 5).numFmt, "mmm-yy");
    const view = ws.views[0];
    assert.ok(view && view.state === "frozen");
    assert.equal(view.ySplit, 4);
  });

  it("Actuals: one row per item, a subtotal per family with cached SUMs, a grand total", () => {
    const ws = sheet(wb, "Actuals");
    let items = 0;
    const subtotals: number[] = [];
    let grandRow = 0;
    let blockStart = 5;
    for (let r = 5; r <= ws.rowCount; r++) {
      const key = text(ws, r, 1);
      if (key.startsWith("Subtotal ")) {
        subtotals.push(r);
        for (let c = 5; c <= 4 + SMALL.months; c++) {
          const cell = ws.getCell(r, c);
          assert.equal(cell.type, ExcelJS.ValueType.Formula, `formula in ${r}:${c}`);
          assert.match(cell.formula, /^SUM\([A-Z]+\d+:[A-Z]+\d+\)$/);
          let sum = 0;
          for (let k = blockStart; k < r; k++) sum += num(ws.getCell(k, c).value) ?? 0;
          assert.equal(cellNum(cell), sum, `subtotal ${key} column ${c}`);
        }
        blockStart = r + 1;
      } else if (key === "Grand total") {
        grandRow = r;
      } else if (/^[A-Z]{3}-\d{4}$/.test(key)) {
        items++;
      }
    }
    assert.equal(items, SMALL.items);
    assert.equal(subtotals.length, 8);
    assert.equal(grandRow, ws.rowCount);
    const g = ws.getCell(grandRow, 5);
    assert.equal(g.type, ExcelJS.ValueType.Formula);
    const expected = subtotals.reduce((a, r) => a + (cellNum(ws.getCell(r, 5)) ?? 0), 0);
    assert.equal(cellNum(g), expected);
    // Quantities are whole numbers ≥ 0, blank before a launch.
    let blanksBeforeLaunch = 0;
    for (let r = 5; r < grandRow; r++) {
      if (subtotals.includes(r)) continue;
      let seenNumber = false;
      for (let c = 5; c <= 4 + SMALL.months; c++) {
        const v = ws.getCell(r, c).value;
        if (v === null) {
          if (!seenNumber) blanksBeforeLaunch++;
          continue;
        }
        assert.ok(typeof v === "number" && Number.isInteger(v) && v >= 0, `quantity at ${r}:${c}`);
        seenNumber = true;
      }
    }
    assert.ok(blanksBeforeLaunch > 0, "new launches start with blank cells");
  });

  it("forecast tabs carry text headers in different spellings; Consensus has dates", () => {
    const eu = sheet(wb, "Sales EU");
    const na = sheet(wb, "Sales NA");
    const apac = sheet(wb, "Sales APAC");
    assert.equal(text(eu, 2, 1), "Manager: Sophie Martin");
    assert.deepEqual(headerTexts(eu, 5, 1, 5), ["Item", "Family", "Manager", "Nov 2026", "Dec 2026"]);
    assert.deepEqual(headerTexts(na, 4, 1, 5), ["Item", "Family", "Manager", "2026-11", "2026-12"]);
    assert.deepEqual(headerTexts(apac, 6, 1, 5), ["Item", "Family", "Manager", "Nov-26", "Dec-26"]);
    assert.equal(text(eu, 5, 21), "Apr 2028");
    const ka = sheet(wb, "Key Accounts");
    assert.deepEqual(headerTexts(ka, 4, 1, 3), ["Customer", "Item", "2026-11"]);
    const cons = sheet(wb, "Consensus");
    const d = cons.getCell(3, 5).value;
    assert.ok(d instanceof Date);
    assert.equal(d.toISOString().slice(0, 10), "2026-11-01");
    assert.deepEqual(headerTexts(sheet(wb, "Capacity"), 4, 1, 4), ["Resource", "Unit", "Efficiency", "Nov 2026"]);
    assert.deepEqual(headerTexts(sheet(wb, "Budget"), 4, 1, 2), ["Family", "01/2026"]);
    assert.equal(text(sheet(wb, "Budget"), 1, 1), "Budget 2026–2027 — revenue (EUR)");
    // Managers write round numbers.
    let values = 0;
    let round = 0;
    eu.eachRow((row, r) => {
      if (r <= 5) return;
      for (let c = 4; c <= 21; c++) {
        const v = row.getCell(c).value;
        if (typeof v === "number") {
          values++;
          if (v % 5 === 0) round++;
        }
      }
    });
    assert.ok(values > 0 && round === values);
  });

  it("Stat Forecast is an Excel table named tblStatForecast", () => {
    const ws = sheet(wb, "Stat Forecast");
    // On reading, ExcelJS keeps the table's model (with `tableRef`) under `.table`.
    const table = ws.getTable("tblStatForecast") as unknown as { table?: { tableRef?: string } } | undefined;
    assert.ok(table?.table, "table tblStatForecast");
    assert.deepEqual(headerTexts(ws, 4, 1, 3), ["Item", "2026-11", "2026-12"]);
    assert.equal(table.table.tableRef, `A4:S${ws.rowCount}`);
  });

  it("Forecast Snapshots is a long ledger of six cycles, three versions, lags 0–17", () => {
    const ws = sheet(wb, "Forecast Snapshots");
    assert.deepEqual(headerTexts(ws, 1, 1, 5), ["Cycle", "Version", "Item", "Period", "Quantity"]);
    const cycles = new Set<string>();
    const versions = new Set<string>();
    const lags = new Set<number>();
    ws.eachRow((row, r) => {
      if (r === 1) return;
      const cycle = String(row.getCell(1).value);
      const period = String(row.getCell(4).value);
      cycles.add(cycle);
      versions.add(String(row.getCell(2).value));
      const toIndex = (s: string): number => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));
      lags.add(toIndex(period) - toIndex(cycle));
      assert.equal(typeof row.getCell(5).value, "number");
    });
    assert.deepEqual([...cycles].sort(), ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]);
    assert.deepEqual([...versions].sort(), ["Consensus", "Sales", "Statistical"]);
    assert.equal(Math.min(...lags), 0);
    assert.equal(Math.max(...lags), 17);
    assert.ok(ws.rowCount > SMALL.items * 6 * 3 * 10);
  });

  it("supply and finance tabs have the expected shape", () => {
    const cap = sheet(wb, "Capacity");
    assert.equal(cap.rowCount, 4 + 10);
    assert.equal(text(cap, 14, 1), "MAT-Castings");
    assert.equal(text(cap, 14, 2), "units");
    for (let r = 5; r <= 14; r++) {
      const eff = cap.getCell(r, 3).value;
      assert.ok(typeof eff === "number" && eff >= 0.8 && eff <= 0.95);
      assert.equal(cap.getCell(r, 3).numFmt, "0.0%");
    }
    const routing = sheet(wb, "Routing");
    assert.deepEqual(headerTexts(routing, 1, 1, 5), ["Family", "Item", "Resource", "Hours per unit", "Lead offset"]);
    let familyLines = 0;
    let itemLines = 0;
    routing.eachRow((row, r) => {
      if (r === 1) return;
      if (row.getCell(2).value === null) familyLines++;
      else itemLines++;
    });
    assert.ok(familyLines >= 8 && itemLines > 0);
    const inv = sheet(wb, "Inventory");
    assert.deepEqual(headerTexts(inv, 3, 1, 4), ["Item", "On hand", "Safety stock", "Target days of supply"]);
    assert.equal(inv.rowCount, 3 + SMALL.items);
    const prices = sheet(wb, "Prices");
    assert.equal(prices.rowCount, 1 + SMALL.items);
    for (let r = 2; r <= prices.rowCount; r++) {
      const price = num(prices.getCell(r, 2).value) ?? 0;
      const cost = num(prices.getCell(r, 3).value) ?? 0;
      const margin = 1 - cost / price;
      assert.ok(margin > 0.19 && margin < 0.56, `margin ${margin} on row ${r}`);
    }
    const budget = sheet(wb, "Budget");
    assert.equal(text(budget, budget.rowCount, 1), "Total");
  });

  it("Scenarios keep lever formulas as text and name their drivers", () => {
    const ws = sheet(wb, "Scenarios");
    assert.deepEqual(headerTexts(ws, 1, 1, 7), ["Scenario", "Lever", "Scope", "From", "To", "Value", "Notes"]);
    const values: unknown[] = [];
    const scenarios = new Set<string>();
    ws.eachRow((row, r) => {
      if (r === 1) return;
      scenarios.add(text(ws, r, 1));
      values.push(row.getCell(6).value);
    });
    assert.equal(scenarios.size, 4);
    assert.ok(values.includes("=growth * 1.5"));
    assert.equal(typeof ws.getCell(3, 6).value, "string");
    const names = wb.definedNames.model.map((d) => d.name).sort();
    assert.deepEqual(names, ["growth", "inflation"]);
  });
});

describe("sample demand patterns (default size, in memory)", () => {
  let data: ReturnType<typeof buildSample>["data"];
  let sheets: ReturnType<typeof buildSample>["sheets"];

  before(() => {
    ({ data, sheets } = buildSample({}));
  });

  function model(name: string): (typeof sheets)[number] {
    const s = sheets.find((m) => m.name === name);
    assert.ok(s);
    return s;
  }

  it("has at least 300 items in 8 families and 3 regions", () => {
    assert.equal(data.items.length, 320);
    assert.equal(new Set(data.items.map((i) => i.family.name)).size, 8);
    assert.deepEqual([...new Set(data.items.map((i) => i.region))].sort(), ["APAC", "EU", "NA"]);
  });

  it("Pumps peak in summer; Valves are flat", () => {
    const actuals = model("Actuals");
    const subtotal = (family: string): number[] => {
      const row = actuals.rows.find((r) => r?.values[0] === `Subtotal ${family}`);
      assert.ok(row);
      return row.values.slice(4).map((v) => num(v as ExcelJS.CellValue) ?? 0);
    };
    const months = data.lastActual - data.firstActual + 1;
    const byMonthOfYear = (series: number[]): number[] => {
      const sums = new Array<number>(12).fill(0);
      series.forEach((v, k) => {
        const moy = (data.firstActual + k) % 12;
        sums[moy] = (sums[moy] ?? 0) + v;
      });
      return sums;
    };
    const pumps = byMonthOfYear(subtotal("Pumps"));
    const valves = byMonthOfYear(subtotal("Valves"));
    assert.equal(subtotal("Pumps").length, months);
    const summer = (s: number[]): number => (s[5] ?? 0) + (s[6] ?? 0) + (s[7] ?? 0);
    const winter = (s: number[]): number => (s[11] ?? 0) + (s[0] ?? 0) + (s[1] ?? 0);
    assert.ok(summer(pumps) / winter(pumps) > 1.8, "pumps seasonal");
    const ratio = summer(valves) / winter(valves);
    assert.ok(ratio > 0.8 && ratio < 1.25, `valves flat (${ratio})`);
  });

  it("Spare Parts are mostly intermittent", () => {
    const actuals = model("Actuals");
    let zeros = 0;
    let cells = 0;
    for (const r of actuals.rows) {
      if (!r || r.values[2] !== "Spare Parts") continue;
      for (const v of r.values.slice(4)) {
        if (typeof v !== "number") continue;
        cells++;
        if (v === 0) zeros++;
      }
    }
    assert.ok(zeros / cells > 0.35, `zero share ${zeros / cells}`);
  });

  it("sales managers are biased against the true future demand: EU and APAC over, NA under", () => {
    const index = new Map(data.items.map((item, i) => [item.code, i]));
    const bias = (tab: string): number => {
      let forecast = 0;
      let demand = 0;
      for (const r of model(tab).rows) {
        const i = r ? index.get(String(r.values[0])) : undefined;
        const s = i === undefined ? undefined : data.series[i];
        if (!r || !s) continue;
        r.values.slice(3).forEach((v, k) => {
          if (typeof v !== "number") return;
          forecast += v;
          demand += s.realized[data.cycle + k - s.start] ?? 0;
        });
      }
      return forecast / demand - 1;
    };
    assert.ok(bias("Sales EU") > 0.05, "EU over-forecasts");
    assert.ok(bias("Sales NA") < -0.03, "NA under-forecasts");
    assert.ok(bias("Sales APAC") > 0.15, "APAC over-forecasts most");
  });
});
