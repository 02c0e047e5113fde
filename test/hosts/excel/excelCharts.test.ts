/**
 * Native charts in the Office.js host (over the fake Excel): a sheet's `charts` are added after
 * its values in the same batch as the rest of the sheet (no extra sync), with the chart type,
 * the data range on the new sheet, series by columns, title, legend and position; the line
 * series of a combination chart and the value-axis format only where the API set has them;
 * unusable chart specs are skipped; a failed write leaves no chart behind.
 */
import assert from "node:assert/strict";
import { ExcelHost } from "../../../src/hosts/excel/excelHost";
import type { Settings } from "../../../src/workbook/mapping";
import type { SheetSpec } from "../../../src/workbook/sheetSpec";
import { FakeExcel } from "./fakeExcel";

const SETTINGS: Settings = { version: 1, lastRun: "2026-11-05T09:00:00Z" };

function spec(): SheetSpec {
  return {
    name: "SOP Dashboard",
    rows: [
      ["Title"],
      [],
      ["Month", "Consensus", "Sales"],
      ["2026-09", 0.85, 0.78],
      ["2026-10", 0.86, 0.74],
      [],
      ["Month", "Load", "Available capacity"],
      ["2026-11", 2400, 3300],
      ["2026-12", 2200, 3000],
      ["2027-01", 3500, 3300],
    ],
    charts: [
      { kind: "lineMarkers", name: "Accuracy trend", title: "Forecast accuracy, lag 1", data: { row: 2, col: 0, rows: 3, cols: 3 }, valueFormat: "0%", position: { row: 1, col: 13, rows: 16, cols: 8 } },
      { kind: "columnClustered", title: "Load vs capacity", data: { row: 6, col: 0, rows: 4, cols: 3 }, lineSeries: [1], position: { row: 18, col: 13, rows: 16, cols: 8 } },
      // Unusable: a data block without a data row, and a series index past the block, are skipped / ignored.
      { kind: "line", title: "empty", data: { row: 2, col: 0, rows: 1, cols: 3 }, position: { row: 40, col: 13, rows: 10, cols: 5 } },
    ],
  };
}

async function write(fake: FakeExcel, sheets: SheetSpec[]): Promise<number> {
  fake.addSheet("Data").setRaw(0, 0, "x");
  const host = new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: "test.xlsx" });
  await host.describe();
  const s0 = fake.syncCount;
  await host.write(sheets, SETTINGS);
  return fake.syncCount - s0;
}

describe("ExcelHost: native charts", () => {
  it("adds each chart with its type, data range, series by columns, title, legend and position, in the write's own syncs", async () => {
    const fake = new FakeExcel({ platform: "desktop" });
    const syncs = await write(fake, [spec()]);
    const plain = new FakeExcel({ platform: "desktop" });
    const plainSyncs = await write(plain, [{ ...spec(), charts: [] }]);
    assert.equal(syncs, plainSyncs, "charts cost no sync of their own");
    assert.equal(syncs, 2);
    const ws = fake.sheet("SOP Dashboard");
    assert.equal(ws.charts.length, 2);
    const [trend, load] = ws.charts as [(typeof ws.charts)[number], (typeof ws.charts)[number]];
    assert.equal(trend.type, "LineMarkers");
    assert.equal(trend.source, "A3:C5");
    assert.equal(trend.sourceSheet, ws, "the data range is on the dashboard sheet itself");
    assert.equal(trend.seriesBy, "Columns");
    assert.equal(trend.seriesCount, 2);
    assert.equal(trend.name, "Accuracy trend");
    assert.equal(trend.title, "Forecast accuracy, lag 1");
    assert.equal(trend.legend, "Bottom");
    assert.deepEqual(trend.position, { start: "N2", end: "U17" });
    assert.equal(trend.valueFormat, "0%");
    assert.equal(load.type, "ColumnClustered");
    assert.equal(load.source, "A7:C10");
    assert.deepEqual([...load.seriesTypes], [[1, "Line"]]);
    assert.deepEqual(load.position, { start: "N19", end: "U34" });
    assert.equal(load.valueFormat, null);
    // The values the charts draw are there.
    assert.equal(ws.value(9, 1), 3500);
    assert.equal(ws.value(6, 2), "Available capacity");
  });

  it("before ExcelApi 1.7 / 1.8 the chart is drawn without the line series and the axis format", async () => {
    const fake = new FakeExcel({ platform: "web", apiMinor: 6 });
    await write(fake, [spec()]);
    const ws = fake.sheet("SOP Dashboard");
    assert.equal(ws.charts.length, 2);
    assert.equal(ws.charts[1]!.seriesTypes.size, 0);
    assert.equal(ws.charts[0]!.valueFormat, null);
    const at17 = new FakeExcel({ platform: "web", apiMinor: 7 });
    await write(at17, [spec()]);
    assert.equal(at17.sheet("SOP Dashboard").charts[1]!.seriesTypes.get(1), "Line");
    assert.equal(at17.sheet("SOP Dashboard").charts[0]!.valueFormat, null);
  });

  it("a line series past the data block is left out; re-running replaces the sheet with its charts (no duplicates)", async () => {
    const s = spec();
    const odd: SheetSpec = { ...s, charts: [{ ...s.charts![1]!, lineSeries: [1, 2, 5, -1] }] };
    const fake = new FakeExcel({ platform: "desktop" });
    await write(fake, [odd]);
    assert.deepEqual([...fake.sheet("SOP Dashboard").charts[0]!.seriesTypes.keys()], [1]);
    const host = new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: "test.xlsx" });
    await host.describe();
    await host.write([spec()], SETTINGS);
    assert.equal(fake.sheet("SOP Dashboard").charts.length, 2);
    assert.equal(fake.sheets.filter((x) => x.name.startsWith("SOP Dashboard")).length, 1);
  });

  it("a write that fails leaves no chart and no new sheet", async () => {
    const fake = new FakeExcel({ platform: "desktop" });
    fake.addSheet("Data").setRaw(0, 0, "x");
    const host = new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: "test.xlsx" });
    await host.describe();
    fake.failOnSync(2);
    await assert.rejects(host.write([spec()], SETTINGS));
    assert.deepEqual(fake.sheetNames(), ["Data"]);
    assert.ok(fake.sheets.every((x) => x.charts.length === 0));
  });
});

describe("ExcelHost: drop-down lists", () => {
  it("sets a list validation on the block, in the write's own syncs; skipped before ExcelApi 1.8", async () => {
    const sheet: SheetSpec = { name: "SOP Decisions", rows: [["ID", "Status"], ["CAP-A", "Open"]], validations: [{ row: 1, col: 1, rows: 200, cols: 1, list: ["Open", "Approved", "Rejected", "Done"] }] };
    const fake = new FakeExcel({ platform: "desktop" });
    const syncs = await write(fake, [sheet]);
    assert.equal(syncs, 2);
    const v = fake.sheet("SOP Decisions").validations;
    assert.equal(v.length, 1);
    assert.equal(v[0]!.address, "B2:B201");
    assert.deepEqual(v[0]!.rule, { list: { inCellDropDown: true, source: "Open,Approved,Rejected,Done" } });
    assert.deepEqual((v[0]!.errorAlert as { style: string }).style, "Stop");
    const old = new FakeExcel({ platform: "desktop", apiMinor: 7 });
    await write(old, [sheet]);
    assert.equal(old.sheet("SOP Decisions").validations.length, 0, "no data validation API: the cells stay free text");
  });
});
