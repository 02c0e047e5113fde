/**
 * The Excel host writing a 10,000-item `SOP Forecast` (issue 8, "Scale"): rendered by the real
 * renderer from engine results of the same shape as a run's (10,000 items in 8 families, a
 * Sales contributor, the real consensus), written through `ExcelHost` over the fake Excel on
 * the web. Every sync's request stays within the write budget the host uses (4 MB, under
 * Excel on the web's 5 MB cap), the syncs are no more than the bytes need, and the sheet
 * arrives cell for cell. A second case puts a chunk boundary exactly at the budget.
 */
import assert from "node:assert/strict";
import { ExcelHost, type ExcelHostOptions } from "../../../src/hosts/excel/excelHost";
import { OP_OVERHEAD_BYTES, WEB_SYNC_BYTES, jsonBytes } from "../../../src/hosts/excel/chunks";
import { buildConsensus } from "../../../src/engine/demand/consensus";
import type { FamilyStatForecast, ItemStatForecast, StatisticalForecast } from "../../../src/engine/demand/types";
import type { SeriesTable } from "../../../src/engine/inputs";
import { type PeriodValues, renderForecastSheet } from "../../../src/workbook/forecastSheet";
import type { Settings } from "../../../src/workbook/mapping";
import { Rng } from "../../../scripts/sample/rng";
import { type OutCell, type SheetSpec, isFormulaCell } from "../../../src/workbook/sheetSpec";
import { FakeExcel, type SyncRecord } from "./fakeExcel";

const SETTINGS: Settings = { version: 1, lastRun: "2026-11-05T09:00:00Z" };
/** Excel on the web's cap on one request (the fake fails a sync above it). */
const WEB_CAP = 5 * 1024 * 1024;

const ITEMS = 10_000;
const H = 18;
const FAMILIES = ["Pumps", "Valves", "Motors", "Controllers", "Filters", "Seals", "Spare Parts", "Accessories"];
const PERIODS = Array.from({ length: H }, (_, i) => `${2026 + Math.floor((10 + i) / 12)}-${String(((10 + i) % 12) + 1).padStart(2, "0")}`);
const HISTORY = Array.from({ length: 12 }, (_, i) => `${2025 + Math.floor((10 + i) / 12)}-${String(((10 + i) % 12) + 1).padStart(2, "0")}`);

function sumInto(acc: Map<string, Float64Array>, key: string, v: Float64Array): void {
  let s = acc.get(key);
  if (!s) acc.set(key, (s = new Float64Array(v.length)));
  for (let i = 0; i < v.length; i++) s[i]! += v[i]!;
}

function band(point: Float64Array, spread: number): Pick<FamilyStatForecast, "point" | "lower80" | "upper80" | "lower95" | "upper95"> {
  const w = (k: number): Float64Array => point.map((p, i) => Math.max(0, p + k * spread * Math.sqrt(1 + i / 6)));
  return { point, lower80: w(-1.28), upper80: w(1.28), lower95: w(-1.96), upper95: w(1.96) };
}

/**
 * A run's demand results at 10,000 items: full-precision forecasts with intervals, methods and
 * reasons as `statisticalForecast` writes them, a Sales tab for 60 % of the items (whole boxes),
 * the real consensus, and 12 months of actuals.
 */
function forecastSpec(): SheetSpec {
  const gen = new Rng(8);
  const r = (): number => gen.next();
  const items: ItemStatForecast[] = [];
  const famPoint = new Map<string, Float64Array>();
  const salesKeys: string[] = [];
  const salesRows: Float64Array[] = [];
  const byItem = new Map<string, Float64Array>();
  const byFamily = new Map<string, Float64Array>();
  const total = new Float64Array(HISTORY.length);
  for (let i = 0; i < ITEMS; i++) {
    const family = FAMILIES[i % FAMILIES.length]!;
    const item = `${family.slice(0, 3).toUpperCase()}-${String(100000 + i)}`;
    const level = 5 + r() * 900;
    const point = Float64Array.from(PERIODS, (_, k) => level * (1 + 0.25 * Math.sin((k * Math.PI) / 6)) * (0.9 + 0.2 * r()));
    const intermittent = r() < 0.1;
    items.push({
      item,
      family,
      method: intermittent ? "sba" : "combination",
      reason: intermittent
        ? `intermittent demand (ADI ${(1.4 + r()).toFixed(2)}, CV² ${(0.3 + r()).toFixed(2)}): SBA`
        : `smooth demand: combination of optimised Theta and damped Holt-Winters, with the seasonality of its family ${family} (F-test p < 0.001)`,
      params: { alpha: r() },
      holdout: { smape: 5 + r() * 60, mase: 0.3 + r() * 1.5, points: 12 },
      historyLength: 48,
      observations: 48,
      flags: r() < 0.05 ? ["short history"] : [],
      ...band(point, level * 0.2),
    });
    sumInto(famPoint, family, point);
    if (r() < 0.6) {
      salesKeys.push(item);
      salesRows.push(point.map((p) => Math.round(p * (0.95 + 0.2 * r()) / 10) * 10));
    }
    const hist = Float64Array.from(HISTORY, () => Math.round(level * (0.7 + 0.6 * r())));
    byItem.set(item, hist);
    sumInto(byFamily, family, hist);
    for (let k = 0; k < hist.length; k++) total[k]! += hist[k]!;
  }
  const families = FAMILIES.map((family) => ({ family, items: ITEMS / FAMILIES.length, ...band(famPoint.get(family)!, 500) }));
  const totalPoint = new Float64Array(H);
  for (const f of families) for (let k = 0; k < H; k++) totalPoint[k]! += f.point[k]!;
  const statistical: StatisticalForecast = {
    cycle: PERIODS[0]!,
    periods: PERIODS,
    items,
    families,
    total: { family: "(total)", items: ITEMS, ...band(totalPoint, 2000) },
    counts: { newItems: 0, shortHistory: items.filter((x) => x.flags.length > 0).length, discontinued: 0, byMethod: { combination: items.filter((x) => x.method === "combination").length, sba: items.filter((x) => x.method === "sba").length } },
  };
  const values = new Float64Array(salesKeys.length * H);
  salesRows.forEach((row, i) => values.set(row, i * H));
  const sales: SeriesTable = { kind: "month", periods: PERIODS, keys: salesKeys, attributeNames: [], attributes: salesKeys.map(() => []), values };
  const consensus = buildConsensus({ statistical, contributors: new Map([["Sales", sales]]), periods: PERIODS });

  const salesByItem = new Map<string, Float64Array>();
  const salesByFamily = new Map<string, Float64Array>();
  const salesTotal = new Float64Array(H);
  const familyOf = new Map(items.map((x) => [x.item, x.family]));
  salesKeys.forEach((k, i) => {
    salesByItem.set(k, salesRows[i]!);
    sumInto(salesByFamily, familyOf.get(k)!, salesRows[i]!);
    for (let j = 0; j < H; j++) salesTotal[j]! += salesRows[i]![j]!;
  });
  const actuals: PeriodValues = { byItem, byFamily, total };
  const contributors = new Map<string, PeriodValues>([["Sales", { byItem: salesByItem, byFamily: salesByFamily, total: salesTotal }]]);
  return renderForecastSheet({ workbook: "big.xlsx", cycle: PERIODS[0]!, runAt: "2026-11-05T09:00:00Z", statistical, consensus, historyPeriods: HISTORY, actuals, contributors }).sheet;
}

function hostOf(fake: FakeExcel, options: ExcelHostOptions = {}): ExcelHost {
  return new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: "big.xlsx", ...options });
}

/** Write `specs` into a fresh fake on Excel on the web; the syncs of the write. */
async function writeAll(specs: readonly SheetSpec[], options: ExcelHostOptions = {}): Promise<{ fake: FakeExcel; syncs: SyncRecord[] }> {
  const fake = new FakeExcel({ platform: "web" });
  fake.addSheet("Data").setRaw(0, 0, "planner's data");
  const host = hostOf(fake, options);
  await host.describe();
  const s0 = fake.syncCount;
  await host.write(specs, SETTINGS);
  return { fake, syncs: fake.since(s0) };
}

/** The value Excel holds for an output cell (formulas aside). */
function expected(v: OutCell | undefined): unknown {
  if (v === null || v === undefined || v === "") return null;
  if (isFormulaCell(v)) return undefined;
  return v;
}

describe("ExcelHost: writing a 10,000-item SOP Forecast within the payload limits", function () {
  this.timeout(120_000);

  it("every sync's request is within the 4 MB write budget; no more syncs than the bytes need; every cell arrives", async () => {
    const spec = forecastSpec();
    const width = Math.max(...spec.rows.map((r) => r.length));
    assert.ok(spec.rows.length > 5 * ITEMS, `${spec.rows.length} rows`);
    const { fake, syncs } = await writeAll([spec]);

    assert.ok(syncs.every((s) => !s.failed));
    const largest = Math.max(...syncs.map((s) => s.requestBytes));
    for (const s of syncs) assert.ok(s.requestBytes <= WEB_SYNC_BYTES, `sync ${s.index}: ${s.requestBytes} bytes, over the ${WEB_SYNC_BYTES} budget`);
    assert.ok(largest <= WEB_CAP);
    const bytes = syncs.reduce((n, s) => n + s.requestBytes, 0);
    // Chunks are whole rows: each sync but the last content one and the swap carries over half the budget.
    assert.ok(syncs.length >= Math.ceil(bytes / WEB_SYNC_BYTES) + 1, `${syncs.length} syncs for ${bytes} bytes`);
    assert.ok(syncs.length <= Math.ceil(bytes / (WEB_SYNC_BYTES / 2)) + 2, `${syncs.length} syncs for ${bytes} bytes`);
    const content = syncs.slice(0, -1);
    for (const s of content.slice(0, -1)) assert.ok(s.requestBytes > WEB_SYNC_BYTES / 2, `sync ${s.index} carries only ${s.requestBytes} bytes`);

    const sheet = fake.sheet("SOP Forecast");
    assert.equal(sheet.visibility, "Visible");
    let cells = 0;
    spec.rows.forEach((row, r) => {
      for (let c = 0; c < width; c++) {
        const want = expected(row[c]);
        if (want === undefined) continue;
        const got = sheet.value(r, c);
        if (got !== want) assert.fail(`row ${r + 1}, column ${c + 1}: ${String(got)} instead of ${String(want)}`);
        if (want !== null) cells++;
      }
    });
    assert.equal(sheet.format(spec.rows.length - 1, 12), "#,##0");
    assert.ok(fake.tables.some((t) => t.name === "tblSopForecast" && t.box.rows === spec.rows.length - 7));
    console.log(`      ${spec.rows.length.toLocaleString("en-US")} rows × ${width} columns (${cells.toLocaleString("en-US")} cells): ${syncs.length} syncs, ${(bytes / 1e6).toFixed(1)} MB, largest ${(largest / 1e6).toFixed(2)} MB`);
  });

  /**
   * Identical rows of 12 six-digit numbers with a number format each. The host estimates a row
   * at the JSON of its values and of its number formats plus 3 separators, and a chunk at the
   * sum of its rows plus the fixed cost of its range operations (3 × OP_OVERHEAD_BYTES + 6):
   * with the budget set to the fixed cost plus 400 rows, every chunk is exactly the budget.
   */
  const COLS = 12;
  const ROW = Array.from({ length: COLS }, (_, c) => 100000 + c);
  const ROW_BYTES = jsonBytes(ROW) + jsonBytes(Array<string>(COLS).fill("#,##0")) + 3;
  const FIXED = 3 * OP_OVERHEAD_BYTES + 6;
  const PER_CHUNK = 400;
  const CHUNKS = 5;
  const BUDGET = FIXED + PER_CHUNK * ROW_BYTES;
  const boundarySheet: SheetSpec = {
    name: "SOP Boundary",
    rows: Array.from({ length: PER_CHUNK * CHUNKS }, () => [...ROW]),
    styles: [{ row: 0, col: 0, rows: PER_CHUNK * CHUNKS, cols: COLS, numberFormat: "#,##0" }],
  };
  /** A small sheet first: the first sync (the sheets' creation) is taken by it. */
  const notes: SheetSpec = { name: "SOP Notes", rows: [["Boundary test"], ["rows", PER_CHUNK * CHUNKS]] };
  const sizes = (syncs: readonly SyncRecord[]): string => syncs.map((s) => s.requestBytes).join(", ");

  it("a chunk boundary exactly at the budget: each chunk of exactly the budget travels alone within it; a byte less cuts one row sooner", async () => {
    const exact = await writeAll([notes, boundarySheet], { writeSyncBytes: BUDGET });
    for (const s of exact.syncs) assert.ok(s.requestBytes <= BUDGET, `sync ${s.index}: ${s.requestBytes} bytes, over the ${BUDGET} budget (${sizes(exact.syncs)})`);
    // Creation + the small sheet; 5 chunks of exactly the budget, one a sync; the settings; the swap.
    assert.equal(exact.syncs.length, 1 + CHUNKS + 1 + 1, `syncs: ${sizes(exact.syncs)}`);
    const chunkSyncs = exact.syncs.slice(1, 1 + CHUNKS);
    for (const s of chunkSyncs) assert.ok(s.requestBytes > BUDGET * 0.95, `a chunk sync of ${s.requestBytes} bytes is not full (${sizes(exact.syncs)})`);
    const sheet = exact.fake.sheet("SOP Boundary");
    for (const r of [0, PER_CHUNK - 1, PER_CHUNK, PER_CHUNK * CHUNKS - 1]) {
      for (let c = 0; c < COLS; c++) assert.equal(sheet.value(r, c), ROW[c]);
      assert.equal(sheet.format(r, 0), "#,##0");
    }
    assert.equal(sheet.value(PER_CHUNK * CHUNKS, 0), null);

    // One byte less: every chunk holds 399 rows (one row's bytes less a sync), so the 2,000 rows
    // need a sixth chunk of 5 rows, which travels with the settings.
    const under = await writeAll([notes, boundarySheet], { writeSyncBytes: BUDGET - 1 });
    for (const s of under.syncs) assert.ok(s.requestBytes <= BUDGET - 1, `sync ${s.index}: ${s.requestBytes} bytes, over the ${BUDGET - 1} budget`);
    assert.equal(under.syncs.length, 1 + CHUNKS + 1 + 1, `syncs: ${sizes(under.syncs)}`);
    under.syncs.slice(1, 1 + CHUNKS).forEach((s, i) => {
      const less = chunkSyncs[i]!.requestBytes - s.requestBytes;
      assert.ok(Math.abs(less - ROW_BYTES) <= 4, `chunk ${i + 1}: ${less} bytes less than at the exact budget, not one row (${ROW_BYTES})`);
    });
    const tail = under.syncs[1 + CHUNKS]!;
    assert.ok(tail.requestBytes > 5 * (ROW_BYTES - 4) && tail.requestBytes < 5 * ROW_BYTES + exact.syncs[1 + CHUNKS]!.requestBytes + FIXED, `tail sync ${tail.requestBytes} bytes`);
    const s2 = under.fake.sheet("SOP Boundary");
    for (const r of [PER_CHUNK - 2, PER_CHUNK - 1, PER_CHUNK * CHUNKS - 1]) assert.equal(s2.value(r, COLS - 1), ROW[COLS - 1]);
  });

  it("the first sync holds the sheets' creation and a first chunk of exactly the budget: at most the budget plus the creation", async () => {
    // The first chunk of the first sheet goes into the first sync whatever its size (packBySize
    // puts the first unit in the first batch), next to the operations that create the sheets: at
    // the boundary the first sync passes the budget by those (a few hundred bytes a sheet), far
    // under Excel on the web's 5 MB cap with the default 4 MB budget. This is by choice: holding the
    // first chunk back would cost every large write one more round trip.
    const { syncs } = await writeAll([boundarySheet], { writeSyncBytes: BUDGET });
    const creation = (2 + 1) * 4 * OP_OVERHEAD_BYTES;
    assert.ok(syncs[0]!.requestBytes <= BUDGET + creation, `first sync ${syncs[0]!.requestBytes} bytes (${sizes(syncs)})`);
    for (const s of syncs.slice(1)) assert.ok(s.requestBytes <= BUDGET, `sync ${s.index}: ${s.requestBytes} bytes, over the ${BUDGET} budget`);
    assert.equal(syncs.length, CHUNKS + 2, `syncs: ${sizes(syncs)}`);
  });
});
