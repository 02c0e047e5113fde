import assert from "node:assert/strict";
import { bandPath, bandScale, compactNumber, coord, labelIndices, linePath, linearScale, maxOf, niceStep, niceTicks, signedTicks, stepPath, upTriangle } from "../../src/taskpane/chartScale";
import { overallFraction, runProgress, type StepProgress } from "../../src/taskpane/workerProtocol";

describe("task pane: chart arithmetic", () => {
  it("linear scales, including an inverted range (SVG y grows downwards) and a zero-width domain", () => {
    const x = linearScale(0, 10, 40, 240);
    assert.equal(x(0), 40);
    assert.equal(x(5), 140);
    assert.equal(x(10), 240);
    const y = linearScale(0, 2000, 180, 20);
    assert.equal(y(0), 180);
    assert.equal(y(500), 140);
    assert.equal(y(2000), 20);
    assert.equal(linearScale(3, 3, 0, 100)(3), 50);
  });

  it("round ticks from 0 past the largest value", () => {
    assert.equal(niceStep(1000, 4), 500); // 250 → 1·10² < 2.5·10² ≤ 5·10²
    assert.equal(niceStep(10, 5), 2);
    assert.equal(niceStep(0.7, 4), 0.2); // 0.175 → 2·10⁻¹
    assert.deepEqual(niceTicks(1000), [0, 500, 1000]);
    assert.deepEqual(niceTicks(1234), [0, 500, 1000, 1500]);
    assert.deepEqual(niceTicks(87), [0, 50, 100]); // 87 / 4 = 21.75 = 2.175 × 10 → 5 × 10
    assert.deepEqual(niceTicks(0.7), [0, 0.2, 0.4, 0.6, 0.8]);
    assert.deepEqual(niceTicks(0), [0, 1]);
    assert.deepEqual(niceTicks(-5), [0, 1]);
  });

  it("the largest known value", () => {
    assert.equal(maxOf([1, null, 7], [3, Number.NaN], []), 7);
    assert.equal(maxOf([null], [-2]), 0);
  });

  it("coordinates with one decimal", () => {
    assert.equal(coord(12.345), "12.3");
    assert.equal(coord(-0.04), "0");
    assert.equal(coord(7), "7");
  });

  it("lines break at missing values; a lone value is a dot", () => {
    const x = (i: number): number => i * 10;
    const y = (v: number): number => 100 - v;
    assert.equal(linePath([1, 2, null, 4, null, null, 5, 6.25], x, y), "M0,99L10,98M30,96h0M60,95L70,93.8");
    assert.equal(linePath([null, null], x, y), "");
    assert.equal(linePath([], x, y), "");
  });

  it("a band is one closed shape per run where both bounds are known", () => {
    const x = (i: number): number => i * 10;
    const y = (v: number): number => v;
    assert.equal(bandPath([null, 1, 2, null, 5], [null, 3, 4, 6, 7], x, y), "M10,3L20,4L20,2L10,1ZM40,7L40,5Z");
    assert.equal(bandPath([null], [null], x, y), "");
  });

  it("short tick labels", () => {
    assert.equal(compactNumber(0), "0");
    assert.equal(compactNumber(950), "950");
    assert.equal(compactNumber(2.5), "2.5");
    assert.equal(compactNumber(1500), "1.5k");
    assert.equal(compactNumber(12000), "12k");
    assert.equal(compactNumber(2_500_000), "2.5M");
    assert.equal(compactNumber(-1500), "\u22121.5k");
  });

  it("period labels that fit: the cycle first, then the ends, each at least minGap apart", () => {
    const x = (i: number): number => i * 10; // 30 periods over 290 px
    assert.deepEqual(labelIndices(30, 12, x, 60), [0, 12, 29]);
    assert.deepEqual(labelIndices(30, 3, x, 60), [3, 29], "the first label would touch the cycle's");
    assert.deepEqual(labelIndices(30, -1, x, 60), [0, 29]);
    assert.deepEqual(labelIndices(1, 0, x, 60), [0]);
    assert.deepEqual(labelIndices(0, 0, x, 60), []);
  });

  it("progress: a whole run's fraction split into phases, and back", () => {
    const seen: StepProgress[] = [];
    const p = runProgress((s) => seen.push(s));
    p(0.3, "reading");
    p(0.7, "checking");
    p(0.9, "writing");
    p(1, "Done");
    assert.deepEqual(
      seen.map((s) => [s.step, Number(s.fraction.toFixed(6)), s.label]),
      [
        ["read", 0.5, "reading"],
        ["check", 0.5, "checking"],
        ["write", 0.5, "writing"],
        ["write", 1, "Done"],
      ],
    );
    assert.equal(Number(overallFraction({ step: "check", fraction: 0.5, label: "" }).toFixed(6)), 0.7);
    assert.equal(overallFraction({ step: "read", fraction: 2, label: "" }), 0.6);
  });
});

describe("task pane: bar-chart arithmetic (load vs capacity)", () => {
  it("equal bands, one a bar, centred with a gap between bars", () => {
    // 4 bands across [40, 240]: 50 px each; a 0.2 gap leaves bars 40 px wide, 5 px in from each edge.
    const b = bandScale(4, 40, 240, 0.2);
    assert.equal(b.step, 50);
    assert.equal(b.width, 40);
    assert.deepEqual([0, 1, 2, 3, 4].map(b.edge), [40, 90, 140, 190, 240]);
    assert.deepEqual([0, 1, 2, 3].map(b.start), [45, 95, 145, 195]);
    assert.deepEqual([0, 1, 2, 3].map(b.center), [65, 115, 165, 215]);
    // No bands: one band over the whole range; a gap beyond [0, 1] is clamped.
    assert.equal(bandScale(0, 0, 100).step, 100);
    assert.equal(bandScale(2, 0, 100, 1.5).width, 0);
    assert.equal(bandScale(2, 0, 100, -1).width, 50);
  });

  it("a step line: flat across each band, vertical where the level changes, broken at a gap", () => {
    const edge = (i: number): number => 10 * i;
    const y = (v: number): number => 100 - v;
    // 10 and 20 in bands 0–1, nothing in band 2, 5 in band 3.
    assert.equal(stepPath([10, 20, null, 5], edge, y), "M0,90H10V80H20M30,95H40");
    assert.equal(stepPath([7], edge, y), "M0,93H10");
    assert.equal(stepPath([null, Number.NaN], edge, y), "");
    assert.equal(stepPath([], edge, y), "");
  });

  it("an equilateral warning triangle over a point", () => {
    // Half-width 5: the apex √3 × 5 ≈ 8.66 above the base.
    assert.equal(upTriangle(100, 50, 5), "M95,50H105L100,41.3Z");
    assert.equal(upTriangle(6, 11, 5), "M1,11H11L6,2.3Z");
  });
});

describe("task pane: diverging-bar arithmetic (scenario deltas)", () => {
  it("ticks through 0 on both sides, with round steps", () => {
    assert.deepEqual(signedTicks(-2_400_000, 5_308_305, 4), [-4e6, -2e6, 0, 2e6, 4e6, 6e6]);
    assert.deepEqual(signedTicks(0, 95, 4), [0, 50, 100]);
    assert.deepEqual(signedTicks(-3, -1, 4), [-3, -2, -1, 0]);
    assert.deepEqual(signedTicks(0, 0), [0, 1]);
    assert.deepEqual(signedTicks(Number.NaN, 8, 4), [0, 2, 4, 6, 8]);
    assert.ok(signedTicks(-0.3, 0.3, 4).every((t) => !Object.is(t, -0)), "no negative zero");
  });
});
