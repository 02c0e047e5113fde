/**
 * Bounded Nelder–Mead minimiser: the optimiser behind every fitted forecasting parameter.
 *
 * Definition: the downhill simplex method of Nelder & Mead (1965), "A simplex method for
 * function minimization", Computer Journal 7(4):308–313, with the standard coefficients
 * reflection 1, expansion 2, contraction 0.5, shrink 0.5 (Lagarias, Reeds, Wright & Wright
 * 1998, "Convergence properties of the Nelder–Mead simplex method in low dimensions",
 * SIAM J. Optim. 9(1):112–147, which also fixes the tie-breaking used here).
 * Box bounds are honoured by clamping every trial point into [lower, upper], so the
 * objective is never evaluated outside the box. A non-finite objective value is treated
 * as +Infinity (the point is simply worse than any finite one).
 *
 * Stops when the spread of objective values over the simplex is at most
 * `tolerance · (|f_best| + tolerance)` and the simplex diameter is at most `xTolerance`,
 * or after `maxIterations` iterations. Deterministic: no randomness.
 *
 * Pure; no I/O.
 */

/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Lower bounds, one per coordinate (default −Infinity). */
  readonly lower?: ArrayLike<number>;
  /** Upper bounds, one per coordinate (default +Infinity). */
  readonly upper?: ArrayLike<number>;
  /** Maximum number of iterations (default 200 · dimension). */
  readonly maxIterations?: number;
  /** Relative tolerance on the spread of objective values (default 1e-10). */
  readonly tolerance?: number;
  /** Absolute tolerance on the simplex diameter (default 1e-8). */
  readonly xTolerance?: number;
  /**
   * Initial step per coordinate (default: 10 % of the bounded range, or 5 % of |x0|,
   * or 0.00025 when x0 is 0, as in MATLAB's fminsearch).
   */
  readonly step?: ArrayLike<number>;
}

/** Result of {@link nelderMead}. */
export interface NelderMeadResult {
  /** Best point found (inside the bounds). */
  readonly x: Float64Array;
  /** Objective value at `x` (+Infinity if it was never finite). */
  readonly fx: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** True when the tolerances were met before `maxIterations`. */
  readonly converged: boolean;
}

/** Minimises `f` from `x0` inside optional box bounds. */
export function nelderMead(
  f: (x: Float64Array) => number,
  x0: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const lo = options.lower?.[j];
    const hi = options.upper?.[j];
    lower[j] = lo !== undefined && !Number.isNaN(lo) ? lo : -Infinity;
    upper[j] = hi !== undefined && !Number.isNaN(hi) ? hi : Infinity;
    if (lower[j]! > upper[j]!) {
      const t = lower[j]!;
      lower[j] = upper[j]!;
      upper[j] = t;
    }
  }
  const clamp = (x: Float64Array): Float64Array => {
    for (let j = 0; j < n; j++) {
      let v = x[j]!;
      if (Number.isNaN(v)) v = Number.isFinite(lower[j]!) ? lower[j]! : Number.isFinite(upper[j]!) ? upper[j]! : 0;
      x[j] = Math.min(upper[j]!, Math.max(lower[j]!, v));
    }
    return x;
  };
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };

  const start = clamp(Float64Array.from(x0));
  if (n === 0) {
    return { x: start, fx: evaluate(start), iterations: 0, evaluations, converged: true };
  }
  const maxIterations = options.maxIterations ?? 200 * n;
  const ftol = options.tolerance ?? 1e-10;
  const xtol = options.xTolerance ?? 1e-8;

  // Initial simplex: x0 and x0 + step_j e_j (stepping backwards when forward hits the bound).
  const simplex: Float64Array[] = [start];
  for (let j = 0; j < n; j++) {
    const range = upper[j]! - lower[j]!;
    let step = options.step?.[j];
    if (step === undefined || !Number.isFinite(step) || step === 0) {
      step = Number.isFinite(range) ? 0.1 * range : start[j] !== 0 ? 0.05 * Math.abs(start[j]!) : 0.00025;
      if (step === 0) step = 0.00025;
    }
    const v = Float64Array.from(start);
    v[j] = start[j]! + step <= upper[j]! ? start[j]! + step : start[j]! - step;
    simplex.push(clamp(v));
  }
  const values = simplex.map(evaluate);

  // Stable sort by value (ties keep their order: deterministic), by insertion: no allocation.
  const order = (): void => {
    for (let i = 1; i <= n; i++) {
      const p = simplex[i]!;
      const v = values[i]!;
      let k = i - 1;
      while (k >= 0 && values[k]! > v) {
        simplex[k + 1] = simplex[k]!;
        values[k + 1] = values[k]!;
        k--;
      }
      simplex[k + 1] = p;
      values[k + 1] = v;
    }
  };
  // Trial points are written into spare buffers; a point leaving the simplex becomes a spare.
  const spare: Float64Array[] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const take = (): Float64Array => spare.pop() ?? new Float64Array(n);
  const combine = (out: Float64Array, c: Float64Array, w: Float64Array, t: number): Float64Array => {
    for (let j = 0; j < n; j++) out[j] = c[j]! + t * (w[j]! - c[j]!);
    return clamp(out);
  };
  const centroid = new Float64Array(n);
  /** Replace the worst point by `p` (the worst point's buffer becomes a spare). */
  const replaceWorst = (p: Float64Array, fp: number): void => {
    spare.push(simplex[n]!);
    simplex[n] = p;
    values[n] = fp;
  };

  let iterations = 0;
  let converged = false;
  order();
  while (iterations < maxIterations) {
    const best = values[0]!;
    const worst = values[n]!;
    let diameter = 0;
    for (let i = 1; i <= n; i++) {
      for (let j = 0; j < n; j++) diameter = Math.max(diameter, Math.abs(simplex[i]![j]! - simplex[0]![j]!));
    }
    const spreadOk =
      (Number.isFinite(worst) && Math.abs(worst - best) <= ftol * (Math.abs(best) + ftol)) || worst === best;
    if (spreadOk && diameter <= xtol) {
      converged = true;
      break;
    }
    if (diameter === 0) {
      converged = true;
      break;
    }
    iterations++;
    centroid.fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + simplex[i]![j]! / n;
    const worstPoint = simplex[n]!;
    const xr = combine(take(), centroid, worstPoint, -1);
    const fr = evaluate(xr);
    if (fr < values[0]!) {
      const xe = combine(take(), centroid, worstPoint, -2);
      const fe = evaluate(xe);
      if (fe < fr) {
        spare.push(xr);
        replaceWorst(xe, fe);
      } else {
        spare.push(xe);
        replaceWorst(xr, fr);
      }
    } else if (fr < values[n - 1]!) {
      replaceWorst(xr, fr);
    } else {
      let shrink = false;
      if (fr < values[n]!) {
        const xc = combine(take(), centroid, worstPoint, -0.5);
        const fc = evaluate(xc);
        spare.push(xr);
        if (fc <= fr) replaceWorst(xc, fc);
        else {
          spare.push(xc);
          shrink = true;
        }
      } else {
        const xcc = combine(take(), centroid, worstPoint, 0.5);
        const fcc = evaluate(xcc);
        spare.push(xr);
        if (fcc < values[n]!) replaceWorst(xcc, fcc);
        else {
          spare.push(xcc);
          shrink = true;
        }
      }
      if (shrink) {
        const b = simplex[0]!;
        for (let i = 1; i <= n; i++) {
          // In place: each coordinate is read once before it is written.
          simplex[i] = combine(simplex[i]!, b, simplex[i]!, 0.5);
          values[i] = evaluate(simplex[i]!);
        }
      }
    }
    order();
  }
  return { x: Float64Array.from(simplex[0]!), fx: values[0]!, iterations, evaluations, converged };
}
