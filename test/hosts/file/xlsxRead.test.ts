/**
 * The .xlsx reader (`src/hosts/file/xlsxRead*.ts`) on hand-made packages with known
 * answers: every kind of cell as the file host read it with ExcelJS before (shared, rich,
 * inline and formula strings, booleans, errors, numbers, dates through their formats,
 * 1904 dates, cached formula results), merged cells, hidden rows, rows and cells without
 * `r`, sheet states and names, tables, defined names, a stray cell in XFD1048576, and
 * damaged packages.
 */
import assert from "node:assert/strict";
import JSZip from "jszip";
import type { Grid } from "../../../src/workbook/grid";
import { isSourceError, type ReadResult } from "../../../src/workbook/host";
import { type XlsxBook, XlsxDamagedError, openXlsxBook } from "../../../src/hosts/file/xlsxRead";
import { describeWorkbook, readSource, readWorkbookSettings } from "../../../src/hosts/file/xlsxWorkbook";
import { BufferHost, WorkbookOpenError } from "../../../src/hosts/file/bufferHost";
import { definedNamesOf } from "../../../src/hosts/file/xlsxReadNames";
import { isDateFormat } from "../../../src/hosts/file/xlsxReadStyles";
import { sharedItem } from "../../../src/hosts/file/xlsxReadStrings";
import { dateSerialRoundTrip, isoDateSerial } from "../../../src/hosts/file/xlsxReadSheet";

const NS = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`;
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

interface SheetDef {
  readonly name: string;
  /** The `<sheetData>` children. */
  readonly rows: string;
  /** What follows `</sheetData>` (merges, hyperlinks, table parts). */
  readonly tail?: string;
  readonly state?: string;
  /** Relationships of the sheet part. */
  readonly rels?: string;
}

interface Package {
  readonly sheets: readonly SheetDef[];
  readonly sst?: string;
  readonly styles?: string;
  readonly names?: string;
  readonly tables?: readonly string[];
  readonly date1904?: boolean;
  /** Zip order of the worksheet parts (default: tab order). */
  readonly partOrder?: readonly number[];
}

async function pkg(p: Package): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`);
  const sheets = p.sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ""} r:id="rId${i + 1}"/>`).join("");
  zip.file("xl/workbook.xml", `<?xml version="1.0"?><workbook ${NS}>${p.date1904 ? `<workbookPr date1904="1"/>` : ""}<sheets>${sheets}</sheets>${p.names ?? ""}</workbook>`);
  const rels = p.sheets.map((_s, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("");
  zip.file("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`);
  for (const i of p.partOrder ?? p.sheets.map((_s, k) => k)) {
    const s = p.sheets[i]!;
    zip.file(`xl/worksheets/sheet${i + 1}.xml`, `<?xml version="1.0"?><worksheet ${NS}><sheetData>${s.rows}</sheetData>${s.tail ?? ""}</worksheet>`);
    if (s.rels) zip.file(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${s.rels}</Relationships>`);
  }
  (p.tables ?? []).forEach((t, i) => zip.file(`xl/tables/table${i + 1}.xml`, t));
  if (p.styles !== undefined) zip.file("xl/styles.xml", `<?xml version="1.0"?><styleSheet ${NS}>${p.styles}</styleSheet>`);
  if (p.sst !== undefined) zip.file("xl/sharedStrings.xml", `<?xml version="1.0"?><sst ${NS}>${p.sst}</sst>`);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/** A book of one sheet "S" with these rows. */
async function oneSheet(rows: string, extra: Omit<Package, "sheets"> & { tail?: string } = {}): Promise<XlsxBook> {
  return openXlsxBook(await pkg({ ...extra, sheets: [{ name: "S", rows, ...(extra.tail !== undefined ? { tail: extra.tail } : {}) }] }));
}

function grid(r: ReadResult): Grid {
  if (isSourceError(r)) assert.fail(`expected a grid, got: ${r.message}`);
  return r;
}

function errorOf(r: ReadResult): string {
  if (!isSourceError(r)) assert.fail("expected a source error");
  return r.message;
}

async function values(book: XlsxBook, sheet = "S"): Promise<Grid["values"]> {
  return grid(await readSource(book, { sheet })).values;
}

/** Styles: 1 = built-in date (14), 2 = custom `yyyy\-mm`, 3 = `0.0%`, 4 = General (0), 5 = `#,##0` (3). */
const STYLES = `<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="14"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="0"/><xf numFmtId="3"/></cellXfs>
<dxfs count="1"><dxf><numFmt numFmtId="164" formatCode="mm"/></dxf></dxfs>`;

const c = (ref: string, inner: string, attrs = ""): string => `<c r="${ref}"${attrs}>${inner}</c>`;

describe("xlsxRead: cell values", () => {
  it("reads shared strings: plain, rich text without phonetic runs, entities, _xHHHH_ escapes, empty items", async () => {
    const sst = [
      "<si><t>plain</t></si>",
      `<si><r><rPr><b/></rPr><t>rich </t></r><r><t xml:space="preserve">text</t></r><rPh sb="0" eb="1"><t>フリ</t></rPh><phoneticPr fontId="1"/></si>`,
      "<si><t>a&amp;b &lt;c&gt; &#65;&#x42;</t></si>",
      "<si><t>line_x000D_break _x005F_x0041_ _x00e9_</t></si>",
      "<si><t/></si>",
      "<si/>",
      "<si><t>cr\r\nlf</t></si>",
    ].join("");
    const row = [0, 1, 2, 3, 4, 5, 6].map((i) => c(`${"ABCDEFG"[i]}1`, `<v>${i}</v>`, ` t="s"`)).join("");
    const book = await oneSheet(`<row r="1">${row}</row>`, { sst });
    assert.deepEqual(await values(book), [["plain", "rich text", "a&b <c> AB", "line\rbreak _x0041_ _x00e9_", "", null, "cr\nlf"]]);
    // The empty <si/> still counts for the used range.
    assert.deepEqual((await describeWorkbook(book)).sheets[0], { name: "S", visibility: "visible", rows: 1, cols: 7, owned: false });
  });

  it("reads inline strings (escapes kept as written), t=\"str\" (decoded once with its _xHHHH_ escapes: ExcelJS decoded entities twice and kept escapes), booleans, errors, numbers", async () => {
    const book = await oneSheet(
      `<row r="1">` +
        c("A1", "<is><t>in_x000D_line &amp;amp;</t></is>", ` t="inlineStr"`) +
        c("B1", "<is><r><t>in</t></r><r><rPr><i/></rPr><t>_x0041_rich</t></r></is>", ` t="inlineStr"`) +
        c("C1", "<v>a&amp;lt;b</v>", ` t="str"`) +
        c("D1", "<v>1</v>", ` t="b"`) +
        c("E1", "<v>0</v>", ` t="b"`) +
        c("F1", "<v>#N/A</v>", ` t="e"`) +
        c("G1", "<v>1e3</v>", ` t="n"`) +
        c("H1", "<v> 12abc</v>") +
        c("I1", "<v>abc</v>") +
        c("J1", "<v>2025-01-15T00:00:00</v>", ` t="d"`) +
        c("K1", "<v>a_x000D_b_x005F_x0041_</v>", ` t="str"`) +
        `</row>`,
    );
    assert.deepEqual(await values(book), [["in_x000D_line &amp;", "inArich", "a&lt;b", true, false, { error: "#N/A" }, 1000, 12, { error: "#NUM!" }, 45672, "a\rb_x0041_"]]);
  });

  it("reads formulas by their cached value: 0, false and text kept, none → empty, shared formulas", async () => {
    const book = await oneSheet(
      `<row r="1">` +
        c("A1", "<f>1+1</f><v>2</v>") +
        c("B1", "<f>X</f><v>0</v>") +
        c("C1", "<f>NOW()</f>") +
        c("D1", "<f>X</f><v>t&amp;amp;xt</v>", ` t="str"`) +
        c("E1", "<f>X</f><v>0</v>", ` t="b"`) +
        c("F1", "<f>1/0</f><v>#DIV/0!</v>", ` t="e"`) +
        c("G1", `<f t="shared" ref="G1:G2" si="0">A1</f><v>5</v>`) +
        c("H1", `<f t="shared" si="9"/><v>7</v>`) +
        c("I1", "<f>X</f><v>1e400</v>") +
        `</row><row r="2">` +
        c("G2", `<f t="shared" si="0"/><v>6</v>`) +
        `</row>`,
    );
    const v = await values(book);
    assert.deepEqual(v[0], [2, 0, null, "t&amp;xt", false, { error: "#DIV/0!" }, 5, null, { error: "#NUM!" }]);
    assert.deepEqual(v[1]!.slice(6, 7), [6], "a shared formula's other cells");
    // A formula with no <v> at all was never calculated: the grid says how many and where the first is.
    assert.deepEqual(grid(await readSource(book, { sheet: "S" })).uncalculated, { count: 1, first: { row: 0, col: 2 } });
    assert.equal(grid(await readSource(book, { sheet: "S", range: "D1:I2" })).uncalculated, undefined, "none inside D1:I2");
    // A formula without a cached value (and a shared one whose master is unknown) still counts for the used range.
    assert.equal((await describeWorkbook(book)).sheets[0]!.cols, 9);
  });

  it("reads dates through their number format, rounded to the millisecond, and records the formats of numbers only", async () => {
    const book = await oneSheet(
      `<row r="1">` +
        c("A1", "<v>45658.5</v>", ` s="1"`) +
        c("B1", "<v>45658</v>", ` s="2"`) +
        c("C1", "<f>TODAY()</f><v>45700.25</v>", ` s="1"`) +
        c("D1", "<v>0.1234567891234</v>", ` s="1"`) +
        c("E1", "<v>0.25</v>", ` s="3"`) +
        c("F1", "<v>5</v>", ` s="4"`) +
        c("G1", "<v>1234.5</v>", ` s="5"`) +
        c("H1", "<v>7</v>", ` s="0"`) +
        c("I1", "<v>abc</v>", ` s="1"`) +
        c("J1", "<v>3</v>", ` s="99"`) +
        c("K1", "<is><t>text</t></is>", ` t="inlineStr" s="5"`) +
        `</row>`,
      { styles: STYLES },
    );
    const g = grid(await readSource(book, { sheet: "S" }));
    assert.deepEqual(g.values[0], [45658.5, 45658, 45700.25, dateSerialRoundTrip(0.1234567891234, false), 0.25, 5, 1234.5, 7, null, 3, "text"]);
    assert.notEqual(g.values[0]![3], 0.1234567891234, "a date is rounded to the millisecond");
    assert.deepEqual(g.formats?.[0], ["mm-dd-yy", "yyyy-mm", "mm-dd-yy", "mm-dd-yy", "0.0%", null, "#,##0"]);
    assert.equal(g.date1904, false);
  });

  it("honours the 1904 date system", async () => {
    const book = await oneSheet(`<row r="1">${c("A1", "<v>0</v>", ` s="1"`)}${c("B1", "<v>1.5</v>", ` s="1"`)}${c("C1", "<v>5</v>")}</row>`, { styles: STYLES, date1904: true });
    const g = grid(await readSource(book, { sheet: "S" }));
    assert.equal(g.date1904, true);
    assert.deepEqual(g.values[0], [0, 1.5, 5]);
  });

  it("reads ISO 8601 date cells (t=\"d\") as date serials; text that is no date stays text", async () => {
    // 45672 = 2025-01-15 (Excel: =DATE(2025,1,15)); 06:00 is a quarter of a day.
    assert.equal(isoDateSerial("2025-01-15", false), 45672);
    assert.equal(isoDateSerial("2025-01-15T06:00:00Z", false), 45672.25);
    assert.equal(isoDateSerial("2025-01-15T06:00:30.5", false), 45672 + (6 * 3600 + 30.5) / 86400);
    assert.equal(isoDateSerial("2025-01-15", true), 45672 - 1462);
    assert.equal(isoDateSerial("1900-03-01", false), 61);
    for (const bad of ["2025-02-30", "2025-13-01", "15/01/2025", "", "2025"]) assert.equal(isoDateSerial(bad, false), null, bad);
    const book = await oneSheet(`<row r="1">${c("A1", "<v>2025-01-15</v>", ` t="d"`)}${c("B1", "<v>2025-03-01T12:00:00</v>", ` t="d" s="2"`)}${c("C1", "<v>soon</v>", ` t="d"`)}</row>`, { styles: STYLES });
    const g = grid(await readSource(book, { sheet: "S" }));
    assert.deepEqual(g.values[0], [45672, 45717.5, "soon"]);
    assert.deepEqual(g.formats?.[0], ["yyyy-mm-dd", "yyyy-mm"]);
  });

  it("reads a shared-string index as a number when the package has no shared strings", async () => {
    const book = await oneSheet(`<row r="1">${c("A1", "<v>3</v>", ` t="s"`)}${c("B1", "<v>x</v>", ` t="s"`)}</row>`);
    assert.deepEqual(await values(book), [[3, { error: "#NUM!" }]]);
  });
});

describe("xlsxRead: layout", () => {
  it("ignores merged cells other than the top-left one, in values and in the used range", async () => {
    const book = await oneSheet(
      `<row r="1">${c("A1", "<v>1</v>")}${c("B1", "<v>2</v>")}${c("C1", "<v>3</v>")}</row><row r="2">${c("A2", "<v>4</v>")}${c("B2", "<v>5</v>")}</row>`,
      { tail: `<mergeCells count="1"><mergeCell ref="B1:C2"/></mergeCells>` },
    );
    assert.deepEqual(await values(book), [
      [1, 2],
      [4, null],
    ]);
    assert.equal((await describeWorkbook(book)).sheets[0]!.cols, 2);
  });

  it("gives the merges whose top-left cell is in the grid, grid-relative and clipped to it", async () => {
    const rows = [1, 2, 3, 4, 5, 6].map((r) => `<row r="${r}">${c(`A${r}`, `<v>${r}</v>`)}${c(`B${r}`, `<v>${r * 10}</v>`)}${c(`C${r}`, `<v>${r * 100}</v>`)}</row>`).join("");
    const book = await oneSheet(rows, { tail: `<mergeCells count="4"><mergeCell ref="A1:C1"/><mergeCell ref="B2:B4"/><mergeCell ref="A5:A9"/><mergeCell ref="C5:C6"/></mergeCells>` });
    const whole = grid(await readSource(book, { sheet: "S" }));
    // A5:A9 is clipped to the used rows (A5:A6).
    assert.deepEqual(whole.merges, [
      { top: 0, left: 0, bottom: 0, right: 2 },
      { top: 1, left: 1, bottom: 3, right: 1 },
      { top: 4, left: 0, bottom: 5, right: 0 },
      { top: 4, left: 2, bottom: 5, right: 2 },
    ]);
    // A3:B6: B2:B4 starts above it (its value is not in the grid), C5:C6 lies right of it; A5:A9 is clipped to A5:A6.
    const part = grid(await readSource(book, { sheet: "S", range: "A3:B6" }));
    assert.deepEqual(part.merges, [{ top: 2, left: 0, bottom: 3, right: 0 }]);
    // No merge in the block: no field.
    assert.equal(grid(await readSource(book, { sheet: "S", range: "C2:C3" })).merges, undefined);
  });

  it("reports hidden rows relative to the grid, and reads rows and cells without r", async () => {
    const book = await oneSheet(
      `<row r="2">${c("A2", "<v>2</v>")}</row><row hidden="1"><c><v>31</v></c><c><v>32</v></c><c r="E3"><v>35</v></c><c><v>36</v></c></row>` +
        `<row r="5" hidden="true"><c r="B5"><v>5</v></c></row><row r="6"><c r="A6" s="3"/><c><v>62</v></c></row>`,
      { styles: STYLES },
    );
    const g = grid(await readSource(book, { sheet: "S" }));
    assert.deepEqual(g.values, [
      [null, null, null, null, null, null],
      [2, null, null, null, null, null],
      [31, 32, null, null, 35, 36],
      [null, null, null, null, null, null],
      [null, 5, null, null, null, null],
      [null, 62, null, null, null, null],
    ]);
    assert.deepEqual(g.hiddenRows, [2, 4]);
    assert.deepEqual(grid(await readSource(book, { sheet: "S", range: "A3:F6" })).hiddenRows, [0, 2]);
  });

  it("keeps the last of a row or a cell written twice, and sorts rows and cells written out of order", async () => {
    const book = await oneSheet(`<row r="3">${c("B3", "<v>1</v>")}${c("A3", "<v>2</v>")}${c("B3", "<v>3</v>")}</row><row r="1">${c("A1", "<v>9</v>")}</row><row r="1">${c("B1", "<v>8</v>")}</row>`);
    assert.deepEqual(await values(book), [
      [null, 8],
      [null, null],
      [2, 3],
    ]);
  });

  it("keeps a stray cell in XFD1048576 cheap: the used range reaches it, the grid is not padded", async () => {
    const t0 = Date.now();
    const book = await oneSheet(`<row r="1">${c("A1", "<v>1</v>")}${c("B1", "<v>2</v>")}</row><row r="1048576">${c("XFD1048576", "<v>9</v>")}</row>`);
    const info = await describeWorkbook(book);
    assert.deepEqual([info.sheets[0]!.rows, info.sheets[0]!.cols], [1048576, 16384]);
    const g = grid(await readSource(book, { sheet: "S" }));
    assert.equal(g.values.length, 1048576);
    assert.equal(g.values[0]!.length, 16384);
    assert.equal(g.values[1]!.length, 0, "empty rows stay empty");
    assert.equal(g.values[1048575]![16383], 9);
    assert.ok(Date.now() - t0 < 5000, "cheap");
  });

  it("lists sheets in tab order with their state, whatever the order of their parts; names with quotes, non-ASCII, right-to-left text", async () => {
    const book = await openXlsxBook(
      await pkg({
        sheets: [
          { name: "O&apos;Brien", rows: `<row r="1">${c("A1", "<v>1</v>")}</row>` },
          { name: "Données", rows: "", state: "hidden" },
          { name: "מכירות", rows: `<row r="3">${c("B3", "<v>1</v>")}</row>`, state: "veryHidden" },
          { name: "A&amp;amp;B", rows: "" },
        ],
        partOrder: [3, 2, 1, 0],
      }),
    );
    const info = await describeWorkbook(book);
    assert.deepEqual(
      info.sheets.map((s) => [s.name, s.visibility, s.rows, s.cols]),
      [
        ["O'Brien", "visible", 1, 1],
        ["Données", "hidden", 0, 0],
        ["מכירות", "veryHidden", 3, 2],
        ["A&B", "visible", 0, 0],
      ],
    );
    assert.deepEqual(await values(book, "o'brien"), [[1]], "sheet names match case-insensitively");
    assert.equal(errorOf(await readSource(book, { sheet: "Nope" })), "sheet 'Nope' does not exist (sheets: O'Brien, Données, מכירות, A&B)");
  });
});

describe("xlsxRead: tables and defined names", () => {
  const tbl = (name: string, ref: string, extra = ""): string => `<?xml version="1.0"?><table ${NS} id="1" name="${name}" displayName="${name}" ref="${ref}"${extra}><tableColumns count="2"><tableColumn id="1" name="a"/><tableColumn id="2" name="b"/></tableColumns></table>`;
  const rows = [1, 2, 3, 4, 5].map((r) => `<row r="${r}">${c(`A${r}`, `<v>${r}</v>`)}${c(`B${r}`, `<v>${r * 10}</v>`)}${c(`C${r}`, `<v>${r * 100}</v>`)}</row>`).join("");
  const tableRels = `<Relationship Id="rId1" Type="${REL}/table" Target="../tables/table1.xml"/><Relationship Id="rId2" Type="${REL}/table" Target="../tables/table2.xml"/>`;

  it("lists tables in the order of the sheet's table parts; a totals row is left out of the grid", async () => {
    const book = await openXlsxBook(
      await pkg({
        sheets: [{ name: "Data", rows, tail: `<tableParts count="2"><tablePart r:id="rId2"/><tablePart r:id="rId1"/></tableParts>`, rels: tableRels }],
        tables: [tbl("tblNoHeader", "A1:B2", ` headerRowCount="0"`), tbl("tblTotals", "A2:C5", ` totalsRowCount="1"`)],
      }),
    );
    assert.deepEqual((await describeWorkbook(book)).tables, [
      { name: "tblTotals", sheet: "Data", range: "A2:C5" },
      { name: "tblNoHeader", sheet: "Data", range: "A1:B2" },
    ]);
    const t = grid(await readSource(book, { table: "TBLTOTALS" }));
    assert.deepEqual([t.table, t.top, t.left, t.values.length], ["tblTotals", 1, 0, 3]);
    assert.deepEqual(grid(await readSource(book, { table: "tblNoHeader" })).values, [
      [1, 10],
      [2, 20],
    ]);
    assert.match(errorOf(await readSource(book, { table: "tblX" })), /^table tblX not found \(tables: tblTotals, tblNoHeader\)$/);
  });

  it("reports defined names as ExcelJS did: only absolute ranges, adjacent ranges joined, print areas and filters left out", async () => {
    const names = `<definedNames>
<definedName name="_xlnm.Print_Area" localSheetId="0">Data!$A$1:$C$3</definedName><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Data!$A$1:$B$3</definedName>
<definedName name="Single">Data!$A$1:$C$3</definedName><definedName name="Adjacent">Data!$A$1:$A$5,Data!$B$1:$B$5</definedName><definedName name="Apart">Data!$A$1:$A$2,Data!$C$1:$C$2</definedName>
<definedName name="Formula">SUM(Data!$A$1:$A$3)</definedName><definedName name="Constant">42</definedName><definedName name="Relative">Data!A1:B2</definedName>
<definedName name="Scoped" localSheetId="0">Data!$A$1</definedName><definedName name="Scoped" localSheetId="1">'Other sheet'!$B$2</definedName><definedName name="Whole">Data!$A$1:$XFD$1048576</definedName></definedNames>`;
    const book = await openXlsxBook(await pkg({ sheets: [{ name: "Data", rows }, { name: "Other sheet", rows: `<row r="2">${c("B2", "<v>7</v>")}</row>` }], names }));
    assert.deepEqual(
      book.names.map((n) => [n.name, ...n.ranges]),
      [
        ["_xlnm._FilterDatabase", "Data!$A$1:$B$3"],
        ["Single", "Data!$A$1:$C$3"],
        ["Adjacent", "Data!$A$1:$B$5"],
        ["Apart", "Data!$A$1:$A$2", "Data!$C$1:$C$2"],
        ["Formula", "'SUM(Data'!$A$1:$A$3"],
        ["Scoped", "'Other sheet'!$B$2"],
        ["Whole", "Data!$A$1:$XFD$1048576"],
      ],
    );
    assert.deepEqual(
      (await describeWorkbook(book)).names.map((n) => [n.name, n.sheet, n.range]),
      [
        ["Single", "Data", "A1:C3"],
        ["Adjacent", "Data", "A1:B5"],
        ["Scoped", "Other sheet", "B2"],
        ["Whole", "Data", "A1:XFD1048576"],
      ],
    );
    assert.deepEqual(grid(await readSource(book, { name: "adjacent" })).values[4], [5, 50]);
    assert.equal(errorOf(await readSource(book, { name: "Apart" })), "name Apart refers to 2 ranges; it must refer to one range");
    assert.equal(errorOf(await readSource(book, { name: "Formula" })), "name Formula refers to sheet 'SUM(Data', which does not exist (sheets: Data, Other sheet)");
    assert.match(errorOf(await readSource(book, { name: "Constant" })), /^name Constant not found \(names: Single, Adjacent, Apart, Formula, Scoped, Whole\)$/);
  });

  it("cuts overlapping ranges into rectangles as ExcelJS did (down first, then right)", () => {
    const el = (text: string): { name: string; text: string; localSheetId: undefined } => ({ name: "N", text, localSheetId: undefined });
    assert.deepEqual(definedNamesOf([el("S!$A$1:$B$1,S!$A$2:$A$3")])[0]!.ranges, ["S!$A$1:$A$3", "S!$B$1"]);
    assert.deepEqual(definedNamesOf([el("S!$A$1:$C$3,S!$B$2:$D$4")])[0]!.ranges, ["S!$A$1:$C$3", "S!$D$2:$D$4", "S!$B$4:$C$4"]);
    assert.deepEqual(definedNamesOf([el("$A$1:$B$2")])[0]!.ranges, ["$A$1:$B$2"], "no sheet");
    assert.deepEqual(definedNamesOf([el("S!$XFE$1")]), [], "past the last column");
  });
});

describe("xlsxRead: settings, helpers and damaged packages", () => {
  const inline = (ref: string, text: string): string => c(ref, `<is><t>${text}</t></is>`, ` t="inlineStr"`);
  const settingsRows =
    `<row r="1">${inline("A1", "S&amp;OP Planner settings (do not edit by hand)")}${inline("B1", "json-chunks")}</row>` +
    `<row r="2">${inline("B2", '{"version":1,')}</row><row r="3">${inline("B3", '"ownedSheets":["Data"]}')}</row>`;

  it("reads the settings sheet as soon as the workbook is open", async () => {
    const book = await openXlsxBook(await pkg({ sheets: [{ name: "Data", rows: "" }, { name: "SOP_Settings", rows: settingsRows, state: "hidden" }] }));
    assert.deepEqual(readWorkbookSettings(book), { version: 1, ownedSheets: ["Data"] });
    assert.deepEqual((await describeWorkbook(book)).sheets.map((s) => s.owned), [true, true]);
  });

  it("knows date formats, shared items and the millisecond rounding of dates", () => {
    assert.equal(isDateFormat("mmm-yy"), true);
    assert.equal(isDateFormat('"Q"0'), false);
    assert.equal(isDateFormat("[Red]#,##0"), false);
    assert.equal(isDateFormat(undefined), false);
    assert.equal(sharedItem("<t>x</t>"), "x");
    assert.equal(sharedItem(""), null);
    assert.equal(dateSerialRoundTrip(45658.5, false), 45658.5);
    assert.equal(dateSerialRoundTrip(Number.NaN, false), null);
    assert.equal(dateSerialRoundTrip(1e20, false), null);
  });

  it("refuses a package that is not a zip, and says which part is damaged when a sheet is read", async () => {
    await assert.rejects(openXlsxBook(new TextEncoder().encode("Item,Qty\n")), /zip/i);
    const good = await pkg({ sheets: [{ name: "S", rows: `<row r="1">${c("A1", "<v>1</v>")}</row>` }] });
    await assert.rejects(openXlsxBook(good.slice(0, Math.floor(good.length / 2))));

    const badIndex = await oneSheet(`<row r="1">${c("A1", "<v>7</v>", ` t="s"`)}</row>`, { sst: "<si><t>one</t></si>" });
    await assert.rejects(describeWorkbook(badIndex), (e: unknown) => e instanceof XlsxDamagedError && /shared string 7 does not exist/.test(e.message));
    const badColumn = await oneSheet(`<row r="1">${c("XFE1", "<v>1</v>")}</row>`);
    await assert.rejects(readSource(badColumn, { sheet: "S" }), /Invalid column letter: XFE/);

    // Through the host: the same sentence as a package that cannot be opened at all.
    const bytes = await pkg({ sheets: [{ name: "S", rows: `<row r="1">${c("A1", "<v>7</v>", ` t="s"`)}</row>` }], sst: "<si><t>one</t></si>" });
    const host = await BufferHost.open(bytes, "plan.xlsx");
    await assert.rejects(host.describe(), (e: unknown) => e instanceof WorkbookOpenError && /^The workbook plan\.xlsx could not be read as an \.xlsx workbook \(the file may be damaged\): shared string 7/.test(e.message));
  });

  it("re-reads the store from the adopted bytes after a write", async () => {
    const bytes = await pkg({ sheets: [{ name: "Data", rows: `<row r="1">${c("A1", "<v>1</v>")}</row>` }] });
    const host = await BufferHost.open(bytes, "plan.xlsx");
    assert.equal(host.previousHasSettings, false);
    await host.write([{ name: "SOP Out", rows: [["x", 1]] }], { version: 1 });
    assert.deepEqual((await host.readOwnedSheet("SOP Out"))?.values, [["x", 1]]);
    assert.equal(host.previousHasSettings, true);
  });
});
