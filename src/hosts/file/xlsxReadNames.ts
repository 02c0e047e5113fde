/**
 * Defined names of an .xlsx workbook, as the reader (`xlsxRead.ts`) reports them: exactly
 * the list ExcelJS's `workbook.definedNames.model` gave (the file host used to read with
 * ExcelJS; the findings that quote names must not change). ExcelJS keeps only the parts
 * of a name's text that look like cell ranges with `$` (`Sheet1!$A$1:$B$9`), pours their
 * cells into one set per name (a later name of the same spelling replaces an earlier one,
 * whatever its sheet scope) and then cuts that set back into rectangles, written
 * `'Sheet name'!$A$1:$B$9` (or `$A$1` for one cell). This module does the same on
 * rectangles instead of cells, so a name over a whole sheet stays cheap.
 */

/** A defined name and the ranges ExcelJS reported for it. */
export interface XlsxName {
  readonly name: string;
  readonly ranges: readonly string[];
}

/** A `<definedName>` element of `workbook.xml`: its name, text and sheet scope. */
export interface DefinedNameElement {
  readonly name: string | undefined;
  readonly text: string;
  readonly localSheetId: string | undefined;
}

const MAX_COLUMNS = 16384;

/** Column number to letters (1 → A). */
function letters(n: number): string {
  let s = "";
  let k = n;
  while (k > 0) {
    const m = (k - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    k = Math.floor((k - 1) / 26);
  }
  return s;
}

interface Address {
  readonly row: number | undefined;
  readonly col: number | undefined;
}

/** ExcelJS's `colCache.decodeAddress`: throws on a column past XFD. */
function decodeAddress(value: string): Address {
  let hasCol = false;
  let col = "";
  let colNumber = 0;
  let hasRow = false;
  let rowNumber = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (!hasRow && ch >= 65 && ch <= 90) {
      hasCol = true;
      col += value[i];
      colNumber = colNumber * 26 + ch - 64;
    } else if (ch >= 48 && ch <= 57) {
      hasRow = true;
      rowNumber = rowNumber * 10 + ch - 48;
    } else if (hasRow && hasCol && ch !== 36) {
      break;
    }
  }
  if (hasCol && colNumber > MAX_COLUMNS) throw new Error(`Out of bounds. Invalid column letter: ${col}`);
  return { row: hasRow ? rowNumber : undefined, col: hasCol ? colNumber : undefined };
}

/** What ExcelJS's `colCache.decodeEx` makes of a reference: a range (`top` set) or one address. */
interface Decoded {
  readonly sheetName: string | undefined;
  /** A range: top, left, bottom, right (any may be NaN). */
  readonly box?: { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number };
  /** One address (row or column undefined when missing). */
  readonly address?: Address;
}

const DECODE_EX = /(?:(?:(?:'((?:[^']|'')*)')|([^'^ !]*))!)?(.*)/;

function decodeEx(value: string): Decoded {
  const groups = DECODE_EX.exec(value)!;
  const sheetName = groups[1] || groups[2] || undefined;
  const reference = groups[3] ?? "";
  const parts = reference.split(":");
  if (parts.length > 1) {
    const tl = decodeAddress(parts[0]!);
    const br = decodeAddress(parts[1]!);
    const num = (v: number | undefined): number => (v === undefined ? NaN : v);
    return {
      sheetName,
      box: {
        top: Math.min(num(tl.row), num(br.row)),
        left: Math.min(num(tl.col), num(br.col)),
        bottom: Math.max(num(tl.row), num(br.row)),
        right: Math.max(num(tl.col), num(br.col)),
      },
    };
  }
  if (reference.startsWith("#")) return { sheetName, address: { row: undefined, col: undefined } };
  return { sheetName, address: decodeAddress(reference) };
}

function isValidRange(range: string): boolean {
  try {
    decodeEx(range);
    return true;
  } catch {
    return false;
  }
}

/** ExcelJS's `extractRanges`: the comma-separated parts of a name's text that decode (quotes respected). */
function extractRanges(text: string): string[] {
  const ranges: string[] = [];
  let quotesOpened = false;
  let last = "";
  for (const item of text.split(",")) {
    if (!item) continue;
    const quotes = (item.match(/'/g) ?? []).length;
    if (!quotes) {
      if (quotesOpened) last += `${item},`;
      else if (isValidRange(item)) ranges.push(item);
      continue;
    }
    const quotesEven = quotes % 2 === 0;
    if (!quotesOpened && quotesEven && isValidRange(item)) {
      ranges.push(item);
    } else if (quotesOpened && !quotesEven) {
      quotesOpened = false;
      if (isValidRange(last + item)) ranges.push(last + item);
      last = "";
    } else {
      quotesOpened = true;
      last += `${item},`;
    }
  }
  return ranges;
}

/** A rectangle of cells on one sheet (one-based, inclusive). */
interface Rect {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** ExcelJS's test for a range worth keeping: `$col$row` somewhere after the last `!`. */
const ABSOLUTE = /[$](\w+)[$](\d+)(:[$](\w+)[$](\d+))?/;

/** The cells a range adds to a name's set, as a rectangle (null: none, or none ExcelJS could find again). */
function rectOf(d: Decoded): Rect | null {
  if (d.box) {
    const { top, left, bottom, right } = d.box;
    if (top) {
      if (!(left <= right) || !(top <= bottom)) return null;
      return { top, left, bottom, right };
    }
    return null; // ExcelJS stored such a "cell" where its iteration never looks
  }
  const a = d.address!;
  if (a.row === undefined || a.col === undefined) return null;
  return { top: a.row, left: a.col, bottom: a.row, right: a.col };
}

/** Sorted distinct cut points of a set of intervals (each rectangle adds its start and its end + 1). */
function cuts(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/**
 * The rectangles ExcelJS cut a set of cells into (its mark-and-sweep `getRanges`): take the
 * first cell in row order, grow down the column, then right while every row of it is in the
 * set; repeat. Done on the grid cut at the rectangles' edges, which gives the same result.
 */
function sweep(rects: readonly Rect[]): Rect[] {
  const rowCuts = cuts(rects.flatMap((r) => [r.top, r.bottom + 1]));
  const colCuts = cuts(rects.flatMap((r) => [r.left, r.right + 1]));
  const nr = rowCuts.length - 1;
  const nc = colCuts.length - 1;
  const marked = new Uint8Array(nr * nc);
  for (const r of rects) {
    const r0 = rowCuts.indexOf(r.top);
    const r1 = rowCuts.indexOf(r.bottom + 1);
    const c0 = colCuts.indexOf(r.left);
    const c1 = colCuts.indexOf(r.right + 1);
    for (let i = r0; i < r1; i++) for (let j = c0; j < c1; j++) marked[i * nc + j] = 1;
  }
  const out: Rect[] = [];
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nc; j++) {
      if (!marked[i * nc + j]) continue;
      marked[i * nc + j] = 0;
      let bottom = i;
      while (bottom + 1 < nr && marked[(bottom + 1) * nc + j] === 1) marked[++bottom * nc + j] = 0;
      let right = j;
      for (;;) {
        const x = right + 1;
        if (x >= nc) break;
        let all = true;
        for (let y = i; y <= bottom && all; y++) all = marked[y * nc + x] === 1;
        if (!all) break;
        for (let y = i; y <= bottom; y++) marked[y * nc + x] = 0;
        right = x;
      }
      out.push({ top: rowCuts[i]!, left: colCuts[j]!, bottom: rowCuts[bottom + 1]! - 1, right: colCuts[right + 1]! - 1 });
    }
  }
  return out;
}

function serialisedSheet(sheetName: string | undefined): string {
  if (!sheetName) return "";
  return /^[a-zA-Z0-9]*$/.test(sheetName) ? `${sheetName}!` : `'${sheetName}'!`;
}

function rangeText(sheetName: string | undefined, r: Rect): string {
  const tl = `$${letters(r.left)}$${r.top}`;
  const one = r.top === r.bottom && r.left === r.right;
  return `${serialisedSheet(sheetName)}${tl}${one ? "" : `:$${letters(r.right)}$${r.bottom}`}`;
}

/** JavaScript's own key order for an object used as a map: integer-like keys first, ascending. */
function objectKeyOrder(keys: readonly string[]): string[] {
  const isIndex = (k: string): boolean => /^(0|[1-9][0-9]*)$/.test(k) && Number(k) < 4294967295;
  const ints = keys.filter(isIndex).sort((a, b) => Number(a) - Number(b));
  return [...ints, ...keys.filter((k) => !isIndex(k))];
}

/**
 * The defined names of a workbook as ExcelJS reported them (`definedNames.model`), from the
 * `<definedName>` elements in order. Print areas and print titles are left out (ExcelJS
 * moved them to the sheets); other `_xlnm.` names stay, as they did.
 */
export function definedNamesOf(elementsInOrder: readonly DefinedNameElement[]): XlsxName[] {
  // Name → sheet key (as ExcelJS decoded it; undefined for none) → rectangles.
  const byName = new Map<string, Map<string, { sheetName: string | undefined; rects: Rect[] }>>();
  for (const el of elementsInOrder) {
    if (el.name === "_xlnm.Print_Area" || el.name === "_xlnm.Print_Titles") continue;
    const sheets = new Map<string, { sheetName: string | undefined; rects: Rect[] }>();
    byName.set(String(el.name), sheets); // a later name of the same spelling replaces it (in its place)
    for (const range of extractRanges(el.text)) {
      if (!ABSOLUTE.test(range.split("!").pop() ?? "")) continue;
      const d = decodeEx(range);
      const rect = rectOf(d);
      if (!rect) continue;
      const key = String(d.sheetName);
      let s = sheets.get(key);
      if (!s) sheets.set(key, (s = { sheetName: d.sheetName, rects: [] }));
      s.rects.push(rect);
    }
  }
  const out: XlsxName[] = [];
  for (const name of objectKeyOrder([...byName.keys()])) {
    const sheets = byName.get(name)!;
    const ranges: string[] = [];
    for (const key of objectKeyOrder([...sheets.keys()])) {
      const s = sheets.get(key)!;
      for (const r of sweep(s.rects)) ranges.push(rangeText(s.sheetName, r));
    }
    if (ranges.length > 0) out.push({ name, ranges });
  }
  return out;
}
