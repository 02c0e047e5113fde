/**
 * How the forecast pool cuts a run's items into chunks that its threads claim one by one, and
 * the forecast of one chunk: shared by the main thread (`forecastPool.ts`) and the workers
 * (`forecastWorker.ts`), so that both read a chunk's items alike.
 */
import { type StatisticalContext, forecastStatisticalItem } from "../engine/demand/statisticalForecast";
import type { ItemStatForecast } from "../engine/demand/types";

/** Items per chunk at most: large enough that messages stay few. */
export const CHUNK_SIZE = 200;

/** Items per chunk at least (the last chunks): small enough that no thread waits long for another's last one. */
export const MIN_CHUNK_SIZE = 20;

/**
 * Where the chunks of `items` items begin (and, last, where the items end), for `threads` threads:
 * each chunk a quarter of a thread's fair share of the items still unclaimed, from
 * {@link CHUNK_SIZE} down to {@link MIN_CHUNK_SIZE} (guided scheduling). Large chunks keep the
 * messages few; the small last ones let the threads end together: with chunks of one size, a
 * thread could wait for the whole of another's last chunk (about a third of a second at 200 items).
 */
export function chunkBounds(items: number, threads: number): number[] {
  const bounds = [0];
  let at = 0;
  while (at < items) {
    const size = Math.min(CHUNK_SIZE, Math.max(MIN_CHUNK_SIZE, Math.ceil((items - at) / (4 * Math.max(1, threads)))));
    at = Math.min(items, at + size);
    bounds.push(at);
  }
  return bounds;
}

/** The arrays of an item's forecast band, in their order. */
const BAND = ["point", "lower80", "upper80", "lower95", "upper95"] as const;

/**
 * The items of chunk `chunk` (see {@link chunkBounds}), forecast on this thread, their bands'
 * arrays copied into one buffer (views of it, the same figures): a chunk posted to another thread
 * is then one buffer to copy, not five small ones per item.
 */
export function forecastChunk(ctx: StatisticalContext, bounds: readonly number[], chunk: number): ItemStatForecast[] {
  const made: ItemStatForecast[] = [];
  const end = Math.min(ctx.items, bounds[chunk + 1]!);
  let length = 0;
  for (let k = bounds[chunk]!; k < end; k++) {
    const it = forecastStatisticalItem(ctx, k);
    made.push(it);
    for (const b of BAND) length += it[b].length;
  }
  const buffer = new Float64Array(length);
  let at = 0;
  const view = (a: Float64Array): Float64Array => {
    const v = buffer.subarray(at, at + a.length);
    v.set(a);
    at += a.length;
    return v;
  };
  return made.map((it) => ({ ...it, point: view(it.point), lower80: view(it.lower80), upper80: view(it.upper80), lower95: view(it.lower95), upper95: view(it.upper95) }));
}

