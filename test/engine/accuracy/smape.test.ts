import assert from "node:assert/strict";
import { smapeM3, smapeM3Terms, smapePlanner } from "../../../src/engine/accuracy/smape";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);

describe("smapeM3 (200/h · Σ|y−f|/(y+f))", () => {
  it("matches a hand computation", () => {
    // 100 · (10/210 + 20/380) = 10.025062656…
    close(smapeM3([100, 200], [110, 180]), 100 * (10 / 210 + 20 / 380));
  });
  it("is 0 for a perfect forecast and for nothing to score", () => {
    assert.equal(smapeM3([5, 7], [5, 7]), 0);
    assert.equal(smapeM3([], []), 0);
  });
  it("skips NaN pairs and zero denominators (never NaN)", () => {
    close(smapeM3([100, NaN, 0], [110, 5, 0]), (200 * 10) / 210 / 2);
    assert.equal(smapeM3([-100], [100]), 0);
  });
  it("exposes pooled terms", () => {
    const t = smapeM3Terms([100, 200], [110, 180]);
    assert.equal(t.count, 2);
    close(t.sum, 200 * (10 / 210 + 20 / 380));
  });
});

describe("smapePlanner (M4 form, |y|+|f|)", () => {
  it("uses absolute values and counts both-zero terms as 0", () => {
    // terms: 0 (both zero) and 200·200/200 = 200 → mean 100
    close(smapePlanner([0, -100], [0, 100]), 100);
  });
  it("equals the M3 form on positive data", () => {
    close(smapePlanner([100, 200], [110, 180]), smapeM3([100, 200], [110, 180]));
  });
  it("is 0 on empty input", () => assert.equal(smapePlanner([], []), 0));
});
