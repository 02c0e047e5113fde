import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Grid } from "../../../src/workbook/grid";
import { isSourceError, type ReadResult } from "../../../src/workbook/host";
import { settingsToSheet } from "../../../src/workbook/settingsSheet";
import {
  describeWorkbook,
  normaliseValue,
  readSource,
  unsupportedForRewrite,
  writeSheets,
  dateToSerial,
  readWorkbookSettings,
} from "../../../src/hosts/file/xlsxWorkbook";

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const buf = await wb.xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf);
  return back;
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function grid(r: ReadResult): Grid {
  if (isSourceError(r)) assert.fail(`expected a grid, got: ${r.message}`);
  return r;
}

function errorOf(r: ReadResult): string {
  if (!isSourceError(r)) assert.fail("expected a source error");
  return r.message;
}

/** A workbook with one sheet of every cell kind. */
function kindsWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sales EU");
  ws.getCell("A1").value = 12.5;
  ws.getCell("B1").value = "  padded  ";
  ws.getCell("C1").value = true;
  ws.getCell("D1").value = new Date(Date.UTC(2025, 0, 1));
  ws.getCell("E1").value = { formula: "A1*2", result: 25 };
  ws.getCell("F1").value = { formula: "NOW()" } as ExcelJS.CellFormulaValue;
  ws.getCell("G1").value = { richText: [{ text: "rich " }, { font: { bold: true }, text: "text" }] };
  ws.getCell("H1").value = { text: "a link", hyperlink: "https://example.com" };
  ws.getCell("I1").value = { error: "#N/A" };
  ws.getCell("J1").value = { formula: "1/0", result: { error: "#DIV/0!" } };
  ws.mergeCells("A3:C4");
  ws.getCell("A3").value = "merged";
  ws.getCell("A5").value = 1234.5;
  ws.getCell("A5").numFmt = "#,##0.00";
  ws.getCell("B5").value = 7;
  ws.getCell("A6").value = { formula: "D1", result: new Date(Date.UTC(2025, 1, 1)) };
  ws.getCell("A6").numFmt = "mmm-yy";
  return wb;
}

describe("xlsxWorkbook: reading", () => {
  it("normalises every kind of cell", async () => {
    const wb = await roundTrip(kindsWorkbook());
    const g = grid(readSource(wb, { sheet: "Sales EU" }));
    assert.equal(g.sheet, "Sales EU");
    assert.equal(g.top, 0);
    assert.equal(g.left, 0);
    assert.equal(g.date1904, false);
    const row = g.values[0]!;
    assert.equal(row[0], 12.5);
    assert.equal(row[1], "  padded  ");
    assert.equal(row[2], true);
    assert.equal(row[3], 45658);
    assert.equal(row[4], 25);
    assert.equal(row[5], null, "formula without a cached result");
    assert.equal(row[6], "rich text");
    assert.equal(row[7], "a link");
    assert.deepEqual(row[8], { error: "#N/A" });
    assert.deepEqual(row[9], { error: "#DIV/0!" });
    assert.deepEqual(g.values[1], new Array(10).fill(null), "blank row");
    assert.deepEqual(g.values[2]!.slice(0, 3), ["merged", null, null], "merged: value in the master only");
    assert.deepEqual(g.values[3]!.slice(0, 3), [null, null, null]);
    assert.equal(g.values[4]![0], 1234.5);
    assert.equal(g.values[5]![0], 45689, "formula with a date result");
    // every row has the grid's width
    for (const r of g.values) assert.equal(r.length, 10);
  });

  it("captures number formats of dates and formatted numbers only", async () => {
    const wb = await roundTrip(kindsWorkbook());
    const g = grid(readSource(wb, { sheet: "Sales EU" }));
    assert.ok(g.formats);
    const fmt = (r: number, c: number): string | null => g.formats![r]?.[c] ?? null;
    assert.match(fmt(0, 3)!, /[dmy]/, "date cell has a date format");
    assert.equal(fmt(0, 0), null, "General number has no format");
    assert.equal(fmt(0, 1), null, "text has no format");
    assert.equal(fmt(4, 0), "#,##0.00");
    assert.equal(fmt(4, 1), null);
    assert.equal(fmt(5, 0), "mmm-yy");
  });

  it("normalises shared formulas, hyperlinks with rich text and odd values", () => {
    assert.equal(normaliseValue({ sharedFormula: "A1", result: 3 }, false), 3);
    assert.equal(normaliseValue({ sharedFormula: "A1" }, false), null);
    assert.equal(normaliseValue({ text: { richText: [{ text: "x" }, { text: "y" }] }, hyperlink: "h" }, false), "xy");
    assert.equal(normaliseValue(undefined, false), null);
    assert.deepEqual(normaliseValue(Number.NaN, false), { error: "#NUM!" });
    assert.equal(normaliseValue(new Date(Date.UTC(2025, 0, 1, 12)), false), 45658.5);
    assert.equal(dateToSerial(new Date(Date.UTC(1900, 2, 1)), false), 61);
  });

  it("honours the 1904 date system", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    wb.addWorksheet("S").getCell("A1").value = new Date(Date.UTC(2025, 0, 1));
    const back = await roundTrip(wb);
    const g = grid(readSource(back, { sheet: "S" }));
    assert.equal(g.date1904, true);
    assert.equal(g.values[0]![0], 45658 - 1462);
  });

  it("reads a cached formula result of 0 as 0 (ExcelJS keeps it only in cell.result)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("F");
    ws.addRow(["Item", "2025-01"]);
    ws.addRow(["X", { formula: "0*1", result: 0 }]);
    ws.addRow(["Y", { formula: "1*1", result: 1 }]);
    const back = await roundTrip(wb);
    assert.deepEqual(grid(readSource(back, { sheet: "F" })).values, [["Item", "2025-01"], ["X", 0], ["Y", 1]]);
  });

  it("reads an A1 range with its true top-left, and whole columns", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    for (let r = 1; r <= 10; r++) for (let c = 1; c <= 6; c++) ws.getCell(r, c).value = r * 100 + c;
    const back = await roundTrip(wb);
    const g = grid(readSource(back, { sheet: "Data", range: "C3:E5" }));
    assert.equal(g.top, 2);
    assert.equal(g.left, 2);
    assert.deepEqual(g.values, [
      [303, 304, 305],
      [403, 404, 405],
      [503, 504, 505],
    ]);
    const cols = grid(readSource(back, { sheet: "Data", range: "$E:$F" }));
    assert.equal(cols.top, 0);
    assert.equal(cols.left, 4);
    assert.equal(cols.values.length, 10, "whole columns are clipped to the used rows");
    assert.deepEqual(cols.values[9], [1005, 1006]);
    const withSheet = grid(readSource(back, { range: "'Data'!B2:B2" }));
    assert.deepEqual(withSheet.values, [[202]]);
    // a range reaching past the data is clipped, top-left kept
    const beyond = grid(readSource(back, { sheet: "Data", range: "F9:Z100" }));
    assert.deepEqual([beyond.top, beyond.left, beyond.values], [8, 5, [[906], [1006]]]);
  });

  it("reads a whole sheet from A1 even when the data starts lower", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Forecast");
    ws.getCell("C4").value = "Item";
    ws.getCell("D4").value = "Jan-25";
    ws.getCell("C5").value = "A";
    ws.getCell("D5").value = 5;
    const g = grid(readSource(await roundTrip(wb), { sheet: "forecast" }));
    assert.equal(g.sheet, "Forecast", "sheet names match case-insensitively");
    assert.equal(g.top, 0);
    assert.equal(g.left, 0);
    assert.equal(g.values.length, 5);
    assert.deepEqual(g.values[3], [null, null, "Item", "Jan-25"]);
    assert.deepEqual(g.values[0], [null, null, null, null]);
  });

  it("reads tables (loaded from the file) and defined names; describe lists them", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Actuals");
    ws.getCell("A1").value = "Shipments";
    ws.addTable({
      name: "tblActuals",
      ref: "B3",
      headerRow: true,
      totalsRow: false,
      columns: [{ name: "Item" }, { name: "Period" }, { name: "Qty" }],
      rows: [
        ["A", "2025-01", 10],
        ["B", "2025-01", 20],
      ],
    });
    wb.definedNames.add("Actuals!$B$3:$D$5", "ActualsRange");
    const back = await roundTrip(wb);

    const info = describeWorkbook(back);
    assert.deepEqual(info.tables, [{ name: "tblActuals", sheet: "Actuals", range: "B3:D5" }]);
    assert.deepEqual(info.names, [{ name: "ActualsRange", sheet: "Actuals", range: "B3:D5" }]);

    const t = grid(readSource(back, { table: "tblactuals" }));
    assert.equal(t.table, "tblActuals");
    assert.equal(t.sheet, "Actuals");
    assert.equal(t.top, 2);
    assert.equal(t.left, 1);
    assert.deepEqual(t.values, [
      ["Item", "Period", "Qty"],
      ["A", "2025-01", 10],
      ["B", "2025-01", 20],
    ]);

    const n = grid(readSource(back, { name: "ActualsRange" }));
    assert.equal(n.top, 2);
    assert.equal(n.left, 1);
    assert.deepEqual(n.values[2], ["B", "2025-01", 20]);
    assert.equal(n.table, undefined);
  });

  it("says clearly what cannot be read", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Actuals").getCell("A1").value = 1;
    wb.addWorksheet("Sales US").getCell("A1").value = 1;
    const back = await roundTrip(wb);
    assert.equal(errorOf(readSource(back, { sheet: "Sales EU" })), "sheet 'Sales EU' does not exist (sheets: Actuals, Sales US)");
    assert.match(errorOf(readSource(back, { table: "tblX" })), /^table tblX not found/);
    assert.match(errorOf(readSource(back, { name: "Budget" })), /^name Budget not found/);
    assert.match(errorOf(readSource(back, { sheet: "Actuals", range: "A1:B" })), /range 'A1:B' on sheet 'Actuals' is not an A1 address/);
    assert.match(errorOf(readSource(back, {})), /no sheet, table or defined name/);
    const r = readSource(back, { sheet: "Nope" });
    assert.deepEqual(isSourceError(r) ? r.source : null, { sheet: "Nope" });
  });

  it("reports hidden rows relative to the grid", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("H");
    for (let r = 1; r <= 6; r++) ws.getCell(r, 1).value = r;
    ws.getRow(3).hidden = true;
    ws.getRow(5).hidden = true;
    const back = await roundTrip(wb);
    assert.deepEqual(grid(readSource(back, { sheet: "H" })).hiddenRows, [2, 4]);
    assert.deepEqual(grid(readSource(back, { sheet: "H", range: "A2:A6" })).hiddenRows, [1, 3]);
  });

  it("describes sheets: visibility, used extent, ownership", async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet("Actuals");
    a.getCell("D7").value = 1;
    wb.addWorksheet("Empty");
    const h = wb.addWorksheet("Old");
    h.state = "hidden";
    h.getCell("A1").value = "x";
    wb.addWorksheet("SOP Dashboard").getCell("B2").value = 1;
    writeSheets(wb, [settingsToSheet({ version: 1, ownedSheets: ["SOP Dashboard"] })], new Set(["SOP_Settings"]));
    const info = describeWorkbook(await roundTrip(wb));
    const by = new Map(info.sheets.map((s) => [s.name, s]));
    assert.deepEqual(by.get("Actuals"), { name: "Actuals", visibility: "visible", rows: 7, cols: 4, owned: false });
    assert.deepEqual(by.get("Empty"), { name: "Empty", visibility: "visible", rows: 0, cols: 0, owned: false });
    assert.equal(by.get("Old")!.visibility, "hidden");
    assert.equal(by.get("SOP Dashboard")!.owned, true);
    assert.equal(by.get("SOP_Settings")!.owned, true);
    assert.equal(by.get("SOP_Settings")!.visibility, "hidden");
  });
});

describe("xlsxWorkbook: writing", () => {
  it("writes values, formats, widths, freeze panes, tables, conditional formats, hidden state and tab colour", async () => {
    const wb = new ExcelJS.Workbook();
    const res = writeSheets(
      wb,
      [
        {
          name: "SOP Accuracy",
          rows: [
            ["Accuracy by item"],
            [],
            ["Item", "WAPE", "Bias", "Flag"],
            ["A", 0.123456789012345, -0.05, true],
            ["B", 0.3, 0.1, false],
          ],
          styles: [
            { row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14, fontColor: "#1F4E79" },
            { row: 2, col: 0, rows: 1, cols: 4, bold: true, fill: "#DDEBF7", wrap: true },
            { row: 3, col: 1, rows: 2, cols: 2, numberFormat: "0.0%" },
            { row: 3, col: 1, rows: 1, cols: 1, italic: true },
          ],
          columnWidths: [18, 10, 10],
          freeze: { rows: 3, cols: 1 },
          tables: [{ name: "tblAccuracy", row: 2, col: 0, rows: 3, cols: 4 }],
          conditionals: [
            { row: 3, col: 1, rows: 2, cols: 1, operator: "greaterThan", value: 0.25, fill: "#FFC7CE", fontColor: "#9C0006" },
            { row: 3, col: 0, rows: 2, cols: 1, operator: "textContains", value: "B", fill: "#FFEB9C" },
          ],
          tabColor: "#70AD47",
        },
        { name: "SOP Hidden", rows: [["x"]], hidden: true },
      ],
      new Set(),
    );
    assert.deepEqual(res, [
      { requested: "SOP Accuracy", written: "SOP Accuracy" },
      { requested: "SOP Hidden", written: "SOP Hidden" },
    ]);
    const back = await roundTrip(wb);
    const ws = back.getWorksheet("SOP Accuracy")!;
    assert.equal(ws.getCell("A1").value, "Accuracy by item");
    assert.equal(ws.getCell("A1").font.bold, true);
    assert.equal(ws.getCell("A1").font.size, 14);
    assert.equal(ws.getCell("A1").font.color?.argb, "FF1F4E79");
    assert.equal(ws.getCell("B3").fill.type, "pattern");
    assert.equal((ws.getCell("B3").fill as ExcelJS.FillPattern).fgColor?.argb, "FFDDEBF7");
    assert.equal(ws.getCell("B3").alignment.wrapText, true);
    assert.equal(ws.getCell("B4").value, 0.123456789012345, "full precision");
    assert.equal(ws.getCell("B4").numFmt, "0.0%");
    assert.equal(ws.getCell("B4").font.italic, true, "styles of several blocks combine");
    assert.equal(ws.getCell("D4").value, true);
    assert.equal(ws.getColumn(1).width, 18);
    assert.equal(ws.getColumn(2).width, 10);
    const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
    assert.equal(view.state, "frozen");
    assert.equal(view.ySplit, 3);
    assert.equal(view.xSplit, 1);
    assert.deepEqual(describeWorkbook(back).tables, [{ name: "tblAccuracy", sheet: "SOP Accuracy", range: "A3:D5" }]);
    const t = grid(readSource(back, { table: "tblAccuracy" }));
    assert.deepEqual(t.values[0], ["Item", "WAPE", "Bias", "Flag"]);
    assert.deepEqual(t.values[2], ["B", 0.3, 0.1, false]);
    const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    assert.equal(cfs.length, 2);
    assert.equal(cfs[0]!.ref, "B4:B5");
    assert.equal(cfs[0]!.rules[0]!.type, "cellIs");
    assert.equal(cfs[1]!.rules[0]!.type, "containsText");
    assert.equal(ws.properties.tabColor?.argb, "FF70AD47");
    assert.equal(back.getWorksheet("SOP Hidden")!.state, "hidden");
    assert.deepEqual(await unsupportedForRewrite(await bytesOf(back)), [], "the add-in's own output is rewritable");
  });

  it("writes text that looks like a formula as text, and formula cells as formulas", async () => {
    const wb = new ExcelJS.Workbook();
    writeSheets(
      wb,
      [
        {
          name: "SOP Data Check",
          rows: [
            ["=1+1", "+A1", "-3+2", "@SUM(A1)", "=HYPERLINK(\"http://x\")"],
            [1, 2, { formula: "=A2+B2", value: 3 }, { formula: "SUM(A2:B2)" }, { formula: "A1&\"x\"", value: "=1+1x" }],
          ],
        },
      ],
      new Set(),
    );
    const back = await roundTrip(wb);
    const ws = back.getWorksheet("SOP Data Check")!;
    for (const [addr, text] of [
      ["A1", "=1+1"],
      ["B1", "+A1"],
      ["C1", "-3+2"],
      ["D1", "@SUM(A1)"],
      ["E1", '=HYPERLINK("http://x")'],
    ] as const) {
      assert.equal(ws.getCell(addr).type, ExcelJS.ValueType.String, addr);
      assert.equal(ws.getCell(addr).value, text);
    }
    const c2 = ws.getCell("C2").value as ExcelJS.CellFormulaValue;
    assert.equal(ws.getCell("C2").type, ExcelJS.ValueType.Formula);
    assert.equal(c2.formula, "A2+B2", "leading = dropped");
    assert.equal(c2.result, 3);
    assert.equal((ws.getCell("D2").value as ExcelJS.CellFormulaValue).formula, "SUM(A2:B2)");
    assert.equal((ws.getCell("E2").value as ExcelJS.CellFormulaValue).result, "=1+1x");
    const g = grid(readSource(back, { sheet: "SOP Data Check" }));
    assert.deepEqual(g.values[1], [1, 2, 3, null, "=1+1x"]);
  });

  it("keeps full precision and writes non-finite numbers as #NUM!", async () => {
    const wb = new ExcelJS.Workbook();
    const nums = [0.1 + 0.2, 1 / 3, 123456789.12345679, -1e-12, 2 ** 53 - 1, Number.NaN, Number.POSITIVE_INFINITY];
    writeSheets(wb, [{ name: "N", rows: [nums] }], new Set());
    const g = grid(readSource(await roundTrip(wb), { sheet: "N" }));
    assert.deepEqual(g.values[0]!.slice(0, 5), nums.slice(0, 5));
    assert.deepEqual(g.values[0]!.slice(5), [{ error: "#NUM!" }, { error: "#NUM!" }]);
  });

  it("never touches a planner's sheet of the same name: the output gets a free name", async () => {
    const wb = new ExcelJS.Workbook();
    const planner = wb.addWorksheet("SOP Data Check");
    planner.getCell("A1").value = "my own notes";
    planner.getCell("B2").value = 42;
    const res = writeSheets(wb, [{ name: "SOP Data Check", rows: [["findings"]] }], new Set());
    assert.deepEqual(res, [{ requested: "SOP Data Check", written: "SOP Data Check (2)" }]);
    const back = await roundTrip(wb);
    assert.deepEqual(grid(readSource(back, { sheet: "SOP Data Check" })).values, [
      ["my own notes", null],
      [null, 42],
    ]);
    assert.deepEqual(grid(readSource(back, { sheet: "SOP Data Check (2)" })).values, [["findings"]]);

    // Next run: the renamed sheet is the add-in's now, and is replaced rather than renamed again.
    const again = writeSheets(back, [{ name: "SOP Data Check", rows: [["findings 2"]] }], new Set(["sop data check (2)"]));
    assert.deepEqual(again, [{ requested: "SOP Data Check", written: "SOP Data Check (2)" }]);
    assert.deepEqual(back.worksheets.map((w) => w.name), ["SOP Data Check", "SOP Data Check (2)"]);
    assert.equal(back.getWorksheet("SOP Data Check")!.getCell("A1").value, "my own notes");
  });

  it("replaces an owned sheet in its tab position, with its tables", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Actuals").getCell("A1").value = 1;
    writeSheets(wb, [{ name: "SOP Dashboard", rows: [["K", "V"], ["a", 1]], tables: [{ name: "tblKpi", row: 0, col: 0, rows: 2, cols: 2 }] }], new Set());
    wb.addWorksheet("Notes").getCell("A1").value = "n";
    const back = await roundTrip(wb);
    writeSheets(back, [{ name: "SOP Dashboard", rows: [["K", "V"], ["b", 2], ["c", 3]], tables: [{ name: "tblKpi", row: 0, col: 0, rows: 3, cols: 2 }] }], new Set(["SOP Dashboard"]));
    const again = await roundTrip(back);
    assert.deepEqual(again.worksheets.map((w) => w.name), ["Actuals", "SOP Dashboard", "Notes"]);
    assert.deepEqual(describeWorkbook(again).tables, [{ name: "tblKpi", sheet: "SOP Dashboard", range: "A1:B3" }]);
    assert.deepEqual(grid(readSource(again, { table: "tblKpi" })).values[2], ["c", 3]);
  });

  it("makes table names and headers valid and unique", async () => {
    const wb = new ExcelJS.Workbook();
    const p = wb.addWorksheet("Planner");
    p.addTable({ name: "tblOut", ref: "A1", columns: [{ name: "x" }], rows: [[1]] });
    writeSheets(
      wb,
      [
        {
          name: "Out",
          rows: [
            ["Item", "Item", null, 45658],
            ["a", 1, 2, 3],
          ],
          tables: [
            { name: "tblOut", row: 0, col: 0, rows: 2, cols: 4 },
          ],
        },
        { name: "Out2", rows: [["H1", "H2"]], tables: [{ name: "my table", row: 0, col: 0, rows: 1, cols: 2 }] },
      ],
      new Set(),
    );
    const back = await roundTrip(wb);
    const tables = describeWorkbook(back).tables;
    assert.deepEqual(
      tables.map((t) => t.name),
      ["tblOut", "tblOut_2", "my_table"],
    );
    assert.deepEqual(grid(readSource(back, { table: "tblOut_2" })).values[0], ["Item", "Item2", "Column3", "45658"]);
    assert.equal(tables[2]!.range, "A1:B2", "a header-only table gets one empty data row");
  });

  it("keeps the planner's tables as Excel wrote them (filter buttons, tables without a filter)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Planner");
    ws.addTable({ name: "T1", ref: "A1", columns: [{ name: "a" }, { name: "b" }], rows: [[1, 2]] });
    ws.addTable({ name: "T2", ref: "D1", columns: [{ name: "a" }, { name: "b" }], rows: [[1, 2]] });
    // Rewrite the table parts as Excel writes them: no filterColumn elements; T2 without autoFilter.
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const t1 = await zip.file("xl/tables/table1.xml")!.async("string");
    const t2 = await zip.file("xl/tables/table2.xml")!.async("string");
    zip.file("xl/tables/table1.xml", t1.replace(/<autoFilter[\s\S]*?<\/autoFilter>/, '<autoFilter ref="A1:B2"/>'));
    zip.file("xl/tables/table2.xml", t2.replace(/<autoFilter[\s\S]*?<\/autoFilter>/, ""));
    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(await zip.generateAsync({ type: "arraybuffer" }));
    writeSheets(loaded, [{ name: "SOP Out", rows: [["x"]] }], new Set());
    const out = await JSZip.loadAsync(await loaded.xlsx.writeBuffer());
    const files = Object.keys(out.files).filter((f) => /^xl\/tables\/table\d+\.xml$/.test(f));
    const xml = await Promise.all(files.map((f) => out.file(f)!.async("string")));
    const byName = (n: string): string => xml.find((x) => x.includes(`name="${n}"`))!;
    assert.match(byName("T1"), /<autoFilter ref="A1:B2"><filterColumn colId="0" hiddenButton="0"\/>/);
    assert.match(byName("T2"), /<autoFilter ref="D1:E2"><filterColumn colId="0" hiddenButton="1"\/>/);
  });

  it("refuses invalid or duplicate sheet names", () => {
    const wb = new ExcelJS.Workbook();
    assert.throws(() => writeSheets(wb, [{ name: "Bad/Name", rows: [] }], new Set()), /not a valid sheet name/);
    assert.throws(() => writeSheets(wb, [{ name: "A", rows: [] }, { name: "a", rows: [] }], new Set()), /two output sheets/);
  });

  it("writes the settings sheet hidden and reads it back", async () => {
    const wb = new ExcelJS.Workbook();
    writeSheets(wb, [settingsToSheet({ version: 1, ownedSheets: ["SOP Dashboard"], parameters: { horizon: 18 } })], new Set(["SOP_Settings"]));
    const back = await roundTrip(wb);
    assert.deepEqual(readWorkbookSettings(back), { version: 1, ownedSheets: ["SOP Dashboard"], parameters: { horizon: 18 } });
    assert.equal(back.getWorksheet("SOP_Settings")!.state, "hidden");
  });
});

describe("xlsxWorkbook: unsupportedForRewrite", () => {
  async function plainBytes(): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Actuals").getCell("A1").value = 1;
    wb.addWorksheet("Sales EU").getCell("A1").value = 2;
    return bytesOf(wb);
  }

  async function withEntries(bytes: Uint8Array, entries: Record<string, string>): Promise<Uint8Array> {
    const zip = await JSZip.loadAsync(bytes);
    for (const [p, text] of Object.entries(entries)) zip.file(p, text);
    return zip.generateAsync({ type: "uint8array" });
  }

  it("accepts a plain workbook", async () => {
    assert.deepEqual(await unsupportedForRewrite(await plainBytes()), []);
  });

  it("names charts, pivots, macros, links and other parts ExcelJS drops", async () => {
    const bytes = await withEntries(await plainBytes(), {
      "xl/charts/chart1.xml": "<c:chartSpace/>",
      "xl/pivotTables/pivotTable1.xml": "<pivotTableDefinition/>",
      "xl/pivotCache/pivotCacheDefinition1.xml": "<pivotCacheDefinition/>",
      "xl/vbaProject.bin": "x",
      "xl/externalLinks/externalLink1.xml": "<externalLink/>",
      "xl/slicers/slicer1.xml": "<slicers/>",
      "xl/model/item.data": "x",
      "xl/connections.xml": "<connections/>",
      "customXml/item1.xml": "<x/>",
    });
    const reasons = await unsupportedForRewrite(bytes);
    const all = reasons.join("\n");
    for (const word of ["charts", "pivot tables", "macros", "other workbooks", "slicers", "data model", "data connections", "custom XML"]) {
      assert.ok(all.includes(word), `mentions ${word}: ${all}`);
    }
  });

  it("names the sheet of a chart or of sparklines", async () => {
    const base = await plainBytes();
    const zip = await JSZip.loadAsync(base);
    // Find the part of sheet 'Sales EU' through the workbook relationships, as Excel does.
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const rid = /<sheet[^>]*name="Sales EU"[^>]*r:id="([^"]+)"/.exec(wbXml)?.[1];
    assert.ok(rid);
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const target = new RegExp(`<Relationship[^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`<Relationship[^>]*Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
    assert.ok(target);
    const sheetPart = `xl/${target!.replace(/^\/?xl\//, "")}`;
    const sheetFile = sheetPart.slice(sheetPart.lastIndexOf("/") + 1);
    zip.file(
      `xl/worksheets/_rels/${sheetFile}.rels`,
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" Target="../drawings/drawing9.xml"/></Relationships>`,
    );
    zip.file("xl/drawings/drawing9.xml", "<xdr:wsDr/>");
    zip.file(
      "xl/drawings/_rels/drawing9.xml.rels",
      `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart9.xml"/></Relationships>`,
    );
    zip.file("xl/charts/chart9.xml", "<c:chartSpace/>");
    const xml = await zip.file(sheetPart)!.async("string");
    zip.file(sheetPart, xml.replace("</worksheet>", '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"><x14:sparklineGroups/></ext></extLst></worksheet>'));
    const reasons = await unsupportedForRewrite(await zip.generateAsync({ type: "uint8array" }));
    assert.ok(reasons.includes("Chart on sheet 'Sales EU' would be lost."), reasons.join("\n"));
    assert.ok(reasons.includes("Sparklines on sheet 'Sales EU' would be lost."), reasons.join("\n"));
    assert.ok(!reasons.some((r) => r.startsWith("The workbook contains charts")), "no generic sentence when the sheet is named");
  });

  it("names defined names, protection and applied filters a rewrite would damage", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sales EU");
    ws.getCell("A1").value = 1;
    ws.addTable({ name: "tblF", ref: "C1", columns: [{ name: "a", filterButton: true }], rows: [[1]] });
    wb.definedNames.add("'Sales EU'!$A$1:$A$3", "Good");
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const x = await zip.file("xl/workbook.xml")!.async("string");
    zip.file(
      "xl/workbook.xml",
      x.replace(
        "</definedNames>",
        '<definedName name="Rate">0.05</definedName><definedName name="Dyn">OFFSET(\'Sales EU\'!$A$1,0,0,3,1)</definedName>' +
          '<definedName name="Local" localSheetId="0">\'Sales EU\'!$A$1</definedName><definedName name="_xlnm.Print_Area" localSheetId="0">\'Sales EU\'!$A:$B</definedName></definedNames><workbookProtection lockStructure="1"/>',
      ),
    );
    const t = await zip.file("xl/tables/table1.xml")!.async("string");
    zip.file("xl/tables/table1.xml", t.replace(/<filterColumn colId="0" hiddenButton="0"\/>/, '<filterColumn colId="0"><filters><filter val="1"/></filters></filterColumn>'));
    const reasons = await unsupportedForRewrite(await zip.generateAsync({ type: "uint8array" }));
    assert.deepEqual(reasons.sort(), [
      "Defined name 'Dyn' (a formula, a constant or a whole-column reference) would be damaged.",
      "Defined name 'Local' belongs to one sheet and would become workbook-wide.",
      "Defined name 'Rate' (a formula, a constant or a whole-column reference) would be damaged.",
      "The filter applied in table tblF would be lost (clear it first).",
      "The workbook's structure protection would be removed.",
    ]);
  });

  it("recognises files that are not .xlsx packages", async () => {
    assert.match((await unsupportedForRewrite(new TextEncoder().encode("Item,Qty\nA,1\n")))[0]!, /not an \.xlsx workbook/);
    const cfb = new Uint8Array(1024);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    assert.match((await unsupportedForRewrite(cfb))[0]!, /97-2003/);
    const enc = "EncryptedPackage";
    for (let i = 0; i < enc.length; i++) cfb[600 + 2 * i] = enc.charCodeAt(i);
    assert.match((await unsupportedForRewrite(cfb.buffer))[0]!, /password-protected/);
    const xlsm = await withEntries(await plainBytes(), { "xl/vbaProject.bin": "x" });
    const zip = await JSZip.loadAsync(xlsm);
    const ct = await zip.file("[Content_Types].xml")!.async("string");
    zip.file("[Content_Types].xml", ct.replace("spreadsheetml.sheet.main+xml", "sheet.macroEnabled.main+xml"));
    const reasons = await unsupportedForRewrite(await zip.generateAsync({ type: "uint8array" }));
    assert.ok(reasons.some((r) => /\.xlsm/.test(r)), reasons.join("\n"));
  });
});
