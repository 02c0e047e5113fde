/**
 * Probability that a resource is overloaded in a period, when its load is uncertain because
 * the demand behind it is a forecast (DESIGN.md §2 step 3; used by roughCutCapacity.ts).
 *
 * Model: the load is Normal(mean = the planned load, sd = σ), σ² = Σ_i (perUnit(i, r) ×
 * sd(i, t + lead))², the items' forecast errors being independent. Then
 *
 *   P(load > available) = 1 − Φ((available − load) / σ) = Φ((load − available) / σ),
 *
 * and with σ = 0 the load is certain: P = 1 when load > available, else 0.
 *
 * Φ, the standard normal distribution function, is evaluated without tabulated constants:
 * - |x| ≤ 3: Marsaglia's Taylor series, Φ(x) = ½ + φ(x) · Σ_{n≥0} x^{2n+1} / (1·3·5···(2n+1))
 *   (G. Marsaglia, "Evaluating the normal distribution", J. Stat. Software 11(4), 2004);
 * - |x| > 3: Laplace's continued fraction for the upper tail, Q(x) = φ(x) / (x + 1/(x + 2/(x +
 *   3/(x + …)))) (Abramowitz & Stegun 26.2.14), evaluated bottom-up;
 * both agree with the erfc-based Φ(x) = ½ erfc(−x/√2) to about 1e-15 absolute, and the tail
 * form keeps its relative accuracy far out (Φ(−8) ≈ 6.2e-16).
 *
 * Pure; no I/O.
 *
 * @example normalCdf(1)            // 0.8413447460685429
 * @example overloadProbability(110, 100, 10) // Φ(1) = 0.841…
 */

/** ln √(2π). */
const LN_SQRT_2PI = 0.9189385332046728;
/** Terms of the continued fraction: enough for 1e-15 at x = 3, more than enough beyond. */
const CF_TERMS = 120;
/** Beyond this |x|, Φ is 0 or 1 in double precision (Φ(−38.5) ≈ 1e-324). */
const X_MAX = 38.5;

/** Standard normal density φ(x). */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
}

/** Upper tail Q(x) = 1 − Φ(x) for x > 3, by Laplace's continued fraction. */
function upperTail(x: number): number {
  let f = x;
  for (let k = CF_TERMS; k >= 1; k--) f = x + k / f;
  return normalPdf(x) / f;
}

/**
 * Standard normal distribution function Φ(x) = P(Z ≤ x); absolute error ≈ 1e-15.
 * Φ(±∞) = 1 or 0; NaN for NaN.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= -X_MAX) return 0;
  if (x >= X_MAX) return 1;
  if (x < -3) return upperTail(-x);
  if (x > 3) return 1 - upperTail(x);
  // Marsaglia: s = x + x³/3 + x⁵/(3·5) + …, until the sum stops changing.
  const q = x * x;
  let s = x;
  let t = 0;
  let b = x;
  let i = 1;
  while (s !== t) {
    t = s;
    i += 2;
    b *= q / i;
    s = t + b;
  }
  return 0.5 + s * normalPdf(x);
}

/**
 * P(load > available) for a Normal load with mean `load` and standard deviation `sd`.
 * `sd` ≤ 0 (or not finite): the load is certain, so 1 when load > available, else 0.
 */
export function overloadProbability(load: number, available: number, sd: number): number {
  if (!(sd > 0) || !Number.isFinite(sd)) return load > available ? 1 : 0;
  return normalCdf((load - available) / sd);
}
