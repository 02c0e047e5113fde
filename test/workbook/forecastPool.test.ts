/**
 * The CLI's forecast pool as `runCycle`'s executor: worker threads give exactly the statistical
 * forecast the main thread alone gives (the same items, families and totals to the last bit),
 * also when a worker stops in the middle, and a whole compute phase with the pool equals
 * `computeRun`.
 */
import assert from "node:assert/strict";
import { ForecastPool, CHUNK_SIZE, MIN_CHUNK_SIZE, chunkBounds } from "../../src/cli/forecastPool";
import { statisticalForecast } from "../../src/engine/demand/statisticalForecast";
import type { SeriesTable } from "../../src/engine/inputs";
import { type ActualsRead, computeRun, computeRunWith, prepareRun, runCycle, startForecastOnRead, type PreparedRun, type RunReport } from "../../src/workbook/runCycle";
import type { Mapping } from "../../src/workbook/mapping";
import type { WorkbookHost } from "../../src/workbook/host";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import path from "node:path";
import { grid } from "../helpers/grids";
import type { Cell } from "../../src/workbook/grid";

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

const months = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `${Math.floor((from + i) / 12)}-${String(((from + i) % 12) + 1).padStart(2, "0")}`);

/** `n` items over 36 months: seasonal, trending, intermittent, new and short ones, in three families. */
function actualsTable(n: number): SeriesTable {
  const periods = months(2023 * 12, 36);
  const r = rng(3);
  const w = periods.length;
  const values = new Float64Array(n * w);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < w; t++) {
      const kind = k % 5;
      values[k * w + t] =
        kind === 0 ? 80 * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) + 10 * r()
        : kind === 1 ? 10 + t + 4 * r()
        : kind === 2 ? (r() < 0.3 ? Math.round(20 * r()) : 0)
        : kind === 3 ? (k % 15 === 3 ? Number.NaN : t > 28 ? 5 + r() : Number.NaN)
        : 40 + 20 * r();
    }
  }
  return { kind: "month", periods, keys: Array.from({ length: n }, (_, k) => `P${k}`), attributeNames: ["Family"], attributes: Array.from({ length: n }, (_, k) => [`F${k % 3}`]), values };
}

describe("forecast pool (worker threads)", function () {
  this.timeout(120000);
  let pool: ForecastPool;
  before(() => {
    pool = ForecastPool.create(2);
  });
  after(async () => {
    await pool.close();
  });

  it("gives exactly the statistical forecast of the main thread alone", async () => {
    assert.equal(pool.size, 2);
    const actuals = actualsTable(3 * CHUNK_SIZE + 17);
    const expected = statisticalForecast(actuals, "2026-01", 18);
    const got = await pool.statistical(actuals, "2026-01", 18);
    assert.deepStrictEqual(got, expected);
    // And again (a second job on the same workers), with another horizon.
    assert.deepStrictEqual(await pool.statistical(actuals, "2026-01", 12), statisticalForecast(actuals, "2026-01", 12));
  });

  it("cuts the items into chunks of 200 that shrink to 20 at the end, covering every item once", () => {
    // 10,000 items on two threads: 200 while a quarter of a thread's share of the rest is at least 200 (down to 1,600 left), then a quarter of it.
    const b = chunkBounds(10000, 2);
    const sizes = b.slice(1).map((x, i) => x - b[i]!);
    assert.equal(b[0], 0);
    assert.equal(b[b.length - 1], 10000);
    assert.ok(sizes.every((s) => s >= 1 && s <= CHUNK_SIZE));
    assert.deepStrictEqual(sizes.slice(0, 43), new Array<number>(43).fill(200)); // the last of them at 1,600 left: ⌈1600/8⌉
    assert.deepStrictEqual(sizes.slice(43, 46), [175, 154, 134]); // ⌈1400/8⌉, ⌈1225/8⌉, ⌈1071/8⌉
    assert.deepStrictEqual(sizes.slice(-5), [MIN_CHUNK_SIZE, MIN_CHUNK_SIZE, MIN_CHUNK_SIZE, MIN_CHUNK_SIZE, 1]);
    for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i]! <= sizes[i - 1]!, "sizes never grow");
    // Few items: chunks of the minimum size, the last one shorter; none for no item.
    assert.deepStrictEqual(chunkBounds(45, 4), [0, 20, 40, 45]);
    assert.deepStrictEqual(chunkBounds(0, 2), [0]);
  });

  it("reports progress up to every item", async () => {
    const actuals = actualsTable(2 * CHUNK_SIZE + 1);
    const seen: number[] = [];
    await pool.statistical(actuals, "2026-01", 18, (done, total) => {
      assert.equal(total, 2 * CHUNK_SIZE + 1);
      seen.push(done);
    });
    assert.equal(seen[seen.length - 1], 2 * CHUNK_SIZE + 1);
  });

  it("finishes on the main thread when its workers stop in the middle", async () => {
    const own = ForecastPool.create(1);
    const actuals = actualsTable(4 * CHUNK_SIZE);
    const job = own.start(actuals, "2026-01", 18);
    await own.close(); // the worker is gone before it sends anything
    assert.deepStrictEqual(await job.finish(), statisticalForecast(actuals, "2026-01", 18));
  });

  it("with no worker, forecasts on the main thread", async () => {
    const none = ForecastPool.create(0);
    assert.equal(none.size, 0);
    const actuals = actualsTable(CHUNK_SIZE + 5);
    assert.deepStrictEqual(await none.statistical(actuals, "2026-01", 6), statisticalForecast(actuals, "2026-01", 6));
  });

  it("a compute phase with the pool equals computeRun (sheets, findings, summaries)", async () => {
    const n = 2 * CHUNK_SIZE + 40;
    const periods = months(2023 * 12, 36);
    const t = actualsTable(n);
    const rows: Cell[][] = [["Item", "Family", ...periods]];
    for (let k = 0; k < n; k++) rows.push([t.keys[k]!, t.attributes[k]![0]!, ...periods.map((_, j) => (Number.isNaN(t.values[k * 36 + j]!) ? null : Math.round(t.values[k * 36 + j]! * 100) / 100))]);
    const prepared: PreparedRun = {
      workbook: "pool.xlsx",
      mapping: { roles: [{ role: "actuals", sources: [{ sheet: "Actuals" }] }] },
      mappingOrigin: "explicit",
      proposal: null,
      saved: null,
      reads: [grid("Actuals", rows)],
      ledger: null,
      timings: [],
    };
    const now = (): Date => new Date("2026-01-15T09:00:00Z");
    const strip = (r: ReturnType<typeof computeRun>): unknown => ({ ...r, report: { ...r.report, timings: [] } });
    const alone = computeRun(prepared, { now });
    const shared = await computeRunWith(prepared, { now }, pool);
    assert.ok(alone.report.demand !== null && alone.report.sheets.length > 2);
    assert.deepStrictEqual(strip(shared), strip(alone));
    // Whether this thread reviews the accuracy sheet, lead-time errors and business review while the forecast is
    // made (other threads busy) or after it, in their places in the steps (none busy): the same run.
    for (const busy of [true, false]) {
      const saying = { start: (...a: Parameters<ForecastPool["start"]>): ReturnType<ForecastPool["start"]> => ({ ...pool.start(...a), busy: () => busy }) };
      assert.deepStrictEqual(strip(await computeRunWith(prepared, { now }, saying)), strip(alone), `busy ${busy}`);
    }
    const lockAlone = computeRun(prepared, { now, lock: {} });
    const lockShared = await computeRunWith(prepared, { now, lock: {} }, pool);
    assert.deepStrictEqual(strip(lockShared), strip(lockAlone));
    const check = await computeRunWith(prepared, { now, checkOnly: true }, pool);
    assert.deepStrictEqual(strip(check), strip(computeRun(prepared, { now, checkOnly: true })));
  });

  it("starts forecasting as soon as the actuals are parsed, and gives the forecast up when a later role blocks the run", async () => {
    const n = 2 * CHUNK_SIZE + 3;
    const periods = months(2023 * 12, 36);
    const t = actualsTable(n);
    const rows: Cell[][] = [["Item", "Family", ...periods]];
    for (let k = 0; k < n; k++) rows.push([t.keys[k]!, t.attributes[k]![0]!, ...periods.map((_, j) => (Number.isNaN(t.values[k * 36 + j]!) ? null : Math.round(t.values[k * 36 + j]! * 100) / 100))]);
    const sales: Cell[][] = [["Item", "2026-01", "2026-02"], ["P1", 5, 6]];
    const prepared = (salesRead: PreparedRun["reads"][number]): PreparedRun => ({
      workbook: "early.xlsx",
      mapping: { roles: [{ role: "actuals", sources: [{ sheet: "Actuals" }] }, { role: "forecast:Sales", sources: [{ sheet: "Sales" }] }] },
      mappingOrigin: "explicit",
      proposal: null,
      saved: null,
      reads: [grid("Actuals", rows), salesRead],
      ledger: null,
      timings: [],
    });
    const now = (): Date => new Date("2026-01-15T09:00:00Z");
    const strip = (r: ReturnType<typeof computeRun>): unknown => ({ ...r, report: { ...r.report, timings: [] } });
    const events: string[] = [];
    const watching = {
      start: (...a: Parameters<ForecastPool["start"]>): ReturnType<ForecastPool["start"]> => {
        // The Sales forecast is parsed after the actuals: not yet when the forecast starts.
        events.push(`start ${a[0].keys.length} items, cycle ${a[1]}`);
        const job = pool.start(...a);
        return { finish: () => job.finish(), cancel: () => { events.push("cancel"); job.cancel?.(); } };
      },
    };
    const ok = prepared(grid("Sales", sales));
    assert.deepStrictEqual(strip(await computeRunWith(ok, { now }, watching)), strip(computeRun(ok, { now })));
    assert.deepEqual(events, [`start ${n} items, cycle 2026-01`]);
    // The Sales tab was deleted: the run is blocked after the forecast started; it is given up, nothing else changes.
    events.length = 0;
    const blocked = prepared({ source: { sheet: "Sales" }, message: "sheet 'Sales' does not exist" });
    const got = await computeRunWith(blocked, { now }, watching);
    assert.deepStrictEqual(strip(got), strip(computeRun(blocked, { now })));
    assert.equal(got.report.blocked, true);
    assert.deepEqual(events, []); // the deleted sheet is an error before the actuals are parsed: nothing started
    // The Sales tab has the same month twice: an error found after the actuals were handed over.
    const late = prepared(grid("Sales", [["Item", "2026-01", "2026-01"], ["P1", 5, 6]]));
    events.length = 0;
    const r = await computeRunWith(late, { now }, watching);
    assert.deepStrictEqual(strip(r), strip(computeRun(late, { now })));
    assert.equal(r.report.blocked, true);
    assert.deepEqual(events, [`start ${n} items, cycle 2026-01`, "cancel"]);
    // And the pool still serves the next job in full.
    assert.deepStrictEqual(await pool.statistical(t, "2026-01", 6), statisticalForecast(t, "2026-01", 6));
  });

  it("over a file, starts forecasting as soon as the actuals are read, before the workbook is described: on a first run from the sheet named as history, on the next from the saved mapping", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(__dirname, "../../assets/sample/sop-sample.xlsx")));
    const now = (): Date => new Date("2026-11-15T09:00:00Z");
    const events: string[] = [];
    /** The host's describe and read calls, in order (a read by the number of ranges it asks for). */
    const watched = (host: BufferHost): WorkbookHost =>
      new Proxy(host, {
        get(target, prop, receiver) {
          const v = Reflect.get(target, prop, receiver) as unknown;
          if (prop === "describe") return () => (events.push("describe"), target.describe());
          if (prop === "read") return (...a: Parameters<BufferHost["read"]>) => (events.push(`read ${a[0].length}`), target.read(...a));
          return typeof v === "function" ? (v as (...x: unknown[]) => unknown).bind(target) : v;
        },
      });
    const watching = {
      start: (...a: Parameters<ForecastPool["start"]>): ReturnType<ForecastPool["start"]> => {
        events.push(`start ${a[0].keys.length} items`);
        const job = pool.start(...a);
        return { finish: () => job.finish(), cancel: () => { events.push("cancel"); job.cancel?.(); } };
      },
    };
    const strip = (r: RunReport): unknown => ({ ...r, timings: [], written: r.written?.sheets ?? null });
    const alone = await BufferHost.open(bytes, "sop-sample.xlsx");
    const shared = await BufferHost.open(bytes, "sop-sample.xlsx");
    const first = await runCycle(watched(shared), { now, executor: watching });
    assert.deepStrictEqual(strip(first), strip(await runCycle(alone, { now })));
    assert.equal(first.mappingOrigin, "proposed");
    const items = first.inputs!.actuals.keys.length;
    const ranges = first.mapping.roles.reduce((a, b) => a + b.sources.length, 0);
    // The sheet named Actuals read on its name and the forecast started before the workbook is described; then the
    // proposal's head rows; the proposal maps the actuals to that sheet, so it is not read again and the forecast goes on.
    // (The last batch: the other ranges, and the scenario drivers, the single-cell names, riding with them.)
    const rest = (e: string | undefined): number => Number(/^read (\d+)$/.exec(e ?? "")?.[1] ?? -1);
    assert.deepEqual(events.slice(0, 3), ["read 1", `start ${items} items`, "describe"], events.join(" | "));
    assert.ok(rest(events[3]) > 1 && rest(events[4]) >= ranges - 1 && events.length === 5, events.join(" | "));
    assert.deepEqual(first.mapping.roles.find((b) => b.role === "actuals")?.sources, [{ sheet: "Actuals" }]);
    // The next run, on the saved mapping: the actuals are read and the forecast started before the workbook is described.
    events.length = 0;
    const second = await runCycle(watched(shared), { now, executor: watching });
    assert.deepStrictEqual(strip(second), strip(await runCycle(alone, { now })));
    assert.equal(second.mappingOrigin, "saved");
    assert.deepEqual(events.slice(0, 3), ["read 1", `start ${items} items`, "describe"], events.join(" | "));
    assert.ok(rest(events[3]) >= ranges - 1, events.join(" | "));
    assert.equal(events.filter((e) => e.startsWith("start")).length, 1, events.join(" | "));
    assert.ok(!events.includes("cancel"));
    // A check never forecasts: nothing starts.
    events.length = 0;
    await runCycle(watched(shared), { now, executor: watching, checkOnly: true });
    assert.ok(!events.some((e) => e.startsWith("start")), events.join(" | "));
  });

  it("over a file, gives the forecast started on a sheet named as history up when the proposal takes the actuals elsewhere (a table on it)", async () => {
    const n = 2 * CHUNK_SIZE;
    const periods = months(2023 * 12, 36);
    const t = actualsTable(n);
    const rows = t.keys.map((k, i) => [k, t.attributes[i]![0]!, ...periods.map((_, j) => (Number.isNaN(t.values[i * 36 + j]!) ? null : Math.round(t.values[i * 36 + j]! * 100) / 100))]);
    const wb = new ExcelJS.Workbook();
    // The history is an Excel table below a title: read whole, the sheet parses as actuals; the proposal maps the table.
    const ws = wb.addWorksheet("Order history");
    ws.getCell("A1").value = "Orders by item and month";
    ws.addTable({ name: "OrderHistory", ref: "A3", headerRow: true, totalsRow: false, columns: ["Item", "Family", ...periods].map((name) => ({ name })), rows });
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const now = (): Date => new Date("2026-01-15T09:00:00Z");
    const events: string[] = [];
    const watching = {
      start: (...a: Parameters<ForecastPool["start"]>): ReturnType<ForecastPool["start"]> => {
        events.push(`start ${a[0].keys.length} items`);
        const job = pool.start(...a);
        return { finish: () => job.finish(), cancel: () => { events.push("cancel"); job.cancel?.(); } };
      },
    };
    const host = await BufferHost.open(bytes, "orders.xlsx");
    const reads: string[] = [];
    const watched = new Proxy(host, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (prop === "read") return (...a: Parameters<BufferHost["read"]>) => (reads.push(a[0].map((x) => x.table ?? x.sheet).join(",")), target.read(...a));
        return typeof v === "function" ? (v as (...x: unknown[]) => unknown).bind(target) : v;
      },
    }) as WorkbookHost;
    const shared = await runCycle(watched, { now, executor: watching });
    const alone = await runCycle(await BufferHost.open(bytes, "orders.xlsx"), { now });
    const strip = (r: RunReport): unknown => ({ ...r, timings: [], written: r.written?.sheets ?? null });
    assert.deepStrictEqual(strip(shared), strip(alone));
    assert.deepEqual(shared.mapping.roles.find((b) => b.role === "actuals")?.sources, [{ table: "OrderHistory" }]);
    // The sheet read on its name, the forecast started; the table proposed: read, the first forecast given up, another started.
    assert.equal(reads[0], "Order history");
    assert.ok(reads.includes("OrderHistory"), reads.join(" | "));
    assert.deepEqual(events, [`start ${n} items`, "cancel", `start ${n} items`]);
  });

  it("gives a forecast started on the read actuals up when validation gives other actuals, another cycle or horizon", async () => {
    const n = 2 * CHUNK_SIZE;
    const periods = months(2023 * 12, 36);
    const t = actualsTable(n);
    const rows: Cell[][] = [["Item", "Family", ...periods]];
    for (let k = 0; k < n; k++) rows.push([t.keys[k]!, t.attributes[k]![0]!, ...periods.map((_, j) => (Number.isNaN(t.values[k * 36 + j]!) ? null : Math.round(t.values[k * 36 + j]! * 100) / 100))]);
    const mapping: Mapping = { roles: [{ role: "actuals", sources: [{ sheet: "Actuals" }] }] };
    const prepared: PreparedRun = { workbook: "read.xlsx", mapping, mappingOrigin: "explicit", proposal: null, saved: null, reads: [grid("Actuals", rows)], ledger: null, timings: [] };
    const now = (): Date => new Date("2026-01-15T09:00:00Z");
    const strip = (r: ReturnType<typeof computeRun>): unknown => ({ ...r, report: { ...r.report, timings: [] } });
    const alone = computeRun(prepared, { now });
    const events: string[] = [];
    const watching = {
      start: (...a: Parameters<ForecastPool["start"]>): ReturnType<ForecastPool["start"]> => {
        events.push(`start ${a[0].keys.length} items, cycle ${a[1]}, horizon ${a[2]}`);
        const job = pool.start(...a);
        return { finish: () => job.finish(), cancel: () => { events.push("cancel"); job.cancel?.(); } };
      },
    };
    // Started on the same figures (another object): used, not started again.
    const same = startForecastOnRead({ mapping, reads: [grid("Actuals", rows)], saved: null }, { now }, watching);
    assert.ok(same !== null && same.cycle === "2026-01" && same.horizon === 18);
    assert.deepStrictEqual(strip(await computeRunWith(prepared, { now }, watching, same)), strip(alone));
    assert.deepEqual(events, [`start ${n} items, cycle 2026-01, horizon 18`]);
    // Started on the very grids the run validates (one cell of text among them, a warning): their parse is taken,
    // with its findings, rather than made again; the same run.
    const withText = rows.map((r) => [...r]);
    withText[7]![3] = "n/a";
    const read: PreparedRun = { ...prepared, reads: [grid("Actuals", withText)] };
    events.length = 0;
    const taken = startForecastOnRead({ mapping, reads: read.reads, saved: null }, { now }, watching);
    assert.ok(taken !== null && taken.parses !== undefined && taken.parses.entries.length === 1);
    const got = await computeRunWith(read, { now }, watching, taken);
    assert.equal(got.report.inputs?.actuals, taken.actuals, "the parse taken, not made again");
    assert.ok(got.report.findings.some((f) => f.severity === "warning" && /n\/a/.test(f.message)), "the parse's finding is there");
    assert.deepStrictEqual(strip(got), strip(computeRun(read, { now })));
    assert.deepEqual(events, [`start ${n} items, cycle 2026-01, horizon 18`]);
    // Started on other figures (one value changed), another cycle or another horizon: given up, the forecast made again.
    const changed = rows.map((r) => [...r]);
    changed[5]![4] = 999;
    for (const [read, options] of [
      [{ mapping, reads: [grid("Actuals", changed)], saved: null }, { now }],
      [{ mapping, reads: [grid("Actuals", rows)], saved: null }, { now, parameters: { cycle: "2025-12" } }],
      [{ mapping, reads: [grid("Actuals", rows)], saved: { version: 1, mapping, parameters: { horizon: 12 } } }, { now }],
    ] satisfies [ActualsRead, Parameters<typeof startForecastOnRead>[1]][]) {
      events.length = 0;
      const other = startForecastOnRead(read, options, watching);
      assert.ok(other !== null);
      assert.deepStrictEqual(strip(await computeRunWith(prepared, { now }, watching, other)), strip(alone));
      assert.deepEqual(events.slice(1), ["cancel", `start ${n} items, cycle 2026-01, horizon 18`], events.join(" | "));
    }
    // Actuals that do not parse (a period twice), a check, or no actuals mapped: nothing is started.
    events.length = 0;
    const twice = rows.map((r, i) => (i === 0 ? [...r.slice(0, -1), r[r.length - 2]!] : r));
    assert.equal(startForecastOnRead({ mapping, reads: [grid("Actuals", twice)], saved: null }, { now }, watching), null);
    assert.equal(startForecastOnRead({ mapping, reads: [grid("Actuals", rows)], saved: null }, { now, checkOnly: true }, watching), null);
    assert.equal(startForecastOnRead({ mapping: { roles: [] }, reads: [], saved: null }, { now }, watching), null);
    assert.deepEqual(events, []);
  });

  it("runs the scenario step on a worker's HiGHS with the same result (the sample workbook), the baseline's plan shared with the supply review", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(__dirname, "../../assets/sample/sop-sample.xlsx")));
    const prepared = await prepareRun(await BufferHost.open(bytes, "sop-sample.xlsx"));
    const solver = await loadHighsSolver();
    const withSolver = ForecastPool.create(1, { solverInWorkers: true });
    try {
      const now = (): Date => new Date("2026-11-15T09:00:00Z");
      const strip = (r: ReturnType<typeof computeRun>): unknown => ({ ...r, report: { ...r.report, timings: [] } });
      const alone = computeRun(prepared, { now, solver });
      assert.ok(alone.report.scenarios !== null && alone.report.scenarios.scenarios.length > 0, "the sample has scenarios");
      let fromWorker = 0;
      let baselines = 0;
      const events: string[] = [];
      const progress = (_f: number, label: string): void => void events.push(label);
      const counting = {
        start: withSolver.start.bind(withSolver),
        scenarios: (...a: Parameters<ForecastPool["scenarios"]>): ReturnType<ForecastPool["scenarios"]> => {
          events.push("scenarios started");
          const job = withSolver.scenarios(...a);
          return {
            baseline: async () => { events.push("baseline asked"); const p = await job.baseline(); if (p !== null) baselines++; return p; },
            finish: async () => { const r = await job.finish(); if (r !== null) fromWorker++; return r; },
          };
        },
      };
      assert.deepStrictEqual(strip(await computeRunWith(prepared, { now, solver, progress }, counting)), strip(alone));
      assert.equal(fromWorker, 1, "the scenario step ran on the worker");
      assert.equal(baselines, 1, "the supply review used the worker's baseline plan");
      // The scenarios start as soon as the consensus is built, before the demand sheets are written.
      const started = events.indexOf("scenarios started");
      assert.ok(started > events.indexOf("Building the consensus") && started < events.indexOf("Writing the forecast and accuracy sheets"), events.join(" | "));
      // While the worker solves the baseline, this thread loads the resources and reviews the safety stocks; then it asks for the plan.
      const asked = events.indexOf("baseline asked");
      assert.ok(events.indexOf("Loading resources with the consensus") < asked && events.indexOf("Reviewing safety stocks") < asked && asked < events.indexOf("Projecting inventory"), events.join(" | "));
      // Without a baseline from the other thread (none came, or an executor that gives none) the supply review solves its own: the same run.
      const noBaseline = {
        start: withSolver.start.bind(withSolver),
        scenarios: (...a: Parameters<ForecastPool["scenarios"]>): ReturnType<ForecastPool["scenarios"]> => ({ baseline: () => Promise.resolve(null), finish: withSolver.scenarios(...a).finish }),
      };
      assert.deepStrictEqual(strip(await computeRunWith(prepared, { now, solver }, noBaseline)), strip(alone));
      const older = { start: withSolver.start.bind(withSolver), scenarios: (...a: Parameters<ForecastPool["scenarios"]>) => ({ finish: withSolver.scenarios(...a).finish }) };
      assert.deepStrictEqual(strip(await computeRunWith(prepared, { now, solver }, older)), strip(alone));
      // A pool not told that its workers' solver is the caller's leaves the scenarios on the main thread.
      assert.deepStrictEqual(strip(await computeRunWith(prepared, { now, solver }, pool)), strip(alone));
    } finally {
      await withSolver.close();
    }
  });
});
