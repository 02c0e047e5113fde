import assert from "node:assert/strict";
import { auto } from "../../../src/engine/forecast/auto";
import { combination, meanOf } from "../../../src/engine/forecast/combination";
import { METHODS, forecast } from "../../../src/engine/forecast/index";
import { theta } from "../../../src/engine/forecast/theta";
import type { ForecastResult, MethodName } from "../../../src/engine/forecast/types";

const noNaN = (r: ForecastResult): void => {
  for (const a of [r.point, r.lower80, r.upper80, r.lower95, r.upper95]) for (const v of a) assert.ok(Number.isFinite(v));
};

describe("forecast: combination and auto", () => {
  it("the mean of two results is the mean of their points and bounds", () => {
    const mk = (p: number, w: number): ForecastResult => ({
      method: "theta", params: { alpha: 0.5 }, point: Float64Array.of(p, p), lower80: Float64Array.of(p - w, p - w), upper80: Float64Array.of(p + w, p + w),
      lower95: Float64Array.of(p - 2 * w, p - 2 * w), upper95: Float64Array.of(p + 2 * w, p + 2 * w), fitted: Float64Array.of(1), sigma: w, mse: w * w, reason: "",
    });
    const r = meanOf("combination", [mk(10, 1), mk(20, 3)], "x");
    assert.deepEqual([...r.point], [15, 15]);
    assert.deepEqual([...r.lower80], [13, 13]);
    assert.deepEqual([...r.upper95], [19, 19]);
    assert.equal(r.sigma, 2);
  });

  it("weights: 3:1 gives 12.5 between 10 and 20; parameters of a repeated method are kept apart", () => {
    const mk = (p: number, a: number): ForecastResult => ({
      method: "theta", params: { alpha: a }, point: Float64Array.of(p), lower80: Float64Array.of(p), upper80: Float64Array.of(p),
      lower95: Float64Array.of(p), upper95: Float64Array.of(p), fitted: Float64Array.of(1), sigma: 1, mse: 1, reason: "",
    });
    const r = meanOf("combination", [mk(10, 0.1), mk(20, 0.2)], "x", [3, 1]);
    assert.equal(r.point[0], 12.5);
    assert.deepEqual(r.params, { "theta.alpha": 0.1, "theta#2.alpha": 0.2 });
  });

  it("a member shorter than the first counts 0 where it has no value; weights that are not positive numbers count 0", () => {
    const mk = (point: number[], fitted: number[]): ForecastResult => ({
      method: "naive", params: {}, point: Float64Array.from(point), lower80: Float64Array.from(point), upper80: Float64Array.from(point),
      lower95: Float64Array.from(point), upper95: Float64Array.from(point), fitted: Float64Array.from(fitted), sigma: 2, mse: 4, reason: "",
    });
    // Weights 1, 1, NaN → ½, ½, 0: the third member (100s) is left out.
    const r = meanOf("combination", [mk([10, 20, 30], [4, 6]), mk([30], [8]), mk([100, 100, 100], [100, 100])], "x", [1, 1, Number.NaN]);
    assert.deepEqual([...r.point], [20, 10, 15]);
    assert.deepEqual([...r.fitted], [6, 3]);
    assert.equal(r.sigma, 2);
    assert.equal(r.mse, 4);
    assert.deepEqual(r.params, {});
    // Point only: the same points, no intervals.
    const p = meanOf("combination", [mk([10, 20, 30], [4, 6]), mk([30], [8])], "x", undefined, true);
    assert.deepEqual([...p.point], [20, 10, 15]);
    assert.equal(p.lower80.length, 0);
  });

  it("combination on a straight line: θ = 5 by MSE, θ = 3 by holdout, 40/40/20 with the damped Holt-Winters member", () => {
    // y = 100 + 2t: every theta line is the line itself, SES α → 1, so member θ forecasts
    // y_n + 2h(1 − 1/θ); the in-sample error 2/θ is smallest at θ = 5, the holdout error
    // 2h/θ smallest at θ = 3 (the holdout grid's largest).
    const y = Float64Array.from({ length: 30 }, (_, i) => 100 + 2 * i);
    const c = combination.forecast(y, { period: 1, horizon: 6 });
    noNaN(c);
    assert.equal(c.params["optimisedTheta.theta"], 5);
    assert.equal(c.params["optimisedTheta#2.theta"], 3);
    const dampedMember = METHODS.holtWintersMultiplicativeDamped.forecast(y, { period: 1, horizon: 6 });
    for (let h = 1; h <= 6; h++) {
      const expected = 0.4 * (158 + 1.6 * h) + 0.4 * (158 + (4 / 3) * h) + 0.2 * dampedMember.point[h - 1]!;
      assert.ok(Math.abs(c.point[h - 1]! - expected) < 0.01, `h=${h}: ${c.point[h - 1]} vs ${expected}`);
    }
    const t = theta.forecast(y, { period: 1, horizon: 6 });
    assert.ok(c.point[5]! > t.point[5]!, "keeps more of the trend than standard Theta's half slope");
    assert.match(c.reason, /optimised Theta \(θ by MSE\) 40 %, optimised Theta \(θ by holdout\) 40 %, damped Holt-Winters 20 %/);
  });

  it("auto routes intermittent demand to SBA, stopped demand to TSB, smooth demand to the combination, with a holdout", () => {
    const inter = Float64Array.from({ length: 36 }, (_, i) => (i % 4 === 0 ? 5 + (i % 3) * 7 : 0));
    const a = auto.forecast(inter, { period: 12, horizon: 6 });
    assert.equal(a.method, "sba");
    assert.match(a.reason, /intermittent|lumpy/);
    const stopped = Float64Array.from({ length: 36 }, (_, i) => (i < 24 && i % 3 === 0 ? 9 : 0));
    assert.equal(auto.forecast(stopped, { period: 12, horizon: 6 }).method, "tsb");
    const smooth = Float64Array.from({ length: 48 }, (_, i) => 100 + 10 * Math.sin((2 * Math.PI * i) / 12) + i);
    const s = auto.forecast(smooth, { period: 12, horizon: 18 });
    assert.equal(s.method, "combination");
    assert.ok(s.holdout && s.holdout.points === 12 && s.holdout.smape < 10, JSON.stringify(s.holdout));
    noNaN(s);
  });

  it("auto never returns NaN or negative forecasts for non-negative history, and handles tiny histories", () => {
    const cases = [new Float64Array(0), Float64Array.of(5), Float64Array.of(5, 7), Float64Array.of(0, 0, 0, 0), Float64Array.of(10, Number.NaN, 12, 1e9, 11, 10, 12, 11), Float64Array.from({ length: 20 }, (_, i) => 100 - 6 * i)];
    for (const y of cases) {
      const r = auto.forecast(y, { period: 12, horizon: 8 });
      assert.equal(r.point.length, 8);
      noNaN(r);
      if (y.length > 0 && [...y].every((v) => Number.isNaN(v) || v >= 0)) for (const v of r.point) assert.ok(v >= 0);
    }
  });
});

describe("forecast(): the one entry point", () => {
  it("dispatches by method name and defaults to auto", () => {
    const y = [10, 12, 11, 13, 12, 14, 13, 15];
    assert.equal(forecast(y, { period: 1, horizon: 3, method: "naive" }).point[2], 15);
    assert.equal(forecast(y, { period: 1, horizon: 3 }).point.length, 3);
    for (const name of Object.keys(METHODS) as MethodName[]) {
      const r = forecast(y, { period: 4, horizon: 5, method: name });
      assert.equal(r.point.length, 5, name);
      for (const v of r.upper95) assert.ok(Number.isFinite(v), name);
    }
  });
});
