/**
 * The CLI's forecast pool: worker threads that share the statistical forecast of a run with the
 * main thread (`runCycle`'s executor). The items are cut into chunks that every thread claims
 * from one shared counter until none is left (so a slow thread simply takes fewer); the main
 * thread forecasts too, then gathers the workers' chunks and rolls everything up in item order,
 * which makes the result exactly `statisticalForecast`'s. A worker that fails or stops leaves its
 * unfinished chunks to the main thread: the run never depends on the workers.
 *
 * Workers are started when the pool is created (before the workbook is read, so they load the
 * engine meanwhile) and run the TypeScript engine through tsx, as the CLI does.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { assembleStatistical, prepareStatistical, statisticalForecast } from "../engine/demand/statisticalForecast";
import type { ItemStatForecast, StatisticalForecast } from "../engine/demand/types";
import type { SeriesTable } from "../engine/inputs";
import type { SupplyPlan } from "../engine/supply/types";
import type { ScenarioJobHandle, StatisticalExecutor, StatisticalJob } from "../workbook/runCycle";
import type { ScenarioContext, ScenarioDemand, ScenarioInputs, ScenarioStepResult } from "../workbook/scenarioStep";
import { chunkBounds, forecastChunk } from "./forecastChunks";

export { CHUNK_SIZE, MIN_CHUNK_SIZE, chunkBounds } from "./forecastChunks";

/** What the main thread sends a worker: one statistical forecast to share. */
export interface ForecastJob {
  readonly kind: "forecast";
  readonly id: number;
  readonly actuals: SeriesTable;
  readonly cycle: string;
  readonly horizon: number;
  /** One Int32: the next chunk to claim (`Atomics.add`). */
  readonly counter: SharedArrayBuffer;
  /** Chunk `c` is items `bounds[c]` to `bounds[c + 1]` (exclusive); `bounds.length − 1` chunks (see {@link chunkBounds}). */
  readonly bounds: readonly number[];
}

/** What the main thread sends a worker: the scenario step to run on the worker's HiGHS. */
export interface ScenarioJob {
  readonly kind: "scenarios";
  readonly id: number;
  readonly inputs: ScenarioInputs;
  readonly demand: ScenarioDemand;
  readonly ctx: ScenarioContext;
}

/** What a worker sends back: a chunk's items, the end of its share, the scenario step, or why it stopped. */
export type WorkerReply =
  | { readonly id: number; readonly chunk: number; readonly items: ItemStatForecast[] }
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly baseline: SupplyPlan }
  | { readonly id: number; readonly scenario: ScenarioStepResult }
  | { readonly id: number; readonly error: string };

/** Young generation of a worker, in MB (Node's default is 16 MB semi-spaces, 48 MB in all). */
const WORKER_YOUNG_MB = 96;

/** Bootstrap of a worker: the engine is TypeScript, loaded through tsx unless a loader is already there. */
const BOOT = `const { workerData } = require("node:worker_threads");
if (!require.extensions[".ts"]) require(workerData.tsx).register();
require(workerData.entry);`;

/** Workers for this machine: one per core but the main thread's, at most 7. */
export function defaultWorkers(): number {
  return Math.max(0, Math.min(7, availableParallelism() - 1));
}

/** Worker threads that make the statistical forecast with the main thread (see the module comment). */
export class ForecastPool implements StatisticalExecutor {
  private nextId = 1;

  private constructor(
    private readonly workers: readonly Worker[],
    private readonly solverInWorkers: boolean,
  ) {}

  /**
   * A pool of `workers` threads (default: one per core but one); none means the main thread
   * alone. With `solverInWorkers` (the caller's solver is HiGHS as `loadHighsSolver()` loads it
   * with its defaults, as in the CLI) the scenario step runs in a worker too.
   */
  static create(workers = defaultWorkers(), options: { readonly solverInWorkers?: boolean } = {}): ForecastPool {
    const list: Worker[] = [];
    for (let i = 0; i < workers; i++) {
      try {
        const w = new Worker(BOOT, {
          eval: true,
          workerData: { entry: path.join(__dirname, "forecastWorker.ts"), tsx: require.resolve("tsx/cjs/api") },
          // Forecasting makes many short-lived arrays: a larger young generation collects them cheaply.
          resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
        });
        w.unref(); // a pool never keeps the process alive
        w.on("error", () => undefined); // a failed worker is noticed per job (see `statistical`)
        list.push(w);
      } catch {
        break; // no threads here: the main thread forecasts alone
      }
    }
    return new ForecastPool(list, options.solverInWorkers === true);
  }

  /** Number of worker threads. */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Start the statistical forecast of `actuals` (the same as `statisticalForecast`): the workers
   * begin at once; `finish` adds the calling thread, waits for the workers and rolls up.
   */
  start(actuals: SeriesTable, cycle: string, horizon: number, onProgress?: (done: number, total: number) => void): StatisticalJob {
    // Items are the table's distinct keys (`itemRows`); the shared context is made after the workers start.
    const bounds = chunkBounds(new Set(actuals.keys).size, this.workers.length + 1);
    const chunks = bounds.length - 1;
    if (this.workers.length === 0 || chunks < 2) {
      return { finish: () => Promise.resolve(statisticalForecast(actuals, cycle, horizon, onProgress ? { onProgress } : {})) };
    }
    const id = this.nextId++;
    const counter = new SharedArrayBuffer(4);
    const claimed = new Int32Array(counter);
    const results: (ItemStatForecast[] | undefined)[] = new Array<ItemStatForecast[] | undefined>(chunks);
    let received = 0;
    const finished = this.workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const stop = (): void => {
            w.off("message", onMessage);
            w.off("error", stop);
            w.off("exit", stop);
            resolve();
          };
          const onMessage = (m: WorkerReply): void => {
            if (m.id !== id) return;
            if ("items" in m) {
              results[m.chunk] = m.items;
              received += m.items.length;
            } else stop();
          };
          w.on("message", onMessage);
          w.once("error", stop);
          w.once("exit", stop);
        }),
    );
    const job: ForecastJob = { kind: "forecast", id, actuals, cycle, horizon, counter, bounds };
    for (const w of this.workers) {
      try {
        w.postMessage(job);
      } catch {
        // this worker takes no chunk; the others and the main thread do its share
      }
    }
    const finish = async (): Promise<StatisticalForecast> => {
      const ctx = prepareStatistical(actuals, cycle, horizon);
      // The calling thread's share.
      let own = 0;
      for (;;) {
        const chunk = Atomics.add(claimed, 0, 1);
        if (chunk >= chunks) break;
        const items = forecastChunk(ctx, bounds, chunk);
        results[chunk] = items;
        own += items.length;
        onProgress?.(Math.min(ctx.items, own + received), ctx.items);
        // Take in the workers' chunks that came meanwhile (each a message to decode) while they still forecast,
        // rather than all at once at the end, when the other threads wait for this one.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await Promise.all(finished);
      // Chunks a worker claimed but never sent (it failed or stopped): made here.
      for (let c = 0; c < chunks; c++) results[c] ??= forecastChunk(ctx, bounds, c);
      const items: ItemStatForecast[] = [];
      for (const r of results) for (const it of r!) items.push(it);
      onProgress?.(ctx.items, ctx.items);
      return assembleStatistical(ctx, items);
    };
    // Given up: no chunk is claimed any more; the workers end the ones they hold and report done.
    const cancel = (): void => void Atomics.store(claimed, 0, chunks);
    // Every chunk taken (by a thread forecasting it, or given up): nothing left for this thread to help with.
    const busy = (): boolean => Atomics.load(claimed, 0) < chunks;
    return { finish, cancel, busy };
  }

  /** The statistical forecast of `actuals`, shared with the workers (`start` then `finish`). */
  statistical(actuals: SeriesTable, cycle: string, horizon: number, onProgress?: (done: number, total: number) => void): Promise<StatisticalForecast> {
    return this.start(actuals, cycle, horizon, onProgress).finish();
  }

  /**
   * Start the scenario step on a worker (its own HiGHS); `finish` gives its result, or null
   * when the worker failed or stopped (the caller then runs it itself). `baseline` gives the
   * baseline's constrained plan as soon as the worker has solved it, before the scenarios run (the
   * supply review's plan: the same consensus, inputs, settings and solver), or null when the worker
   * did not solve one. Both null at once without workers or when the pool was not told that the
   * workers' solver is the caller's.
   */
  scenarios(inputs: ScenarioInputs, demand: ScenarioDemand, ctx: ScenarioContext): Required<ScenarioJobHandle> {
    const none: Required<ScenarioJobHandle> = { baseline: () => Promise.resolve(null), finish: () => Promise.resolve(null) };
    const w = this.workers[0];
    if (w === undefined || !this.solverInWorkers) return none;
    const id = this.nextId++;
    let giveBaseline: (plan: SupplyPlan | null) => void = () => undefined;
    const baseline = new Promise<SupplyPlan | null>((resolve) => (giveBaseline = resolve));
    const result = new Promise<ScenarioStepResult | null>((resolve) => {
      const stop = (r: ScenarioStepResult | null): void => {
        w.off("message", onMessage);
        w.off("error", onEnd);
        w.off("exit", onEnd);
        giveBaseline(null); // no baseline came before the end: the caller solves its own
        resolve(r);
      };
      const onEnd = (): void => stop(null);
      const onMessage = (m: WorkerReply): void => {
        if (m.id !== id) return;
        if ("baseline" in m) giveBaseline(m.baseline);
        else stop("scenario" in m ? m.scenario : null);
      };
      w.on("message", onMessage);
      w.once("error", onEnd);
      w.once("exit", onEnd);
    });
    // Only what a scenario run reads: per item its family and quantities, not the consensus's sources.
    const job: ScenarioJob = {
      kind: "scenarios",
      id,
      inputs: { scenarios: inputs.scenarios, capacity: inputs.capacity, resources: inputs.resources, inventory: inputs.inventory, prices: inputs.prices },
      demand: { periods: demand.periods, items: demand.items.map((i) => ({ item: i.item, family: i.family, consensus: i.consensus })) },
      ctx,
    };
    try {
      w.postMessage(job);
    } catch {
      return none;
    }
    return { baseline: () => baseline, finish: () => result };
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
