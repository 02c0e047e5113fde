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

/** The items of chunk `chunk` (see {@link chunkBounds}), forecast on this thread. */
export function forecastChunk(ctx: StatisticalContext, bounds: readonly number[], chunk: number): ItemStatForecast[] {
  const items: ItemStatForecast[] = [];
  const end = Math.min(ctx.items, bounds[chunk + 1]!);
  for (let k = bounds[chunk]!; k < end; k++) items.push(forecastStatisticalItem(ctx, k));
  return items;
}

