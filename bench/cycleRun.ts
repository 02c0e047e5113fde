/**
 * Child process of `npm run bench:cycle`: one `sop run` of a workbook, the CLI's code path
 * (FileHost.open → HiGHS → runCycle with the file host → write the companion), printing the
 * per-step timings, wall time and peak memory as one JSON line on stdout (prefixed `BENCH `).
 *
 *   node --import tsx bench/cycleRun.ts <workbook.xlsx> <out.sop.xlsx>
 *
 * Like `sop run`, it lends the forecast and the scenarios to worker threads (`ForecastPool`, one per
 * core but this one); BENCH_POOL=0 runs everything on one thread.
 *
 * The timings are `report.timings` of the run plus `open` (opening the input with our reader, which the
 * CLI does before `runCycle`) and `solver` (HiGHS load). With BENCH_VERBOSE=1 the run's progress
 * is printed on stderr with the time and memory at each step.
 */
import { performance } from "node:perf_hooks";
import { ForecastPool } from "../src/cli/forecastPool";
import { FileHost } from "../src/hosts/file/fileHost";
import { loadHighsSolver } from "../src/solver/highsSolver";
import { runCycle } from "../src/workbook/runCycle";

async function run(): Promise<void> {
  const [input, out] = process.argv.slice(2);
  if (input === undefined || out === undefined) throw new Error("usage: cycleRun <workbook.xlsx> <out.sop.xlsx>");
  const t0 = performance.now();
  // As `sop run` does: worker threads share the forecast (and run the scenarios) when the machine has a second core.
  const pool = process.env.BENCH_POOL === "0" ? null : ForecastPool.create(undefined, { solverInWorkers: true });
  const host = await FileHost.open(input, { out, backup: false });
  const tOpen = performance.now();
  const solver = await loadHighsSolver();
  const tSolver = performance.now();
  const verbose = process.env.BENCH_VERBOSE === "1";
  let last = "";
  const progress = (f: number, label: string): void => {
    if (!verbose || label === last) return;
    last = label;
    const m = process.memoryUsage();
    process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s  rss ${(m.rss / 1048576).toFixed(0).padStart(5)} MB heap ${(m.heapUsed / 1048576).toFixed(0).padStart(5)} MB  ${String(Math.round(f * 100)).padStart(3)}% ${label}\n`);
  };
  progress(0, `opened (${((tOpen - t0) / 1000).toFixed(1)} s)`);
  const report = await runCycle(host, { solver, progress, ...(pool !== null && pool.size > 0 ? { executor: pool } : {}) });
  await pool?.close();
  const tEnd = performance.now();
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const result = {
    items: report.inputs?.actuals.keys.length ?? 0,
    periods: report.inputs?.actuals.periods.length ?? 0,
    snapshots: report.inputs?.snapshots.length ?? 0,
    blocked: report.blocked,
    errors,
    sheets: report.written?.sheets.map((s) => s.written) ?? [],
    statistical: report.demand?.statistical.items ?? 0,
    plan: report.supply?.plan ? { status: report.supply.plan.status, fillRate: report.supply.plan.fillRate } : null,
    scenarios: report.scenarios?.scenarios.length ?? 0,
    workers: pool?.size ?? 0,
    timings: [{ step: "open", ms: tOpen - t0 }, { step: "solver", ms: tSolver - tOpen }, ...report.timings],
    runMs: tEnd - t0,
    // Process uptime covers node start-up and the TypeScript transform, as a `sop run` would.
    uptimeMs: process.uptime() * 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

run().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
