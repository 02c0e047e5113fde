import assert from "node:assert/strict";
import { ErrorSums, SumsTable, figuresOf, trackingSignal } from "../../../src/engine/accuracy/metrics";
import { smapePlanner } from "../../../src/engine/accuracy/smape";

const close = (a: number | null, b: number, tol = 1e-12): void => {
  assert.ok(a !== null, `expected ${b}, got null`);
  assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
};

describe("ErrorSums and figuresOf", () => {
  // Pairs (A, F): (10, 12), (20, 12), (0, 2), (8, 4); e = F − A = 2, −8, 2, −4.
  const A = [10, 20, 0, 8];
  const F = [12, 12, 2, 4];
  const sums = (): ErrorSums => {
    const s = new ErrorSums();
    A.forEach((a, t) => s.add(a, F[t]!));
    return s;
  };

  it("accumulates the sums of DESIGN.md §4 (hand-computed)", () => {
    const s = sums();
    assert.equal(s.count, 4);
    assert.equal(s.absError, 16); // 2 + 8 + 2 + 4
    assert.equal(s.error, -8); // 2 − 8 + 2 − 4
    assert.equal(s.sqError, 88); // 4 + 64 + 4 + 16
    assert.equal(s.absActual, 38);
    assert.equal(s.actual, 38);
    assert.equal(s.forecast, 30);
    assert.equal(s.apeCount, 3); // A = 0 excluded
    assert.equal(s.zeroActuals, 1);
    close(s.apeSum, 0.2 + 0.4 + 0.5); // 2/10, 8/20, 4/8
  });

  it("figures: WAPE, accuracy, bias, MAPE, MAD, RMSE, sMAPE", () => {
    const f = figuresOf(sums());
    close(f.wape, 16 / 38);
    close(f.accuracy, 1 - 16 / 38);
    close(f.biasPct, -8 / 38); // negative: under-forecast
    close(f.mape, 1.1 / 3);
    assert.equal(f.mapeCount, 3);
    assert.equal(f.zeroActuals, 1);
    close(f.mad, 4); // 16 / 4
    close(f.rmse, Math.sqrt(88 / 4));
    // sMAPE = 2/4 · (2/22 + 8/32 + 2/2 + 4/12); the same as smape.ts's planner form / 100.
    close(f.smape, 0.5 * (2 / 22 + 8 / 32 + 1 + 4 / 12));
    close(f.smape, smapePlanner(A, F) / 100);
    assert.equal(f.mase, null); // no scale given
  });

  it("accuracy is floored at 0 when WAPE > 1", () => {
    const f = figuresOf(new ErrorSums().add(10, 35)); // WAPE 2.5
    close(f.wape, 2.5);
    assert.equal(f.accuracy, 0);
  });

  it("merge equals adding every pair to one accumulator (roll-up from sums)", () => {
    const a = new ErrorSums().add(10, 12).add(20, 12);
    const b = new ErrorSums().add(0, 2).add(8, 4);
    const merged = figuresOf(new ErrorSums().merge(a).merge(b));
    const direct = figuresOf(sums());
    for (const [k, v] of Object.entries(direct)) {
      const m = merged[k as keyof typeof merged];
      if (v === null) assert.equal(m, null, k);
      else close(m, v, 1e-12);
    }
    // Group WAPE (16/38) is not the mean of the members' WAPEs: a 10/30, b 6/8.
    close(figuresOf(a).wape, 10 / 30);
    close(figuresOf(b).wape, 6 / 8);
    assert.notEqual(figuresOf(sums()).wape, (10 / 30 + 6 / 8) / 2);
  });

  it("MASE from sums: Σ|e| / Σ scale over pairs with a scale", () => {
    // Item 1 scale 3: errors 2, 4; item 2 scale 0 (undefined): error 10 → ignored.
    const s = new ErrorSums().add(10, 12, 3).add(10, 6, 3).add(5, 15, 0);
    close(figuresOf(s).mase, 6 / 6); // (2 + 4) / (3 + 3) = mean |e| / scale of item 1
  });

  it("undefined figures are null, never NaN", () => {
    const empty = figuresOf(new ErrorSums());
    for (const k of ["wape", "accuracy", "biasPct", "mape", "mad", "rmse", "smape", "mase"] as const) assert.equal(empty[k], null, k);
    assert.equal(empty.count, 0);
    // All actuals zero: WAPE, bias and MAPE undefined; MAD and sMAPE defined.
    const zero = figuresOf(new ErrorSums().add(0, 5).add(0, 0));
    assert.equal(zero.wape, null);
    assert.equal(zero.biasPct, null);
    assert.equal(zero.mape, null);
    assert.equal(zero.zeroActuals, 2);
    close(zero.mad, 2.5);
    close(zero.smape, 1); // 2/2 · (5/5 + 0)
    // Non-finite pairs are ignored.
    assert.equal(new ErrorSums().add(Number.NaN, 1).add(1, Infinity).count, 0);
  });

  it("SumsTable slots are independent ErrorSums views", () => {
    const t = new SumsTable(3);
    t.at(1).add(4, 6);
    t.at(2).add(1, 1);
    t.mergeFrom(0, t, 1);
    t.mergeFrom(0, t, 2);
    assert.deepEqual([t.count(0), t.count(1), t.count(2)], [2, 1, 1]);
    assert.equal(t.at(0).absError, 2);
  });
});

describe("trackingSignal", () => {
  it("Σe / MAD (hand-computed)", () => {
    close(trackingSignal([2, 2, -1]), 3 / (5 / 3)); // 1.8
    close(trackingSignal([5, 5, 5, 5, 5, 5]), 6); // persistent over-forecast: TS = n
    close(trackingSignal([-3, -1, -2, -2, -4, -3, 1]), -14 / (16 / 7)); // −6.125: under-forecast
  });
  it("null when there is nothing or no error; NaN errors skipped", () => {
    assert.equal(trackingSignal([]), null);
    assert.equal(trackingSignal([0, 0]), null);
    close(trackingSignal([4, Number.NaN, 4]), 2);
  });
});
