import assert from "node:assert/strict";
import { mase, maseScale } from "../../../src/engine/accuracy/mase";

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);

describe("mase", () => {
  it("non-seasonal: mean |e| / mean |y_t − y_{t−1}|", () => {
    // scale (1 + 1 + 1)/3 = 1; errors |5−6|, |6−6| → 0.5
    close(mase([1, 2, 3, 4], [5, 6], [6, 6], 1), 0.5);
  });
  it("seasonal: scale by the lag-m naive error", () => {
    // m = 3: |5−1|, |6−2|, |8−3| → 13/3; error 1 → 3/13
    close(maseScale([1, 2, 3, 5, 6, 8], 3), 13 / 3);
    close(mase([1, 2, 3, 5, 6, 8], [9], [10], 3), 3 / 13);
  });
  it("falls back to m = 1 when the history is too short", () => {
    close(maseScale([1, 3], 12), 2);
  });
  it("never NaN: zero scale returns the unscaled error, empty gives 0", () => {
    close(mase([4, 4, 4], [4], [6], 1), 2);
    assert.equal(mase([], [], [], 12), 0);
    close(mase([1, NaN, 3], [5], [4], 1), 1);
  });
});
