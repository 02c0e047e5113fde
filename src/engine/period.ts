/**
 * Planning periods: calendar months and ISO weeks, and the calendar arithmetic behind them.
 *
 * Every time-phased figure in the engine is keyed by a `Period`. This module gives
 * periods a stable text key (`2025-01`, `2025-W05`), an ordinal so that consecutive
 * periods differ by exactly 1 (also across year ends and 53-week ISO years), and the
 * conversion of Excel date serials (1900 system with its fictitious 29 Feb 1900, and
 * the 1904 system) into calendar dates, months and ISO weeks.
 *
 * Pure: proleptic Gregorian arithmetic on integers, no `Date`, no time zones, no I/O.
 */

/** Bucket size of a period. */
export type PeriodKind = "month" | "week";

/** One planning period: a calendar month or an ISO 8601 week. */
export interface Period {
  readonly kind: PeriodKind;
  /** Calendar year for months; ISO week-numbering year for weeks. */
  readonly year: number;
  /** month 1–12, or ISO week 1–53 */
  readonly num: number;
}

/** A calendar date (month 1–12, day 1–31). */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Day number of 1970-01-05, the Monday that starts week ordinal 0. */
const WEEK_EPOCH = 4;
/** Largest serial Excel accepts (9999-12-31) in the 1900 system. */
const MAX_SERIAL_1900 = 2958465;
/** Largest serial (9999-12-31) in the 1904 system. */
const MAX_SERIAL_1904 = 2957003;

const KEY_RE = /^(\d{4})-(W?)(\d{2})$/;
/** Day numbers of the Excel epochs (`dayNumber` is a hoisted function declaration). */
const DAY_1899_12_30 = dayNumber(1899, 12, 30);
const DAY_1899_12_31 = dayNumber(1899, 12, 31);
const DAY_1900_03_01 = dayNumber(1900, 3, 1);
const DAY_1904_01_01 = dayNumber(1904, 1, 1);

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (negative before 1970).
 * Out-of-range days or months roll over (2025-02-30 → 2025-03-02); no validation.
 */
export function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Calendar date of a day number (days since 1970-01-01); inverse of `dayNumber`. */
export function dateOfDayNumber(days: number): CalendarDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** True for Gregorian leap years. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ISO weekday of a day number: Monday 1 … Sunday 7. */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** Day number of the Monday of ISO week 1 of an ISO year. */
function mondayOfWeek1(isoYear: number): number {
  const jan4 = dayNumber(isoYear, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

/** The calendar month of a period: itself for a month, the month of its Thursday for an ISO week (ISO 8601). */
export function monthOfPeriod(p: Period): Period {
  if (p.kind === "month") return p;
  const thursday = dateOfDayNumber(mondayOfWeek1(p.year) + (p.num - 1) * 7 + 3);
  return { kind: "month", year: thursday.year, num: thursday.month };
}

/** ISO week (and ISO week-numbering year) of the day with this day number. */
function isoWeekOfDay(days: number): { year: number; week: number } {
  const thursday = days - isoWeekday(days) + 4;
  const year = dateOfDayNumber(thursday).year;
  return { year, week: Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1 };
}

/** Stable text key of a period: `2025-01` for months, `2025-W05` for weeks. */
export function periodKey(p: Period): string {
  const y = String(p.year).padStart(4, "0");
  const n = String(p.num).padStart(2, "0");
  return p.kind === "month" ? `${y}-${n}` : `${y}-W${n}`;
}

/**
 * Inverse of `periodKey`: `2025-01` → month, `2025-W05` → week. Strict (two-digit
 * number, valid month, week 53 only in 53-week ISO years); null for anything else.
 */
export function parsePeriodKey(key: string): Period | null {
  const m = KEY_RE.exec(key);
  if (!m) return null;
  const year = Number(m[1]);
  const num = Number(m[3]);
  if (m[2] === "W") {
    if (num < 1 || num > isoWeeksInYear(year)) return null;
    return { kind: "week", year, num };
  }
  if (num < 1 || num > 12) return null;
  return { kind: "month", year, num };
}

/**
 * Integer position of a period on its own time line: consecutive periods of one kind
 * differ by exactly 1. Months: `year * 12 + month - 1`. Weeks: whole weeks since the
 * week starting Monday 1970-01-05 (ISO 1970-W02), so year ends and week 53 need no care.
 */
export function periodOrdinal(p: Period): number {
  if (p.kind === "month") return p.year * 12 + p.num - 1;
  const monday = mondayOfWeek1(p.year) + (p.num - 1) * 7;
  return (monday - WEEK_EPOCH) / 7;
}

/** Inverse of `periodOrdinal` for the given kind. */
export function periodFromOrdinal(kind: PeriodKind, ordinal: number): Period {
  if (kind === "month") {
    const year = Math.floor(ordinal / 12);
    return { kind, year, num: ordinal - year * 12 + 1 };
  }
  const { year, week } = isoWeekOfDay(ordinal * 7 + WEEK_EPOCH);
  return { kind, year, num: week };
}

/** The period `n` buckets after `p` (before it when `n` is negative). */
export function addPeriods(p: Period, n: number): Period {
  return periodFromOrdinal(p.kind, periodOrdinal(p) + n);
}

/**
 * Sort order of periods: chronological within a kind (negative when `a` is earlier).
 * Periods of different kinds are not comparable in time; months sort before weeks.
 */
export function comparePeriods(a: Period, b: Period): number {
  if (a.kind !== b.kind) return a.kind === "month" ? -1 : 1;
  return periodOrdinal(a) - periodOrdinal(b);
}

/** Number of ISO weeks in an ISO week-numbering year (53 when 28 December falls in week 53). */
export function isoWeeksInYear(year: number): 52 | 53 {
  return isoWeekOfDay(dayNumber(year, 12, 28)).week === 53 ? 53 : 52;
}

/** ISO 8601 week of a calendar date: 2021-01-03 → 2020 week 53, 2024-12-30 → 2025 week 1. */
export function isoWeekOfDate(year: number, month: number, day: number): { year: number; week: number } {
  return isoWeekOfDay(dayNumber(year, month, day));
}

/**
 * Excel serial (1900 date system, including Excel's fictitious 1900-02-29 = serial 60;
 * serial 1 = 1900-01-01; serials after 60 shift by one) or 1904 system (serial 0 =
 * 1904-01-01) → calendar date. Fractional part (time) ignored. Returns null outside
 * 1..2958465 (1900) or 0..2957003 (1904), and for non-finite numbers.
 */
export function serialToDate(serial: number, date1904?: boolean): CalendarDate | null {
  if (!Number.isFinite(serial)) return null;
  const s = Math.floor(serial);
  if (date1904) {
    if (s < 0 || s > MAX_SERIAL_1904) return null;
    return dateOfDayNumber(DAY_1904_01_01 + s);
  }
  if (s < 1 || s > MAX_SERIAL_1900) return null;
  if (s === 60) return { year: 1900, month: 2, day: 29 };
  return dateOfDayNumber((s < 60 ? DAY_1899_12_31 : DAY_1899_12_30) + s);
}

/**
 * Calendar date → Excel serial; inverse of `serialToDate` (1900-02-29 gives 60 in the
 * 1900 system). Dates are not validated (2025-02-30 is 2025-03-02).
 */
export function dateToSerial(year: number, month: number, day: number, date1904?: boolean): number {
  if (date1904) return dayNumber(year, month, day) - DAY_1904_01_01;
  if (year === 1900 && month === 2 && day === 29) return 60;
  const days = dayNumber(year, month, day);
  return days < DAY_1900_03_01 ? days - DAY_1899_12_31 : days - DAY_1899_12_30;
}

/** The calendar month of an Excel serial, or null when the serial is not a valid date. */
export function monthOfSerial(serial: number, date1904?: boolean): Period | null {
  const d = serialToDate(serial, date1904);
  return d === null ? null : { kind: "month", year: d.year, num: d.month };
}

/** The ISO week of an Excel serial, or null when the serial is not a valid date. */
export function weekOfSerial(serial: number, date1904?: boolean): Period | null {
  const d = serialToDate(serial, date1904);
  if (d === null) return null;
  const w = isoWeekOfDate(d.year, d.month, d.day);
  return { kind: "week", year: w.year, num: w.week };
}
