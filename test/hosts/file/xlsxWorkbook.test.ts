import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Grid } from "../../../src/workbook/grid";
import { isSourceError, type ReadResult } from "../../../src/workbook/host";
import { settingsToSheet } from "../../../src/workbook/settingsSheet";
import {
  describeWorkbook,
  readSource,
  unsupportedForRewrite,
} from "../../../src/hosts/file/xlsxWorkbook";
import { type XlsxBook, openXlsxBook } from "../../../src/hosts/file/xlsxRead";
import { writeXlsx } from "../../../src/hosts/file/xlsxWrite";

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A workbook built with ExcelJS, saved and opened with our reader. */
async function bookOf(wb: ExcelJS.Workbook): Promise<XlsxBook> {
  return openXlsxBook(await bytesOf(wb));
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
    const wb = await bookOf(kindsWorkbook());
    const g = grid(await readSource(wb, { sheet: "Sales EU" }));
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
    const wb = await bookOf(kindsWorkbook());
    const g = grid(await readSource(wb, { sheet: "Sales EU" }));
    assert.ok(g.formats);
    const fmt = (r: number, c: number): string | null => g.formats![r]?.[c] ?? null;
    assert.match(fmt(0, 3)!, /[dmy]/, "date cell has a date format");
    assert.equal(fmt(0, 0), null, "General number has no format");
    assert.equal(fmt(0, 1), null, "text has no format");
    assert.equal(fmt(4, 0), "#,##0.00");
    assert.equal(fmt(4, 1), null);
    assert.equal(fmt(5, 0), "mmm-yy");
  });

  it("honours the 1904 date system", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    wb.addWorksheet("S").getCell("A1").value = new Date(Date.UTC(2025, 0, 1));
    const back = await bookOf(wb);
    const g = grid(await readSource(back, { sheet: "S" }));
    assert.equal(g.date1904, true);
    assert.equal(g.values[0]![0], 45658 - 1462);
  });

  it("reads a cached formula result of 0 as 0 (ExcelJS keeps it only in cell.result)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("F");
    ws.addRow(["Item", "2025-01"]);
    ws.addRow(["X", { formula: "0*1", result: 0 }]);
    ws.addRow(["Y", { formula: "1*1", result: 1 }]);
    const back = await bookOf(wb);
    assert.deepEqual(grid(await readSource(back, { sheet: "F" })).values, [["Item", "2025-01"], ["X", 0], ["Y", 1]]);
  });

  it("reads an A1 range with its true top-left, and whole columns", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    for (let r = 1; r <= 10; r++) for (let c = 1; c <= 6; c++) ws.getCell(r, c).value = r * 100 + c;
    const back = await bookOf(wb);
    const g = grid(await readSource(back, { sheet: "Data", range: "C3:E5" }));
    assert.equal(g.top, 2);
    assert.equal(g.left, 2);
    assert.deepEqual(g.values, [
      [303, 304, 305],
      [403, 404, 405],
      [503, 504, 505],
    ]);
    const cols = grid(await readSource(back, { sheet: "Data", range: "$E:$F" }));
    assert.equal(cols.top, 0);
    assert.equal(cols.left, 4);
    assert.equal(cols.values.length, 10, "whole columns are clipped to the used rows");
    assert.deepEqual(cols.values[9], [1005, 1006]);
    const withSheet = grid(await readSource(back, { range: "'Data'!B2:B2" }));
    assert.deepEqual(withSheet.values, [[202]]);
    // a range reaching past the data is clipped, top-left kept
    const beyond = grid(await readSource(back, { sheet: "Data", range: "F9:Z100" }));
    assert.deepEqual([beyond.top, beyond.left, beyond.values], [8, 5, [[906], [1006]]]);
  });

  it("reads a whole sheet from A1 even when the data starts lower", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Forecast");
    ws.getCell("C4").value = "Item";
    ws.getCell("D4").value = "Jan-25";
    ws.getCell("C5").value = "A";
    ws.getCell("D5").value = 5;
    const g = grid(await readSource(await bookOf(wb), { sheet: "forecast" }));
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
    const back = await bookOf(wb);

    const info = await describeWorkbook(back);
    assert.deepEqual(info.tables, [{ name: "tblActuals", sheet: "Actuals", range: "B3:D5" }]);
    assert.deepEqual(info.names, [{ name: "ActualsRange", sheet: "Actuals", range: "B3:D5" }]);

    const t = grid(await readSource(back, { table: "tblactuals" }));
    assert.equal(t.table, "tblActuals");
    assert.equal(t.sheet, "Actuals");
    assert.equal(t.top, 2);
    assert.equal(t.left, 1);
    assert.deepEqual(t.values, [
      ["Item", "Period", "Qty"],
      ["A", "2025-01", 10],
      ["B", "2025-01", 20],
    ]);

    const n = grid(await readSource(back, { name: "ActualsRange" }));
    assert.equal(n.top, 2);
    assert.equal(n.left, 1);
    assert.deepEqual(n.values[2], ["B", "2025-01", 20]);
    assert.equal(n.table, undefined);
  });

  it("says clearly what cannot be read", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Actuals").getCell("A1").value = 1;
    wb.addWorksheet("Sales US").getCell("A1").value = 1;
    const back = await bookOf(wb);
    assert.equal(errorOf(await readSource(back, { sheet: "Sales EU" })), "sheet 'Sales EU' does not exist (sheets: Actuals, Sales US)");
    assert.match(errorOf(await readSource(back, { table: "tblX" })), /^table tblX not found/);
    assert.match(errorOf(await readSource(back, { name: "Budget" })), /^name Budget not found/);
    assert.match(errorOf(await readSource(back, { sheet: "Actuals", range: "A1:B" })), /range 'A1:B' on sheet 'Actuals' is not an A1 address/);
    assert.match(errorOf(await readSource(back, {})), /no sheet, table or defined name/);
    const r = await readSource(back, { sheet: "Nope" });
    assert.deepEqual(isSourceError(r) ? r.source : null, { sheet: "Nope" });
  });

  it("reports hidden rows relative to the grid", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("H");
    for (let r = 1; r <= 6; r++) ws.getCell(r, 1).value = r;
    ws.getRow(3).hidden = true;
    ws.getRow(5).hidden = true;
    const back = await bookOf(wb);
    assert.deepEqual(grid(await readSource(back, { sheet: "H" })).hiddenRows, [2, 4]);
    assert.deepEqual(grid(await readSource(back, { sheet: "H", range: "A2:A6" })).hiddenRows, [1, 3]);
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
    const info = await describeWorkbook(await openXlsxBook(writeXlsx(await bytesOf(wb), [settingsToSheet({ version: 1, ownedSheets: ["SOP Dashboard"] })], new Set(["sop_settings"])).bytes));
    const by = new Map(info.sheets.map((s) => [s.name, s]));
    assert.deepEqual(by.get("Actuals"), { name: "Actuals", visibility: "visible", rows: 7, cols: 4, owned: false });
    assert.deepEqual(by.get("Empty"), { name: "Empty", visibility: "visible", rows: 0, cols: 0, owned: false });
    assert.equal(by.get("Old")!.visibility, "hidden");
    assert.equal(by.get("SOP Dashboard")!.owned, true);
    assert.equal(by.get("SOP_Settings")!.owned, true);
    assert.equal(by.get("SOP_Settings")!.visibility, "hidden");
  });
});

// Writing: see xlsxWrite.test.ts (the package writer).

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
