/**
 * One output sheet as SpreadsheetML (`xl/worksheets/sheetN.xml`) and its table parts, for the
 * .xlsx writer: values, formulas with their cached results, composed styles, column widths,
 * frozen panes, tables, conditional formats, drop-down lists and the tab colour, in the element
 * order ECMA-376 requires inside `<worksheet>`.
 *
 * Strings are always text cells (shared strings), never formulas: text starting with `=`, `+`,
 * `-`, `@`, a tab or a CR stays text (DESIGN.md §7). The XML is handed out in UTF-8 chunks, so
 * a large sheet is never one string. Browser-safe and pure.
 */
import { columnLetters, cellA1 } from "../../workbook/grid";
import { type Block, type ConditionalSpec, type OutCell, type SheetSpec, type TableSpec, type ValidationSpec, isFormulaCell } from "../../workbook/sheetSpec";
import { argb, composeSheetStyles } from "./xlsxStyleCompose";
import type { StyleTable } from "./xlsxStyleTable";
import type { SharedStrings } from "./xlsxWriteStrings";
import { fileFormula } from "./xlsxWriteFormula";
import { ByteWriter, utf8 } from "./xlsxWriteBytes";
import { clipCellText, escapeAttr, escapeCellText, escapeTableColumnName, escapeXml, numberText } from "./xlsxWriteText";

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** What the sheet writer needs from the workbook being written. */
export interface SheetContext {
  readonly strings: SharedStrings;
  readonly styles: StyleTable;
  /** A valid, workbook-unique table name for a wanted one, and a workbook-unique table id. */
  newTable(wanted: string): { readonly name: string; readonly id: number };
}

/** A table part of the sheet. */
export interface TablePart {
  readonly id: number;
  readonly name: string;
  /** The part's XML. */
  readonly xml: string;
}

/** What a written sheet brings besides its own XML. */
export interface SheetParts {
  readonly tables: readonly TablePart[];
}

function blockRef(b: Block): string {
  const a = cellA1(b.row, b.col);
  if (b.rows <= 1 && b.cols <= 1) return a;
  return `${a}:${cellA1(b.row + Math.max(b.rows, 1) - 1, b.col + Math.max(b.cols, 1) - 1)}`;
}

function headerText(v: OutCell | undefined): string {
  if (v === null || v === undefined) return "";
  if (isFormulaCell(v)) return v.value === null || v.value === undefined ? "" : String(v.value);
  return String(v).trim();
}

interface TablePlan {
  readonly spec: TableSpec;
  readonly headers: readonly string[];
  /** Rows of the table, header included (one more than the spec when it has no data row). */
  readonly rows: number;
}

/**
 * The tables of a sheet as the writer lays them out: unique header names (`Item`, `Item2`,
 * `Column3`), written into the header cells; a header-only table gets the empty row below it,
 * or, when that row holds values, becomes a plain filter on the header (the last one wins).
 */
function planTables(spec: SheetSpec): { tables: TablePlan[]; autoFilter: string | null } {
  const tables: TablePlan[] = [];
  let autoFilter: string | null = null;
  for (const t of spec.tables ?? []) {
    if (t.rows < 1 || t.cols < 1) continue;
    const headers: string[] = [];
    const seen = new Set<string>();
    for (let c = 0; c < t.cols; c++) {
      let h = headerText(spec.rows[t.row]?.[t.col + c]);
      if (h === "") h = `Column${c + 1}`;
      let u = h;
      for (let i = 2; seen.has(u.toLowerCase()); i++) u = `${h}${i}`;
      seen.add(u.toLowerCase());
      headers.push(u);
    }
    let rows = t.rows;
    if (t.rows === 1) {
      const below = spec.rows[t.row + 1] ?? [];
      const free = below.slice(t.col, t.col + t.cols).every((v) => v === null || v === undefined || v === "");
      if (!free) {
        autoFilter = blockRef({ row: t.row, col: t.col, rows: 1, cols: t.cols });
        continue;
      }
      rows = 2;
    }
    tables.push({ spec: t, headers, rows });
  }
  return { tables, autoFilter };
}

/** How many table parts `writeSheetXml` writes for a spec. */
export function plannedTableCount(spec: SheetSpec): number {
  return planTables(spec).tables.length;
}

function tableXml(plan: TablePlan, id: number, name: string): string {
  const t = plan.spec;
  const ref = blockRef({ row: t.row, col: t.col, rows: plan.rows, cols: t.cols });
  const cols = plan.headers.map((h, i) => `<tableColumn id="${i + 1}" name="${escapeTableColumnName(h)}"/>`).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<table xmlns="${MAIN_NS}" id="${id}" name="${escapeAttr(name)}" displayName="${escapeAttr(name)}" ref="${ref}" totalsRowShown="0">` +
    `<autoFilter ref="${ref}"/><tableColumns count="${plan.headers.length}">${cols}</tableColumns>` +
    `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

function formulaLiteral(v: number | string): string {
  return typeof v === "number" ? String(v) : `"${v.replace(/"/g, '""')}"`;
}

function conditionalXml(cf: ConditionalSpec, priority: number, styles: StyleTable): string {
  const dxfId = styles.dxf({ fill: argb(cf.fill), ...(cf.fontColor !== undefined ? { fontColor: argb(cf.fontColor) } : {}) });
  const ref = blockRef(cf);
  if (cf.operator === "textContains") {
    const text = String(cf.value);
    const formula = `NOT(ISERROR(SEARCH(${formulaLiteral(text)},${cellA1(cf.row, cf.col)})))`;
    return `<conditionalFormatting sqref="${ref}"><cfRule type="containsText" dxfId="${dxfId}" priority="${priority}" operator="containsText" text="${escapeAttr(text)}"><formula>${escapeXml(formula)}</formula></cfRule></conditionalFormatting>`;
  }
  return `<conditionalFormatting sqref="${ref}"><cfRule type="cellIs" dxfId="${dxfId}" priority="${priority}" operator="${cf.operator}"><formula>${escapeXml(formulaLiteral(cf.value))}</formula></cfRule></conditionalFormatting>`;
}

/** A drop-down list (data validation) on a block; items with commas or quotes are dropped, as before. */
function validationXml(v: ValidationSpec): string | null {
  const items = v.list.filter((x) => x !== "" && !/[,"]/.test(x));
  if (items.length === 0 || v.rows < 1 || v.cols < 1) return null;
  const formula = `"${items.join(",")}"`;
  if (formula.length > 257) return null; // Excel's limit for a literal list
  return (
    `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="Not in the list" error="${escapeAttr(`Pick one of: ${items.join(", ")}`)}" sqref="${blockRef(v)}">` +
    `<formula1>${escapeXml(formula)}</formula1></dataValidation>`
  );
}

function sheetViewsXml(spec: SheetSpec): string {
  const f = spec.freeze;
  if (!f || (f.rows <= 0 && (f.cols ?? 0) <= 0)) return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>';
  const xSplit = Math.max(f.cols ?? 0, 0);
  const ySplit = Math.max(f.rows, 0);
  const pane = xSplit > 0 && ySplit > 0 ? "bottomRight" : ySplit > 0 ? "bottomLeft" : "topRight";
  const split = `${xSplit > 0 ? ` xSplit="${xSplit}"` : ""}${ySplit > 0 ? ` ySplit="${ySplit}"` : ""}`;
  return `<sheetViews><sheetView workbookViewId="0"><pane${split} topLeftCell="${cellA1(ySplit, xSplit)}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`;
}

function colsXml(widths: readonly number[] | undefined): string {
  const cols: string[] = [];
  (widths ?? []).forEach((w, i) => {
    if (Number.isFinite(w) && w > 0) cols.push(`<col min="${i + 1}" max="${i + 1}" width="${numberText(w)}" customWidth="1"/>`);
  });
  return cols.length > 0 ? `<cols>${cols.join("")}</cols>` : "";
}

/**
 * Write one sheet: its XML goes to `out` in UTF-8 chunks; its table parts are returned (ids and names
 * taken from `ctx`), the sheet refers to them as `rId1`, `rId2`, … in that order. Throws on an
 * invalid colour.
 */
export function writeSheetXml(spec: SheetSpec, ctx: SheetContext, out: (chunk: Uint8Array) => void): SheetParts {
  const { styles: composed, rows: styledRows } = composeSheetStyles(spec.styles ?? []);
  const xfOf = composed.map((s) => ctx.styles.xf(s));
  const plan = planTables(spec);
  // Header cells of tables hold the table's column names.
  const headerAt = new Map<number, Map<number, string>>();
  for (const t of plan.tables) {
    let row = headerAt.get(t.spec.row);
    if (row === undefined) headerAt.set(t.spec.row, (row = new Map()));
    t.headers.forEach((h, i) => row!.set(t.spec.col + i, h));
  }

  // Extent: every cell with a value or a style.
  let lastRow = -1;
  let lastCol = -1;
  let rowCount = spec.rows.length;
  for (const r of styledRows.keys()) if (r + 1 > rowCount) rowCount = r + 1;
  for (const r of headerAt.keys()) if (r + 1 > rowCount) rowCount = r + 1;
  for (let r = 0; r < rowCount; r++) {
    const cells = spec.rows[r] ?? [];
    let last = -1;
    for (let c = cells.length - 1; c >= 0; c--) {
      const v = cells[c];
      if (v !== null && v !== undefined) {
        last = c;
        break;
      }
    }
    const st = styledRows.get(r);
    if (st) for (let c = st.length - 1; c > last; c--) if (st[c] !== 0) last = c;
    const hd = headerAt.get(r);
    if (hd) for (const c of hd.keys()) if (c > last) last = c;
    if (last >= 0) {
      lastRow = r;
      if (last > lastCol) lastCol = last;
    }
  }
  const w = new ByteWriter(out);
  const emit = (text: string): void => w.text(text);

  const tabColor = spec.tabColor !== undefined ? `<sheetPr><tabColor rgb="${argb(spec.tabColor)}"/></sheetPr>` : "";
  const dimension = lastRow < 0 ? "A1" : `A1:${columnLetters(lastCol)}${lastRow + 1}`;
  emit(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
      `${tabColor}<dimension ref="${dimension}"/>${sheetViewsXml(spec)}<sheetFormatPr defaultRowHeight="15"/>${colsXml(spec.columnWidths)}<sheetData>`,
  );

  // Markup written for every cell, encoded once: `<c r="B` for each column, ` s="7"` for each cell format.
  const cellStart: Uint8Array[] = [];
  for (let c = 0; c <= lastCol; c++) cellStart.push(utf8(`<c r="${columnLetters(c)}`));
  const styleAttr = new Map<number, Uint8Array>();
  const styleOf = (xf: number): Uint8Array => {
    let b = styleAttr.get(xf);
    if (b === undefined) styleAttr.set(xf, (b = utf8(`" s="${xf}`)));
    return b;
  };
  const strings = ctx.strings;
  /** The start of a cell: `<c r="B7"` and its style; the caller closes the quote. */
  const start = (c: number, rowDigits: Uint8Array, xf: number): void => {
    w.bytes(cellStart[c]!);
    w.bytes(rowDigits);
    if (xf !== 0) w.bytes(styleOf(xf));
  };
  const number = (n: number): void => {
    if (Number.isInteger(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER) w.uint(n);
    else w.text(numberText(n));
  };
  for (let r = 0; r <= lastRow; r++) {
    const cells = spec.rows[r] ?? [];
    const st = styledRows.get(r);
    const hd = headerAt.get(r);
    const width = Math.max(cells.length, st ? st.length : 0, hd ? Math.max(...hd.keys()) + 1 : 0);
    const rn = r + 1;
    const rowDigits = utf8(String(rn));
    let open = false;
    for (let c = 0; c < width; c++) {
      const header = hd?.get(c);
      const v: OutCell | undefined = header !== undefined ? header : cells[c];
      const xf = st ? xfOf[st[c] ?? 0]! : 0;
      if ((v === null || v === undefined) && xf === 0) continue;
      if (!open) {
        emit(`<row r="${rn}">`);
        open = true;
      }
      start(c, rowDigits, xf);
      if (v === null || v === undefined) {
        emit('"/>');
      } else if (typeof v === "number") {
        if (Number.isFinite(v)) {
          emit('"><v>');
          number(v);
          emit("</v></c>");
        } else emit('" t="e"><v>#NUM!</v></c>');
      } else if (typeof v === "string") {
        emit('" t="s"><v>');
        w.uint(strings.index(clipCellText(v)));
        emit("</v></c>");
      } else if (typeof v === "boolean") {
        emit(v ? '" t="b"><v>1</v></c>' : '" t="b"><v>0</v></c>');
      } else if (isFormulaCell(v)) {
        const f = `<f>${escapeXml(fileFormula(v.formula))}</f>`;
        const res = v.value;
        // The cached result: 0, FALSE and "" are results too.
        if (res === null || res === undefined) emit(`">${f}</c>`);
        else if (typeof res === "number") emit(Number.isFinite(res) ? `">${f}<v>${numberText(res)}</v></c>` : `" t="e">${f}<v>#NUM!</v></c>`);
        else if (typeof res === "boolean") emit(`" t="b">${f}<v>${res ? 1 : 0}</v></c>`);
        else emit(`" t="str">${f}<v>${escapeCellText(clipCellText(res))}</v></c>`);
      }
    }
    if (open) emit("</row>");
  }
  emit("</sheetData>");

  if (plan.autoFilter !== null) emit(`<autoFilter ref="${plan.autoFilter}"/>`);
  let priority = 1;
  for (const cf of spec.conditionals ?? []) emit(conditionalXml(cf, priority++, ctx.styles));
  const validations = (spec.validations ?? []).map(validationXml).filter((x): x is string => x !== null);
  if (validations.length > 0) emit(`<dataValidations count="${validations.length}">${validations.join("")}</dataValidations>`);
  emit('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');

  const tables: TablePart[] = plan.tables.map((t) => {
    const { name, id } = ctx.newTable(t.spec.name);
    return { id, name, xml: tableXml(t, id, name) };
  });
  if (tables.length > 0) emit(`<tableParts count="${tables.length}">${tables.map((_t, i) => `<tablePart r:id="rId${i + 1}"/>`).join("")}</tableParts>`);
  emit("</worksheet>");
  w.flush();
  return { tables };
}
