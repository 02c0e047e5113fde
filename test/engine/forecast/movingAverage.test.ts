import assert from "node:assert/strict";
import { movingAverage } from "../../../src/engine/forecast/movingAverage";
import { Z80 } from "../../../src/engine/forecast/types";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);

describe("movingAverage", () => {
  it("fixed window 3 (hand-computed)", () => {
    const r = movingAverage.forecast(Float64Array.from([1, 2, 3, 4, 5]), { period: 1, horizon: 2, fixed: { window: 3 } });
    assert.deepEqual([...r.point], [4, 4]); // (3 + 4 + 5)/3
    assert.deepEqual([...r.fitted].slice(3), [2, 3]);
    close(r.sigma, 2); // errors 2, 2
    assert.equal(r.params.window, 3);
    close(r.upper80[1]! - 4, Z80 * 2 * Math.sqrt(1 + 1 / 3));
  });
  it("fits the window: an alternating series is best averaged over 2", () => {
    const r = movingAverage.forecast(Float64Array.from([10, 0, 10, 0, 10, 0, 10, 0, 10, 0]), { period: 1, horizon: 1 });
    assert.equal(r.params.window, 2);
    assert.equal(r.point[0], 5);
    close(r.sigma, 5);
  });
});
