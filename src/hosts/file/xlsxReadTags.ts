/**
 * Reading the tags of worksheet XML for the scanner (`xlsxReadSheet.ts`) without building
 * strings: a cell in its most common shape in one step (`fastCell`), the attributes of any
 * start tag one by one (`nextAttr`), A1 references as ExcelJS decoded them, merge ranges.
 * Results are left in the reader's fields (one reader per scan).
 */
import { MAX_COLUMNS, XlsxDamagedError } from "./xlsxReadCells";

/** Zero-based rectangle. */
export interface Box {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/**
 * Row and column of an A1 reference as ExcelJS's `decodeAddress` reads it: upper-case
 * letters before the first digit make the column, digits the row; anything else is skipped.
 * One-based; NaN when missing.
 */
function decodeAddress(ref: string): { row: number; col: number } {
  let col = 0;
  let letters = "";
  let row = 0;
  let hasRow = false;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (!hasRow && ch >= 65 && ch <= 90) {
      letters += ref[i];
      col = col * 26 + ch - 64;
    } else if (ch >= 48 && ch <= 57) {
      hasRow = true;
      row = row * 10 + ch - 48;
    } else if (hasRow && letters !== "" && ch !== 36) {
      break;
    }
  }
  if (letters !== "" && col > MAX_COLUMNS) throw new XlsxDamagedError(`Out of bounds. Invalid column letter: ${letters}`);
  return { row: hasRow ? row : NaN, col: letters !== "" ? col : NaN };
}

/** One-based column of the A1 reference in `xml[from, to)` (`decodeAddress(…).col` without a substring). */
export function decodeColumn(xml: string, from: number, to: number): number {
  let col = 0;
  let letters = 0;
  for (let i = from; i < to; i++) {
    const ch = xml.charCodeAt(i);
    if (ch >= 65 && ch <= 90) {
      col = col * 26 + ch - 64;
      letters++;
    } else if (ch >= 48 && ch <= 57) break;
  }
  if (letters === 0) return NaN;
  if (col > MAX_COLUMNS) throw new XlsxDamagedError(`Out of bounds. Invalid column letter: ${xml.slice(from, to).replace(/[^A-Z]|[0-9].*$/g, "")}`);
  return col;
}

/** A `<mergeCell ref>` as a zero-based box (null when ExcelJS would merge nothing). */
export function mergeBox(ref: string): Box | null {
  const parts = ref.replace(/^.*!/, "").split(":");
  const a = decodeAddress(parts[0] ?? "");
  if (parts.length < 2) return null;
  const b = decodeAddress(parts[1] ?? "");
  const top = Math.min(a.row, b.row);
  const left = Math.min(a.col, b.col);
  if (!top || Number.isNaN(left)) return null;
  return { top: top - 1, left: left - 1, bottom: Math.max(a.row, b.row) - 1, right: Math.max(a.col, b.col) - 1 };
}

function typeName(xml: string, from: number, to: number): string {
  const n = to - from;
  const ch = xml.charCodeAt(from);
  if (n === 1) return ch === 115 ? "s" : ch === 98 ? "b" : ch === 101 ? "e" : ch === 110 ? "n" : xml.slice(from, to);
  if (n === 3 && xml.startsWith("str", from)) return "str";
  return xml.slice(from, to);
}

/** Reads the tags of one worksheet part: results in its fields. */
export class TagReader {
  // What `fastCell` read (valid when it returned a position).
  fastRefStart = 0;
  fastRefEnd = 0;
  /** One-based column. */
  fastCol = 0;
  fastStyle = 0;
  fastType: string | undefined;
  fastValueStart = 0;
  fastValueEnd = 0;
  /** The value as a whole number when it is 1 to 15 plain digits, else -1. */
  fastInt = -1;
  // What `nextAttr` read: the name and the value (positions in the XML).
  attrName = 0;
  attrNameLen = 0;
  attrValue = 0;
  attrValueEnd = 0;
  /** Index of the `>` that closed the tag, once `nextAttr` has returned -1. */
  tagClose = 0;

  /**
   * Read a cell in its most common shape, `<c r="B7" s="3" t="s"><v>12</v></c>` (`s` and `t`
   * optional, in that order; a value without entities or line breaks), without building any
   * string. Returns the index after `</c>`, or -1 when the cell has another shape.
   */
  fastCell(xml: string, lt: number): number {
    let i = lt + 2;
    if (xml.charCodeAt(i) !== 32 || xml.charCodeAt(i + 1) !== 114 || xml.charCodeAt(i + 2) !== 61 || xml.charCodeAt(i + 3) !== 34) return -1;
    i += 4;
    this.fastRefStart = i;
    let col = 0;
    let ch = xml.charCodeAt(i);
    while (ch >= 65 && ch <= 90) {
      col = col * 26 + ch - 64;
      ch = xml.charCodeAt(++i);
    }
    if (i === this.fastRefStart || i - this.fastRefStart > 3 || !(ch >= 48 && ch <= 57)) return -1;
    while (ch >= 48 && ch <= 57) ch = xml.charCodeAt(++i);
    if (ch !== 34) return -1;
    this.fastRefEnd = i;
    this.fastCol = col;
    ch = xml.charCodeAt(++i);
    this.fastStyle = 0;
    if (ch === 32 && xml.charCodeAt(i + 1) === 115 && xml.charCodeAt(i + 2) === 61 && xml.charCodeAt(i + 3) === 34) {
      i += 4;
      const from = i;
      let style = 0;
      ch = xml.charCodeAt(i);
      while (ch >= 48 && ch <= 57) {
        style = style * 10 + ch - 48;
        ch = xml.charCodeAt(++i);
      }
      if (ch !== 34 || i === from || i - from > 9) return -1;
      this.fastStyle = style;
      ch = xml.charCodeAt(++i);
    }
    this.fastType = undefined;
    if (ch === 32 && xml.charCodeAt(i + 1) === 116 && xml.charCodeAt(i + 2) === 61 && xml.charCodeAt(i + 3) === 34) {
      i += 4;
      const from = i;
      ch = xml.charCodeAt(i);
      while ((ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90)) ch = xml.charCodeAt(++i);
      if (ch !== 34 || i === from) return -1;
      this.fastType = typeName(xml, from, i);
      ch = xml.charCodeAt(++i);
    }
    // `><v>`
    if (ch !== 62 || xml.charCodeAt(i + 1) !== 60 || xml.charCodeAt(i + 2) !== 118 || xml.charCodeAt(i + 3) !== 62) return -1;
    i += 4;
    this.fastValueStart = i;
    let n = 0;
    let digits = true;
    for (;;) {
      ch = xml.charCodeAt(i);
      if (ch === 60 || Number.isNaN(ch)) break;
      if (ch === 38 || ch === 13) return -1;
      if (ch >= 48 && ch <= 57) n = n * 10 + ch - 48;
      else digits = false;
      i++;
    }
    this.fastValueEnd = i;
    const len = i - this.fastValueStart;
    if (len === 0 || !xml.startsWith("</v></c>", i)) return -1;
    this.fastInt = digits && len <= 15 ? n : -1;
    return i + 8;
  }

  /**
   * Read the attribute starting at or after `i` in a start tag. Returns the index after it, or
   * -1 when the tag ends (`this.tagClose` then holds the index of its `>`).
   */
  nextAttr(xml: string, i: number): number {
    let ch = xml.charCodeAt(i);
    while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = xml.charCodeAt(++i);
    if (ch === 62 || ch === 47 || Number.isNaN(ch)) {
      const gt = xml.indexOf(">", i);
      this.tagClose = gt < 0 ? xml.length : gt;
      return -1;
    }
    this.attrName = i;
    while (ch !== 61 && ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13 && ch !== 62 && !Number.isNaN(ch)) ch = xml.charCodeAt(++i);
    this.attrNameLen = i - this.attrName;
    while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = xml.charCodeAt(++i);
    if (ch !== 61) return this.nextAttr(xml, i === this.attrName ? i + 1 : i);
    ch = xml.charCodeAt(++i);
    while (ch === 32 || ch === 9 || ch === 10 || ch === 13) ch = xml.charCodeAt(++i);
    if (ch !== 34 && ch !== 39) return this.nextAttr(xml, i);
    const end = xml.indexOf(ch === 34 ? '"' : "'", i + 1);
    if (end < 0) {
      this.tagClose = xml.length;
      return -1;
    }
    this.attrValue = i + 1;
    this.attrValueEnd = end;
    return end + 1;
  }

  attrIs(xml: string, name: string): boolean {
    return this.attrNameLen === name.length && xml.startsWith(name, this.attrName);
  }
}

/** Index just after the name of the element whose `<` is at `lt`. */
export function elementNameEnd(xml: string, from: number): number {
  let i = from;
  for (;;) {
    const ch = xml.charCodeAt(i);
    if (ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 47 || ch === 62 || Number.isNaN(ch)) return i;
    i++;
  }
}

export function isTrue(v: string | undefined): boolean {
  return v === "true" || v === "1";
}
