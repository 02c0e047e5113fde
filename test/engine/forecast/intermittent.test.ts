import assert from "node:assert/strict";
import { classifyDemand, croston, sba, tsb } from "../../../src/engine/forecast/intermittent";

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);
const y = Float64Array.from([0, 3, 0, 0, 5, 0]);

describe("intermittent demand", () => {
  it("classifies by ADI / CV² (hand-computed)", () => {
    const c = classifyDemand(y);
    close(c.adi, 3); // 6 periods / 2 demands
    close(c.cv2, 1 / 16); // sizes 3, 5: mean 4, variance 1
    assert.equal(c.demandClass, "intermittent");
    assert.equal(classifyDemand([5, 6, 5, 6]).demandClass, "smooth");
    assert.equal(classifyDemand([1, 0, 50, 0, 0, 2]).demandClass, "lumpy");
    assert.equal(classifyDemand([0, 0]).demandClass, "none");
  });
  it("Croston with α = 0.5 (hand-computed)", () => {
    // first demand 3 after 2 periods: z = 3, p = 2; then 5 after 3: z = 4, p = 2.5 → 1.6
    const r = croston.forecast(y, { period: 1, horizon: 2, fixed: { alpha: 0.5 } });
    [1.6, 1.6].forEach((v, i) => close(r.point[i]!, v));
    assert.deepEqual([...r.fitted].slice(2), [1.5, 1.5, 1.5, 1.6]);
    assert.ok(r.lower95[0]! >= 0);
  });
  it("SBA = Croston × (1 − α/2)", () => {
    const r = sba.forecast(y, { period: 1, horizon: 1, fixed: { alpha: 0.5 } });
    close(r.point[0]!, 1.2);
  });
  it("TSB with α = β = 0.5 (hand-computed)", () => {
    // d̂₀ = 1/3, ẑ = 3 at t = 1; d̂: 1/6, 1/12, 13/24 (ẑ = 4), 13/48 → 13/48 · 4 = 13/12
    const r = tsb.forecast(y, { period: 1, horizon: 1, fixed: { alpha: 0.5, beta: 0.5 } });
    close(r.point[0]!, 13 / 12);
    close(r.fitted[2]!, 1);
  });
  it("fits α within its bounds", () => {
    const r = croston.forecast(Float64Array.from([0, 2, 0, 0, 4, 0, 1, 0, 0, 0, 6, 0, 2]), { period: 1, horizon: 1 });
    assert.ok(r.params.alpha! >= 0.01 && r.params.alpha! <= 0.5);
  });
});
