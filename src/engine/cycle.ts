/**
 * The cycle's calendar: which month a run plans for and over how many months.
 *
 * Pure; no I/O.
 */
import type { SeriesTable } from "./inputs";
import { addPeriods, monthOfPeriod, parsePeriodKey, periodKey } from "./period";

/** Default planning horizon in months (DESIGN.md §2). */
export const DEFAULT_HORIZON = 18;
export const MIN_HORIZON = 12;
export const MAX_HORIZON = 24;

/** The last period of a table that holds any value, or null when the table is empty. */
export function lastPeriodWithData(t: SeriesTable): string | null {
  const w = t.periods.length;
  for (let j = w - 1; j >= 0; j--) {
    for (let i = 0; i < t.keys.length; i++) if (!Number.isNaN(t.values[i * w + j]!)) return t.periods[j]!;
  }
  return null;
}

/**
 * The cycle a run plans for: the given `YYYY-MM`, or the month after the last actual.
 * For weekly actuals, the month after the month of the last week.
 */
export function resolveCycle(actuals: SeriesTable, requested?: string): { cycle: string; lastActual: string | null } {
  const last = lastPeriodWithData(actuals);
  if (requested !== undefined) return { cycle: requested, lastActual: last };
  if (last === null) return { cycle: "", lastActual: null };
  const p = parsePeriodKey(last);
  if (p === null) return { cycle: "", lastActual: last };
  // Weekly: the Thursday of the ISO week decides its month (ISO 8601).
  return { cycle: periodKey(addPeriods(monthOfPeriod(p), 1)), lastActual: last };
}

/** A horizon within 12–24 months; `undefined` gives the default 18. */
export function clampHorizon(h: number | undefined): number {
  if (h === undefined || !Number.isFinite(h)) return DEFAULT_HORIZON;
  return Math.min(MAX_HORIZON, Math.max(MIN_HORIZON, Math.round(h)));
}

/** True when text is a cycle id `YYYY-MM` with a month 01–12. */
export function isCycleId(s: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}
