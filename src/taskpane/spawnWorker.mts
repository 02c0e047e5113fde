/**
 * Start the engine worker. webpack 5 bundles `worker.ts` as a worker chunk from this
 * exact `new Worker(new URL(…, import.meta.url))` form. This file is an ES module
 * (.mts) because `import.meta` is only allowed there under the Node16 type-check.
 */
export function spawnEngineWorker(): Worker {
  return new Worker(new URL("./worker.ts", import.meta.url), { name: "sop-engine" });
}
