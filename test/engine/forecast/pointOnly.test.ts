/**
 * `ForecastOptions.pointOnly` (auto's holdout refit reads only the point): every method gives the
 * same point to the last bit with and without it, and auto's holdout error is what a full refit
 * gives. Also the statistical forecast cut into its shared part, one item at a time and the
 * roll-up (what the forecast pool runs on several threads) equals the whole.
 */
import assert from "node:assert/strict";
import { assembleStatistical, forecastStatisticalItem, prepareStatistical, statisticalForecast } from "../../../src/engine/demand/statisticalForecast";
import { forecast, type MethodName } from "../../../src/engine/forecast/index";
import { smapePlanner } from "../../../src/engine/accuracy/smape";
import { mase } from "../../../src/engine/accuracy/mase";
import { months, table } from "../demand/helpers";

/** Bit-for-bit equality of two arrays (NaN equals NaN, 0 is not −0). */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Series with every shape the methods branch on. */
function shapes(): { name: string; y: number[] }[] {
  const r = rng(11);
  const n = 48;
  const seasonal = Array.from({ length: n }, (_, t) => 200 * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 12)) + 20 * r());
  const trend = Array.from({ length: n }, (_, t) => 30 + 3 * t + 8 * r());
  const intermittent = Array.from({ length: n }, () => (r() < 0.3 ? Math.round(1 + 30 * r()) : 0));
  const stopped = [...intermittent.slice(0, 36), ...Array<number>(12).fill(0)];
  const withGaps = seasonal.map((v, t) => (t % 7 === 3 ? Number.NaN : v));
  const negative = trend.map((v, t) => (t % 9 === 0 ? -v : v));
  const short = [5, 7, 6, 8, 9];
  const flat = Array<number>(30).fill(12);
  const tiny = seasonal.map((v, t) => (t === 10 ? 1e-9 : v));
  return [
    { name: "seasonal", y: seasonal },
    { name: "trend", y: trend },
    { name: "intermittent", y: intermittent },
    { name: "stopped", y: stopped },
    { name: "gaps", y: withGaps },
    { name: "negative", y: negative },
    { name: "short", y: short },
    { name: "flat", y: flat },
    { name: "near zero", y: tiny },
  ];
}

const METHODS: readonly MethodName[] = ["combination", "holtWintersMultiplicativeDamped", "damped", "sba", "tsb", "croston", "optimisedTheta", "auto"];

describe("forecast: point only", () => {
  for (const { name, y } of shapes()) {
    for (const method of METHODS) {
      it(`${method} on a ${name} series: the same point with pointOnly`, () => {
        for (const horizon of [1, 7, 18]) {
          const full = forecast(y, { period: 12, horizon, method });
          const point = forecast(y, { period: 12, horizon, method, pointOnly: true, holdout: false });
          sameBits(point.point, full.point, `${method} h=${horizon}`);
        }
      });
    }
    it(`auto on a ${name} series with family indices: the same point with pointOnly`, () => {
      const indices = Array.from({ length: 12 }, (_, p) => 1 + 0.3 * Math.cos((2 * Math.PI * p) / 12));
      const opts = { period: 12, horizon: 12, method: "auto" as const, seasonalIndices: indices, seasonStart: 5, seasonalSource: "family" };
      sameBits(forecast(y, { ...opts, pointOnly: true, holdout: false }).point, forecast(y, opts).point, "auto with indices");
    });
  }

  it("auto's holdout error is the one of a full refit without the last points", () => {
    for (const { name, y } of shapes()) {
      const r = forecast(y, { period: 12, horizon: 12, method: "auto" });
      const clean = y.filter((v) => Number.isFinite(v));
      if (r.holdout === undefined || clean.length !== y.length) continue;
      const k = r.holdout.points;
      const train = Float64Array.from(y.slice(0, y.length - k));
      const test = Float64Array.from(y.slice(y.length - k));
      // The full refit of the method auto chose (intervals, fitted values and all), clipped at 0 as auto clips a non-negative history.
      const full = forecast(train, { period: 12, horizon: k, method: r.method }).point;
      const refit = clean.every((v) => v >= 0) ? full.map((v) => (v < 0 ? 0 : v)) : full;
      assert.ok(Object.is(r.holdout.smape, smapePlanner(test, refit)), `${name}: sMAPE`);
      assert.ok(Object.is(r.holdout.mase, mase(train, test, refit, 12)), `${name}: MASE`);
    }
  });
});

describe("statistical forecast cut into items", () => {
  it("prepare, one item at a time and the roll-up give exactly the whole forecast", () => {
    const P = months("2022-01", 48);
    const r = rng(5);
    const rows: [string, string | null, (number | null)[]][] = [];
    for (let k = 0; k < 40; k++) {
      const kind = k % 5;
      rows.push([
        `I${k}`,
        kind === 4 ? null : `F${k % 3}`,
        P.map((_, t) => (kind === 0 ? 100 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) + 10 * r() : kind === 1 ? 20 + t + 5 * r() : kind === 2 ? (r() < 0.25 ? 10 : 0) : kind === 3 ? (t < 40 ? null : 8 + r()) : t % 6 === 0 ? null : 50 * r())),
      ]);
    }
    rows.push(["NEW", "F1", P.map(() => null)]);
    rows.push(["I3", "F0", P.map((_, t) => (t > 30 ? 4 : null))]); // a second row of an item
    const actuals = table(P, rows);
    const whole = statisticalForecast(actuals, "2026-01", 18);
    const ctx = prepareStatistical(actuals, "2026-01", 18);
    const items = Array.from({ length: ctx.items }, (_, k) => forecastStatisticalItem(ctx, k));
    assert.deepStrictEqual(assembleStatistical(ctx, items), whole);
    // Items forecast in another order give the same items (no state is carried from one to the next).
    const reversed = Array.from({ length: ctx.items }, (_, k) => forecastStatisticalItem(ctx, ctx.items - 1 - k)).reverse();
    assert.deepStrictEqual(reversed, whole.items);
    assert.ok(whole.counts.newItems === 1 && whole.items.length === 41);
  });
});
