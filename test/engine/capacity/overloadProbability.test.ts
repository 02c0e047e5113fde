import assert from "node:assert/strict";
import { normalCdf, overloadProbability } from "../../../src/engine/capacity/overloadProbability";

const close = (a: number, b: number, tol = 1e-12): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);

describe("normalCdf", () => {
  it("matches published values of Φ (erfc-based references, 1e-12)", () => {
    // Φ(x) = ½ erfc(−x/√2); references from Python's math.erfc.
    close(normalCdf(0), 0.5);
    close(normalCdf(1), 0.8413447460685429);
    close(normalCdf(-1), 0.15865525393145707);
    close(normalCdf(-1.96), 0.024997895148220435);
    close(normalCdf(1.96), 0.9750021048517795);
    close(normalCdf(0.8), 0.7881446014166034);
    close(normalCdf(-3), 0.0013498980316300957);
    close(normalCdf(3.0001), 0.9986505450867393);
  });
  it("keeps its relative accuracy in the far tail", () => {
    const rel = (a: number, b: number): number => Math.abs(a - b) / b;
    assert.ok(rel(normalCdf(-5), 2.866515718791946e-7) < 1e-12);
    assert.ok(rel(normalCdf(-8), 6.220960574271819e-16) < 1e-12);
  });
  it("is symmetric, monotone and bounded", () => {
    let prev = 0;
    for (let x = -10; x <= 10; x += 0.05) {
      const p = normalCdf(x);
      assert.ok(p >= prev && p >= 0 && p <= 1, `Φ(${x}) = ${p}`);
      close(p + normalCdf(-x), 1, 1e-15);
      prev = p;
    }
    assert.equal(normalCdf(-Infinity), 0);
    assert.equal(normalCdf(Infinity), 1);
    assert.equal(normalCdf(-50), 0);
    assert.ok(Number.isNaN(normalCdf(Number.NaN)));
  });
});

describe("overloadProbability", () => {
  it("is 1 − Φ((available − load)/σ)", () => {
    close(overloadProbability(200, 250, 50), 1 - 0.8413447460685429); // z = 1
    close(overloadProbability(200, 200, 50), 0.5);
    close(overloadProbability(250, 200, 50), 0.8413447460685429);
  });
  it("is 0 or 1 when the load is certain (σ = 0)", () => {
    assert.equal(overloadProbability(101, 100, 0), 1);
    assert.equal(overloadProbability(100, 100, 0), 0);
    assert.equal(overloadProbability(99, 100, 0), 0);
    assert.equal(overloadProbability(101, 100, Number.NaN), 1);
  });
});
