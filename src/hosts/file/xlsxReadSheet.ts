/**
 * One worksheet part of an .xlsx package scanned into compact cell arrays, for the reader
 * (`xlsxRead.ts`). A hand-written scanner walks the `<sheetData>` XML with `indexOf` (no
 * DOM, no per-cell objects); each cell becomes a row, a column, a kind, a number (or an
 * index into a string table) and its style, in typed arrays. The XML string is dropped by
 * the caller as soon as the scan returns.
 *
 * Values are read as ExcelJS read them (the file host used ExcelJS before; findings and
 * their addresses must not change): shared, inline and rich strings, `t="str"`, booleans,
 * errors, numbers (`parseFloat`), dates through the cell's number format (and back to a
 * serial, rounded to the millisecond as ExcelJS's `Date` did), formulas by their cached
 * value, merged cells other than the top-left one dropped, hyperlinked cells, rows and
 * cells without an `r` attribute, hidden rows. Two deliberate differences: ISO date cells
 * (`t="d"`) are read as dates, and `t="str"` text is XML-decoded once (ExcelJS read the first
 * as a year and decoded the second twice, keeping its `_xHHHH_` escapes).
 */
import * as cellStore from "./xlsxReadCells";
import { CellBuffer, type SheetContext, SheetCells, XlsxDamagedError, dateSerialRoundTrip, lowerBound, reorder } from "./xlsxReadCells";
import { dateToSerial } from "../../engine/period";
import { decodeEscapes } from "./xlsxReadStrings";
import { type Box, TagReader, decodeColumn, elementNameEnd, isTrue, mergeBox } from "./xlsxReadTags";
import { elements, skipSpecial, xmlText } from "./xlsxReadXml";

export { SheetCells, type SheetContext, XlsxDamagedError, dateSerialRoundTrip } from "./xlsxReadCells";

// The cell kinds as constants of this module (read in the hot loop).
const K_NULL = cellStore.K_NULL;
const K_EMPTY = cellStore.K_EMPTY;
const K_NUMBER = cellStore.K_NUMBER;
const K_DATE = cellStore.K_DATE;
const K_TEXT = cellStore.K_TEXT;
const K_SHARED = cellStore.K_SHARED;
const K_BOOL = cellStore.K_BOOL;
const K_ERROR = cellStore.K_ERROR;
const K_MERGED = cellStore.K_MERGED;
const K_UNCALC = cellStore.K_UNCALC;
const MAX_COLUMNS = cellStore.MAX_COLUMNS;


const ISO_DATE = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:?\d{2})?\s*$/;

/**
 * The serial of an ISO 8601 date or date-time (`2025-01-15`, `2025-01-15T06:00:00`), as Excel
 * counts days (`dateToSerial`: 45672 = 2025-01-15; 1462 fewer in the 1904 system) plus the
 * time as a fraction of a day. A time zone suffix is ignored (Excel's dates have none). Null
 * when not a date.
 */
export function isoDateSerial(text: string, date1904: boolean): number | null {
  const m = ISO_DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return null; // 2025-02-30
  const seconds = Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
  return dateToSerial(y, mo, d, date1904) + seconds / 86_400;
}

/** Parse one worksheet part. Throws `XlsxDamagedError` where ExcelJS failed to load the file. */
export function scanSheet(xml: string, ctx: SheetContext): SheetCells {
  const open = /<sheetData(?=[\s/>])/.exec(xml);
  let dataStart = xml.length;
  let dataEnd = xml.length;
  if (open) {
    const gt = xml.indexOf(">", open.index);
    if (gt >= 0 && xml.charCodeAt(gt - 1) !== 47) {
      dataStart = gt + 1;
      const close = xml.lastIndexOf("</sheetData>");
      dataEnd = close >= dataStart ? close : xml.length;
    } else {
      dataStart = dataEnd = gt < 0 ? xml.length : gt + 1;
    }
  }
  // What lies outside the cell data: merges, hyperlinks, table parts (usually after it).
  const outside = (open ? xml.slice(0, open.index) : "") + "\n" + xml.slice(dataEnd);
  const merges: Box[] = [];
  for (const a of elements(outside, "mergeCell")) {
    const b = mergeBox(a.get("ref") ?? "");
    if (b) merges.push(b);
  }
  const hyperlinked = new Set<string>();
  for (const a of elements(outside, "hyperlink")) {
    const ref = a.get("ref");
    if (ref !== undefined && a.get("r:id")) hyperlinked.add(ref);
  }
  const tableParts = elements(outside, "tablePart").map((a) => a.get("r:id") ?? "");

  const tags = new TagReader();
  const buf = new CellBuffer(Math.max(1024, Math.floor((dataEnd - dataStart) / 40)));
  const strings: string[] = [];
  const hidden = new Set<number>();
  const { styles, sharedStrings, date1904 } = ctx;
  /** Shared-formula masters: `si` → the master's `r`. */
  const formulae = new Map<string, string | undefined>();
  /** Each `<row>` element: its row and its first cell, to drop cells of a row written again later. */
  const rowElements: number[] = [];
  let ordered = true;

  let row = -1;
  let lastRowElement = -2;
  let rowVisible = false;
  let prevCol = -1;
  let lastCol = -1;
  // The cell being read.
  let inCell = false;
  let cellRStart = 0;
  let cellREnd = 0;
  let cellHasR = false;
  let cellS = 0;
  let cellT: string | undefined;
  let fText: string | null = null;
  let fShare: string | undefined;
  let fRef: string | undefined;
  let fSi: string | undefined;
  let vText: string | undefined;
  let runs: (string | undefined)[] | null = null;
  let inRun = false;
  let runText: string | undefined;
  let runParts: string[] | null = null;
  /** 0: text is ignored; 1: formula text; 2: value text (`<v>`, or `<t>` of an inline string). */
  let current = 0;
  let skip = 0;

  const addText = (s: string): number => {
    strings.push(s);
    return strings.length - 1;
  };

  /** The number `plainValue` gives with the kind it returns. */
  let outNum = 0;
  /**
   * Kind (and `outNum`) of a cell with a value and no formula, as ExcelJS typed it by `t`.
   * `raw`: the text of `<v>` (or of an inline string's `<t>`), or the joined runs when `runs`.
   */
  const plainValue = (raw: string, runs: boolean, t: string | undefined, dateStyle: boolean, link: boolean): number => {
    // ExcelJS held inline rich text as an object: where it read that as text, it saw "[object Object]".
    const text = runs ? "[object Object]" : raw;
    switch (t) {
      case "s": {
        const idx = parseInt(text, 10);
        if (sharedStrings) {
          const s = sharedStrings[idx];
          if (s === undefined) throw new XlsxDamagedError(`shared string ${text} does not exist (the workbook has ${sharedStrings.length})`);
          outNum = idx;
          return s === null ? K_EMPTY : K_SHARED;
        }
        if (Number.isFinite(idx)) {
          outNum = idx;
          return K_NUMBER;
        }
        outNum = addText("#NUM!");
        return K_ERROR;
      }
      case "str":
        // XML-decoded once, `_xHHHH_` escapes decoded as Excel does (ExcelJS decoded entities twice and kept escapes).
        outNum = addText(runs ? "" : decodeEscapes(raw));
        return K_TEXT;
      case "inlineStr":
        outNum = addText(raw);
        return K_TEXT;
      case "b":
        outNum = parseInt(text, 10) !== 0 ? 1 : 0;
        return K_BOOL;
      case "d": {
        // An ISO 8601 date cell (written by some tools instead of a serial): its serial, as a date.
        // ExcelJS read it with parseFloat (2025-01-15 became the number 2025); this is a deliberate fix.
        const serial = runs ? null : isoDateSerial(raw, date1904);
        if (serial === null) {
          outNum = addText(text);
          return K_TEXT;
        }
        outNum = serial;
        return link ? K_NUMBER : K_DATE;
      }
      case "e":
        if (runs) return K_EMPTY;
        outNum = addText(raw);
        return K_ERROR;
      default: {
        const v = parseFloat(text);
        if (dateStyle) {
          const serial = dateSerialRoundTrip(v, date1904);
          outNum = serial ?? 0;
          return serial === null ? K_EMPTY : link ? K_NUMBER : K_DATE;
        }
        if (Number.isFinite(v)) {
          outNum = v;
          return K_NUMBER;
        }
        outNum = addText("#NUM!");
        return K_ERROR;
      }
    }
  };

  const endCell = (): void => {
    inCell = false;
    current = 0;
    const col = cellHasR ? decodeColumn(xml, cellRStart, cellREnd) - 1 : prevCol + 1;
    const isFormula = (fText !== null && fText !== "") || (fShare !== undefined && fShare !== "");
    const hasValue = vText !== undefined || runs !== null;
    const link = cellHasR && hyperlinked.size > 0 && hyperlinked.has(xml.slice(cellRStart, cellREnd));
    const dateStyle = styles.isDate(cellS);
    let kind = K_NULL;
    let num = 0;
    if (isFormula) {
      let keyed = fText !== null && fText !== "";
      if (fShare === "shared") {
        if (fRef) formulae.set(String(fSi), cellHasR ? xml.slice(cellRStart, cellREnd) : undefined);
        else if (formulae.get(String(fSi))) keyed = true;
      }
      const raw = vText ?? (runs ? "[object Object]" : undefined);
      let result: number | string | boolean | { error: string } | undefined;
      if (raw !== undefined && raw !== "") {
        if (cellT === "str") result = runs ? NaN : decodeEscapes(raw);
        else if (cellT === "b") result = parseInt(raw, 10) !== 0;
        else if (cellT === "e") result = { error: raw };
        else result = parseFloat(raw);
      }
      // No <v> at all: the file was saved without calculating (a generator's output): reported by the reader.
      kind = vText === undefined && runs === null ? K_UNCALC : K_EMPTY;
      if (link || keyed) {
        if (result !== undefined && dateStyle) {
          const serial = dateSerialRoundTrip(typeof result === "object" ? NaN : Number(result), date1904);
          if (serial !== null) {
            kind = link ? K_NUMBER : K_DATE;
            num = serial;
          }
        } else if (typeof result === "number") {
          if (Number.isFinite(result)) {
            kind = K_NUMBER;
            num = result;
          } else {
            kind = K_ERROR;
            num = addText("#NUM!");
          }
        } else if (typeof result === "string") {
          kind = K_TEXT;
          num = addText(result);
        } else if (typeof result === "boolean") {
          kind = K_BOOL;
          num = result ? 1 : 0;
        } else if (result !== undefined) {
          kind = K_ERROR;
          num = addText(result.error);
        }
      }
    } else if (hasValue) {
      kind = plainValue(runs ? runs.filter((t): t is string => t !== undefined).join("") : (vText ?? ""), runs !== null, cellT, dateStyle, link);
      num = outNum;
    } else if (link) {
      kind = K_EMPTY;
    } else if (!cellS) {
      // No value and no style: ExcelJS did not create the cell at all.
      return;
    }
    prevCol = col;
    if (!rowVisible || Number.isNaN(col)) return;
    if (col <= lastCol) ordered = false;
    lastCol = col;
    buf.push(row, col, kind, num, cellS);
  };

  let p = dataStart;
  while (p < dataEnd) {
    const lt = xml.indexOf("<", p);
    const textEnd = lt < 0 || lt > dataEnd ? dataEnd : lt;
    if (textEnd > p && skip === 0) {
      if (runParts !== null) runParts.push(xmlText(xml.slice(p, textEnd)));
      else if (current === 2) {
        if (!runs) vText = (vText ?? "") + xmlText(xml.slice(p, textEnd));
      } else if (current === 1) fText = (fText ?? "") + xml.slice(p, textEnd);
    }
    if (textEnd >= dataEnd) break;
    const c1 = xml.charCodeAt(lt + 1);
    if (c1 === 47) {
      // A closing tag.
      const gt = xml.indexOf(">", lt + 2);
      const end = gt < 0 ? dataEnd : gt;
      p = end + 1;
      const nameLen = end - lt - 2;
      if (skip > 0) {
        skip--;
        continue;
      }
      const n0 = xml.charCodeAt(lt + 2);
      if (nameLen === 1) {
        if (n0 === 99 /* c */) {
          if (inCell) endCell();
        } else if (n0 === 118 /* v */ || n0 === 102 /* f */) {
          current = 0;
        } else if (n0 === 116 /* t */) {
          if (runParts !== null) {
            runText = decodeEscapes(runParts.join(""));
            runParts = null;
          } else current = 0;
        } else if (n0 === 114 /* r */ && inRun) {
          (runs ??= []).push(runText);
          inRun = false;
        }
      } else if (nameLen === 2 && n0 === 105 && xml.charCodeAt(lt + 3) === 115 /* is */) {
        current = 0;
      }
      continue;
    }
    if (c1 === 33 || c1 === 63) {
      p = skipSpecial(xml, lt);
      continue;
    }
    // A start tag.
    const ne = elementNameEnd(xml, lt + 1);
    const nameLen = ne - lt - 1;
    const n0 = c1;
    let a = ne;
    if (skip > 0) {
      while (a >= 0) a = tags.nextAttr(xml, a);
      if (xml.charCodeAt(tags.tagClose - 1) !== 47) skip++;
      p = tags.tagClose + 1;
      continue;
    }
    if (nameLen === 1 && n0 === 99 /* c */) {
      if (inCell) endCell();
      // The common shape, `<c r="B7" s="3" t="s"><v>12</v></c>`, in one step.
      const after = row >= 0 ? tags.fastCell(xml, lt) : -1;
      if (after > 0) {
        const col = tags.fastCol;
        if (col > MAX_COLUMNS) decodeColumn(xml, tags.fastRefStart, tags.fastRefEnd);
        const style = tags.fastStyle;
        const link = hyperlinked.size > 0 && hyperlinked.has(xml.slice(tags.fastRefStart, tags.fastRefEnd));
        let kind: number;
        if (tags.fastInt >= 0 && tags.fastType === "s" && sharedStrings !== null && tags.fastInt < sharedStrings.length) {
          kind = sharedStrings[tags.fastInt] === null ? K_EMPTY : K_SHARED;
          outNum = tags.fastInt;
        } else if (tags.fastInt >= 0 && tags.fastType === undefined && !styles.isDate(style)) {
          kind = K_NUMBER;
          outNum = tags.fastInt;
        } else {
          kind = plainValue(xml.slice(tags.fastValueStart, tags.fastValueEnd), false, tags.fastType, styles.isDate(style), link);
        }
        p = after;
        prevCol = col - 1;
        if (!rowVisible) continue;
        if (col - 1 <= lastCol) ordered = false;
        lastCol = col - 1;
        buf.push(row, col - 1, kind, outNum, style);
        continue;
      }
      cellHasR = false;
      cellS = 0;
      cellT = undefined;
      while ((a = tags.nextAttr(xml, a)) >= 0) {
        if (tags.attrNameLen !== 1) continue;
        const an = xml.charCodeAt(tags.attrName);
        if (an === 114 /* r */) {
          cellHasR = true;
          cellRStart = tags.attrValue;
          cellREnd = tags.attrValueEnd;
        } else if (an === 115 /* s */) {
          if (tags.attrValueEnd > tags.attrValue) cellS = parseInt(xml.slice(tags.attrValue, tags.attrValueEnd), 10) || 0;
        } else if (an === 116 /* t */) {
          cellT = xml.slice(tags.attrValue, tags.attrValueEnd);
        }
      }
      fText = null;
      fShare = fRef = fSi = undefined;
      vText = undefined;
      runs = null;
      inRun = false;
      runParts = null;
      current = 0;
      p = tags.tagClose + 1;
      if (row < 0) continue; // a cell outside any row
      inCell = true;
      if (xml.charCodeAt(tags.tagClose - 1) === 47) endCell();
      continue;
    }
    if (nameLen === 1 && n0 === 118 /* v */) {
      const gt = xml.indexOf(">", ne);
      p = gt + 1;
      if (inCell && xml.charCodeAt(gt - 1) !== 47) current = 2;
      continue;
    }
    if (nameLen === 3 && xml.startsWith("row", lt + 1)) {
      if (inCell) endCell();
      let r: number | null = null;
      let isHidden = false;
      while ((a = tags.nextAttr(xml, a)) >= 0) {
        if (tags.attrIs(xml, "r")) r = parseInt(xml.slice(tags.attrValue, tags.attrValueEnd), 10);
        else if (tags.attrIs(xml, "hidden")) isHidden = isTrue(xml.slice(tags.attrValue, tags.attrValueEnd));
      }
      const number = r === null || Number.isNaN(r) ? row + 2 : r; // one-based; a row without `r` follows the previous one
      row = number - 1;
      if (row <= lastRowElement) ordered = false;
      lastRowElement = row;
      lastCol = -1;
      rowVisible = number >= 1; // ExcelJS kept rows 0 and below out of sight
      if (isHidden) hidden.add(row);
      else if (hidden.size > 0) hidden.delete(row);
      prevCol = -1;
      rowElements.push(row, buf.n);
      p = tags.tagClose + 1;
      continue;
    }
    // Other start tags: read to the end of the tag.
    const attrsStart = a;
    while (a >= 0) a = tags.nextAttr(xml, a);
    const selfClosing = xml.charCodeAt(tags.tagClose - 1) === 47;
    p = tags.tagClose + 1;
    if (!inCell) continue;
    if (nameLen === 1 && n0 === 102 /* f */) {
      fText ??= "";
      let b = attrsStart;
      while ((b = tags.nextAttr(xml, b)) >= 0) {
        if (tags.attrIs(xml, "t")) fShare = xml.slice(tags.attrValue, tags.attrValueEnd);
        else if (tags.attrIs(xml, "ref")) fRef = xml.slice(tags.attrValue, tags.attrValueEnd);
        else if (tags.attrIs(xml, "si")) fSi = xml.slice(tags.attrValue, tags.attrValueEnd);
      }
      if (!selfClosing) current = 1;
    } else if (nameLen === 1 && n0 === 116 /* t */) {
      if (inRun) {
        if (!selfClosing) runParts = [];
        else runText = "";
      } else if (!selfClosing) current = 2;
    } else if (nameLen === 1 && n0 === 114 /* r */) {
      if (!selfClosing) {
        inRun = true;
        runText = undefined;
      } else (runs ??= []).push(undefined);
    } else if (!selfClosing && ((nameLen === 3 && xml.startsWith("rPh", lt + 1)) || (inRun && nameLen === 3 && xml.startsWith("rPr", lt + 1)))) {
      skip = 1;
    }
  }
  if (inCell) endCell();

  let cells = buf;
  if (!ordered) cells = reorder(buf, rowElements);
  const n = cells.n;
  // Merged cells other than the top-left one are ignored (ExcelJS: `Merge` cells).
  for (const m of merges) {
    for (let i = lowerBound(cells.row, n, m.top); i < n && cells.row[i]! <= m.bottom; i++) {
      const c = cells.col[i]!;
      if (c >= m.left && c <= m.right && (cells.row[i] !== m.top || c !== m.left)) cells.kind[i] = K_MERGED;
    }
  }
  let rows = 0;
  let cols = 0;
  for (let i = 0; i < n; i++) {
    const k = cells.kind[i]!;
    if (k === K_NULL || k === K_MERGED) continue;
    const r = cells.row[i]! + 1;
    const c = cells.col[i]! + 1;
    if (r > rows) rows = r;
    if (c > cols) cols = c;
  }
  return new SheetCells(n, cells.row, cells.col, cells.kind, cells.num, cells.style, strings, ctx, hidden, rows, cols, tableParts, merges);
}
