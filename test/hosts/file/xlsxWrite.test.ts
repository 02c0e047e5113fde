/**
 * The .xlsx package writer (`src/hosts/file/xlsxWrite.ts`): hand-made sheet specs with known
 * answers written into new packages and merged into bases made by ExcelJS and by LibreOffice,
 * then read back with ExcelJS (and LibreOffice), and the raw XML checked where a reader would
 * hide a difference (shared strings, escapes, style indices, table ids, calcChain).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { rawCells } from "../../support/xlsxXml";
import { libreOfficeAvailable, recalculateXlsx } from "../../support/libreoffice";
import { isSourceError } from "../../../src/workbook/host";
import { settingsToSheet } from "../../../src/workbook/settingsSheet";
import type { SheetSpec } from "../../../src/workbook/sheetSpec";
import { openXlsxBook } from "../../../src/hosts/file/xlsxRead";
import { readSource, readWorkbookSettings } from "../../../src/hosts/file/xlsxWorkbook";
import { PackageMergeError, XlsxWriter, writeXlsx } from "../../../src/hosts/file/xlsxWrite";
import { escapeAttr, escapeCellText, numberText } from "../../../src/hosts/file/xlsxWriteText";
import { fileFormula } from "../../../src/hosts/file/xlsxWriteFormula";
import { composeSheetStyles } from "../../../src/hosts/file/xlsxStyleCompose";

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function parts(bytes: Uint8Array): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new Map<string, string>();
  for (const name of Object.keys(zip.files)) if (!zip.files[name]!.dir) out.set(name, await zip.file(name)!.async("string"));
  return out;
}

/** A row's values from column A (ExcelJS gives them from index 1). */
function rowValues(ws: ExcelJS.Worksheet, row: number): ExcelJS.CellValue[] {
  return (ws.getRow(row).values as ExcelJS.CellValue[]).slice(1);
}

/** A cell as a reader sees it (a formula's cached result; rich text as its text). */
function seen(c: ExcelJS.Cell): unknown {
  const v: unknown = c.value;
  if (v !== null && typeof v === "object" && ("formula" in v || "sharedFormula" in v)) return { formula: (v as { formula: string }).formula, result: c.result ?? null };
  if (v !== null && typeof v === "object" && "richText" in v) return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("");
  return v;
}

/** Everything ExcelJS reads of a sheet's cells: value, number format, font, fill, wrap. */
function sheetDump(ws: ExcelJS.Worksheet): string[] {
  const out: string[] = [];
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: true }, (c) => {
      const fill = c.fill?.type === "pattern" ? (c.fill as ExcelJS.FillPattern).fgColor?.argb : undefined;
      out.push(JSON.stringify([c.address, seen(c), c.numFmt ?? null, c.font?.bold ?? null, c.font?.italic ?? null, c.font?.size ?? null, c.font?.color?.argb ?? null, fill ?? null, c.alignment?.wrapText ?? null]));
    }),
  );
  return out;
}

const ACCURACY: SheetSpec = {
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
    { row: 6, col: 0, rows: 1, cols: 2, fill: "#FFF2CC", numberFormat: "#,##0" },
  ],
  columnWidths: [18, 10, 0, Number.NaN, 9.5],
  freeze: { rows: 3, cols: 1 },
  tables: [{ name: "tblAccuracy", row: 2, col: 0, rows: 3, cols: 4 }],
  conditionals: [
    { row: 3, col: 1, rows: 2, cols: 1, operator: "greaterThan", value: 0.25, fill: "#FFC7CE", fontColor: "#9C0006" },
    { row: 3, col: 0, rows: 2, cols: 1, operator: "textContains", value: 'say "B"', fill: "#FFEB9C" },
  ],
  validations: [{ row: 3, col: 3, rows: 2, cols: 1, list: ["Open", "Done", "a,b", ""] }],
  tabColor: "#70AD47",
};

describe("xlsxWrite: text, numbers and formulas", () => {
  it("escapes cell text as Excel does", () => {
    assert.equal(escapeCellText("plain"), "plain");
    assert.equal(escapeCellText("a & b < c > d"), "a &amp; b &lt; c &gt; d");
    assert.equal(escapeCellText("line\r\nnext\ttab"), "line_x000D_\nnext\ttab");
    assert.equal(escapeCellText("bell\u0007 nul\u0000"), "bell_x0007_ nul_x0000_");
    assert.equal(escapeCellText("_x0041_ and _x00e9_ and _x12_"), "_x005F_x0041_ and _x005F_x00e9_ and _x12_");
    assert.equal(escapeCellText("pair \uD83D\uDE00 lone \uD83D end \uDE00"), "pair \uD83D\uDE00 lone _xD83D_ end _xDE00_");
    assert.equal(escapeCellText("\uFFFE\uFFFF"), "_xFFFE__xFFFF_");
    assert.equal(escapeAttr('a"b\n<&>\t'), "a&quot;b&#10;&lt;&amp;&gt;&#9;");
  });

  it("writes numbers as their shortest round-trip text", () => {
    for (const n of [0.1 + 0.2, 1 / 3, 123456789.12345679, -1e-12, 2 ** 53 - 1, 1e21, 5e-324]) assert.equal(Number(numberText(n)), n);
    assert.equal(numberText(-0), "0");
    assert.equal(numberText(0.30000000000000004), "0.30000000000000004");
  });

  it("prefixes newer functions with _xlfn. outside string literals, never twice", () => {
    assert.equal(fileFormula("=STDEV.S(A1:A9)"), "_xlfn.STDEV.S(A1:A9)");
    assert.equal(fileFormula('IF(stdev.s(A2:A5)>1,"STDEV.S(x)","")'), '_xlfn.STDEV.S(A2:A5)>1,"STDEV.S(x)","")'.replace(/^/, "IF("));
    assert.equal(fileFormula("_xlfn.IFNA(A1,0)"), "_xlfn.IFNA(A1,0)");
    assert.equal(fileFormula("'IFNA(x'!A1+SUM(1)"), "'IFNA(x'!A1+SUM(1)");
  });

  it("keeps every text exactly (formula-like, CR, controls, _xHHHH_, long) and full precision", async () => {
    const texts = ["=1+1", "+A1", "-3+2", "@SUM(A1)", "\t=tab", "\r=cr", "a\r\nb", "  padded  ", "bell\u0007", "_x0041_", "<&>\"'", "😀 \uD83D", "x".repeat(40000)];
    const nums = [0.1 + 0.2, 1 / 3, 123456789.12345679, -1e-12, 2 ** 53 - 1, Number.NaN, Number.POSITIVE_INFINITY, -0];
    const { bytes } = writeXlsx(null, [{ name: "T", rows: [texts, nums] }], new Set());
    const raw = (await rawCells(bytes)).get("T")!;
    for (let c = 0; c < texts.length; c++) {
      const cell = raw.get(`${String.fromCharCode(65 + c)}1`)!;
      assert.match(cell.attrs, /t="s"/, `text ${c} is a shared string`);
      assert.doesNotMatch(cell.inner, /<f\b/);
    }
    const ws = (await load(bytes)).getWorksheet("T")!;
    const expected = texts.map((t) => (t.length > 32767 ? t.slice(0, 32767) : t));
    // A lone surrogate is kept as its escape's code unit, which ExcelJS gives back as that code unit.
    assert.deepEqual(rowValues(ws, 1), expected);
    const back = rowValues(ws, 2);
    assert.deepEqual(back.slice(0, 5), nums.slice(0, 5));
    assert.deepEqual(back.slice(5, 7), [{ error: "#NUM!" }, { error: "#NUM!" }]);
    assert.equal(back[7], 0);
  });

  it("writes formulas with their cached results (0, FALSE and \"\" too) and asks for a full recalculation", async () => {
    const f = (formula: string, value?: number | string | boolean | null) => ({ formula, ...(value !== undefined ? { value } : {}) });
    const spec: SheetSpec = {
      name: "F",
      rows: [[1, 2, f("=A1+B1", 3), f("A1-A1", 0), f('IF(A1>5,1,"")', ""), f("A1>5", false), f("A1<5", true), f('A1&"x"', "=1x"), f("SUM(A1:B1)"), f("1/0", Number.POSITIVE_INFINITY), f("STDEV.S(A1:B1)", 0.7071067811865476)]],
    };
    const { bytes } = writeXlsx(null, [spec], new Set());
    const raw = (await rawCells(bytes)).get("F")!;
    assert.equal(raw.get("C1")!.inner, "<f>A1+B1</f><v>3</v>");
    assert.equal(raw.get("D1")!.inner, "<f>A1-A1</f><v>0</v>");
    assert.match(raw.get("E1")!.attrs, /t="str"/);
    assert.equal(raw.get("E1")!.inner, '<f>IF(A1&gt;5,1,"")</f><v></v>');
    assert.match(raw.get("F1")!.attrs, /t="b"/);
    assert.equal(raw.get("F1")!.inner, "<f>A1&gt;5</f><v>0</v>");
    assert.equal(raw.get("G1")!.inner, "<f>A1&lt;5</f><v>1</v>");
    assert.equal(raw.get("I1")!.inner, "<f>SUM(A1:B1)</f>");
    assert.match(raw.get("J1")!.attrs, /t="e"/);
    assert.equal(raw.get("K1")!.inner, "<f>_xlfn.STDEV.S(A1:B1)</f><v>0.7071067811865476</v>");
    const ws = (await load(bytes)).getWorksheet("F")!;
    assert.deepEqual(seen(ws.getCell("C1")), { formula: "A1+B1", result: 3 });
    assert.deepEqual(seen(ws.getCell("H1")), { formula: 'A1&"x"', result: "=1x" });
    const p = await parts(bytes);
    assert.match(p.get("xl/workbook.xml")!, /<calcPr calcId="171027" fullCalcOnLoad="1"\/>/);
    const plain = await parts(writeXlsx(null, [{ name: "P", rows: [[1]] }], new Set()).bytes);
    assert.doesNotMatch(plain.get("xl/workbook.xml")!, /fullCalcOnLoad/, "no formula, no full recalculation");
  });
});

describe("xlsxWrite: sheets", () => {
  it("writes values, styles, widths, frozen panes, tables, conditional formats, lists, hidden state and tab colour", async () => {
    const { bytes, sheets } = writeXlsx(null, [ACCURACY, { name: "SOP Hidden", rows: [["x"]], hidden: true }], new Set());
    assert.deepEqual(sheets, [
      { requested: "SOP Accuracy", written: "SOP Accuracy" },
      { requested: "SOP Hidden", written: "SOP Hidden" },
    ]);
    const wb = await load(bytes);
    const ws = wb.getWorksheet("SOP Accuracy")!;
    assert.equal(ws.getCell("A1").value, "Accuracy by item");
    assert.equal(ws.getCell("A1").font.bold, true);
    assert.equal(ws.getCell("A1").font.size, 14);
    assert.equal(ws.getCell("A1").font.color?.argb, "FF1F4E79");
    assert.equal((ws.getCell("B3").fill as ExcelJS.FillPattern).fgColor?.argb, "FFDDEBF7");
    assert.equal(ws.getCell("B3").alignment.wrapText, true);
    assert.equal(ws.getCell("B4").value, 0.123456789012345);
    assert.equal(ws.getCell("B4").numFmt, "0.0%");
    assert.equal(ws.getCell("B4").font.italic, true, "styles of several blocks combine");
    assert.equal(ws.getCell("B4").font.bold, undefined);
    assert.equal(ws.getCell("C5").numFmt, "0.0%");
    assert.equal(ws.getCell("A7").numFmt, "#,##0", "a built-in format reads back as its text");
    assert.equal((ws.getCell("B7").fill as ExcelJS.FillPattern).fgColor?.argb, "FFFFF2CC", "an empty styled cell is written");
    assert.equal(ws.getColumn(1).width, 18);
    assert.equal(ws.getColumn(3).width, undefined, "a zero width is skipped");
    assert.equal(ws.getColumn(5).width, 9.5);
    const view = ws.views[0] as ExcelJS.WorksheetViewFrozen;
    assert.deepEqual([view.state, view.xSplit, view.ySplit, view.topLeftCell], ["frozen", 1, 3, "B4"]);
    const tables = Object.values((ws as unknown as { tables: Record<string, { table: { name: string; tableRef: string } }> }).tables).map((t) => [t.table.name, t.table.tableRef]);
    assert.deepEqual(tables, [["tblAccuracy", "A3:D5"]]);
    const cfs = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
    assert.deepEqual(cfs.map((c) => [c.ref, c.rules[0]!.type, c.rules[0]!.priority]), [["B4:B5", "cellIs", 1], ["A4:A5", "containsText", 2]]);
    assert.deepEqual(ws.getCell("D5").dataValidation.formulae, ['"Open,Done"']);
    assert.equal(ws.getCell("D6").dataValidation, undefined);
    assert.equal(ws.properties.tabColor?.argb, "FF70AD47");
    assert.equal(wb.getWorksheet("SOP Hidden")!.state, "hidden");
    const xml = (await parts(bytes)).get("xl/worksheets/sheet1.xml")!;
    const order = ["<sheetPr", "<dimension", "<sheetViews", "<sheetFormatPr", "<cols", "<sheetData", "<conditionalFormatting", "<dataValidations", "<pageMargins", "<tableParts"].map((t) => xml.indexOf(t));
    assert.deepEqual([...order].sort((a, b) => a - b), order, "ECMA-376 element order");
    assert.ok(order.every((i) => i > 0));
    assert.match(xml, /<dimension ref="A1:D7"\/>/);
    assert.match(xml, /<cfRule type="containsText" dxfId="\d+" priority="2" operator="containsText" text="say &quot;B&quot;"><formula>NOT\(ISERROR\(SEARCH\("say ""B""",A4\)\)\)<\/formula>/);
  });

  it("composes block styles in order: number format and fill replaced, font and wrap merged", () => {
    const { styles, rows } = composeSheetStyles([
      { row: 0, col: 0, rows: 2, cols: 2, numberFormat: "0.0", bold: true, fill: "#FF0000" },
      { row: 1, col: 1, rows: 1, cols: 2, numberFormat: "0%", italic: true, fill: "#00FF00", wrap: true },
    ]);
    const at = (r: number, c: number) => styles[rows.get(r)?.[c] ?? 0];
    assert.deepEqual(at(0, 0), { numFmt: "0.0", bold: true, fill: "FFFF0000" });
    assert.deepEqual(at(1, 1), { numFmt: "0%", bold: true, italic: true, fill: "FF00FF00", wrap: true });
    assert.deepEqual(at(1, 2), { numFmt: "0%", italic: true, fill: "FF00FF00", wrap: true });
    assert.deepEqual(at(2, 2), {});
    assert.equal(styles.length, 4, "one style per distinct composition");
    assert.throws(() => composeSheetStyles([{ row: 0, col: 0, rows: 0, cols: 0, fill: "red" }]), /not #RRGGBB/);
  });

  it("makes table names and headers valid and unique across the workbook", async () => {
    const base = new ExcelJS.Workbook();
    base.addWorksheet("Planner").addTable({ name: "tblOut", ref: "A1", columns: [{ name: "x" }], rows: [[1]] });
    base.definedNames.add("Planner!$A$1", "my_name");
    const { bytes } = writeXlsx(
      await bytesOf(base),
      [
        { name: "Out", rows: [["Item", " Item ", null, 45658], ["a", 1, 2, 3]], tables: [{ name: "tblOut", row: 0, col: 0, rows: 2, cols: 4 }] },
        { name: "Out2", rows: [["H1", "H2"]], tables: [{ name: "my name", row: 0, col: 0, rows: 1, cols: 2 }, { name: "A1", row: 5, col: 0, rows: 1, cols: 1 }] },
        { name: "Out3", rows: [["H"], ["taken"]], tables: [{ name: "t3", row: 0, col: 0, rows: 1, cols: 1 }] },
      ],
      new Set(),
    );
    const wb = await load(bytes);
    const tables = wb.worksheets.flatMap((ws) => Object.values((ws as unknown as { tables: Record<string, { table: { name: string; tableRef: string; columns: { name: string }[] } }> }).tables).map((t) => [t.table.name, t.table.tableRef, t.table.columns.map((c) => c.name).join("|")]));
    assert.deepEqual(tables, [
      ["tblOut", "A1:A2", "x"],
      ["tblOut_2", "A1:D2", "Item|Item2|Column3|45658"],
      ["my_name_2", "A1:B2", "H1|H2"],
      ["_A1", "A6:A7", "Column1"],
    ]);
    assert.deepEqual(rowValues(wb.getWorksheet("Out")!, 1), ["Item", "Item2", "Column3", "45658"], "header cells hold the column names");
    assert.equal(wb.getWorksheet("Out3")!.autoFilter, "A1", "a header-only table over values becomes a filter");
    const p = await parts(bytes);
    const ids = [...p].filter(([n]) => n.startsWith("xl/tables/")).map(([, x]) => /<table [^>]*\bid="(\d+)"/.exec(x)![1]);
    assert.equal(new Set(ids).size, ids.length, `table ids unique: ${ids.join(",")}`);
  });

  it("never touches a planner's sheet of the same name; replaces an owned one in its tab position", async () => {
    const base = new ExcelJS.Workbook();
    base.addWorksheet("Actuals").getCell("A1").value = 1;
    const planner = base.addWorksheet("SOP Data Check");
    planner.getCell("A1").value = "my own notes";
    base.addWorksheet("SOP Dashboard").addTable({ name: "tblKpi", ref: "A1", columns: [{ name: "K" }], rows: [["old"]] });
    base.addWorksheet("Notes").getCell("A1").value = "n";
    const w = XlsxWriter.open(await bytesOf(base));
    const res = w.putSheets(
      [
        { name: "SOP Data Check", rows: [["findings"]] },
        { name: "SOP Dashboard", rows: [["K", "V"], ["b", 2]], tables: [{ name: "tblKpi", row: 0, col: 0, rows: 2, cols: 2 }] },
      ],
      new Set(["sop dashboard"]),
    );
    assert.deepEqual(res, [
      { requested: "SOP Data Check", written: "SOP Data Check (2)" },
      { requested: "SOP Dashboard", written: "SOP Dashboard" },
    ]);
    const wb = await load(w.toBytes());
    assert.deepEqual(wb.worksheets.map((s) => s.name), ["Actuals", "SOP Data Check", "SOP Dashboard", "Notes", "SOP Data Check (2)"]);
    assert.equal(wb.getWorksheet("SOP Data Check")!.getCell("A1").value, "my own notes");
    const dash = wb.getWorksheet("SOP Dashboard")!;
    assert.deepEqual(rowValues(dash, 2), ["b", 2]);
    assert.deepEqual(Object.keys((dash as unknown as { tables: Record<string, unknown> }).tables), ["tblKpi"], "the replaced sheet's table name is free again");
    assert.throws(() => w.putSheets([{ name: "Bad/Name", rows: [] }], new Set()), /not a valid sheet name/);
    assert.throws(() => w.putSheets([{ name: "A", rows: [] }, { name: "a", rows: [] }], new Set()), /two output sheets/);
    assert.throws(() => w.putSheets([{ name: "History", rows: [] }], new Set()), /protected/);
  });
});

/** A planner's workbook made with ExcelJS: data with styles, a table, names, a hidden sheet, and an owned sheet from an earlier run. */
function excelJsBase(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet("Actuals", { properties: { tabColor: { argb: "FF123456" } } });
  a.addRow(["Item", "Jan", "Feb"]);
  a.addRow(["A", 10, 11]);
  a.addRow(["B", 5, 0.25]);
  a.getRow(1).font = { bold: true, color: { argb: "FFFF0000" } };
  a.getCell("C3").numFmt = "0.00%";
  a.getCell("B2").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF00B0F0" } };
  a.addTable({ name: "tblPrices", ref: "E1", columns: [{ name: "Item" }, { name: "Price" }], rows: [["A", 9.5], ["B", 3]] });
  a.getCell("A5").value = { formula: "SUM(B2:C3)", result: 26.25 };
  a.getCell("A6").value = "shared text";
  wb.definedNames.add("Actuals!$B$2:$C$3", "History");
  const h = wb.addWorksheet("Old");
  h.state = "hidden";
  h.getCell("A1").value = "shared text";
  const dash = wb.addWorksheet("SOP Dashboard");
  dash.addTable({ name: "tblKpi", ref: "A1", columns: [{ name: "K" }], rows: [["old"]] });
  dash.pageSetup.printArea = "A1:A2";
  wb.addWorksheet("Notes").getCell("A1").value = "=not a formula";
  return wb;
}

const OUT: SheetSpec[] = [
  { name: "SOP Dashboard", rows: [["K", "V"], ["new", 2], ["shared text", { formula: "V2*2", value: 4 }]], tables: [{ name: "tblKpi", row: 0, col: 0, rows: 3, cols: 2 }], styles: [{ row: 0, col: 0, rows: 1, cols: 2, bold: true, fill: "#DDEBF7" }] },
  { name: "SOP Forecast", rows: [["Item", "Qty"], ["A", 12.5]], tables: [{ name: "tblPrices", row: 0, col: 0, rows: 2, cols: 2 }], styles: [{ row: 1, col: 1, rows: 1, cols: 1, numberFormat: "#,##0.0" }] },
];

async function assertMerged(baseBytes: Uint8Array, kept: readonly string[]): Promise<Uint8Array> {
  const { bytes, sheets } = writeXlsx(baseBytes, OUT, new Set(["sop dashboard"]));
  assert.deepEqual(sheets.map((s) => s.written), ["SOP Dashboard", "SOP Forecast"]);
  const before = await load(baseBytes);
  const after = await load(bytes);
  assert.deepEqual(after.worksheets.map((w) => [w.name, w.state]), [...before.worksheets.map((w) => [w.name, w.state]), ["SOP Forecast", "visible"]]);
  for (const name of kept) assert.deepEqual(sheetDump(after.getWorksheet(name)!), sheetDump(before.getWorksheet(name)!), `${name} reads back identical`);

  const b = await parts(baseBytes);
  const a = await parts(bytes);
  // Kept sheet parts byte for byte; the base's style and string entries keep their indices.
  const sheetPart = async (bytesIn: Uint8Array, name: string): Promise<string> => {
    const zip = await JSZip.loadAsync(bytesIn);
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const rid = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wbXml)?.[1];
    const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    const target = new RegExp(`Id="${rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)!;
    return path.posix.join("xl", (target[1] ?? target[2]!).replace(/^\/xl\//, ""));
  };
  for (const name of kept) {
    const part = await sheetPart(baseBytes, name);
    assert.equal(a.get(await sheetPart(bytes, name)), b.get(part), `${name}: part kept byte for byte`);
  }
  const items = (xml: string, tag: string): string => {
    const m = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`).exec(xml);
    return m ? m[1]! : "";
  };
  for (const tag of ["cellXfs", "fonts", "fills"]) assert.ok(items(a.get("xl/styles.xml")!, tag).startsWith(items(b.get("xl/styles.xml")!, tag)), `styles: the base's ${tag} first`);
  const sstPath = [...a.keys()].find((k) => /sharedStrings\.xml$/i.test(k))!;
  const baseSst = [...b.keys()].find((k) => /sharedStrings\.xml$/i.test(k));
  if (baseSst) assert.ok(items(a.get(sstPath)!, "sst").startsWith(items(b.get(baseSst)!, "sst")), "shared strings: the base's first");
  assert.ok(![...a.keys()].some((k) => /calcChain/i.test(k)), "no calcChain");
  const ids = [...a].filter(([n]) => /^xl\/tables\/.*\.xml$/.test(n)).map(([, x]) => /<table\b[^>]*\sid="(\d+)"/.exec(x)![1]);
  assert.equal(new Set(ids).size, ids.length, `table ids unique: ${ids.join(",")}`);
  const ct = a.get("[Content_Types].xml")!;
  for (const n of a.keys()) if (/\.xml$/.test(n) && !/^\[/.test(n) && !/\.rels$/.test(n)) assert.ok(ct.includes(`"/${n}"`) || !/worksheets|tables/.test(n), `${n} has a content type`);
  for (const m of ct.matchAll(/PartName="\/([^"]+)"/g)) assert.ok(a.has(m[1]!) || a.has(decodeURI(m[1]!)), `content type for a part that exists: ${m[1]}`);

  const dash = after.getWorksheet("SOP Dashboard")!;
  assert.deepEqual(rowValues(dash, 3), ["shared text", { formula: "V2*2", result: 4 }]);
  assert.equal(dash.getCell("A1").font.bold, true);
  const names = after.worksheets.flatMap((ws) => Object.values((ws as unknown as { tables: Record<string, { table: { name: string } }> }).tables).map((t) => `${ws.name}:${t.table.name}`));
  assert.deepEqual(names.sort(), ["Actuals:tblPrices", "SOP Dashboard:tblKpi", "SOP Forecast:tblPrices_2"]);
  assert.equal(after.getWorksheet("SOP Forecast")!.getCell("B2").numFmt, "#,##0.0");
  return bytes;
}

describe("xlsxWrite: merging into a base workbook", () => {
  it("keeps everything of an ExcelJS workbook that is not a replaced sheet", async () => {
    const base = await bytesOf(excelJsBase());
    assert.match((await parts(base)).get("xl/workbook.xml")!, /name="_xlnm\.Print_Area" localSheetId="2"/, "the base has a print area on SOP Dashboard");
    const bytes = await assertMerged(base, ["Actuals", "Old", "Notes"]);
    const p = await parts(bytes);
    assert.doesNotMatch(p.get("xl/workbook.xml")!, /_xlnm\.Print_Area[^<]*localSheetId="2"|localSheetId="2"[^>]*_xlnm\.Print_Area/, "the replaced sheet's print area went with it");
    assert.match(p.get("xl/workbook.xml")!, /name="History"/);
    // Writing again on our own output reuses its styles and strings: the tables do not grow.
    const again = writeXlsx(bytes, OUT, new Set(["sop dashboard", "sop forecast"]));
    const q = await parts(again.bytes);
    const count = (xml: string, tag: string): number => (xml.match(new RegExp(`<${tag}[\\s/>]`, "g")) ?? []).length;
    assert.equal(count(q.get("xl/styles.xml")!, "xf"), count(p.get("xl/styles.xml")!, "xf"));
    assert.equal(count(q.get("xl/sharedStrings.xml")!, "si"), count(p.get("xl/sharedStrings.xml")!, "si"));
    assert.deepEqual((await load(again.bytes)).worksheets.map((w) => w.name), ["Actuals", "Old", "SOP Dashboard", "Notes", "SOP Forecast"]);
  });

  it("moves the active tab off a sheet that the write hides, and keeps the base's calculation settings", async () => {
    const zip = await JSZip.loadAsync(await bytesOf(excelJsBase()));
    const wbXml = (await zip.file("xl/workbook.xml")!.async("string"))
      .replace("<sheets>", '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="100" windowHeight="100" activeTab="2"/></bookViews><sheets>')
      .replace(/<calcPr[^>]*\/>/, '<calcPr calcId="191029" iterate="1"/>');
    zip.file("xl/workbook.xml", wbXml);
    const base = await zip.generateAsync({ type: "uint8array" });
    const { bytes } = writeXlsx(base, [{ name: "SOP Dashboard", rows: [[{ formula: "1+1", value: 2 }]], hidden: true }], new Set(["sop dashboard"]));
    const xml = (await parts(bytes)).get("xl/workbook.xml")!;
    assert.match(xml, /<workbookView [^>]*windowHeight="100"\/>/, "activeTab dropped: the first sheet is active");
    assert.doesNotMatch(xml, /activeTab/);
    assert.match(xml, /<calcPr calcId="191029" iterate="1" fullCalcOnLoad="1"\/>/);
    assert.match(xml, /<sheet [^>]*name="SOP Dashboard"[^>]*state="hidden"/);
  });

  it("keeps parts ExcelJS would not know (custom XML, comments of kept sheets) and drops calcChain and the replaced sheet's parts", async () => {
    const zip = await JSZip.loadAsync(await bytesOf(excelJsBase()));
    zip.file("customXml/item1.xml", "<root>planner data</root>");
    zip.file("xl/calcChain.xml", '<?xml version="1.0"?><calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="A5" i="1"/></calcChain>');
    let ct = await zip.file("[Content_Types].xml")!.async("string");
    ct = ct.replace("</Types>", '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>');
    zip.file("[Content_Types].xml", ct);
    let rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
    rels = rels.replace("</Relationships>", '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>');
    zip.file("xl/_rels/workbook.xml.rels", rels);
    const base = await zip.generateAsync({ type: "uint8array" });
    const { bytes } = writeXlsx(base, OUT, new Set(["sop dashboard"]));
    const p = await parts(bytes);
    assert.equal(p.get("customXml/item1.xml"), "<root>planner data</root>");
    assert.ok(!p.has("xl/calcChain.xml"));
    assert.doesNotMatch(p.get("xl/_rels/workbook.xml.rels")!, /calcChain/);
    assert.doesNotMatch(p.get("[Content_Types].xml")!, /calcChain/);
    const tables = [...p.keys()].filter((k) => k.startsWith("xl/tables/"));
    assert.equal(tables.length, 3, `the old tblKpi part is gone: ${tables.join(", ")}`);
  });

  it("keeps the planner's tables exactly as Excel wrote them (no filter elements, no autoFilter)", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Planner");
    ws.addTable({ name: "T1", ref: "A1", columns: [{ name: "a" }, { name: "b" }], rows: [[1, 2]] });
    ws.addTable({ name: "T2", ref: "D1", columns: [{ name: "a" }, { name: "b" }], rows: [[1, 2]] });
    const zip = await JSZip.loadAsync(await bytesOf(wb));
    const t1 = (await zip.file("xl/tables/table1.xml")!.async("string")).replace(/<autoFilter[\s\S]*?<\/autoFilter>/, '<autoFilter ref="A1:B2"/>');
    const t2 = (await zip.file("xl/tables/table2.xml")!.async("string")).replace(/<autoFilter[\s\S]*?<\/autoFilter>/, "");
    zip.file("xl/tables/table1.xml", t1);
    zip.file("xl/tables/table2.xml", t2);
    const { bytes } = writeXlsx(await zip.generateAsync({ type: "uint8array" }), [{ name: "SOP Out", rows: [["x"]], tables: [{ name: "T1", row: 0, col: 0, rows: 1, cols: 1 }] }], new Set());
    const p = await parts(bytes);
    assert.equal(p.get("xl/tables/table1.xml"), t1);
    assert.equal(p.get("xl/tables/table2.xml"), t2);
    assert.match(p.get("xl/tables/table3.xml")!, /<table [^>]*id="3" name="_T1" displayName="_T1" ref="A1:A2"/, "T1 is a cell address: the name gets a leading _");
  });

  it("merges into a workbook LibreOffice wrote, and LibreOffice reads the result back", async function () {
    if (!libreOfficeAvailable()) this.skip();
    this.timeout(120000);
    const lo = await recalculateXlsx({ name: "base.xlsx", bytes: await bytesOf(excelJsBase()) });
    let base: Uint8Array;
    try {
      base = lo.files[0]!.bytes;
    } finally {
      lo.cleanup();
    }
    const bytes = await assertMerged(base, ["Actuals", "Old", "Notes"]);
    const back = await recalculateXlsx({ name: "merged.xlsx", bytes });
    try {
      const wb = await load(back.files[0]!.bytes);
      assert.deepEqual(wb.worksheets.map((w) => w.name), ["Actuals", "Old", "SOP Dashboard", "Notes", "SOP Forecast"]);
      assert.deepEqual(rowValues(wb.getWorksheet("SOP Dashboard")!, 2), ["new", 2]);
      assert.equal(wb.getWorksheet("Actuals")!.getCell("C3").value, 0.25);
      assert.equal(wb.getWorksheet("Notes")!.getCell("A1").value, "=not a formula");
      assert.equal(wb.getWorksheet("SOP Forecast")!.getCell("B2").value, 12.5);
    } finally {
      back.cleanup();
    }
  });

  it("a new workbook reads back in LibreOffice with its text, numbers and formulas", async function () {
    if (!libreOfficeAvailable()) this.skip();
    this.timeout(120000);
    const texts = ["=1+1", "\t=tab", "a\r\nb", "  padded  ", "_x0041_", "<&>"];
    const { bytes } = writeXlsx(null, [{ name: "T", rows: [texts, [12.5, { formula: "A2*2", value: 25 }, { formula: "_xlfn.STDEV.S(A2:B2)" }]] }], new Set());
    const back = await recalculateXlsx({ name: "new.xlsx", bytes });
    try {
      const ws = (await load(back.files[0]!.bytes)).getWorksheet("T")!;
      // LibreOffice turns CR LF into LF (its cells hold LF line breaks).
      assert.deepEqual(rowValues(ws, 1), texts.map((t) => t.replace(/\r\n/g, "\n")));
      assert.equal(ws.getCell("A2").value, 12.5);
      assert.equal(ws.getCell("B2").result, 25);
    } finally {
      back.cleanup();
    }
  });

  it("merges into a workbook whose parts use a namespace prefix (<x:sheet>, as the Open XML SDK writes)", async function () {
    this.timeout(120000);
    const zip = await JSZip.loadAsync(await bytesOf(excelJsBase()));
    const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    for (const part of ["xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml"]) {
      const xml = await zip.file(part)!.async("string");
      zip.file(part, xml.replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`).replace(/<(\/?)([A-Za-z]\w*)(?=[\s/>])/g, "<$1x:$2"));
    }
    const base = await zip.generateAsync({ type: "uint8array" });
    const { bytes } = writeXlsx(base, OUT, new Set(["sop dashboard"]));
    const p = await parts(bytes);
    assert.match(p.get("xl/workbook.xml")!, /<x:sheets><x:sheet [^>]*name="Actuals"[\s\S]*<x:sheet name="SOP Forecast" sheetId="\d+" r:id="rId\d+"\/><\/x:sheets>/);
    assert.match(p.get("xl/workbook.xml")!, /<x:calcPr [^>]*fullCalcOnLoad="1"/);
    assert.match(p.get("xl/styles.xml")!, /<x:numFmt numFmtId="\d+" formatCode="#,##0.0"\/>/);
    assert.doesNotMatch(p.get("xl/styles.xml")!, /<\/?[A-Za-z]\w*[\s/>]/, "no element without a prefix in a prefixed style sheet");
    assert.match(p.get("xl/sharedStrings.xml")!, /<x:si><x:t>new<\/x:t><\/x:si>/);
    if (!libreOfficeAvailable()) return;
    const back = await recalculateXlsx({ name: "prefixed.xlsx", bytes });
    try {
      const wb = await load(back.files[0]!.bytes);
      assert.deepEqual(wb.worksheets.map((w) => w.name), ["Actuals", "Old", "SOP Dashboard", "Notes", "SOP Forecast"]);
      assert.deepEqual(rowValues(wb.getWorksheet("SOP Dashboard")!, 2), ["new", 2]);
      assert.equal(wb.getWorksheet("Actuals")!.getCell("A6").value, "shared text");
      assert.equal(wb.getWorksheet("SOP Forecast")!.getCell("B2").numFmt, "#,##0.0");
    } finally {
      back.cleanup();
    }
  });

  it("refuses a base it cannot merge safely, with a plain sentence", () => {
    assert.throws(() => XlsxWriter.open(new TextEncoder().encode("not a zip")), (e: unknown) => e instanceof PackageMergeError && /zip directory/.test(e.message));
    const truncated = new Uint8Array(200).fill(1);
    truncated.set([0x50, 0x4b, 0x03, 0x04]);
    assert.throws(() => XlsxWriter.open(truncated), PackageMergeError);
  });

  it("refuses a Strict Open XML workbook and a package without a workbook", async () => {
    const zip = await JSZip.loadAsync(await bytesOf(excelJsBase()));
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    zip.file("xl/workbook.xml", wbXml.replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"));
    const strict = await zip.generateAsync({ type: "uint8array" });
    assert.throws(() => XlsxWriter.open(strict), /Strict Open XML/);
    const docx = new JSZip();
    docx.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
    docx.file("word/document.xml", "<w:document/>");
    const other = await docx.generateAsync({ type: "uint8array" });
    assert.throws(() => XlsxWriter.open(other), /no main part/);
  });
});

describe("xlsxWrite: read back by the file host's reader", () => {
  it("gives back the spec's values and the settings, hidden", async () => {
    const rows = [["Item", "=1+1", " x ", "a\r\nb"], [1.5, -0, true, { formula: "A2*2", value: 3 }], [null, Number.NaN, "_x0041_", { formula: 'IF(1,"","")', value: "" }]];
    const w = XlsxWriter.open(null);
    w.putSheets([{ name: "SOP Out", rows }], new Set());
    w.putSheets([settingsToSheet({ version: 1, ownedSheets: ["SOP Out"], parameters: { horizon: 18 } })], new Set(["sop_settings"]));
    const bytes = w.toBytes();
    const book = await openXlsxBook(bytes);
    assert.deepEqual(readWorkbookSettings(book), { version: 1, ownedSheets: ["SOP Out"], parameters: { horizon: 18 } });
    const g = await readSource(book, { sheet: "SOP Out" });
    assert.ok(!isSourceError(g), "a grid");
    assert.deepEqual(g.values, [
      ["Item", "=1+1", " x ", "a\r\nb"],
      [1.5, 0, true, 3],
      // A cached "" (`<v></v>`) reads as an empty cell, as it did through ExcelJS.
      [null, { error: "#NUM!" }, "_x0041_", null],
    ]);
    assert.equal((await load(bytes)).getWorksheet("SOP_Settings")!.state, "hidden");
  });
});

describe("xlsxWrite: browser-safe", () => {
  it("imports nothing from Node", () => {
    const dir = path.join(__dirname, "../../../src/hosts/file");
    const files = fs.readdirSync(dir).filter((f) => /^xlsx(Write|SheetXml|Style|Package)\w*\.ts$/.test(f));
    assert.ok(files.length >= 8, files.join(", "));
    for (const file of files) {
      const code = fs.readFileSync(path.join(dir, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      assert.doesNotMatch(code, /from\s+"(node:[^"]+|fs|path|os|crypto|stream|zlib|exceljs)"/, `${file} imports a Node module or ExcelJS`);
      assert.doesNotMatch(code, /\bBuffer\.|\bprocess\.|\brequire\(/, `${file} uses a Node global`);
    }
  });
});
