/**
 * Property: what the package writer writes, the reader reads back (issue 8, our own .xlsx code).
 *
 * Random sheets (numbers at full precision, -0, huge and tiny values, booleans, text with
 * control characters, lone surrogates, `_xHHHH_`-looking text, leading `=`/`+`/`-`/`@`, spaces
 * and line breaks; formulas with cached results; style blocks, tables, frozen panes) are written
 * into a new package, and also merged onto a package written before, then read back with our
 * reader and with ExcelJS: every value comes back as written (text clipped at Excel's 32,767
 * characters, ill-formed UTF-16 as U+FFFD), nothing becomes a formula, and the sheet written
 * before survives the merge unchanged.
 */
import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { openXlsxBook } from "../../src/hosts/file/xlsxRead";
import { decodeEscapes } from "../../src/hosts/file/xlsxReadStrings";
import { writeXlsx } from "../../src/hosts/file/xlsxWrite";
import { readSource } from "../../src/hosts/file/xlsxWorkbook";
import type { Cell, Grid } from "../../src/workbook/grid";
import type { OutCell, SheetSpec } from "../../src/workbook/sheetSpec";

const RUNS = Number(process.env.FUZZ_XLSX_RUNS ?? 150);

const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
  fc.constantFrom("=1+1", "+7", "-x", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=2", "_x0041_", "_x000D_", "a\r\nb", "  lead", "trail  ", "<&>\"'", "x".repeat(40000)),
);
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(-0, 1e308, 5e-324, 0.1 + 0.2, 45672.25));
const formula: fc.Arbitrary<OutCell> = fc.record({
  formula: fc.constantFrom("=1+1", "=SUM(A1:A2)", '="a"&"b"', "=STDEV.S(1,2,3)", "=TRUE()"),
  value: fc.option(fc.oneof(number, fc.boolean(), text), { nil: undefined }),
});
const cell: fc.Arbitrary<OutCell> = fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: number, weight: 3 }, { arbitrary: fc.boolean(), weight: 1 }, { arbitrary: text, weight: 3 }, { arbitrary: formula, weight: 1 });
const rows = fc.array(fc.array(cell, { maxLength: 6 }), { minLength: 1, maxLength: 6 });
const style = fc.record({
  row: fc.nat(5),
  col: fc.nat(5),
  rows: fc.integer({ min: 1, max: 4 }),
  cols: fc.integer({ min: 1, max: 4 }),
  numberFormat: fc.option(fc.constantFrom("#,##0", "0.0%", "@", "#,##0.00 €", "0.000"), { nil: undefined }),
  bold: fc.option(fc.boolean(), { nil: undefined }),
  fill: fc.option(fc.constantFrom("#FFEEDD", "#123456"), { nil: undefined }),
  wrap: fc.option(fc.boolean(), { nil: undefined }),
});

/** Lone surrogates replaced by U+FFFD (what UTF-8 can hold; `String.prototype.toWellFormed`). */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** What a written cell reads back as (Excel's view: text clipped, well-formed, "" is empty; -0 is 0). */
function expected(v: OutCell | undefined): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Object.is(v, -0) ? 0 : v;
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const s = wellFormed(v.slice(0, 32767));
    return s === "" ? null : s;
  }
  const r = v.value;
  if (r === undefined || r === null) return null;
  return expected(r);
}

/** A cell of a grid read back; an empty text reads as empty (blank either way for every reader above the hosts). */
function cellOf(g: Grid, r: number, c: number): Cell {
  const v = g.values[r]?.[c] ?? null;
  return v === "" ? null : v;
}

/** A cell as ExcelJS reads it, in the same shape (a formula by its cached result). */
function excelJsCell(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined || v === "") return null;
  if (typeof v === "object" && "formula" in v) {
    // ExcelJS leaves `_xHHHH_` escapes in a formula's cached text as written; Excel decodes them.
    const r = excelJsCell((v as { result?: ExcelJS.CellValue }).result ?? null);
    return typeof r === "string" ? decodeEscapes(r) : r;
  }
  if (typeof v === "object" && "richText" in v) return v.richText.map((t) => t.text).join("");
  if (typeof v === "object" && "error" in v) return { error: String(v.error) };
  if (v instanceof Date) return null;
  return v as Cell;
}

describe("fuzz: the package writer and the reader agree (round trip)", function () {
  this.timeout(300000);

  it(`${RUNS} random sheets written, merged onto an earlier package, and read back by our reader and ExcelJS`, async () => {
    const before: SheetSpec = { name: "Kept", rows: [["kept", 1, true], [{ formula: "=B1*2", value: 2 }]] };
    const base = writeXlsx(null, [before], new Set()).bytes;
    await fc.assert(
      fc.asyncProperty(rows, fc.array(style, { maxLength: 4 }), fc.boolean(), fc.boolean(), async (cells, styles, table, merge) => {
        const spec: SheetSpec = {
          name: "SOP Fuzz",
          rows: cells,
          styles,
          freeze: { rows: 1 },
          ...(table && cells.length > 1 && (cells[0]?.length ?? 0) > 0 ? { tables: [{ name: "tblFuzz", row: 0, col: 0, rows: cells.length, cols: cells[0]!.length }] } : {}),
        };
        const { bytes } = writeXlsx(merge ? base : null, [spec], new Set(["sop fuzz"]));
        const book = await openXlsxBook(bytes);
        const g = readSource(book, { sheet: "SOP Fuzz" });
        const grid = await g;
        assert.ok("values" in grid, "the sheet reads back");
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(bytes as unknown as ArrayBuffer);
        const ws = wb.getWorksheet("SOP Fuzz");
        assert.ok(ws, "ExcelJS finds the sheet");
        for (let r = 0; r < cells.length; r++) {
          for (let c = 0; c < (cells[r]?.length ?? 0); c++) {
            const want = expected(cells[r]![c]);
            // A table's header cells are text (Excel requires it): a blank or non-text header gets a name.
            if (spec.tables && r === 0) continue;
            assert.deepEqual(cellOf(grid, r, c), want, `our reader, row ${r + 1} column ${c + 1}`);
            // ExcelJS reads a cached result of 0, FALSE or "" as no result (the file holds it; Excel and LibreOffice read it).
            const src = cells[r]![c];
            const falsyResult = typeof src === "object" && src !== null && !src.value;
            if (!falsyResult) assert.deepEqual(excelJsCell(ws.getCell(r + 1, c + 1).value), want, `ExcelJS, row ${r + 1} column ${c + 1}`);
          }
        }
        if (merge) {
          const kept = await readSource(book, { sheet: "Kept" });
          assert.ok("values" in kept);
          assert.deepEqual(kept.values, [["kept", 1, true], [2, null, null]], "the earlier sheet is kept");
        }
      }),
      { numRuns: RUNS },
    );
  });
});
