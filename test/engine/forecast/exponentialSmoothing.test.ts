import assert from "node:assert/strict";
import {
  damped,
  etsFilter,
  etsSse,
  holt,
  holtWintersAdditive,
  holtWintersAdditiveDamped,
  holtWintersMultiplicative,
  holtWintersMultiplicativeDamped,
  ses,
} from "../../../src/engine/forecast/exponentialSmoothing";
import { type Forecaster, type ForecastResult, Z80, Z95 } from "../../../src/engine/forecast/types";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);
const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

/** Deterministic standard normal draws (Park–Miller uniforms, Box–Muller). */
function normals(n: number, seed = 42): Float64Array {
  let s = seed;
  const u = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

const all: Forecaster[] = [
  ses,
  holt,
  damped,
  holtWintersAdditive,
  holtWintersMultiplicative,
  holtWintersAdditiveDamped,
  holtWintersMultiplicativeDamped,
];

/** Every array has `horizon` entries, nothing is NaN, the bands are nested. */
function assertWellFormed(r: ForecastResult, horizon: number, n: number): void {
  for (const a of [r.point, r.lower80, r.upper80, r.lower95, r.upper95]) {
    assert.equal(a.length, horizon);
    a.forEach((v) => assert.ok(Number.isFinite(v), `${r.method}: ${v}`));
  }
  assert.equal(r.fitted.length, n);
  r.fitted.forEach((v) => assert.ok(!Number.isNaN(v)));
  assert.ok(Number.isFinite(r.sigma) && Number.isFinite(r.mse));
  for (let h = 0; h < horizon; h++) {
    assert.ok(r.lower95[h]! <= r.lower80[h]! && r.lower80[h]! <= r.point[h]!);
    assert.ok(r.point[h]! <= r.upper80[h]! && r.upper80[h]! <= r.upper95[h]!);
  }
  assert.ok(r.reason.length > 0);
  Object.values(r.params).forEach((v) => assert.ok(Number.isFinite(v)));
}

describe("exponential smoothing", () => {
  describe("SES", () => {
    // y = 10 12 14 13 15, α = 0.5, ℓ0 = 10:
    // ŷ1 = 10, e 0 → ℓ 10;  ŷ2 = 10, e 2 → ℓ 11;  ŷ3 = 11, e 3 → ℓ 12.5;
    // ŷ4 = 12.5, e 0.5 → ℓ 12.75;  ŷ5 = 12.75, e 2.25 → ℓ 13.875 = every forecast.
    // MSE = (0 + 4 + 9 + 0.25 + 5.0625) / 5 = 3.6625.
    const r = ses.forecast(f64([10, 12, 14, 13, 15]), { period: 1, horizon: 3, fixed: { alpha: 0.5, l0: 10 } });

    it("follows the level recursion with α = 0.5", () => {
      assert.deepEqual([...r.fitted], [10, 10, 11, 12.5, 12.75]);
      assert.deepEqual([...r.point], [13.875, 13.875, 13.875]);
      close(r.mse, 3.6625);
      close(r.sigma, Math.sqrt(3.6625));
      assert.equal(r.method, "ses");
      assert.equal(r.params.alpha, 0.5);
    });

    it("80 % interval at h = 1 is point ± 1.2816 σ, widening as σ²(1 + (h−1)α²)", () => {
      const sigma = Math.sqrt(3.6625);
      close(r.upper80[0]! - r.point[0]!, 1.2815515655 * sigma, 1e-8);
      close(r.point[0]! - r.lower80[0]!, 1.2815515655 * sigma, 1e-8);
      close(r.upper95[0]! - r.point[0]!, 1.959963985 * sigma, 1e-8);
      close(r.upper80[2]! - r.point[2]!, Z80 * sigma * Math.sqrt(1 + 2 * 0.25));
    });

    it("starts from the mean of the first observations when ℓ0 is not given", () => {
      const h = ses.forecast(f64([10, 12, 14, 13, 15]), { period: 1, horizon: 1, fixed: { alpha: 0.5 } });
      close(h.params.l0!, 12.8);
      close(h.fitted[0]!, 12.8);
    });
  });

  describe("Holt", () => {
    // y = 10 12 15 16 20, α 0.5, β 0.2 (ETS β), ℓ0 8, b0 2:
    // t1: ŷ 10, e 0 → ℓ 10, b 2
    // t2: ŷ 12, e 0 → ℓ 12, b 2
    // t3: ŷ 14, e 1 → ℓ 14 + 0.5 = 14.5, b 2 + 0.2 = 2.2
    // t4: ŷ 16.7, e −0.7 → ℓ 16.35, b 2.06
    // t5: ŷ 18.41, e 1.59 → ℓ 19.205, b 2.378;  forecasts 19.205 + 2.378 h
    const r = holt.forecast(f64([10, 12, 15, 16, 20]), {
      period: 1,
      horizon: 3,
      fixed: { alpha: 0.5, beta: 0.2, l0: 8, b0: 2 },
    });

    it("follows the level and trend recursion", () => {
      [10, 12, 14, 16.7, 18.41].forEach((v, t) => close(r.fitted[t]!, v));
      [21.583, 23.961, 26.339].forEach((v, h) => close(r.point[h]!, v));
      close(r.mse, (1 + 0.49 + 1.59 ** 2) / 5);
    });

    it("interval variance σ²(1 + Σ_{j<h} (α + βj)²)", () => {
      const sigma = Math.sqrt((1 + 0.49 + 1.59 ** 2) / 5);
      close(r.upper95[1]! - r.point[1]!, Z95 * sigma * Math.sqrt(1 + 0.7 ** 2));
      close(r.upper95[2]! - r.point[2]!, Z95 * sigma * Math.sqrt(1 + 0.7 ** 2 + 0.9 ** 2));
    });

    it("starts from a least-squares line through the first observations", () => {
      // t = 1..5, ȳ = 14.6, Sxy = 24, Sxx = 10: slope 2.4, intercept 14.6 − 3·2.4 = 7.4
      const h = holt.forecast(f64([10, 12, 15, 16, 20]), { period: 1, horizon: 1, fixed: { alpha: 0.5, beta: 0.1 } });
      close(h.params.l0!, 7.4);
      close(h.params.b0!, 2.4);
    });
  });

  describe("damped trend", () => {
    // y = 10 12 15, α 0.5, β 0.2, φ 0.9, ℓ0 8, b0 2:
    // t1: ŷ 8 + 1.8 = 9.8, e 0.2 → ℓ 9.9, b 1.8 + 0.04 = 1.84
    // t2: ŷ 9.9 + 1.656 = 11.556, e 0.444 → ℓ 11.778, b 1.656 + 0.0888 = 1.7448
    // t3: ŷ 11.778 + 1.57032 = 13.34832, e 1.65168 → ℓ 14.17416, b 1.57032 + 0.330336 = 1.900656
    // ŷ(h) = ℓ + (φ + … + φ^h) b: 15.8847504, 17.42428176
    const r = damped.forecast(f64([10, 12, 15]), {
      period: 1,
      horizon: 2,
      fixed: { alpha: 0.5, beta: 0.2, phi: 0.9, l0: 8, b0: 2 },
    });

    it("falls back to SES below 4 observations", () => {
      assert.equal(r.method, "ses");
      assert.match(r.reason, /too short for a trend/);
    });

    it("follows the damped recursion", () => {
      const y = f64([10, 12, 15, 17]);
      // t4: ŷ 14.17416 + 0.9·1.900656 = 15.8847504, e 1.1152496 → ℓ 16.4423752, b 1.7105904 + 0.22304992 = 1.93364032
      const d = damped.forecast(y, { period: 1, horizon: 2, fixed: { alpha: 0.5, beta: 0.2, phi: 0.9, l0: 8, b0: 2 } });
      assert.equal(d.method, "damped");
      [9.8, 11.556, 13.34832, 15.8847504].forEach((v, t) => close(d.fitted[t]!, v));
      close(d.point[0]!, 16.4423752 + 0.9 * 1.93364032);
      close(d.point[1]!, 16.4423752 + (0.9 + 0.81) * 1.93364032);
      const mse = (0.2 ** 2 + 0.444 ** 2 + 1.65168 ** 2 + 1.1152496 ** 2) / 4;
      close(d.mse, mse);
      // v_2 = σ²(1 + (α + βφ)²)
      close(d.upper80[1]! - d.point[1]!, Z80 * Math.sqrt(mse * (1 + (0.5 + 0.2 * 0.9) ** 2)));
    });
  });

  describe("Holt-Winters additive", () => {
    // m = 2, y = 12 8 14 10, α 0.5, β 0.1, γ 0.2, ℓ0 10, b0 1, s0 2, s1 −2:
    // t0: ŷ 11 + 2 = 13, e −1 → ℓ 10.5, b 0.9, s0 1.8
    // t1: ŷ 11.4 − 2 = 9.4, e −1.4 → ℓ 10.7, b 0.76, s1 −2.28
    // t2: ŷ 11.46 + 1.8 = 13.26, e 0.74 → ℓ 11.83, b 0.834, s0 1.948
    // t3: ŷ 12.664 − 2.28 = 10.384, e −0.384 → ℓ 12.472, b 0.7956, s1 −2.3568
    // forecasts: 12.472 + 0.7956 h + s: 15.2156, 11.7064, 16.8068
    const fixed = { alpha: 0.5, beta: 0.1, gamma: 0.2, l0: 10, b0: 1, s0: 2, s1: -2 };
    const r = holtWintersAdditive.forecast(f64([12, 8, 14, 10]), { period: 2, horizon: 3, fixed });

    it("follows the recursion with fixed parameters and initial states", () => {
      assert.equal(r.method, "holtWintersAdditive");
      [13, 9.4, 13.26, 10.384].forEach((v, t) => close(r.fitted[t]!, v));
      [15.2156, 11.7064, 16.8068].forEach((v, h) => close(r.point[h]!, v));
      close(r.mse, (1 + 1.96 + 0.74 ** 2 + 0.384 ** 2) / 4);
    });

    it("interval variance σ²(1 + Σ (α + βj + γ d_{j,m})²)", () => {
      const sigma = Math.sqrt((1 + 1.96 + 0.74 ** 2 + 0.384 ** 2) / 4);
      close(r.upper80[0]! - r.point[0]!, Z80 * sigma);
      close(r.upper80[1]! - r.point[1]!, Z80 * sigma * Math.sqrt(1 + 0.6 ** 2));
      close(r.upper80[2]! - r.point[2]!, Z80 * sigma * Math.sqrt(1 + 0.6 ** 2 + 0.9 ** 2));
    });
  });

  describe("Holt-Winters multiplicative", () => {
    // m = 2, y = 12 8 13 9, α 0.5, β 0.1, γ 0.2, ℓ0 10, b0 0, s0 1.2, s1 0.8:
    // t0: ŷ 12, e 0;  t1: ŷ 8, e 0
    // t2: ŷ 12, e 1 → ℓ 10 + 0.5/1.2, b 0.1/1.2, s0 1.2 + 0.2·1/10 = 1.22
    // t3: base 10.5, ŷ 8.4, e 0.6 → ℓ 10.875, b 0.1/1.2 + 0.06/0.8, s1 0.8 + 0.12/10.5
    it("follows the recursion with fixed parameters and initial states", () => {
      const fixed = { alpha: 0.5, beta: 0.1, gamma: 0.2, l0: 10, b0: 0, s0: 1.2, s1: 0.8 };
      const r = holtWintersMultiplicative.forecast(f64([12, 8, 13, 9]), { period: 2, horizon: 2, fixed });
      assert.equal(r.method, "holtWintersMultiplicative");
      [12, 8, 12, 8.4].forEach((v, t) => close(r.fitted[t]!, v));
      const l = 10.875;
      const b = 0.1 / 1.2 + 0.06 / 0.8;
      close(r.point[0]!, (l + b) * 1.22);
      close(r.point[1]!, (l + 2 * b) * (0.8 + 0.12 / 10.5));
    });

    it("intervals are finite and do not narrow with the horizon", () => {
      const y = Float64Array.from({ length: 48 }, (_, t) => (100 + t) * [0.8, 1.2, 1.1, 0.9][t % 4]! + 3 * Math.sin(t * 1.7));
      const r = holtWintersMultiplicative.forecast(y, { period: 4, horizon: 8 });
      assertWellFormed(r, 8, 48);
      for (let h = 1; h < 8; h++) assert.ok(r.upper95[h]! - r.lower95[h]! >= 0);
      const width = r.upper95.map((u, h) => (u - r.lower95[h]!) / 2);
      const sd = width.map((w) => w / Z95);
      for (let h = 1; h < 8; h++) assert.ok(sd[h]! >= sd[h - 1]! - 1e-9);
    });
  });

  describe("fitting", () => {
    it("recovers α of a simulated SES process (α = 0.3)", () => {
      const e = normals(500, 7);
      const y = new Float64Array(500);
      let l = 50;
      for (let t = 0; t < 500; t++) {
        y[t] = l + e[t]!;
        l += 0.3 * e[t]!;
      }
      const r = ses.forecast(y, { period: 1, horizon: 1 });
      assert.ok(Math.abs(r.params.alpha! - 0.3) < 0.08, `alpha ${r.params.alpha}`);
      const atTruth = ses.forecast(y, { period: 1, horizon: 1, fixed: { alpha: 0.3 } });
      assert.ok(r.mse <= atTruth.mse + 1e-12);
    });

    it("recovers the parameters of a simulated additive Holt-Winters process", () => {
      const m = 4;
      const e = normals(400, 99);
      const y = new Float64Array(400);
      let l = 100;
      let b = 0.5;
      const s = [10, -5, 3, -8];
      for (let t = 0; t < 400; t++) {
        const p = t % m;
        const yhat = l + b + s[p]!;
        y[t] = yhat + e[t]!;
        l = l + b + 0.4 * e[t]!;
        b = b + 0.05 * e[t]!;
        s[p] = s[p]! + 0.2 * e[t]!;
      }
      const r = holtWintersAdditive.forecast(y, { period: m, horizon: 4 });
      assert.ok(Math.abs(r.params.alpha! - 0.4) < 0.12, `alpha ${r.params.alpha}`);
      assert.ok(Math.abs(r.params.gamma! - 0.2) < 0.12, `gamma ${r.params.gamma}`);
      assert.ok(r.params.beta! < r.params.alpha!);
      assert.ok(r.params.gamma! < 1 - r.params.alpha!);
      assert.ok(Math.abs(r.sigma - 1) < 0.15, `sigma ${r.sigma}`);
    });

    it("keeps fitted parameters inside the bounds (φ in [0.8, 0.98])", () => {
      const y = Float64Array.from({ length: 40 }, (_, t) => 20 + 2 * t + 5 * Math.sin(t));
      for (const f of [damped, holtWintersAdditiveDamped, holtWintersMultiplicativeDamped]) {
        const r = f.forecast(y, { period: 4, horizon: 6 });
        assert.ok(r.params.phi! >= 0.8 && r.params.phi! <= 0.98, `${f.name} phi ${r.params.phi}`);
        assert.ok(r.params.alpha! > 0 && r.params.alpha! < 1);
        assert.ok(r.params.beta! > 0 && r.params.beta! < r.params.alpha!);
        assertWellFormed(r, 6, 40);
      }
    });

    it("a fitted model is no worse in-sample than SES on a trending series", () => {
      const y = Float64Array.from({ length: 30 }, (_, t) => 5 + 3 * t + (t % 3));
      assert.ok(holt.forecast(y, { period: 1, horizon: 1 }).mse < ses.forecast(y, { period: 1, horizon: 1 }).mse);
    });
  });

  describe("edge cases", () => {
    it("empty history: forecast 0, never NaN", () => {
      for (const f of all) {
        const r = f.forecast(new Float64Array(0), { period: 12, horizon: 4 });
        assertWellFormed(r, 4, 0);
        assert.deepEqual([...r.point], [0, 0, 0, 0]);
      }
    });

    it("one observation: flat forecast with a reason", () => {
      for (const f of all) {
        const r = f.forecast(f64([7]), { period: 12, horizon: 3 });
        assertWellFormed(r, 3, 1);
        assert.deepEqual([...r.point], [7, 7, 7]);
        assert.match(r.reason, /one observation/);
      }
    });

    it("only missing values: forecast 0", () => {
      for (const f of all) {
        const r = f.forecast(f64([NaN, NaN, NaN]), { period: 1, horizon: 2 });
        assertWellFormed(r, 2, 3);
        assert.deepEqual([...r.point], [0, 0]);
      }
    });

    it("constant series: forecast the constant with zero error", () => {
      for (const f of all) {
        const r = f.forecast(new Float64Array(36).fill(42), { period: 12, horizon: 6 });
        assertWellFormed(r, 6, 36);
        r.point.forEach((v) => close(v, 42, 1e-9));
        close(r.mse, 0, 1e-12);
      }
    });

    it("all zeros: forecast 0; multiplicative falls back to additive", () => {
      for (const f of all) {
        const r = f.forecast(new Float64Array(24), { period: 4, horizon: 5 });
        assertWellFormed(r, 5, 24);
        r.point.forEach((v) => close(v, 0, 1e-12));
      }
      const r = holtWintersMultiplicative.forecast(new Float64Array(24), { period: 4, horizon: 5 });
      assert.equal(r.method, "holtWintersAdditive");
      assert.match(r.reason, /not all positive/);
    });

    it("negatives (returns): multiplicative falls back to additive with a reason", () => {
      const y = Float64Array.from({ length: 24 }, (_, t) => [10, -3, 8, 1][t % 4]! + 0.1 * t);
      const r = holtWintersMultiplicativeDamped.forecast(y, { period: 4, horizon: 4 });
      assertWellFormed(r, 4, 24);
      assert.equal(r.method, "holtWintersAdditiveDamped");
      assert.match(r.reason, /additive seasonality instead of multiplicative/);
    });

    it("missing values inside are skipped, not propagated", () => {
      const y = Float64Array.from({ length: 36 }, (_, t) => 50 + t + [5, -5, 2][t % 3]!);
      y[10] = NaN;
      y[20] = NaN;
      for (const f of all) {
        const r = f.forecast(y, { period: 3, horizon: 6 });
        assertWellFormed(r, 6, 36);
      }
      // SES by hand with a gap: 10, NaN, 14 with α 0.5, ℓ0 10 → ŷ 10, 10, 10; e 0, skip, 4 → ℓ 12
      const r = ses.forecast(f64([10, NaN, 14]), { period: 1, horizon: 1, fixed: { alpha: 0.5, l0: 10 } });
      assert.deepEqual([...r.fitted], [10, 10, 10]);
      assert.deepEqual([...r.point], [12]);
      close(r.mse, 16 / 2);
    });

    it("Holt-Winters with fewer than two seasons falls back to the damped trend", () => {
      const y = Float64Array.from({ length: 20 }, (_, t) => 100 + 2 * t);
      for (const f of [holtWintersAdditive, holtWintersMultiplicative]) {
        const r = f.forecast(y, { period: 12, horizon: 12 });
        assertWellFormed(r, 12, 20);
        assert.equal(r.method, "damped");
        assert.match(r.reason, /fewer than two seasons/);
      }
      const tiny = holtWintersAdditive.forecast(f64([3, 4, 5]), { period: 12, horizon: 2 });
      assert.equal(tiny.method, "ses");
      assertWellFormed(tiny, 2, 3);
    });

    it("Holt-Winters without a seasonal period (m = 1) falls back to the damped trend", () => {
      const y = Float64Array.from({ length: 20 }, (_, t) => 100 + 2 * t + (t % 2));
      const r = holtWintersMultiplicativeDamped.forecast(y, { period: 1, horizon: 3 });
      assert.equal(r.method, "damped");
      assert.match(r.reason, /no seasonal period/);
    });

    it("a single huge outlier gives finite output", () => {
      const y = Float64Array.from({ length: 48 }, (_, t) => 100 + [10, -10, 5, -5][t % 4]!);
      y[30] = 1e9;
      for (const f of all) assertWellFormed(f.forecast(y, { period: 4, horizon: 8 }), 8, 48);
    });

    it("horizon 0 and non-finite options give empty arrays, not exceptions", () => {
      const y = f64([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const f of all) {
        assertWellFormed(f.forecast(y, { period: 2, horizon: 0 }), 0, 8);
        assertWellFormed(f.forecast(y, { period: NaN, horizon: NaN }), 0, 8);
      }
    });
  });

  it("the fitting hot path (etsSse) gives etsFilter's mean squared error for every model, with gaps", () => {
    const y = f64([112, 118, 132, 129, NaN, 135, 148, 148, 136, 119, 104, 118, 115, 126, 141, 135, 125, 149, 170, 170]);
    const season = f64([0.9, 1.0, 1.1, 1.0]);
    for (const trend of ["none", "additive", "damped"] as const) {
      for (const kind of ["none", "additive", "multiplicative"] as const) {
        const spec = { trend, season: kind, period: kind === "none" ? 1 : 4 };
        const init = { level: 110, trend: trend === "none" ? 0 : 2, season: kind === "none" ? new Float64Array(0) : kind === "additive" ? season.map((v) => (v - 1) * 100) : season };
        const params = { alpha: 0.4, beta: 0.05, gamma: 0.2, phi: 0.93 };
        const r = etsFilter(y, spec, params, init);
        close(etsSse(y, spec, params, init, new Float64Array(4)), r.sse / r.count, 1e-9);
      }
    }
  });
});
