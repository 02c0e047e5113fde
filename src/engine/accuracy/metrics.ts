/**
 * Forecast error figures of DESIGN.md §4 from sums, so that any roll-up (family, attribute,
 * total) is computed from summed errors and actuals, never by averaging item percentages.
 *
 * `ErrorSums` accumulates pairs (A, F) with e = F − A; `figuresOf` turns sums into:
 *   WAPE = Σ|e| / Σ|A|            accuracy = max(0, 1 − WAPE)        bias % = Σe / ΣA
 *   MAPE = mean over A ≠ 0 of |e| / |A| (A = 0 counted and excluded)
 *   MAD = mean |e|                RMSE = √ mean e²
 *   sMAPE = 2/h · Σ |A − F| / (|A| + |F|), both-zero terms 0 (the planner / M4 form of
 *           `smape.ts` as a fraction rather than percent)
 *   MASE = Σ|e| / Σ scale (Hyndman & Koehler 2006, `mase.ts`: the scale of each pair is its
 *          item's in-sample seasonal-naive error; for one item, mean |e| / scale)
 * and `trackingSignal` = Σe / MAD (Brown 1959; alert when |TS| > 4 over the last 6 periods).
 * Every figure that is undefined (nothing measured, Σ|A| = 0, …) is null, never NaN.
 *
 * For thousands of items the sums live side by side in one Float64Array (`SumsTable`, filled
 * by the `addPair` kernel); an `ErrorSums` is a view of one slot (or owns a single one).
 *
 * Pure; no I/O.
 */
import type { AccuracyFigures } from "./types";

/** Slots of one set of sums in a Float64Array (see `ErrorSums`). */
export const SUMS = {
  count: 0,
  absError: 1,
  error: 2,
  sqError: 3,
  absActual: 4,
  actual: 5,
  forecast: 6,
  apeSum: 7,
  apeCount: 8,
  zeroActuals: 9,
  smapeSum: 10,
  scaledAbsError: 11,
  scaleSum: 12,
} as const;
/** Numbers per set of sums. */
export const SUMS_STRIDE = 13;

/**
 * The accumulation kernel: adds the pair (actual, forecast) to the sums stored at `d[o …
 * o + SUMS_STRIDE)`. Pairs with a non-finite value are ignored; `scale` (> 0) is the pair's
 * MASE denominator. Hot loops call this on a `SumsTable`'s array (no object per item).
 */
export function addPair(d: Float64Array, o: number, actual: number, forecast: number, scale: number): void {
  if (!Number.isFinite(actual) || !Number.isFinite(forecast)) return;
  const e = forecast - actual;
  const ae = Math.abs(e);
  const aa = Math.abs(actual);
  d[o]! += 1;
  d[o + 1]! += ae;
  d[o + 2]! += e;
  d[o + 3]! += e * e;
  d[o + 4]! += aa;
  d[o + 5]! += actual;
  d[o + 6]! += forecast;
  if (actual !== 0) {
    d[o + 7]! += ae / aa;
    d[o + 8]! += 1;
  } else d[o + 9]! += 1;
  const den = aa + Math.abs(forecast);
  if (den > 0) d[o + 10]! += ae / den;
  if (scale > 0 && Number.isFinite(scale)) {
    d[o + 11]! += ae;
    d[o + 12]! += scale;
  }
}

/**
 * Running sums of forecast errors (e = F − A): count, Σ|e|, Σe, Σe², Σ|A|, ΣA, ΣF, the MAPE
 * term sum and count (A ≠ 0), the zero-actual count, the sMAPE term sum and the MASE sums.
 * Add pairs, merge groups, read figures with `figuresOf`. The numbers live in a Float64Array
 * (its own, or one slot of a `SumsTable`), so that thousands of them cost no boxing.
 */
export class ErrorSums {
  constructor(
    readonly data: Float64Array = new Float64Array(SUMS_STRIDE),
    readonly offset = 0,
  ) {}

  /** Pairs added. */
  get count(): number {
    return this.data[this.offset]!;
  }
  /** Σ|e|. */
  get absError(): number {
    return this.data[this.offset + SUMS.absError]!;
  }
  /** Σe. */
  get error(): number {
    return this.data[this.offset + SUMS.error]!;
  }
  /** Σe². */
  get sqError(): number {
    return this.data[this.offset + SUMS.sqError]!;
  }
  /** Σ|A|. */
  get absActual(): number {
    return this.data[this.offset + SUMS.absActual]!;
  }
  /** ΣA. */
  get actual(): number {
    return this.data[this.offset + SUMS.actual]!;
  }
  /** ΣF. */
  get forecast(): number {
    return this.data[this.offset + SUMS.forecast]!;
  }
  /** Σ |e| / |A| over pairs with A ≠ 0. */
  get apeSum(): number {
    return this.data[this.offset + SUMS.apeSum]!;
  }
  /** Pairs with A ≠ 0. */
  get apeCount(): number {
    return this.data[this.offset + SUMS.apeCount]!;
  }
  /** Pairs with A = 0. */
  get zeroActuals(): number {
    return this.data[this.offset + SUMS.zeroActuals]!;
  }
  /** Σ |e| / (|A| + |F|) (0 when both are 0). */
  get smapeSum(): number {
    return this.data[this.offset + SUMS.smapeSum]!;
  }
  /** Σ|e| over pairs that carry a positive MASE scale. */
  get scaledAbsError(): number {
    return this.data[this.offset + SUMS.scaledAbsError]!;
  }
  /** Σ scale over those pairs. */
  get scaleSum(): number {
    return this.data[this.offset + SUMS.scaleSum]!;
  }

  /**
   * Adds one pair (actual, forecast); pairs with a non-finite value are ignored. `scale`
   * (> 0) is the pair's MASE denominator (its item's in-sample naive error).
   */
  add(actual: number, forecast: number, scale = 0): this {
    addPair(this.data, this.offset, actual, forecast, scale);
    return this;
  }

  /** Adds the sums of another accumulator (a group is the merge of its members). */
  merge(o: ErrorSums): this {
    for (let k = 0; k < SUMS_STRIDE; k++) this.data[this.offset + k]! += o.data[o.offset + k]!;
    return this;
  }
}

/** Sums of `size` groups (or items) in one Float64Array: slot g is `at(g)`. */
export class SumsTable {
  readonly data: Float64Array;
  constructor(readonly size: number) {
    this.data = new Float64Array(size * SUMS_STRIDE);
  }
  /** Pairs added to slot g (0: nothing measured). */
  count(g: number): number {
    return this.data[g * SUMS_STRIDE]!;
  }
  /** A view of slot g. */
  at(g: number): ErrorSums {
    return new ErrorSums(this.data, g * SUMS_STRIDE);
  }
  /** Adds slot h of `src` to slot g. */
  mergeFrom(g: number, src: SumsTable, h: number): void {
    const o = g * SUMS_STRIDE;
    const p = h * SUMS_STRIDE;
    for (let k = 0; k < SUMS_STRIDE; k++) this.data[o + k]! += src.data[p + k]!;
  }
}

/** a / b, or null when b is 0 or the result is not finite. */
export function ratio(a: number, b: number): number | null {
  if (b === 0) return null;
  const r = a / b;
  return Number.isFinite(r) ? r : null;
}

/** x, or null when it is not finite (Σe² overflows for errors beyond 1e154). */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** WAPE = Σ|e| / Σ|A| of sums; null when Σ|A| = 0. */
export function wapeOf(s: ErrorSums): number | null {
  return ratio(s.absError, s.absActual);
}

/** Forecast accuracy = max(0, 1 − WAPE); null when WAPE is undefined. */
export function accuracyOf(wape: number | null): number | null {
  return wape === null ? null : Math.max(0, 1 - wape);
}

/** Every figure of DESIGN.md §4 from sums; undefined figures are null. */
export function figuresOf(s: ErrorSums): AccuracyFigures {
  const wape = wapeOf(s);
  const n = s.count;
  return {
    count: n,
    actual: s.actual,
    forecast: s.forecast,
    absError: s.absError,
    error: s.error,
    wape,
    accuracy: accuracyOf(wape),
    biasPct: ratio(s.error, s.actual),
    mape: ratio(s.apeSum, s.apeCount),
    mapeCount: s.apeCount,
    zeroActuals: s.zeroActuals,
    mad: ratio(s.absError, n),
    rmse: n === 0 ? null : finiteOrNull(Math.sqrt(s.sqError / n)),
    smape: ratio(2 * s.smapeSum, n),
    mase: ratio(s.scaledAbsError, s.scaleSum),
  };
}

/**
 * Tracking signal Σe / MAD (MAD = mean |e|) of a run of errors e = F − A; non-finite errors
 * are skipped. Null when there is no error or all are 0. Positive: over-forecasting.
 * Its magnitude cannot exceed the number of errors.
 *
 * @example trackingSignal([2, 2, -1]) // Σe = 3, MAD = 5/3 → 1.8
 */
export function trackingSignal(errors: ArrayLike<number>): number | null {
  let sum = 0;
  let abs = 0;
  let n = 0;
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i]!;
    if (!Number.isFinite(e)) continue;
    sum += e;
    abs += Math.abs(e);
    n++;
  }
  if (n === 0 || abs === 0) return null;
  return sum / (abs / n);
}
