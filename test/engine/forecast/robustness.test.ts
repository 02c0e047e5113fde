/** Every method of naive / movingAverage / theta / optimised Theta / intermittent, the combination and auto on the data planners really hold: never NaN, never a throw. */
import assert from "node:assert/strict";
import { croston, sba, tsb } from "../../../src/engine/forecast/intermittent";
import { movingAverage } from "../../../src/engine/forecast/movingAverage";
import { naive, naive2, seasonalNaive } from "../../../src/engine/forecast/naive";
import { theta } from "../../../src/engine/forecast/theta";
import { optimisedTheta } from "../../../src/engine/forecast/optimisedTheta";
import { combination } from "../../../src/engine/forecast/combination";
import { auto } from "../../../src/engine/forecast/auto";
import { type Forecaster } from "../../../src/engine/forecast/types";

const methods: Forecaster[] = [naive, seasonalNaive, naive2, movingAverage, theta, optimisedTheta, croston, sba, tsb, combination, auto];
const seasonal = Array.from({ length: 36 }, (_, t) => 100 + 10 * t + [30, -20, 5, -15][t % 4]!);
const cases: Record<string, number[]> = {
  empty: [],
  "length 1": [42],
  "length 2": [3, 5],
  "all missing": [NaN, NaN, NaN],
  constant: Array(30).fill(7),
  zeros: Array(30).fill(0),
  "missing inside": [10, 12, NaN, 14, NaN, NaN, 18, 20, 19, 21, 23, 22],
  "missing at the ends": [NaN, 5, 6, 7, Infinity],
  negatives: [10, -3, 12, 8, -5, 11, 9, 14, -2, 13, 10, 12],
  "single huge outlier": [10, 11, 9, 10, 1e9, 10, 11, 9, 10, 12, 11, 10],
  "shorter than two seasons": [5, 6, 7, 8, 9, 10],
  seasonal,
};

describe("robustness of the benchmark methods", () => {
  for (const m of methods) {
    for (const [label, values] of Object.entries(cases)) {
      it(`${m.name}: ${label}`, () => {
        for (const period of [1, 4, 12]) {
          for (const horizon of [0, 1, 8]) {
            const r = m.forecast(Float64Array.from(values), { period, horizon });
            if (m.name !== "auto") assert.equal(r.method, m.name);
            for (const a of [r.point, r.lower80, r.upper80, r.lower95, r.upper95]) {
              assert.equal(a.length, horizon);
              for (const v of a) assert.ok(Number.isFinite(v), `${label}: ${v}`);
            }
            for (let i = 0; i < horizon; i++) {
              assert.ok(r.lower95[i]! <= r.lower80[i]! && r.lower80[i]! <= r.point[i]! + 1e-9);
              assert.ok(r.point[i]! <= r.upper80[i]! + 1e-9 && r.upper80[i]! <= r.upper95[i]!);
            }
            assert.equal(r.fitted.length, values.length);
            assert.ok(Number.isFinite(r.sigma) && Number.isFinite(r.mse));
            for (const v of Object.values(r.params)) assert.ok(Number.isFinite(v));
            assert.ok(r.reason.length > 0);
          }
        }
      });
    }
  }
  it("constant and zero series forecast the constant", () => {
    for (const m of [naive, seasonalNaive, naive2, movingAverage, theta]) {
      assert.ok(Math.abs(m.forecast(new Float64Array(30).fill(7), { period: 12, horizon: 3 }).point[2]! - 7) < 1e-9, m.name);
      assert.equal(m.forecast(new Float64Array(30), { period: 12, horizon: 3 }).point[2], 0, m.name);
    }
  });
});
