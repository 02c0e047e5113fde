/**
 * HiGHS, the LP solver of the constrained supply plan, for the engine worker: loaded from the
 * highs.wasm that webpack emits as an asset. The worker imports this module lazily (its own
 * `highs` chunk, on the first run), so neither the pane's first load nor a check fetches the
 * solver. An ES module (.mts) because `import.meta` is only allowed there under the Node16
 * type-check.
 */
import type { LpSolver } from "../engine/supply/types.js";
import { loadHighsSolver } from "../solver/highsSolver.js";

/**
 * The URL of the emitted highs.wasm. webpack resolves `highs/runtime` (the package's export of
 * its wasm) and emits the file; the same file the highs loader names itself, so one asset.
 */
export function highsWasmUrl(): string {
  return new URL("highs/runtime", import.meta.url).href;
}

/** Load HiGHS (rejects when the wasm cannot be fetched or compiled). */
export function loadHighs(): Promise<LpSolver> {
  return loadHighsSolver({ locateFile: () => highsWasmUrl() });
}
