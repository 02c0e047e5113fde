/**
 * Writes sheet models to an .xlsx file with ExcelJS. Two writers: the in-memory
 * `Workbook` (all features, used for the bundled sample) and the streaming
 * `WorkbookWriter` (fast and lean, for benchmark sizes; it cannot write Excel
 * tables, so a table is written as a plain range with an autofilter).
 * Workbook dates are fixed so that reruns give the same content.
 */
import { readFile, writeFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { type CellStyle, type CellValue, colLetter, type RowSpec, type SheetModel } from "./model";

export interface WriteOptions {
  readonly path: string;
  /** Created / modified timestamp written into the document properties. */
  readonly timestamp: Date;
  readonly streaming: boolean;
  readonly definedNames?: readonly { readonly name: string; readonly ref: string }[];
}

function applyStyle(cell: ExcelJS.Cell, style: CellStyle): void {
  if (style.numFmt !== undefined) cell.numFmt = style.numFmt;
  if (style.bold || style.italic || style.size || style.color) {
    cell.font = {
      ...(style.bold ? { bold: true } : {}),
      ...(style.italic ? { italic: true } : {}),
      ...(style.size ? { size: style.size } : {}),
      ...(style.color ? { color: { argb: style.color } } : {}),
    };
  }
  if (style.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: style.fill } };
  if (style.align) cell.alignment = { horizontal: style.align };
  if (style.topBorder) cell.border = { top: { style: "thin" } };
}

function toValue(v: CellValue): ExcelJS.CellValue {
  if (v === null) return null;
  if (typeof v === "object" && !(v instanceof Date)) return { formula: v.formula, result: v.result };
  return v;
}

function sheetOptions(model: SheetModel): Partial<ExcelJS.AddWorksheetOptions> {
  const freeze = model.freeze;
  return {
    views: freeze
      ? [{ state: "frozen", xSplit: freeze.cols, ySplit: freeze.rows, topLeftCell: `${colLetter(freeze.cols + 1)}${freeze.rows + 1}` }]
      : [{}],
    ...(model.tabColor ? { properties: { tabColor: { argb: model.tabColor } } } : {}),
  };
}

function lastColumn(model: SheetModel): number {
  let n = model.columns.length;
  for (const r of model.rows) if (r) n = Math.max(n, r.values.length);
  return n;
}

/** Writes one row's cells and styles; a blank cell is created only when the row has a style (fills, borders). */
function fillRow(row: ExcelJS.Row, spec: RowSpec): void {
  spec.values.forEach((v, c) => {
    const own = spec.cellStyles?.get(c);
    if (v === null && !spec.style) return;
    const cell = row.getCell(c + 1);
    if (v !== null) cell.value = toValue(v);
    if (spec.style) applyStyle(cell, spec.style);
    if (own) applyStyle(cell, own);
  });
}

function writeSheet(wb: ExcelJS.Workbook, model: SheetModel, streaming: boolean): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(model.name, sheetOptions(model));
  model.columns.forEach((col, c) => {
    const column = ws.getColumn(c + 1);
    column.width = col.width;
    if (col.numFmt) column.numFmt = col.numFmt;
  });
  const table = model.table && !streaming ? model.table : undefined;
  const width = lastColumn(model);
  model.rows.forEach((spec, r) => {
    const rowNumber = r + 1;
    if (!spec) return;
    if (table && rowNumber >= table.headerRow) return;
    const row = ws.getRow(rowNumber);
    fillRow(row, spec);
    if (streaming) row.commit();
  });
  if (table) {
    const headerSpec = model.rows[table.headerRow - 1];
    const names = (headerSpec?.values ?? []).map((v) => String(v ?? ""));
    const dataRows: ExcelJS.CellValue[][] = [];
    for (let r = table.headerRow; r < model.rows.length; r++) {
      const spec = model.rows[r];
      if (spec) dataRows.push(spec.values.map(toValue));
    }
    ws.addTable({
      name: table.name,
      displayName: table.name,
      ref: `A${table.headerRow}`,
      headerRow: true,
      style: { theme: table.style as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
      columns: names.map((name) => ({ name, filterButton: true })),
      rows: dataRows,
    });
  } else if (model.autoFilterCols) {
    ws.autoFilter = { from: { row: model.headerRow, column: 1 }, to: { row: model.rows.length, column: model.autoFilterCols } };
  }
  if (streaming && model.table) {
    ws.autoFilter = { from: { row: model.table.headerRow, column: 1 }, to: { row: model.rows.length, column: width } };
  }
  return ws;
}

function setProperties(wb: ExcelJS.Workbook, opts: WriteOptions): void {
  wb.creator = "S&OP Planner sample generator";
  wb.lastModifiedBy = "S&OP Planner sample generator";
  wb.company = "Aquila Flow Systems (fictitious)";
  wb.title = "S&OP sample workbook";
  wb.created = opts.timestamp;
  wb.modified = opts.timestamp;
}

/** MS-DOS time and date words of a timestamp (UTC), as zip headers store them. */
function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

/**
 * Sets every entry's modification time in a zip to `when`, so that the same workbook
 * content gives the same bytes (the zip library stamps entries with the current time).
 * Walks the central directory from the end-of-central-directory record; the local
 * headers are found through it. Timestamps are outside the CRC, so nothing else changes.
 */
export function stampZipEntries(zip: Buffer, when: Date): void {
  const { time, date } = dosDateTime(when);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip file: no end of central directory");
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error("zip central directory is corrupt");
    zip.writeUInt16LE(time, p + 12);
    zip.writeUInt16LE(date, p + 14);
    const local = zip.readUInt32LE(p + 42);
    if (zip.readUInt32LE(local) === 0x04034b50) {
      zip.writeUInt16LE(time, local + 10);
      zip.writeUInt16LE(date, local + 12);
    }
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
}

export async function writeWorkbook(models: readonly SheetModel[], opts: WriteOptions): Promise<void> {
  if (opts.streaming) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: opts.path, useStyles: true, useSharedStrings: true });
    setProperties(wb, opts);
    for (const model of models) {
      const ws = writeSheet(wb, model, true);
      ws.commit();
    }
    for (const d of opts.definedNames ?? []) wb.definedNames.add(d.ref, d.name);
    await wb.commit();
    const zip = await readFile(opts.path);
    stampZipEntries(zip, opts.timestamp);
    await writeFile(opts.path, zip);
    return;
  }
  const wb = new ExcelJS.Workbook();
  setProperties(wb, opts);
  for (const model of models) writeSheet(wb, model, false);
  for (const d of opts.definedNames ?? []) wb.definedNames.add(d.ref, d.name);
  const zip = Buffer.from(await wb.xlsx.writeBuffer());
  stampZipEntries(zip, opts.timestamp);
  await writeFile(opts.path, zip);
}
