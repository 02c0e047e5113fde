/**
 * The arithmetic of the pane's small SVG charts (Demand and Supply steps): linear scales, round
 * axis ticks, line, band and step paths that break at missing values, bars in equal bands,
 * compact tick labels, and which period labels fit under a narrow chart.
 *
 * Pure: numbers in, numbers and SVG path strings out. No React, no DOM.
 */

/** A linear map from [d0, d1] to [r0, r1]; a zero-width domain maps everything to the middle of the range. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** A round step (1, 2 or 5 × 10^k) that cuts [0, span] into about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const f = raw / magnitude;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return nice * magnitude;
}

/**
 * Ticks of an axis that starts at 0 and reaches at least `max`: 0, step, 2·step, … with a
 * round step. A `max` of 0 or less (nothing to show) gives [0, 1].
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const step = niceStep(max, count);
  const n = Math.ceil(max / step - 1e-9);
  const ticks: number[] = [];
  for (let i = 0; i <= n; i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/**
 * Ticks of an axis through 0 that reaches at least `min` below and `max` above (deltas that may be
 * negative): round steps on both sides of 0, about `count` in all. Nothing to show gives [0, 1].
 */
export function signedTicks(min: number, max: number, count = 4): number[] {
  const lo = Number.isFinite(min) ? Math.min(0, min) : 0;
  const hi = Number.isFinite(max) ? Math.max(0, max) : 0;
  if (hi - lo <= 0) return [0, 1];
  const step = niceStep(hi - lo, count);
  const from = Math.floor(lo / step + 1e-9);
  const to = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let i = from; i <= to; i++) ticks.push(Number((i * step).toPrecision(12)) || 0);
  return ticks;
}

/** Largest finite value of the arrays (0 when none). */
export function maxOf(...arrays: readonly (readonly (number | null)[])[]): number {
  let m = 0;
  for (const a of arrays) for (const v of a) if (v !== null && Number.isFinite(v) && v > m) m = v;
  return m;
}

/** A coordinate with one decimal (short paths, no float noise). */
export function coord(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? "0" : String(r);
}

/**
 * An SVG path through the values, broken where a value is missing (null or not finite). A
 * lone value (missing on both sides) is a zero-length segment, drawn as a dot with round caps.
 */
export function linePath(values: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  const parts: string[] = [];
  let run: string[] = [];
  const flush = (): void => {
    if (run.length === 1) parts.push(`${run[0]!}h0`);
    else if (run.length > 1) parts.push(run.join(""));
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      flush();
      return;
    }
    run.push(`${run.length === 0 ? "M" : "L"}${coord(x(i))},${coord(y(v))}`);
  });
  flush();
  return parts.join("");
}

/**
 * The area between a lower and an upper line (a prediction band), one closed shape per run
 * of periods where both are known: along the upper line, back along the lower one.
 */
export function bandPath(lower: readonly (number | null)[], upper: readonly (number | null)[], x: (i: number) => number, y: (v: number) => number): string {
  const n = Math.min(lower.length, upper.length);
  const parts: string[] = [];
  let start = -1;
  const known = (i: number): boolean => {
    const lo = lower[i];
    const hi = upper[i];
    return lo !== null && lo !== undefined && hi !== null && hi !== undefined && Number.isFinite(lo) && Number.isFinite(hi);
  };
  const close = (end: number): void => {
    if (start < 0) return;
    const top: string[] = [];
    for (let i = start; i < end; i++) top.push(`${i === start ? "M" : "L"}${coord(x(i))},${coord(y(upper[i]!))}`);
    for (let i = end - 1; i >= start; i--) top.push(`L${coord(x(i))},${coord(y(lower[i]!))}`);
    parts.push(`${top.join("")}Z`);
    start = -1;
  };
  for (let i = 0; i < n; i++) {
    if (known(i)) {
      if (start < 0) start = i;
    } else close(i);
  }
  close(n);
  return parts.join("");
}

/** A short tick label: 950 → "950", 1500 → "1.5k", 12000 → "12k", 2500000 → "2.5M". */
export function compactNumber(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? "\u2212" : "";
  const short = (x: number, unit: string): string => `${sign}${Number(x.toFixed(x < 10 ? 1 : 0))}${unit}`;
  if (a >= 1e9) return short(a / 1e9, "G");
  if (a >= 1e6) return short(a / 1e6, "M");
  if (a >= 1e3) return short(a / 1e3, "k");
  return `${sign}${Number(a.toFixed(a < 10 ? 1 : 0))}`;
}

/**
 * Which period labels to print under a chart: the first, the marked one (the cycle), the
 * last, each kept only when at least `minGap` pixels from those already kept (the marked
 * one first, then the ends).
 */
export function labelIndices(n: number, marked: number, x: (i: number) => number, minGap: number): number[] {
  if (n <= 0) return [];
  const wanted = [marked, 0, n - 1].filter((i, k, all) => i >= 0 && i < n && all.indexOf(i) === k);
  const kept: number[] = [];
  for (const i of wanted) if (kept.every((j) => Math.abs(x(i) - x(j)) >= minGap)) kept.push(i);
  return kept.sort((a, b) => a - b);
}

/**
 * `n` equal bands across [r0, r1], one a bar: band i spans [edge(i), edge(i + 1)]; its bar,
 * `width` wide, is centred in it, leaving `gap` (a fraction of the band) between bars.
 */
export function bandScale(n: number, r0: number, r1: number, gap = 0.25): { step: number; width: number; edge: (i: number) => number; start: (i: number) => number; center: (i: number) => number } {
  const step = (r1 - r0) / Math.max(1, n);
  const width = step * (1 - Math.min(1, Math.max(0, gap)));
  return {
    step,
    width,
    edge: (i) => r0 + i * step,
    start: (i) => r0 + i * step + (step - width) / 2,
    center: (i) => r0 + (i + 0.5) * step,
  };
}

/**
 * A step line over bands (a level per band, such as the capacity of each month): flat across
 * band i from edge(i) to edge(i + 1), vertical where the level changes, broken where a value is
 * missing (null or not finite).
 */
export function stepPath(values: readonly (number | null)[], edge: (i: number) => number, y: (v: number) => number): string {
  let d = "";
  let open = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      open = false;
      return;
    }
    d += open ? `V${coord(y(v))}H${coord(edge(i + 1))}` : `M${coord(edge(i))},${coord(y(v))}H${coord(edge(i + 1))}`;
    open = true;
  });
  return d;
}

/** An upward triangle (a warning mark) with its base centred on (cx, base), `half` its half-width: equilateral. */
export function upTriangle(cx: number, base: number, half: number): string {
  return `M${coord(cx - half)},${coord(base)}H${coord(cx + half)}L${coord(cx)},${coord(base - Math.sqrt(3) * half)}Z`;
}
