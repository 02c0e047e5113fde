/**
 * A worker thread of the forecast pool (`forecastPool.ts`): given the actuals, the cycle and the
 * horizon, it forecasts chunks of items, claiming each chunk from a counter it shares with the
 * other threads, and posts each chunk's item forecasts back. The engine code is the one the
 * main thread runs, so the forecasts are the same to the last bit. The first worker also runs the
 * scenario step on its own HiGHS, posting the baseline's plan back as soon as it is solved (the
 * main thread's supply review uses it). While the main thread reads the workbook, a worker warms
 * its forecasting up on made-up data.
 */
import { parentPort } from "node:worker_threads";
import { prepareStatistical, statisticalForecast } from "../engine/demand/statisticalForecast";
import { forecastChunk } from "./forecastChunks";
import type { ForecastJob, ScenarioJob, WorkerReply } from "./forecastPool";
import { loadHighsSolver } from "../solver/highsSolver";
import type { LpSolver, SupplyPlan } from "../engine/supply/types";
import { scenarioStep } from "../workbook/scenarioStep";

function run(job: ForecastJob): void {
  const ctx = prepareStatistical(job.actuals, job.cycle, job.horizon);
  const counter = new Int32Array(job.counter);
  const chunks = job.bounds.length - 1;
  for (;;) {
    const chunk = Atomics.add(counter, 0, 1);
    if (chunk >= chunks) break;
    parentPort?.postMessage({ id: job.id, chunk, items: forecastChunk(ctx, job.bounds, chunk) } satisfies WorkerReply);
  }
  parentPort?.postMessage({ id: job.id, done: true } satisfies WorkerReply);
}

/**
 * Warm-up while the main thread reads the workbook: a small made-up table forecast once, so that
 * the forecasting code is compiled (JIT) before the first real chunk. Nothing of it is kept; the
 * arithmetic of a later forecast does not depend on it.
 */
function warmUp(): void {
  const months = 48;
  const periods = Array.from({ length: months }, (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  const keys: string[] = [];
  const attributes: (string | null)[][] = [];
  const values = new Float64Array(WARM_UP_ITEMS * months);
  let seed = 7;
  const next = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0; k < WARM_UP_ITEMS; k++) {
    keys.push(`W${k}`);
    attributes.push([`F${k % 3}`]);
    const kind = k % 4; // seasonal, trend, intermittent, short
    for (let t = 0; t < months; t++) {
      const season = 1 + 0.3 * Math.sin((2 * Math.PI * t) / 12);
      const v = kind === 0 ? 100 * season * (0.8 + 0.4 * next()) : kind === 1 ? 50 + t * 2 + 10 * next() : kind === 2 ? (next() < 0.3 ? Math.round(20 * next()) : 0) : t >= months - 8 ? 30 + 5 * next() : Number.NaN;
      values[k * months + t] = v;
    }
  }
  statisticalForecast({ kind: "month", periods, keys, attributeNames: ["Family"], attributes, values }, "2024-01", 18);
}

/** Items of the warm-up table. */
const WARM_UP_ITEMS = 160;

/** HiGHS for the scenario step, loaded when the first scenario job comes (the same solver the CLI loads). */
let solver: Promise<LpSolver> | null = null;

/** The scenario step on this thread's solver. */
async function runScenarios(job: ScenarioJob): Promise<void> {
  solver ??= loadHighsSolver();
  // The baseline's plan goes back as soon as it is solved: the main thread's supply review uses it.
  const onBaseline = (plan: SupplyPlan): void => parentPort?.postMessage({ id: job.id, baseline: plan } satisfies WorkerReply);
  const result = scenarioStep(job.inputs, job.demand, { ...job.ctx, solver: await solver, onBaseline });
  parentPort?.postMessage({ id: job.id, scenario: result } satisfies WorkerReply);
}

parentPort?.on("message", (job: ForecastJob | ScenarioJob) => {
  const fail = (e: unknown): void => parentPort?.postMessage({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply);
  try {
    if (job.kind === "scenarios") runScenarios(job).catch(fail);
    else run(job);
  } catch (e) {
    fail(e);
  }
});

try {
  warmUp();
} catch {
  // a failed warm-up only means a colder start
}
