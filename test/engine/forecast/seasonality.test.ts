import assert from "node:assert/strict";
import {
  autocorrelations,
  centredMovingAverage,
  deseasonalize,
  isSeasonal,
  reseasonalize,
  seasonalIndices,
  fDistributionUpperTail,
  stableSeasonalityTest,
} from "../../../src/engine/forecast/seasonality";

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b}`);

/** Deterministic uniform(−0.5, 0.5) noise (Park–Miller minimal standard generator). */
function noise(n: number, seed = 12345): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = s / 2147483647 - 0.5;
  }
  return out;
}

describe("seasonality", () => {
  it("autocorrelations of 1..5 are R's acf values 0.4, −0.1, −0.4", () => {
    // mean 3, Σ(x−x̄)² = 10; r1 = (2·1 + 0 + 0 + 1·2)/10, r2 = (0 − 1 + 0)/10, r3 = (−2 − 2)/10
    const r = autocorrelations([1, 2, 3, 4, 5], 3);
    close(r[0]!, 0.4);
    close(r[1]!, -0.1);
    close(r[2]!, -0.4);
  });

  it("autocorrelations of a constant are 0, not NaN", () => {
    assert.deepEqual([...autocorrelations([5, 5, 5, 5], 2)], [0, 0]);
  });

  it("centred moving average: plain MA for odd m, 2×m MA for even m", () => {
    const x = [1, 2, 4, 8, 16, 32];
    const odd = centredMovingAverage(x, 3);
    assert.ok(Number.isNaN(odd[0]!));
    close(odd[1]!, (1 + 2 + 4) / 3);
    close(odd[4]!, (8 + 16 + 32) / 3);
    assert.ok(Number.isNaN(odd[5]!));
    const even = centredMovingAverage(x, 2);
    close(even[1]!, (0.5 * 1 + 2 + 0.5 * 4) / 2);
    close(even[4]!, (0.5 * 8 + 16 + 0.5 * 32) / 2);
  });

  it("recovers multiplicative indices of a constructed series (level 100, factors 0.8 1.2 0.9 1.1)", () => {
    const factors = [0.8, 1.2, 0.9, 1.1];
    const x = Float64Array.from({ length: 24 }, (_, t) => 100 * factors[t % 4]!);
    const s = seasonalIndices(x, 4, "multiplicative");
    factors.forEach((f, p) => close(s[p]!, f, 1e-12));
    assert.equal(isSeasonal(x, 4), true);
    const adjusted = deseasonalize(x, s);
    adjusted.forEach((v) => close(v, 100, 1e-10));
    const back = reseasonalize(adjusted, s);
    back.forEach((v, t) => close(v, x[t]!, 1e-10));
  });

  it("recovers additive indices on a linear trend (the 2×m MA of a line is the line)", () => {
    const effects = [-3, 1, 4, -2];
    const x = Float64Array.from({ length: 20 }, (_, t) => 10 + 0.5 * t + effects[t % 4]!);
    const s = seasonalIndices(x, 4, "additive");
    effects.forEach((e, p) => close(s[p]!, e, 1e-12));
    const adjusted = deseasonalize(x, s, "additive");
    adjusted.forEach((v, t) => close(v, 10 + 0.5 * t, 1e-12));
  });

  it("reseasonalize continues the season positions after the history (start = n)", () => {
    const s = [0.5, 1.5];
    assert.deepEqual([...reseasonalize([10, 10, 10], s, "multiplicative", 5)], [15, 5, 15]);
  });

  it("white noise is not seasonal", () => {
    assert.equal(isSeasonal(noise(120, 2024), 12), false);
    assert.equal(isSeasonal(noise(48, 777), 4), false);
  });

  it("flags white noise about as often as a 90 % two-sided limit allows", () => {
    let flagged = 0;
    for (let k = 1; k <= 400; k++) if (isSeasonal(noise(120, k * 7919 + 1), 12)) flagged++;
    const rate = flagged / 400;
    assert.ok(rate > 0.02 && rate < 0.15, `rate ${rate}`);
  });

  it("the test limit is 1.645·sqrt((1 + 2Σ_{k<m} r_k²)/n)", () => {
    // A series whose lag-2 autocorrelation is just above / below the limit decides the test.
    const x = Float64Array.from([1, 3, 1, 3, 1, 3, 2, 2, 2, 2]);
    const r = autocorrelations(x, 2);
    const limit = (1.645 * Math.sqrt(1 + 2 * r[0]! ** 2)) / Math.sqrt(10);
    assert.equal(isSeasonal(x, 2), Math.abs(r[1]!) > limit);
  });

  it("needs m > 1 and at least 3 seasons", () => {
    const factors = [0.8, 1.2, 0.9, 1.1];
    const short = Float64Array.from({ length: 11 }, (_, t) => 100 * factors[t % 4]!);
    assert.equal(isSeasonal(short, 4), false);
    assert.equal(isSeasonal(short, 1), false);
    assert.equal(isSeasonal([], 12), false);
  });

  it("gives neutral indices when there is too little data, non-positive data or period 1", () => {
    assert.deepEqual([...seasonalIndices([1, 2, 3], 12)], new Array<number>(12).fill(1));
    assert.deepEqual([...seasonalIndices([], 4, "additive")], [0, 0, 0, 0]);
    assert.deepEqual([...seasonalIndices([0, 0, 0, 0, 0, 0, 0, 0], 4)], [1, 1, 1, 1]);
    assert.deepEqual([...seasonalIndices([-1, 2, -3, 4, -5, 6, -7, 8, -9], 2)], [1, 1]);
    assert.deepEqual([...seasonalIndices([1, 2, 3], 1)], [1]);
  });

  it("skips missing values", () => {
    const factors = [0.8, 1.2, 0.9, 1.1];
    const x = Float64Array.from({ length: 32 }, (_, t) => 100 * factors[t % 4]!);
    x[13] = NaN;
    const s = seasonalIndices(x, 4);
    s.forEach((v, p) => close(v, factors[p]!, 1e-12));
  });

  it("F distribution tail equals scipy's f.sf: (3; 5, 10) = 0.065557562093844, (7; 11, 6) = 0.013159042232856", () => {
    assert.ok(Math.abs(fDistributionUpperTail(3, 5, 10) - 0.06555756209384411) < 1e-12);
    assert.ok(Math.abs(fDistributionUpperTail(7, 11, 6) - 0.013159042232856017) < 1e-12);
    assert.equal(fDistributionUpperTail(0, 3, 3), 1);
  });

  it("stable-seasonality F-test: a seasonal family over 30 months is significant, white noise mostly is not", () => {
    const S = [0.7, 0.75, 0.9, 1.0, 1.15, 1.35, 1.5, 1.4, 1.1, 0.9, 0.7, 0.55];
    let seed = 11;
    const noise = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 20;
    const seasonal = Array.from({ length: 30 }, (_, t) => (1000 + 5 * t) * S[t % 12]! + noise());
    assert.ok(stableSeasonalityTest(seasonal, 12).pValue < 1e-6);
    let rejected = 0;
    for (let k = 0; k < 200; k++) if (stableSeasonalityTest(Array.from({ length: 36 }, () => 100 + noise()), 12).pValue < 0.01) rejected++;
    assert.ok(rejected <= 10, `${rejected} of 200 white-noise series flagged at 1 %`);
    assert.deepEqual(stableSeasonalityTest([1, 2, 3], 12), { f: 0, df1: 0, df2: 0, pValue: 1 });
  });
});
