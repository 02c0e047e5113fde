/**
 * Period header recognition: which header cells name a month or an ISO week.
 *
 * Wide layouts carry one column per period, and planners label those columns in every
 * way Excel and ERPs allow: date cells (serials with a date format), yyyymm numbers,
 * and texts such as `2025-01`, `Jan-25`, `January 2025`, `01/2025`, `2025M01`,
 * `M01 2025`, `2025-W05`, `KW05 2025`, in English, German, French, Spanish, Dutch,
 * Italian or Portuguese. A header text is split into letter and digit tokens (so
 * spaces, dots, commas, slashes and dashes are all separators) and the token shape is
 * matched against a fixed set of forms; nothing is compiled per call.
 *
 * A whole header row decides what single cells cannot: date cells 7 days apart are
 * weeks, and the day/month order of text dates such as `06/01/2025` follows the
 * unambiguous cells of the same row. See DESIGN.md §3.
 *
 * Pure: no I/O, no Office.js.
 */

import type { Cell } from "./grid";
import {
  type Period,
  dateOfDayNumber,
  dayNumber,
  daysInMonth,
  isoWeekOfDate,
  isoWeeksInYear,
  serialToDate,
} from "../engine/period";

/** Years accepted in headers (same range as yyyymm numbers 190001–209912). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;
/** Longer texts are never period headers; saves tokenising descriptions. */
const MAX_TEXT = 40;
const MAX_TOKENS = 4;

/** Month names and abbreviations (accents removed, lower case) → month number. */
const MONTHS: ReadonlyMap<string, number> = (() => {
  const names: readonly (readonly string[])[] = [
    // 1
    ["jan", "january", "januar", "janner", "janv", "janvier", "ene", "enero", "januari", "gen", "gennaio", "janeiro"],
    // 2
    ["feb", "february", "februar", "febr", "fev", "fevr", "fevrier", "febrero", "februari", "febbraio", "fevereiro"],
    // 3
    ["mar", "march", "marz", "mrz", "mars", "marzo", "maart", "mrt", "marco"],
    // 4
    ["apr", "april", "avr", "avril", "abr", "abril", "aprile"],
    // 5
    ["may", "mai", "mayo", "mei", "mag", "maggio", "maio", "maj"],
    // 6
    ["jun", "june", "juni", "juin", "junio", "giu", "giugno", "junho"],
    // 7
    ["jul", "july", "juli", "juil", "juillet", "julio", "lug", "luglio", "julho"],
    // 8
    ["aug", "august", "aout", "ago", "agosto", "augustus"],
    // 9
    ["sep", "sept", "september", "septembre", "septiembre", "setiembre", "set", "settembre", "setembro"],
    // 10
    ["oct", "october", "okt", "oktober", "octobre", "octubre", "ott", "ottobre", "outubro"],
    // 11
    ["nov", "november", "novembre", "noviembre", "novembro"],
    // 12
    ["dec", "december", "dez", "dezember", "decembre", "dic", "diciembre", "dicembre", "dezembro"],
  ];
  const m = new Map<string, number>();
  names.forEach((list, i) => {
    for (const n of list) m.set(n, i + 1);
  });
  return m;
})();

/** Letter prefixes of numbered months (`M01`, `P01`) and weeks (`W05`, `KW05`, `CW05`, `Wk 5`, `Week 5`). */
const MONTH_PREFIX: ReadonlySet<string> = new Set(["m", "p"]);
const WEEK_PREFIX: ReadonlySet<string> = new Set(["w", "wk", "week", "kw", "cw"]);

const NON_ASCII = /[^\u0020-\u007e\t\n\r]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** ISO date-time text (`2025-01-06T00:00:00`, `2025-01-06 00:00`): the time is dropped. */
const ISO_DATETIME = /^(\d{4}-\d{1,2}-\d{1,2})[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?$/;

/** A letter run or a digit run of a header text. */
interface Token {
  readonly alpha: boolean;
  readonly text: string;
}

/** A recognised header cell, with what a whole row needs to refine it. */
interface CellParse {
  /** Reading of the cell on its own. */
  period: Period;
  /** Day number (days since 1970-01-01) when the cell is a full date. */
  days?: number;
  /** Text dates with both day/month orders possible: day numbers of each reading. */
  readonly ambiguous?: { readonly dmy: number; readonly mdy: number };
  /** Text dates whose day/month order is certain (`15/01/2025` is dmy). */
  readonly order?: "dmy" | "mdy";
}

function month(year: number, num: number): Period {
  return { kind: "month", year, num };
}

function monthOfDay(days: number): Period {
  const d = dateOfDayNumber(days);
  return month(d.year, d.month);
}

function weekOfDay(days: number): Period {
  const d = dateOfDayNumber(days);
  const w = isoWeekOfDate(d.year, d.month, d.day);
  return { kind: "week", year: w.year, num: w.week };
}

/** Lower case, accents removed, split into letter and digit runs; null when too long or too many runs. */
function tokenize(text: string): Token[] | null {
  let s = text.trim();
  if (s.length === 0 || s.length > MAX_TEXT) return null;
  s = s.toLowerCase();
  if (NON_ASCII.test(s)) s = s.normalize("NFD").replace(COMBINING_MARKS, "");
  const iso = ISO_DATETIME.exec(s);
  if (iso) s = iso[1]!;
  const tokens: Token[] = [];
  let start = -1;
  let alpha = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    const isDigit = c >= 48 && c <= 57;
    const isAlpha = c >= 97 && c <= 122;
    if (start >= 0 && (!(isDigit || isAlpha) || isAlpha !== alpha)) {
      if (tokens.length === MAX_TOKENS) return null;
      tokens.push({ alpha, text: s.slice(start, i) });
      start = -1;
    }
    if (start < 0 && (isDigit || isAlpha)) {
      start = i;
      alpha = isAlpha;
    }
  }
  return tokens;
}

/** A four-digit year in range, or a two-digit year (2000 + yy) when allowed; else null. */
function yearOf(t: Token, allowTwoDigit: boolean): number | null {
  if (t.alpha) return null;
  if (t.text.length === 4) {
    const y = Number(t.text);
    return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
  }
  if (allowTwoDigit && t.text.length === 2) return 2000 + Number(t.text);
  return null;
}

/** A one- or two-digit number, else null. */
function smallNumber(t: Token): number | null {
  if (t.alpha || t.text.length > 2) return null;
  return Number(t.text);
}

function monthNum(n: number | null): number | null {
  return n !== null && n >= 1 && n <= 12 ? n : null;
}

function monthName(t: Token): number | null {
  return t.alpha ? (MONTHS.get(t.text) ?? null) : null;
}

function weekPeriod(year: number | null, week: number | null): CellParse | null {
  if (year === null || week === null || week < 1 || week > isoWeeksInYear(year)) return null;
  return { period: { kind: "week", year, num: week } };
}

function monthPeriod(year: number | null, num: number | null): CellParse | null {
  if (year === null || monthNum(num) === null) return null;
  return { period: month(year, num!) };
}

/** A full calendar date: the month, with its day number. */
function datePeriod(year: number | null, mon: number | null, day: number | null): CellParse | null {
  if (year === null || monthNum(mon) === null || day === null || day < 1 || day > daysInMonth(year, mon!)) return null;
  return { period: month(year, mon!), days: dayNumber(year, mon!, day) };
}

/** `a/b/yyyy`: day-first, month-first, or both possible. */
function slashDate(a: number, b: number, year: number): CellParse | null {
  const dmyOk = a >= 1 && b >= 1 && b <= 12 && a <= daysInMonth(year, b);
  const mdyOk = a >= 1 && b >= 1 && a <= 12 && b <= daysInMonth(year, a);
  if (dmyOk && mdyOk && a !== b) {
    const dmy = dayNumber(year, b, a);
    const mdy = dayNumber(year, a, b);
    // On its own: the reading that falls on the 1st (a month header), else day-first.
    const days = b === 1 ? mdy : dmy;
    return { period: monthOfDay(days), days, ambiguous: { dmy, mdy } };
  }
  if (dmyOk) return { period: month(year, b), days: dayNumber(year, b, a), order: a === b ? undefined : "dmy" };
  if (mdyOk) return { period: month(year, a), days: dayNumber(year, a, b), order: "mdy" };
  return null;
}

/** Recognise a header text (see the module comment for the forms). */
function parseText(text: string): CellParse | null {
  const t = tokenize(text);
  if (t === null) return null;
  const [t0, t1, t2] = t;
  if (t0 === undefined) return null;
  switch (t.length) {
    case 1: {
      // yyyymm as text
      if (t0.alpha || t0.text.length !== 6) return null;
      return monthPeriod(yearOf({ alpha: false, text: t0.text.slice(0, 4) }, false), Number(t0.text.slice(4)));
    }
    case 2: {
      if (t1 === undefined) return null;
      if (!t0.alpha && !t1.alpha) {
        // 2025-01, 2025/1, 2025.01 | 01/2025, 1-2025
        if (t0.text.length === 4) return monthPeriod(yearOf(t0, false), smallNumber(t1));
        if (t1.text.length === 4) return monthPeriod(yearOf(t1, false), smallNumber(t0));
        return null;
      }
      // Jan-25, Jan 2025, January 2025 | 2025 Jan
      if (t0.alpha && !t1.alpha) return monthPeriod(yearOf(t1, true), monthName(t0));
      if (!t0.alpha && t1.alpha) return monthPeriod(yearOf(t0, false), monthName(t1));
      return null;
    }
    case 3: {
      if (t1 === undefined || t2 === undefined) return null;
      if (!t0.alpha && t1.alpha && !t2.alpha) {
        if (t0.text.length === 4) {
          // 2025M01, 2025 P01, 2025-W05, 2025 KW 05
          const y = yearOf(t0, false);
          if (MONTH_PREFIX.has(t1.text)) return monthPeriod(y, smallNumber(t2));
          if (WEEK_PREFIX.has(t1.text)) return weekPeriod(y, smallNumber(t2));
          return null;
        }
        // 1 Jan 2025, 01-Jan-25
        return datePeriod(yearOf(t2, true), monthName(t1), smallNumber(t0));
      }
      if (t0.alpha && !t1.alpha && !t2.alpha) {
        // M01 2025, P01-2025, W05 2025, KW05/25, Week 5 2025
        if (MONTH_PREFIX.has(t0.text)) return monthPeriod(yearOf(t2, true), smallNumber(t1));
        if (WEEK_PREFIX.has(t0.text)) return weekPeriod(yearOf(t2, true), smallNumber(t1));
        // Jan 1, 2025
        return datePeriod(yearOf(t2, false), monthName(t0), smallNumber(t1));
      }
      if (!t0.alpha && !t1.alpha && !t2.alpha) {
        // 2025-01-15
        if (t0.text.length === 4) return datePeriod(yearOf(t0, false), smallNumber(t1), smallNumber(t2));
        // 15/01/2025, 01/15/2025, 01.02.2025
        const y = yearOf(t2, false);
        const a = smallNumber(t0);
        const b = smallNumber(t1);
        if (y === null || a === null || b === null) return null;
        return slashDate(a, b, y);
      }
      return null;
    }
    default:
      return null;
  }
}

const dateFormatCache = new Map<string, boolean>();
const DATE_FORMAT_CACHE_LIMIT = 512;

/**
 * Is an Excel number format a date format? True when, outside quoted text, bracket
 * sections (`[Red]`, `[$-409]`) and escaped characters, it has a day, year or month
 * token; `m` next to `h` or `s` is minutes, so time-only formats (`h:mm`, `[h]:mm`,
 * `mm:ss`) are not dates. `mmm-yy`, `yyyy-mm-dd`, `[$-409]mmm yy`, `m/d/yyyy` are;
 * `General`, `0.00`, `#,##0`, `0%` are not.
 */
export function isDateFormat(numberFormat: string | null | undefined): boolean {
  if (!numberFormat) return false;
  const cached = dateFormatCache.get(numberFormat);
  if (cached !== undefined) return cached;
  const result = scanDateFormat(numberFormat);
  if (dateFormatCache.size >= DATE_FORMAT_CACHE_LIMIT) dateFormatCache.clear();
  dateFormatCache.set(numberFormat, result);
  return result;
}

const ELAPSED_TIME = /^(h+|m+|s+)$/;
const AM_PM = /am\/pm|a\/p/g;

function scanDateFormat(fmt: string): boolean {
  // Keep only format codes of the first section (the one used for positive numbers).
  let codes = "";
  const f = fmt.toLowerCase();
  for (let i = 0; i < f.length; i++) {
    const c = f[i]!;
    if (c === ";") break;
    if (c === '"') {
      const end = f.indexOf('"', i + 1);
      if (end < 0) break;
      i = end;
    } else if (c === "[") {
      const end = f.indexOf("]", i + 1);
      if (end < 0) break;
      const inner = f.slice(i + 1, end);
      if (ELAPSED_TIME.test(inner)) codes += inner; // [h]:mm elapsed time
      i = end;
    } else if (c === "\\" || c === "_" || c === "*") {
      i++; // escaped / spacing / fill character
    } else {
      codes += c;
    }
  }
  codes = codes.replace(AM_PM, " ");
  if (codes.includes("y") || codes.includes("d")) return true;
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] !== "m") continue;
    let j = i;
    while (j < codes.length && codes[j] === "m") j++;
    // m right after an hour or right before seconds (across separators) is minutes.
    let back = i - 1;
    while (back >= 0 && !isLetter(codes.charCodeAt(back))) back--;
    let fwd = j;
    while (fwd < codes.length && !isLetter(codes.charCodeAt(fwd))) fwd++;
    const minutes = (back >= 0 && codes[back] === "h") || (fwd < codes.length && codes[fwd] === "s");
    if (!minutes) return true;
    i = j - 1;
  }
  return false;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/** One cell → parse details, or null. */
function parseCell(value: Cell, numberFormat: string | null | undefined, date1904: boolean | undefined): CellParse | null {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    if (isDateFormat(numberFormat)) {
      const d = serialToDate(value, date1904);
      if (d === null) return null;
      return { period: month(d.year, d.month), days: dayNumber(d.year, d.month, d.day) };
    }
    // yyyymm numbers: 202501
    if (Number.isInteger(value) && value >= MIN_YEAR * 100 + 1 && value <= MAX_YEAR * 100 + 12) {
      const num = value % 100;
      return num >= 1 && num <= 12 ? { period: month((value - num) / 100, num) } : null;
    }
    return null;
  }
  if (typeof value === "string") return parseText(value);
  return null;
}

/**
 * One header cell → period, or null. `numberFormat` tells whether a number is a date:
 * date-formatted serials give their month; integers 190001–209912 shaped yyyymm give
 * a month with any format; other numbers, booleans, errors and blanks give null. Texts:
 * see the module comment. A text date with both day/month orders possible and neither
 * on the 1st (`05/06/2025`) is read day-first here; `parsePeriodHeaderRow` uses the row.
 */
export function parsePeriodHeader(value: Cell, numberFormat?: string | null, date1904?: boolean): Period | null {
  return parseCell(value, numberFormat, date1904)?.period ?? null;
}

/** Day-number gaps of dated cells: all positive multiples of 7, the smallest exactly 7. */
function isWeekly(days: readonly number[]): boolean {
  if (days.length < 2) return false;
  let min = Infinity;
  for (let i = 1; i < days.length; i++) {
    const gap = days[i]! - days[i - 1]!;
    if (gap <= 0 || gap % 7 !== 0) return false;
    if (gap < min) min = gap;
  }
  return min === 7;
}

/**
 * A whole header row (cells with formats): finds the period columns. When date cells
 * in a row are consistently 7 days apart (every gap a multiple of 7, the smallest 7, so
 * a missing week is tolerated), they are weeks, not months. The day/month order of
 * ambiguous text dates follows the row's unambiguous text dates, else the order that
 * makes the dates weekly, else each cell's own reading. When a row mixes months and
 * weeks, the majority kind is kept (months on a tie) and the other cells become null.
 * Returns per column a Period or null, the kind, and the number of period columns.
 */
export function parsePeriodHeaderRow(
  values: readonly Cell[],
  formats?: readonly (string | null)[] | null,
  date1904?: boolean,
): { periods: (Period | null)[]; kind: "month" | "week" | null; count: number } {
  const parsed: (CellParse | null)[] = values.map((v, i) => parseCell(v, formats?.[i], date1904));

  // Day/month order of ambiguous text dates.
  let dmyEvidence = 0;
  let mdyEvidence = 0;
  let ambiguous = 0;
  for (const p of parsed) {
    if (p === null) continue;
    if (p.ambiguous) ambiguous++;
    else if (p.order === "dmy") dmyEvidence++;
    else if (p.order === "mdy") mdyEvidence++;
  }
  if (ambiguous > 0) {
    let order: "dmy" | "mdy" | null = dmyEvidence > 0 && mdyEvidence === 0 ? "dmy" : mdyEvidence > 0 && dmyEvidence === 0 ? "mdy" : null;
    if (order === null && dmyEvidence === 0 && mdyEvidence === 0) {
      const read = (o: "dmy" | "mdy"): number[] => {
        const out: number[] = [];
        for (const p of parsed) if (p?.days !== undefined) out.push(p.ambiguous ? p.ambiguous[o] : p.days);
        return out;
      };
      if (isWeekly(read("dmy"))) order = "dmy";
      else if (isWeekly(read("mdy"))) order = "mdy";
    }
    if (order !== null) {
      for (const p of parsed) {
        if (p?.ambiguous) {
          p.days = p.ambiguous[order];
          p.period = monthOfDay(p.days);
        }
      }
    }
  }

  // Dates 7 days apart are weeks.
  const dated: number[] = [];
  for (const p of parsed) if (p?.days !== undefined) dated.push(p.days);
  if (isWeekly(dated)) {
    for (const p of parsed) if (p?.days !== undefined) p.period = weekOfDay(p.days);
  }

  let months = 0;
  let weeks = 0;
  for (const p of parsed) {
    if (p === null) continue;
    if (p.period.kind === "month") months++;
    else weeks++;
  }
  if (months + weeks === 0) return { periods: parsed.map(() => null), kind: null, count: 0 };
  const kind: "month" | "week" = weeks > months ? "week" : "month";
  const periods = parsed.map((p) => (p !== null && p.period.kind === kind ? p.period : null));
  return { periods, kind, count: kind === "week" ? weeks : months };
}
