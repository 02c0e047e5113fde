/**
 * Symmetric mean absolute percentage error (sMAPE), in percent (0–200).
 *
 * Two forms, because the literature has two:
 *
 * - `smapeM3` — the M3 competition definition (Makridakis & Hibon 2000, "The M3-Competition:
 *   results, conclusions and implications", IJF 16(4) 451–476):
 *     sMAPE = 200/h · Σ |y − f| / (y + f)
 *   with no absolute values in the denominator. Use it to reproduce the published M3 tables.
 *   A term whose denominator is 0 counts as 0 when y = f, and is skipped otherwise
 *   (a terms count of 0 then gives 0) — never NaN.
 *
 * - `smapePlanner` — the M4 form of DESIGN.md §4 (Makridakis, Spiliotis & Assimakopoulos 2020,
 *   "The M4 Competition", IJF 36(1)):
 *     sMAPE = 200/h · Σ |y − f| / (|y| + |f|),   terms with y = f = 0 count as 0.
 *
 * Both return the mean over the terms (h = number of pairs with finite y and f).
 * `smapeM3Terms` returns the per-point terms (200·|y−f|/(y+f)) so that a caller can pool them
 * over many series, as the published "all series" figures do.
 *
 * Pure; no I/O.
 *
 * @example smapeM3([100, 200], [110, 180]) // 100·(10/210 + 20/380) ≈ 10.026
 */

/** Sum and count of the M3 sMAPE terms (each 200·|y−f|/(y+f)); pairs with a NaN are skipped. */
export function smapeM3Terms(
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
): { readonly sum: number; readonly count: number } {
  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    const f = forecast[i]!;
    if (!Number.isFinite(y) || !Number.isFinite(f)) continue;
    const d = y + f;
    if (d === 0) {
      if (y === f) count++;
      continue;
    }
    sum += (200 * Math.abs(y - f)) / d;
    count++;
  }
  return { sum, count };
}

/** M3 sMAPE: 200/h · Σ |y − f| / (y + f), in percent. 0 when there is nothing to score. */
export function smapeM3(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const { sum, count } = smapeM3Terms(actual, forecast);
  return count === 0 ? 0 : sum / count;
}

/** Planner (M4) sMAPE: 200/h · Σ |y − f| / (|y| + |f|), both-zero terms = 0, in percent. */
export function smapePlanner(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  const n = Math.min(actual.length, forecast.length);
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const y = actual[i]!;
    const f = forecast[i]!;
    if (!Number.isFinite(y) || !Number.isFinite(f)) continue;
    const d = Math.abs(y) + Math.abs(f);
    if (d > 0) sum += (200 * Math.abs(y - f)) / d;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}
