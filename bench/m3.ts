/**
 * `npm run bench:m3`: accuracy and speed of the forecasting methods on the 3,003 series of the
 * M3 competition (Makridakis & Hibon 2000), side by side with the 15 original submissions.
 *
 * Data: ../shared/data/m3 (see its README). For each frequency (yearly h = 6, quarterly h = 8,
 * monthly h = 18, other h = 8) and all series together, and for every `Forecaster` under
 * src/engine/forecast, prints:
 *   - sMAPE in the M3 definition (200/h · Σ|y−f|/(y+f)), pooled over every series-horizon
 *     point as the published tables do (`smapeM3Terms`);
 *   - mean MASE over series (seasonal scale m = 12 / 4 / 1, `mase`);
 *   - wall time of fitting + forecasting with intervals (ms).
 * The original submissions (m3_original_forecasts.csv) are scored by the same code.
 * Options: --methods a,b,c (subset of ours), --data DIR.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { mase } from "../src/engine/accuracy/mase";
import { smapeM3Terms } from "../src/engine/accuracy/smape";
import { croston, sba, tsb } from "../src/engine/forecast/intermittent";
import { movingAverage } from "../src/engine/forecast/movingAverage";
import { naive, naive2, seasonalNaive } from "../src/engine/forecast/naive";
import { theta } from "../src/engine/forecast/theta";
import { optimisedTheta } from "../src/engine/forecast/optimisedTheta";
import { auto } from "../src/engine/forecast/auto";
import { combination } from "../src/engine/forecast/combination";
import { type Forecaster } from "../src/engine/forecast/types";

const { values } = parseArgs({
  options: {
    methods: { type: "string" },
    data: { type: "string", default: resolve("..", "shared", "data", "m3") },
  },
});
const DIR = values.data!;
const FREQUENCIES = ["yearly", "quarterly", "monthly", "other"] as const;
type Frequency = (typeof FREQUENCIES)[number];
const PERIOD: Record<Frequency, number> = { yearly: 1, quarterly: 4, monthly: 12, other: 1 };
const HORIZON: Record<Frequency, number> = { yearly: 6, quarterly: 8, monthly: 18, other: 8 };

interface Series {
  readonly id: string;
  readonly frequency: Frequency;
  readonly train: Float64Array;
  readonly test: Float64Array;
}

function loadSeries(): Series[] {
  const out: Series[] = [];
  for (const frequency of FREQUENCIES) {
    const byId = new Map<string, { train: number[]; test: number[] }>();
    const lines = readFileSync(join(DIR, `m3_${frequency}.csv`), "utf8").split("\n");
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (line === "") continue;
      const [id, , , value, split] = line.split(",");
      let s = byId.get(id!);
      if (s === undefined) byId.set(id!, (s = { train: [], test: [] }));
      (split === "test" ? s.test : s.train).push(Number(value));
    }
    for (const [id, s] of byId) out.push({ id, frequency, train: Float64Array.from(s.train), test: Float64Array.from(s.test) });
  }
  return out;
}

/** Accumulated score of one method on one frequency. */
class Score {
  smapeSum = 0;
  smapePoints = 0;
  maseSum = 0;
  series = 0;
  ms = 0;
  add(s: Series, forecast: ArrayLike<number>): void {
    const t = smapeM3Terms(s.test, forecast);
    this.smapeSum += t.sum;
    this.smapePoints += t.count;
    this.maseSum += mase(s.train, s.test, forecast, PERIOD[s.frequency]);
    this.series++;
  }
  merge(o: Score): void {
    this.smapeSum += o.smapeSum;
    this.smapePoints += o.smapePoints;
    this.maseSum += o.maseSum;
    this.series += o.series;
    this.ms += o.ms;
  }
}

type Row = { readonly label: string; readonly scores: Record<Frequency | "all", Score>; readonly timed: boolean };

const emptyScores = (): Record<Frequency | "all", Score> => ({
  yearly: new Score(), quarterly: new Score(), monthly: new Score(), other: new Score(), all: new Score(),
});

async function ourMethods(): Promise<Forecaster[]> {
  const list: Forecaster[] = [auto, combination, naive, seasonalNaive, naive2, movingAverage, theta, optimisedTheta, croston, sba, tsb];
  try {
    const es: Record<string, unknown> = await import("../src/engine/forecast/exponentialSmoothing.js");
    for (const v of Object.values(es)) {
      if (typeof v === "object" && v !== null && "forecast" in v && "name" in v) list.push(v as Forecaster);
    }
  } catch {
    console.log("(exponentialSmoothing.ts not available: its methods are left out)");
  }
  const wanted = values.methods?.split(",").map((s) => s.trim());
  return wanted === undefined ? list : list.filter((m) => wanted.includes(m.name));
}

function runOurs(method: Forecaster, series: Series[]): Row {
  const scores = emptyScores();
  for (const frequency of FREQUENCIES) {
    const subset = series.filter((s) => s.frequency === frequency);
    const forecasts: Float64Array[] = [];
    const t0 = performance.now();
    for (const s of subset) forecasts.push(method.forecast(s.train, { period: PERIOD[frequency], horizon: HORIZON[frequency] }).point);
    scores[frequency].ms = performance.now() - t0;
    subset.forEach((s, i) => scores[frequency].add(s, forecasts[i]!));
    scores.all.merge(scores[frequency]);
  }
  return { label: method.name, scores, timed: true };
}

function runOriginals(series: Series[]): Row[] {
  const byId = new Map(series.map((s) => [s.id, s]));
  const rows = new Map<string, Record<Frequency | "all", Score>>();
  const lines = readFileSync(join(DIR, "m3_original_forecasts.csv"), "utf8").split("\n");
  for (let i = 1; i < lines.length; i++) {
    if (lines[i] === "") continue;
    const cells = lines[i]!.split(",");
    const s = byId.get(cells[1]!);
    if (s === undefined) continue;
    let scores = rows.get(cells[0]!);
    if (scores === undefined) rows.set(cells[0]!, (scores = emptyScores()));
    const f = cells.slice(2, 2 + s.test.length).map(Number);
    scores[s.frequency].add(s, f);
    scores.all.add(s, f);
  }
  return [...rows].map(([label, scores]) => ({ label: `M3 ${label}`, scores, timed: false }));
}

function print(rows: Row[]): void {
  const cols = [...FREQUENCIES, "all"] as const;
  const head1 = ["".padEnd(34), ...cols.map((c) => c.padStart(22))].join("");
  const head2 = ["method".padEnd(34), ...cols.map(() => "sMAPE   MASE     ms".padStart(22))].join("");
  console.log(head1);
  console.log(head2);
  console.log("-".repeat(head2.length));
  for (const r of rows) {
    const cells = cols.map((c) => {
      const s = r.scores[c];
      const smape = s.smapePoints > 0 ? (s.smapeSum / s.smapePoints).toFixed(2) : "—";
      const m = s.series > 0 ? (s.maseSum / s.series).toFixed(3) : "—";
      const ms = r.timed ? s.ms.toFixed(0) : "";
      return `${smape.padStart(8)} ${m.padStart(6)} ${ms.padStart(6)}`;
    });
    console.log([r.label.padEnd(34), ...cells].join(""));
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(DIR, "m3_series.csv"))) {
    console.error(`M3 data not found in ${DIR}`);
    process.exitCode = 1;
    return;
  }
  const series = loadSeries();
  const counts = FREQUENCIES.map((f) => `${f} ${series.filter((s) => s.frequency === f).length}`).join(", ");
  console.log(`M3: ${series.length} series (${counts}); sMAPE pooled over series-horizon points (M3 definition), MASE mean over series, ms = fit + forecast wall time\n`);
  const rows: Row[] = [];
  for (const m of await ourMethods()) rows.push(runOurs(m, series));
  rows.sort((a, b) => a.scores.all.smapeSum / a.scores.all.smapePoints - b.scores.all.smapeSum / b.scores.all.smapePoints);
  print(rows);
  console.log("\nOriginal M3 submissions (m3_original_forecasts.csv), same metric code:\n");
  const originals = runOriginals(series);
  originals.sort((a, b) => a.scores.all.smapeSum / a.scores.all.smapePoints - b.scores.all.smapeSum / b.scores.all.smapePoints);
  print(originals);
  console.log("\nThe M3 sMAPE has no absolute values in its denominator: a method with negative forecasts");
  console.log("(ROBUST-Trend on some monthly series) gets negative terms, as in the original definition.");
}

void main();
