/**
 * Seasonality: tested, not assumed. The autocorrelation test of the M4 benchmarks, classical
 * decomposition into seasonal indices, and the deseasonalise / reseasonalise helpers the
 * methods that need deseasonalised data (naive2, SES/Holt/damped on adjusted data, Theta) use.
 *
 * Definitions
 * - Sample autocorrelation (Box & Jenkins; R's `acf`):
 *   r_k = Σ_{t=k}^{n−1} (x_t − x̄)(x_{t−k} − x̄) / Σ_{t=0}^{n−1} (x_t − x̄)².
 * - Seasonality test (M4 Competition benchmarks, `seasonality_test` in
 *   github.com/Mcompetitions/M4-methods, Benchmarks and Evaluation.R): a series of length
 *   n ≥ 3m with m > 1 is seasonal when |r_m| > 1.645 · sqrt((1 + 2 Σ_{k=1}^{m−1} r_k²) / n),
 *   a one-sided 90 % limit with Bartlett's variance for the autocorrelation at lag m.
 * - Classical decomposition (R's `decompose`; Makridakis, Wheelwright & Hyndman 1998,
 *   "Forecasting: Methods and Applications", §4/3): trend by a centred moving average of
 *   order m (a 2×m MA when m is even); the detrended ratios x_t / T_t (multiplicative) or
 *   differences x_t − T_t (additive) are averaged per season position and normalised to
 *   mean 1 (multiplicative) or mean 0 (additive).
 *
 * Season positions are counted from the first observation: position p of index t is t mod m.
 * Missing values (NaN) are skipped; a season position with no usable value gets the neutral
 * index (1 or 0). Never throws, never returns NaN indices.
 *
 * Pure; no I/O.
 */

/** Sample autocorrelations r_1 … r_maxLag (index k−1 holds r_k); NaN values are skipped pairwise. */
export function autocorrelations(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(Math.max(0, maxLag));
  let sum = 0;
  let count = 0;
  for (let t = 0; t < n; t++) {
    const v = x[t]!;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  if (count === 0) return out;
  const mean = sum / count;
  let denominator = 0;
  for (let t = 0; t < n; t++) {
    const v = x[t]!;
    if (Number.isFinite(v)) denominator += (v - mean) ** 2;
  }
  if (!(denominator > 0)) return out;
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = k; t < n; t++) {
      const a = x[t]!;
      const b = x[t - k]!;
      if (Number.isFinite(a) && Number.isFinite(b)) s += (a - mean) * (b - mean);
    }
    out[k - 1] = s / denominator;
  }
  return out;
}

/**
 * The M4 benchmarks' 90 % seasonality test at lag `period`. False when period ≤ 1 or the
 * series has fewer than 3 · period observations.
 */
export function isSeasonal(x: ArrayLike<number>, period: number): boolean {
  const m = Math.floor(period);
  const n = x.length;
  if (!(m > 1) || n < 3 * m) return false;
  const r = autocorrelations(x, m);
  let s = 1;
  for (let k = 1; k < m; k++) s += 2 * r[k - 1]! ** 2;
  const limit = (1.645 * Math.sqrt(s)) / Math.sqrt(n);
  return Math.abs(r[m - 1]!) > limit;
}

/** Centred moving average of order m (2×m when m is even); NaN where the window is incomplete. */
export function centredMovingAverage(x: ArrayLike<number>, period: number): Float64Array {
  const n = x.length;
  const m = Math.max(1, Math.floor(period));
  const out = new Float64Array(n).fill(NaN);
  const half = Math.floor(m / 2);
  for (let t = half; t + half < n; t++) {
    let s = 0;
    if (m % 2 === 1) {
      for (let i = t - half; i <= t + half; i++) s += x[i]!;
    } else {
      s = 0.5 * x[t - half]! + 0.5 * x[t + half]!;
      for (let i = t - half + 1; i < t + half; i++) s += x[i]!;
    }
    out[t] = s / m;
  }
  return out;
}

/** Kind of seasonality. */
export type SeasonalType = "additive" | "multiplicative";

/**
 * Seasonal indices of a classical decomposition, indexed by season position (t mod period).
 * Multiplicative indices have mean 1; additive ones mean 0. A period ≤ 1 gives `[1]` or `[0]`.
 */
export function seasonalIndices(
  x: ArrayLike<number>,
  period: number,
  type: SeasonalType = "multiplicative",
): Float64Array {
  const m = Math.max(1, Math.floor(period));
  const neutral = type === "multiplicative" ? 1 : 0;
  const indices = new Float64Array(m).fill(neutral);
  if (m === 1) return indices;
  const trend = centredMovingAverage(x, m);
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    const tr = trend[t]!;
    if (!Number.isFinite(v) || !Number.isFinite(tr)) continue;
    const p = t % m;
    if (type === "multiplicative") {
      if (tr === 0) continue;
      sums[p] = sums[p]! + v / tr;
    } else {
      sums[p] = sums[p]! + (v - tr);
    }
    counts[p] = counts[p]! + 1;
  }
  for (let p = 0; p < m; p++) if (counts[p]! > 0) indices[p] = sums[p]! / counts[p]!;
  let mean = 0;
  for (let p = 0; p < m; p++) mean += indices[p]! / m;
  if (type === "multiplicative") {
    if (!(mean > 0) || !Number.isFinite(mean)) return indices.fill(1);
    for (let p = 0; p < m; p++) indices[p] = indices[p]! / mean;
    // A negative or zero index (data not positive) cannot scale a series: fall back to neutral.
    for (let p = 0; p < m; p++) if (!(indices[p]! > 0)) return indices.fill(1);
  } else {
    if (!Number.isFinite(mean)) return indices.fill(0);
    for (let p = 0; p < m; p++) indices[p] = indices[p]! - mean;
  }
  return indices;
}

/**
 * Removes seasonality: x_t / s[(t + start) mod m] (multiplicative) or x_t − s[…] (additive).
 * `start` is the season position of x[0] (0 for a history).
 */
export function deseasonalize(
  x: ArrayLike<number>,
  indices: ArrayLike<number>,
  type: SeasonalType = "multiplicative",
  start = 0,
): Float64Array {
  return applySeason(x, indices, type, start, false);
}

/**
 * Puts seasonality back: y_t · s[(t + start) mod m] (multiplicative) or y_t + s[…] (additive).
 * For a forecast following a history of length n, `start` is n.
 */
export function reseasonalize(
  y: ArrayLike<number>,
  indices: ArrayLike<number>,
  type: SeasonalType = "multiplicative",
  start = 0,
): Float64Array {
  return applySeason(y, indices, type, start, true);
}

function applySeason(
  x: ArrayLike<number>,
  indices: ArrayLike<number>,
  type: SeasonalType,
  start: number,
  put: boolean,
): Float64Array {
  const m = indices.length;
  const out = new Float64Array(x.length);
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (m === 0) {
      out[t] = v;
      continue;
    }
    const p = (((t + start) % m) + m) % m;
    const s = indices[p]!;
    if (type === "multiplicative") out[t] = put ? v * s : s !== 0 ? v / s : v;
    else out[t] = put ? v + s : v - s;
  }
  return out;
}

/**
 * Multiplicative indices shrunk towards 1: s'_p = 1 + λ·(s_p − 1), renormalised to mean 1.
 * Classical indices are noisy estimates; shrinking them improves forecasts (Miller & Williams
 * 2003, "Shrinkage estimators of time series seasonal factors and their effect on forecasting
 * accuracy", IJF 19(4) 669–684). λ = 1 leaves them unchanged.
 */
export function shrinkIndices(indices: ArrayLike<number>, lambda: number): Float64Array {
  const m = indices.length;
  const l = Number.isFinite(lambda) ? Math.min(1, Math.max(0, lambda)) : 1;
  const out = new Float64Array(m);
  let mean = 0;
  for (let p = 0; p < m; p++) {
    out[p] = 1 + l * (indices[p]! - 1);
    mean += out[p]! / m;
  }
  if (mean > 0) for (let p = 0; p < m; p++) out[p] = out[p]! / mean;
  return out;
}

/**
 * The stable-seasonality F-test of X-11 (Lothian & Morry 1978; U.S. Census Bureau X-13ARIMA-SEATS
 * reference manual, "F-test for stable seasonality"): a one-way analysis of variance of the
 * detrended ratios d_t = x_t / trend_t (centred moving average) grouped by season position.
 * F = (SS_between / (m − 1)) / (SS_within / (N − m)), with its p-value from the F distribution.
 * Null (F 0, p 1) when the series is shorter than 2·period + 1, not positive, or too few ratios.
 */
export function stableSeasonalityTest(x: ArrayLike<number>, period: number): { readonly f: number; readonly df1: number; readonly df2: number; readonly pValue: number } {
  const none = { f: 0, df1: 0, df2: 0, pValue: 1 };
  const m = Math.floor(period);
  const n = x.length;
  if (!(m > 1) || n < 2 * m + 1) return none;
  for (let t = 0; t < n; t++) if (!(x[t]! > 0)) return none;
  const trend = centredMovingAverage(x, m);
  const sum = new Float64Array(m);
  const count = new Float64Array(m);
  const ratios: { p: number; d: number }[] = [];
  for (let t = 0; t < n; t++) {
    const tr = trend[t]!;
    if (!(tr > 0)) continue;
    const d = x[t]! / tr;
    ratios.push({ p: t % m, d });
    sum[t % m] = sum[t % m]! + d;
    count[t % m] = count[t % m]! + 1;
  }
  const N = ratios.length;
  let groups = 0;
  for (let p = 0; p < m; p++) if (count[p]! > 0) groups++;
  if (groups < 2 || N - groups < 1) return none;
  let grand = 0;
  for (const r of ratios) grand += r.d / N;
  let between = 0;
  for (let p = 0; p < m; p++) if (count[p]! > 0) between += count[p]! * (sum[p]! / count[p]! - grand) ** 2;
  let within = 0;
  for (const r of ratios) within += (r.d - sum[r.p]! / count[r.p]!) ** 2;
  const df1 = groups - 1;
  const df2 = N - groups;
  if (!(within > 0)) return { f: Infinity, df1, df2, pValue: between > 0 ? 0 : 1 };
  const f = between / df1 / (within / df2);
  return { f, df1, df2, pValue: fDistributionUpperTail(f, df1, df2) };
}

/** P(F > f) for the F distribution with (d1, d2) degrees of freedom: I_{d2/(d2 + d1 f)}(d2/2, d1/2). */
export function fDistributionUpperTail(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  if (!Number.isFinite(f)) return 0;
  return regularizedIncompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; about 15 significant digits). */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized incomplete beta function I_x(a, b) (continued fraction, Numerical Recipes §6.4). */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  const cf = (xx: number, aa: number, bb: number): number => {
    const tiny = 1e-300;
    let c = 1;
    let d = 1 - ((aa + bb) * xx) / (aa + 1);
    if (Math.abs(d) < tiny) d = tiny;
    d = 1 / d;
    let h = d;
    for (let m = 1; m <= 300; m++) {
      const m2 = 2 * m;
      let num = (m * (bb - m) * xx) / ((aa + m2 - 1) * (aa + m2));
      d = 1 + num * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      h *= d * c;
      num = (-(aa + m) * (aa + bb + m) * xx) / ((aa + m2) * (aa + m2 + 1));
      d = 1 + num * d;
      if (Math.abs(d) < tiny) d = tiny;
      c = 1 + num / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      const del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-14) break;
    }
    return h;
  };
  return x < (a + 1) / (a + b + 2) ? (front * cf(x, a, b)) / a : 1 - (front * cf(1 - x, b, a)) / b;
}
