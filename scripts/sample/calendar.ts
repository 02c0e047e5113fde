/**
 * Months as integers (year × 12 + month − 1) and the header spellings planners use.
 * Pure; no clock.
 */

export const MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/** Month index of `YYYY-MM`; throws on anything else. */
export function parseYearMonth(text: string): number {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m || m[1] === undefined || m[2] === undefined) throw new Error(`expected YYYY-MM, got '${text}'`);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new Error(`month out of range in '${text}'`);
  return Number(m[1]) * 12 + month - 1;
}

export function yearOf(month: number): number {
  return Math.floor(month / 12);
}

/** 1..12 */
export function monthOfYear(month: number): number {
  return (month % 12) + 1;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function abbr(month: number): string {
  return MONTH_ABBR[month % 12] ?? "";
}

/** `2026-11` */
export function isoMonth(month: number): string {
  return `${yearOf(month)}-${pad2(monthOfYear(month))}`;
}

/** `Nov 2026` */
export function monYYYY(month: number): string {
  return `${abbr(month)} ${yearOf(month)}`;
}

/** `Nov-26` */
export function monYY(month: number): string {
  return `${abbr(month)}-${pad2(yearOf(month) % 100)}`;
}

/** `11/2026` */
export function mmSlashYYYY(month: number): string {
  return `${pad2(monthOfYear(month))}/${yearOf(month)}`;
}

/** First day of the month at 00:00 UTC (ExcelJS turns it into a whole date serial). */
export function monthDate(month: number): Date {
  return new Date(Date.UTC(yearOf(month), month % 12, 1));
}

/** A day of a month, 00:00 UTC. */
export function dayDate(month: number, day: number): Date {
  return new Date(Date.UTC(yearOf(month), month % 12, day));
}

/** `2026-11-02` */
export function isoDay(month: number, day: number): string {
  return `${isoMonth(month)}-${pad2(day)}`;
}

/** Last day of the month (28..31). */
export function daysInMonth(month: number): number {
  return new Date(Date.UTC(yearOf(month), (month % 12) + 1, 0)).getUTCDate();
}

/** Integer month range [from, from + count). */
export function monthRange(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}
