import assert from "node:assert/strict";
import { fitOptimisedTheta, optimisedTheta } from "../../../src/engine/forecast/optimisedTheta";
import { shrinkIndices } from "../../../src/engine/forecast/seasonality";
import { theta, thetaFit } from "../../../src/engine/forecast/theta";

const close = (a: number, b: number, tol: number): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);

describe("optimised Theta", () => {
  it("θ = 1 is simple exponential smoothing: x = 2 4 3 5, α = 0.5, least-squares ℓ0 = 50/17, forecast 69/17", () => {
    // By hand: ℓ_t = a_t + (1 − α)^t ℓ0; one-step errors 2 − ℓ0, 3 − ℓ0/2, 1/2 − ℓ0/4, 9/4 − ℓ0/8;
    // ℓ0 = Σ c·b / Σ b² = 3.90625 / 1.328125 = 50/17; ℓ4 = 3.875 + ℓ0/16 = 69/17.
    const f = thetaFit(Float64Array.of(2, 4, 3, 5), 1, 2, 0.5);
    close(f.point[0]!, 69 / 17, 1e-12);
    close(f.point[1]!, 69 / 17, 1e-12);
    close(f.fitted[0]!, 50 / 17, 1e-12);
  });

  it("θ = 2 is the standard Theta method", () => {
    const y = Float64Array.of(12, 15, 11, 18, 20, 17, 23, 21, 26, 24, 29, 27);
    const a = thetaFit(y, 2, 4);
    const b = theta.forecast(y, { period: 1, horizon: 4 });
    for (let i = 0; i < 4; i++) close(a.point[i]!, b.point[i]!, 1e-9);
  });

  it("θ = 3 on x = 2 4 3 5 with α = 0.5: line 1.5 + 0.8t, forecast ℓ_n/3 + ⅔·(1.5 + 0.8·(n + h))", () => {
    const x = Float64Array.of(2, 4, 3, 5);
    const f = thetaFit(x, 3, 1, 0.5);
    // z = 3x − 2L with L = 2.3 3.1 3.9 4.7: z = 1.4 5.8 1.2 5.6.
    const z = [1.4, 5.8, 1.2, 5.6];
    const b = [1, 0.5, 0.25, 0.125];
    const a = [0, 0.5 * z[0]!, 0.5 * z[1]! + 0.25 * z[0]!, 0.5 * z[2]! + 0.25 * z[1]! + 0.125 * z[0]!];
    let scb = 0;
    let sbb = 0;
    for (let t = 0; t < 4; t++) {
      scb += (z[t]! - a[t]!) * b[t]!;
      sbb += b[t]! ** 2;
    }
    const l0 = scb / sbb;
    const l4 = 0.5 * z[3]! + 0.25 * z[2]! + 0.125 * z[1]! + 0.0625 * z[0]! + 0.0625 * l0;
    close(f.point[0]!, l4 / 3 + (2 / 3) * (1.5 + 0.8 * 5), 1e-9);
  });

  it("chooses θ by in-sample MSE (θ = 5 on a line) and by holdout (θ = 3 on a line)", () => {
    const y = Float64Array.from({ length: 24 }, (_, i) => 50 + 3 * i);
    assert.equal(fitOptimisedTheta(y, 6, "mse").theta, 5);
    assert.equal(fitOptimisedTheta(y, 6, "holdout").theta, 3);
    const r = optimisedTheta.forecast(y, { period: 12, horizon: 6 });
    assert.equal(r.params.theta, 5);
    assert.match(r.reason, /θ = 5 by in-sample MSE/);
  });

  it("a series too short for a holdout falls back to the MSE grid; empty and constant series give clear results", () => {
    assert.equal(fitOptimisedTheta(Float64Array.of(1, 2, 3), 6, "holdout").theta, 5);
    const e = optimisedTheta.forecast(new Float64Array(0), { period: 12, horizon: 3 });
    assert.deepEqual([...e.point], [0, 0, 0]);
    const c = optimisedTheta.forecast(new Float64Array(30).fill(7), { period: 12, horizon: 3 });
    for (const v of c.point) close(v, 7, 1e-9);
  });

  it("shrinkIndices moves 0.8 1.2 0.9 1.1 half way to 1 (mean stays 1); λ = 1 leaves them", () => {
    assert.deepEqual([...shrinkIndices([0.8, 1.2, 0.9, 1.1], 0.5)].map((v) => +v.toFixed(12)), [0.9, 1.1, 0.95, 1.05]);
    assert.deepEqual([...shrinkIndices([0.8, 1.2, 0.9, 1.1], 1)].map((v) => +v.toFixed(12)), [0.8, 1.2, 0.9, 1.1]);
  });
});
