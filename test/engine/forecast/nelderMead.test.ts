import assert from "node:assert/strict";
import { nelderMead } from "../../../src/engine/forecast/nelderMead";

/** Rosenbrock (1960): f(x, y) = (1 − x)² + 100 (y − x²)², minimum 0 at (1, 1). */
const rosenbrock = (x: Float64Array): number => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;

describe("nelderMead", () => {
  it("finds the minimum of the Rosenbrock function from (−1.2, 1)", () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 2000 });
    assert.ok(r.converged);
    assert.ok(Math.abs(r.x[0]! - 1) < 1e-4, `x = ${r.x[0]}`);
    assert.ok(Math.abs(r.x[1]! - 1) < 1e-4, `y = ${r.x[1]}`);
    assert.ok(r.fx < 1e-8);
  });

  it("minimises a 1-D quadratic (x − 3)² to x = 3", () => {
    const r = nelderMead((x) => (x[0]! - 3) ** 2, [0]);
    assert.ok(Math.abs(r.x[0]! - 3) < 1e-5);
  });

  it("stops at the bound when the unconstrained minimum lies outside the box", () => {
    // f = (x − 2)² + (y + 1)²; on [0, 1] × [0, 1] the minimum is at (1, 0), f = 2.
    const f = (x: Float64Array): number => (x[0]! - 2) ** 2 + (x[1]! + 1) ** 2;
    const r = nelderMead(f, [0.5, 0.5], { lower: [0, 0], upper: [1, 1] });
    assert.ok(Math.abs(r.x[0]! - 1) < 1e-6);
    assert.ok(Math.abs(r.x[1]! - 0) < 1e-6);
    assert.ok(Math.abs(r.fx - 2) < 1e-10);
  });

  it("never evaluates outside the bounds", () => {
    const f = (x: Float64Array): number => {
      assert.ok(x[0]! >= 0.1 && x[0]! <= 0.9, `x = ${x[0]}`);
      return -x[0]!;
    };
    const r = nelderMead(f, [0.5], { lower: [0.1], upper: [0.9] });
    assert.ok(Math.abs(r.x[0]! - 0.9) < 1e-8);
  });

  it("clamps a starting point outside the box", () => {
    const r = nelderMead((x) => (x[0]! - 0.5) ** 2, [7], { lower: [0], upper: [1] });
    assert.ok(Math.abs(r.x[0]! - 0.5) < 1e-5);
  });

  it("treats NaN objective values as worse than any finite one", () => {
    const f = (x: Float64Array): number => (x[0]! < 0 ? NaN : (x[0]! - 1) ** 2);
    const r = nelderMead(f, [0.2]);
    assert.ok(Math.abs(r.x[0]! - 1) < 1e-5);
  });

  it("honours maxIterations and is deterministic", () => {
    const a = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
    const b = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
    assert.equal(a.iterations, 10);
    assert.equal(a.converged, false);
    assert.deepEqual(a.x, b.x);
    assert.equal(a.fx, b.fx);
  });

  it("handles zero dimensions", () => {
    const r = nelderMead(() => 4, []);
    assert.equal(r.fx, 4);
    assert.equal(r.x.length, 0);
  });
});
