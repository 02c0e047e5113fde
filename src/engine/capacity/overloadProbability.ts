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
 * Φ comes from `../normalDistribution` (re-exported here for the capacity tests).
 *
 * Pure; no I/O.
 *
 * @example overloadProbability(110, 100, 10) // Φ(1) = 0.841…
 */
import { normalCdf } from "../normalDistribution";

export { normalCdf };

/**
 * P(load > available) for a Normal load with mean `load` and standard deviation `sd`.
 * `sd` ≤ 0 (or not finite): the load is certain, so 1 when load > available, else 0.
 */
export function overloadProbability(load: number, available: number, sd: number): number {
  if (!(sd > 0) || !Number.isFinite(sd)) return load > available ? 1 : 0;
  return normalCdf((load - available) / sd);
}
