import assert from "node:assert/strict";
import { naive, naive2, seasonalNaive } from "../../../src/engine/forecast/naive";
import { Z80, Z95 } from "../../../src/engine/forecast/types";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
const f64 = (xs: number[]): Float64Array => Float64Array.from(xs);

describe("naive", () => {
  it("carries the last value, σ·√h intervals (hand-computed)", () => {
    const r = naive.forecast(f64([1, 2, 3, 4]), { period: 1, horizon: 3 });
    assert.deepEqual([...r.point], [4, 4, 4]);
    assert.ok(Number.isNaN(r.fitted[0]!));
    assert.deepEqual([...r.fitted].slice(1), [1, 2, 3]);
    close(r.sigma, 1); // errors 1, 1, 1
    close(r.mse, 1);
    close(r.upper80[1]!, 4 + Z80 * Math.SQRT2);
    close(r.lower95[2]!, 4 - Z95 * Math.sqrt(3));
  });
  it("interpolates a missing value", () => {
    const r = naive.forecast(f64([2, NaN, 6]), { period: 1, horizon: 1 });
    assert.deepEqual([...r.fitted].slice(1), [2, 4]);
    assert.equal(r.point[0], 6);
  });
});

describe("seasonalNaive", () => {
  it("repeats the last cycle (hand-computed)", () => {
    const r = seasonalNaive.forecast(f64([1, 2, 3, 4, 5, 6]), { period: 3, horizon: 4 });
    assert.deepEqual([...r.point], [4, 5, 6, 4]);
    close(r.sigma, 3); // errors 3, 3, 3
    close(r.upper80[0]! - r.point[0]!, Z80 * 3);
    close(r.upper80[3]! - r.point[3]!, Z80 * 3 * Math.SQRT2);
  });
  it("falls back to naive when shorter than a season", () => {
    const r = seasonalNaive.forecast(f64([1, 2]), { period: 12, horizon: 2 });
    assert.deepEqual([...r.point], [2, 2]);
    assert.match(r.reason, /shorter than one season/);
  });
});

describe("naive2", () => {
  it("is naive on a non-seasonal series", () => {
    const r = naive2.forecast(f64([3, 1, 4, 1, 5]), { period: 1, horizon: 2 });
    assert.deepEqual([...r.point], [5, 5]);
  });
  it("reseasonalises the last adjusted value of a seasonal series", () => {
    // y = 100 · s_t with s = (0.5, 1.5) repeated: indices recover s exactly, adjusted series is 100.
    const y: number[] = [];
    for (let t = 0; t < 12; t++) y.push(t % 2 === 0 ? 50 : 150);
    const r = naive2.forecast(f64(y), { period: 2, horizon: 3 });
    [50, 150, 50].forEach((v, i) => close(r.point[i]!, v, 1e-9));
    assert.match(r.reason, /seasonal/);
  });
});
