import assert from "node:assert/strict";
import { theta } from "../../../src/engine/forecast/theta";

const close = (a: number, b: number, tol: number): void => assert.ok(Math.abs(a - b) < tol, `${a} ≉ ${b}`);

describe("theta", () => {
  it("continues a line with half its slope as drift", () => {
    // y_t = 10 + 2t, t = 1 … 20: theta line 2 is the series itself, SES α → 1 tracks y_n = 50,
    // forecast = ½·50 + ½·(10 + 2(20 + h)) = 50 + h.
    const y = Float64Array.from({ length: 20 }, (_, i) => 10 + 2 * (i + 1));
    const r = theta.forecast(y, { period: 1, horizon: 3 });
    [51, 52, 53].forEach((v, i) => close(r.point[i]!, v, 1e-3));
    close(r.params.drift!, 1, 1e-9);
    close(r.params.alpha!, 0.9999, 1e-3);
    assert.match(r.reason, /not seasonal/);
  });
  it("fixed α = 0.5 on a constant series forecasts the constant", () => {
    const r = theta.forecast(new Float64Array(10).fill(7), { period: 1, horizon: 2, fixed: { alpha: 0.5 } });
    [7, 7].forEach((v, i) => close(r.point[i]!, v, 1e-9));
  });
  it("deseasonalises a seasonal series and puts the season back", () => {
    // y_t = (100 + t) · s_{t mod 4}: adjusted ≈ 100 + t, forecast ≈ (124 + h/2) · s.
    const s = [0.8, 1.2, 0.9, 1.1];
    const y = Float64Array.from({ length: 24 }, (_, t) => (100 + t) * s[t % 4]!);
    const r = theta.forecast(y, { period: 4, horizon: 8 });
    assert.match(r.reason, /^seasonal/);
    for (let i = 0; i < 8; i++) {
      const expected = (123 + (i + 1) / 2) * s[(24 + i) % 4]!;
      close(r.point[i]! / expected, 1, 0.01);
    }
    assert.ok(r.upper95[7]! - r.lower95[7]! >= r.upper80[7]! - r.lower80[7]!);
  });
});
