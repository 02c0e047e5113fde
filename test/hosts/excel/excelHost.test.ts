import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ExcelHost, ExcelHostError, type ExcelHostOptions } from "../../../src/hosts/excel/excelHost";
import {
  DEFAULT_READ_CHUNK_CELLS,
  READ_BYTES_PER_CELL,
  WEB_SYNC_BYTES,
  columnWidthPoints,
  jsonBytes,
  packBySize,
  rowSpansByBytes,
  rowSpansByCells,
  utf8Length,
} from "../../../src/hosts/excel/chunks";
import { OWNER_PROPERTY, markText, parseMark } from "../../../src/hosts/excel/ownership";
import { FileHost } from "../../../src/hosts/file/fileHost";
import { readSource } from "../../../src/hosts/file/xlsxWorkbook";
import { type Cell, type Grid, cellAt, formatAt } from "../../../src/workbook/grid";
import { readInputs } from "../../../src/workbook/readInputs";
import { isSourceError, type ReadResult, type WriteResult } from "../../../src/workbook/host";
import type { RangeSource, Settings } from "../../../src/workbook/mapping";
import { type RunReport, commitRun, computeRun, prepareRun, runCycle } from "../../../src/workbook/runCycle";
import type { SheetSpec } from "../../../src/workbook/sheetSpec";
import { buildSample } from "../../../scripts/sample/index";
import { colLetter } from "../../../scripts/sample/model";
import { FakeExcel, type FileWorkbook, type SheetSnapshot, type SyncRecord, fileWorkbook } from "./fakeExcel";

const SAMPLE = path.resolve(__dirname, "../../../assets/sample/sop-sample.xlsx");
const NOW = (): Date => new Date("2026-11-05T09:00:00Z");
const SETTINGS: Settings = { version: 1, lastRun: "2026-11-05T09:00:00Z" };

let sampleWb: FileWorkbook;
let fileHost: FileHost;
let tmp: string;
const baseFakes = new Map<string, FakeExcel>();

/** A fresh fake holding the bundled sample (built once per platform, then cloned). */
function sampleFake(platform: "web" | "desktop" = "desktop", apiMinor = 17): FakeExcel {
  const key = `${platform}/${apiMinor}`;
  let base = baseFakes.get(key);
  if (!base) {
    base = FakeExcel.fromWorkbook(sampleWb, { platform, apiMinor });
    baseFakes.set(key, base);
  }
  return base.clone();
}

function hostOf(fake: FakeExcel, options: ExcelHostOptions = {}): ExcelHost {
  return new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: "sop-sample.xlsx", ...options });
}

interface Measured {
  readonly report: RunReport;
  readonly reads: SyncRecord[];
  readonly writes: SyncRecord[];
  readonly written: WriteResult | null;
}

/** One cycle, with the syncs of the read phase and of the write phase. */
async function measuredRun(fake: FakeExcel, host: ExcelHost): Promise<Measured> {
  const s0 = fake.syncCount;
  const prepared = await prepareRun(host);
  const s1 = fake.syncCount;
  const computed = computeRun(prepared, { now: NOW });
  const written = await commitRun(host, computed);
  return { report: { ...computed.report, written }, reads: fake.syncs.slice(s0, s1), writes: fake.syncs.slice(s1), written };
}

/** The 10× sample (3,200 items) straight from the generator's sheet models into a fake. */
function tenfoldFake(platform: "web" | "desktop"): FakeExcel {
  const { sheets } = buildSample({ items: 3200 });
  const fake = new FakeExcel({ platform });
  const epoch = Date.UTC(1899, 11, 30);
  for (const m of sheets) {
    const s = fake.addSheet(m.name);
    let width = 0;
    m.rows.forEach((row, r) => {
      if (!row) return;
      width = Math.max(width, row.values.length);
      row.values.forEach((v, c) => {
        if (v === null) return;
        const value = v instanceof Date ? (v.getTime() - epoch) / 86400000 : typeof v === "object" ? v.result : v;
        s.setRaw(r, c, value);
        const fmt = row.cellStyles?.get(c)?.numFmt ?? row.style?.numFmt ?? (r >= m.headerRow ? m.columns[c]?.numFmt : undefined) ?? (v instanceof Date ? "yyyy-mm-dd" : undefined);
        if (fmt !== undefined && typeof value === "number") s.setFormat(r, c, fmt);
      });
    });
    if (m.table) fake.addTable(m.table.name, m.name, `A${m.table.headerRow}:${colLetter(width)}${m.rows.length}`);
  }
  fake.addName("growth", "Scenarios", "J2");
  fake.addName("inflation", "Scenarios", "J3");
  return fake;
}

function grid(r: ReadResult | undefined): Grid {
  assert.ok(r, "expected a result");
  if (isSourceError(r)) assert.fail(r.message);
  return r;
}

function noTempSheets(fake: FakeExcel): void {
  const temps = fake.sheetNames().filter((n) => n.startsWith("~SOP"));
  assert.deepEqual(temps, [], `temporary sheets left: ${temps.join(", ")}`);
}

/** Cells the Excel host and the file host give for the same grid, compared cell by cell. */
function assertSameGrid(a: Grid, b: Grid, label: string): void {
  assert.equal(a.sheet, b.sheet, label);
  assert.equal(a.top, b.top, `${label}: top`);
  assert.equal(a.left, b.left, `${label}: left`);
  assert.equal(a.values.length, b.values.length, `${label}: rows`);
  for (let r = 0; r < a.values.length; r++) {
    const w = Math.max(a.values[r]!.length, b.values[r]!.length);
    for (let c = 0; c < w; c++) {
      assert.deepEqual(cellAt(a, r, c), cellAt(b, r, c), `${label}: value at row ${r}, col ${c}`);
      assert.equal(formatAt(a, r, c), formatAt(b, r, c), `${label}: format at row ${r}, col ${c}`);
    }
  }
}

describe("ExcelHost (the Office.js host over a fake Excel)", () => {
  before(async function () {
    this.timeout(60000);
    sampleWb = await fileWorkbook(fs.readFileSync(SAMPLE));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sop-excel-host-"));
    // The .xlsx host over the same workbook, its companion in a temporary folder.
    fileHost = await FileHost.open(SAMPLE, { out: path.join(tmp, "sop-sample.sop.xlsx") });
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  // ---------------------------------------------------------------------------

  describe("ExcelHost: chunk rules", () => {
    it("cuts rows by cells: exactly at the budget is one chunk, one row more is two", () => {
      assert.deepEqual(rowSpansByCells(100, 10, 1000), [{ start: 0, count: 100 }]);
      assert.deepEqual(rowSpansByCells(101, 10, 1000), [
        { start: 0, count: 100 },
        { start: 100, count: 1 },
      ]);
      assert.deepEqual(rowSpansByCells(3, 5000, 1000), [
        { start: 0, count: 1 },
        { start: 1, count: 1 },
        { start: 2, count: 1 },
      ]);
      assert.deepEqual(rowSpansByCells(0, 10, 1000), []);
    });

    it("cuts rows by bytes: a chunk may reach the budget, never pass it (a lone huge row travels alone)", () => {
      assert.deepEqual(rowSpansByBytes([10, 10], 20), [{ start: 0, count: 2 }]);
      assert.deepEqual(rowSpansByBytes([10, 10, 1], 20), [
        { start: 0, count: 2 },
        { start: 2, count: 1 },
      ]);
      assert.deepEqual(rowSpansByBytes([10, 10], 25, 5), [{ start: 0, count: 2 }]);
      assert.deepEqual(rowSpansByBytes([10, 10], 24, 5), [
        { start: 0, count: 1 },
        { start: 1, count: 1 },
      ]);
      assert.deepEqual(rowSpansByBytes([50, 1], 20), [
        { start: 0, count: 1 },
        { start: 1, count: 1 },
      ]);
    });

    it("packs work into syncs in order within the budget", () => {
      const items = [5, 5, 5, 12, 1].map((bytes, i) => ({ bytes, i }));
      assert.deepEqual(
        packBySize(items, 10).map((g) => g.map((x) => x.i)),
        [[0, 1], [2], [3], [4]],
      );
      assert.deepEqual(
        packBySize(items, 15, 5).map((g) => g.map((x) => x.i)),
        [[0], [1, 2], [3, 4]],
      );
    });

    it("measures payloads in UTF-8 and converts column widths to points", () => {
      assert.equal(utf8Length("a€😀"), 1 + 3 + 4);
      assert.equal(jsonBytes([["é", 1, null]]), utf8Length('[["é",1,null]]'));
      assert.equal(columnWidthPoints(10), 56.25);
      assert.equal(DEFAULT_READ_CHUNK_CELLS, 200_000);
    });

    it("marks: JSON with the sheet name and run; anything else is not a mark", () => {
      const m = parseMark(markText("SOP Data Check", "abc123"));
      assert.deepEqual(m, { owner: "sop-planner", sheet: "SOP Data Check", run: "abc123" });
      assert.ok(markText("x".repeat(31), "ffffff").length < 255);
      assert.equal(parseMark("sop-planner"), null);
      assert.equal(parseMark('{"owner":"someone","sheet":"A","run":"1"}'), null);
      assert.equal(parseMark(undefined), null);
    });
  });

  describe("ExcelHost: reading like the .xlsx host", function () {
    this.timeout(60000);

    it("describes the sample as the file host does, in two syncs", async () => {
      const fake = sampleFake();
      const host = hostOf(fake);
      const s0 = fake.syncCount;
      const info = await host.describe();
      assert.equal(fake.syncCount - s0, 2);
      assert.deepEqual(info, await fileHost.describe());
    });

    it("(f) a missing sheet, table or name gives the file host's SourceError, never a throw", async () => {
      const fake = sampleFake();
      const host = hostOf(fake);
      const sources = [
        { sheet: "Nope" },
        { table: "tblNope" },
        { name: "nope" },
        { sheet: "Actuals", range: "not an address" },
        {},
        { sheet: "Actuals", range: "A4:D6" },
        { table: "tblstatforecast" },
        { name: "GROWTH" },
      ];
      const mine = await host.read(sources);
      const theirs = await fileHost.read(sources);
      for (let i = 0; i < 5; i++) {
        assert.ok(isSourceError(mine[i]!), `source ${i} should be an error`);
        assert.deepEqual(mine[i], theirs[i]);
      }
      assert.match((mine[0] as { message: string }).message, /sheet 'Nope' does not exist \(sheets: Actuals, Sales EU/);
      assert.match((mine[1] as { message: string }).message, /table tblNope not found \(tables: tblStatForecast\)/);
      for (let i = 5; i < sources.length; i++) assertSameGrid(grid(mine[i]), grid(theirs[i]), `source ${i}`);
      // A sheet deleted after describe: the host looks again and still answers with a sentence.
      fake.sheets.splice(fake.sheets.indexOf(fake.sheet("Budget")), 1);
      const [gone] = await host.read([{ sheet: "Budget" }]);
      assert.ok(isSourceError(gone!));
      assert.match(gone.message, /sheet 'Budget' does not exist/);
    });

    it("every mapped range of the sample equals the file host's grid (top/left are sheet coordinates)", async () => {
      const fake = sampleFake();
      const host = hostOf(fake);
      const info = await host.describe();
      const sources: RangeSource[] = [...info.sheets.map((s) => ({ sheet: s.name })), ...info.tables.map((t) => ({ table: t.name })), ...info.names.map((n) => ({ name: n.name }))];
      sources.push({ sheet: "Consensus", range: "C2:F9" }, { sheet: "Forecast Snapshots", range: "B50000:E50010" });
      const mine = await host.read(sources);
      const theirs: ReadResult[] = [];
      for (const s of sources) theirs.push(await readSource(sampleWb.book, s));
      sources.forEach((s, i) => assertSameGrid(grid(mine[i]), grid(theirs[i]), JSON.stringify(s)));
      const part = grid(mine[sources.length - 1]);
      assert.equal(part.top, 49999);
      assert.equal(part.left, 1);
    });

    it("(g) errors, dates, text that looks like an error, hidden rows", async () => {
      const fake = new FakeExcel();
      fake.addSheet("Data");
      fake.put(
        "Data",
        4,
        2,
        [
          ["Item", 46327, 46357, "Note"],
          ["A", { error: "#N/A" }, 12.5, "#N/A"],
          ["B", { error: "#REF!" }, true, null],
          ["C", 1, 2, "x"],
        ],
        [
          [null, "mmm-yy", "mmm-yy", null],
          [null, null, "#,##0.0", null],
        ],
      );
      fake.sheet("Data").hiddenRows.add(6);
      const host = hostOf(fake);
      const [g, part] = (await host.read([{ sheet: "Data" }, { sheet: "Data", range: "D6:E7" }])).map(grid);
      assert.equal(g!.top, 0);
      assert.equal(g!.left, 0);
      assert.deepEqual(cellAt(g!, 4, 3), 46327);
      assert.equal(formatAt(g!, 4, 3), "mmm-yy");
      assert.deepEqual(cellAt(g!, 5, 3), { error: "#N/A" });
      assert.deepEqual(cellAt(g!, 6, 3), { error: "#REF!" });
      assert.equal(cellAt(g!, 5, 5), "#N/A", "text '#N/A' stays text");
      assert.equal(cellAt(g!, 5, 4), 12.5);
      assert.equal(formatAt(g!, 5, 4), "#,##0.0");
      assert.equal(cellAt(g!, 6, 4), true);
      assert.equal(formatAt(g!, 7, 4), null, "General is no format");
      assert.deepEqual(g!.hiddenRows, [6]);
      assert.equal(part!.top, 5);
      assert.equal(part!.left, 3);
      assert.deepEqual(part!.values, [
        [{ error: "#N/A" }, 12.5],
        [{ error: "#REF!" }, true],
      ]);
      assert.deepEqual(part!.hiddenRows, [1]);
    });

    it("merged cells: the areas whose top-left cell is in the grid ride in the values' sync; past 512 in a range, asked in bands; before ExcelApi 1.13, none", async () => {
      // A family merged down every pair of items, below a header; a title merged over the header row's cells above.
      const make = (items: number, apiMinor = 17): FakeExcel => {
        const fake = new FakeExcel({ platform: "desktop", apiMinor });
        fake.addSheet("Actuals");
        const rows: Cell[][] = [["Item", "Family", "2025-01", "2025-02"]];
        for (let i = 0; i < items; i++) rows.push([`P-${i}`, i % 2 === 0 ? `F${i / 2}` : null, i, i + 1]);
        fake.put("Actuals", 0, 0, [["Shipments 2025 (units)"]]);
        fake.put("Actuals", 2, 0, rows);
        const sh = fake.sheet("Actuals");
        sh.merges.push({ top: 0, left: 0, rows: 1, cols: 4 }); // A1:D1, above the grid read from A3
        for (let i = 0; i < items; i += 2) sh.merges.push({ top: 3 + i, left: 1, rows: 2, cols: 1 });
        return fake;
      };
      const fake = make(100);
      const before = fake.syncCount;
      const [g] = (await hostOf(fake).read([{ sheet: "Actuals", range: "A3:D102" }])).map(grid);
      assert.equal(fake.syncCount - before, 2 + 1, "describe (2) + one read sync: the merges cost no round trip");
      // 50 pairs start in A3:D102; the last one is cut to one cell by the range's end, so it is no merge there.
      assert.equal(g!.merges?.length, 49);
      assert.deepEqual(g!.merges![0], { top: 1, left: 1, bottom: 2, right: 1 });
      assert.deepEqual(g!.merges![48], { top: 97, left: 1, bottom: 98, right: 1 });
      // Through the parser: every item has its family.
      const whole = (await hostOf(fake).read([{ sheet: "Actuals" }])).map(grid)[0]!;
      assert.equal(whole.merges?.length, 51, "the whole sheet holds the title merge too");
      assert.deepEqual(whole.merges![0], { top: 0, left: 0, bottom: 0, right: 3 });
      const read = readInputs({ roles: [{ role: "actuals", sources: [{ sheet: "Actuals" }] }] }, [whole]);
      const fam = read.inputs!.actuals.attributes.map((a) => a[0]);
      assert.deepEqual(fam.slice(0, 4), ["F0", "F0", "F1", "F1"]);
      assert.ok(fam.every((f) => f !== null && f !== ""));
      assert.equal(read.findings.filter((f) => f.code === "merged-cells-filled").length, 1);

      // 600 merged areas: Excel refuses them in one call; the values come again without, then the merges in bands.
      const many = make(1200);
      const m0 = many.syncCount;
      const [big] = (await hostOf(many).read([{ sheet: "Actuals", range: "A3:D1203" }])).map(grid);
      assert.equal(big!.merges?.length, 600);
      assert.equal(big!.values.length, 1201);
      assert.equal(many.syncCount - m0, 2 + 3, "describe (2) + the refused sync + the values again + the bands");

      // Before ExcelApi 1.13: read as before, without merges (and no failure).
      const old = make(10, 12);
      const [o] = (await hostOf(old).read([{ sheet: "Actuals", range: "A3:D12" }])).map(grid);
      assert.equal(o!.merges, undefined);
      assert.equal(o!.values.length, 10);
    });

    it("(b) reads a range at the cell budget in one piece and one row over it in two chunks, stitched back", async () => {
      const make = (rows: number): FakeExcel => {
        const fake = new FakeExcel({ platform: "desktop" });
        fake.addSheet("Big");
        fake.put(
          "Big",
          2,
          1,
          Array.from({ length: rows }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c)),
        );
        return fake;
      };
      for (const rows of [100, 101]) {
        const fake = make(rows);
        const host = hostOf(fake, { readChunkCells: 1000, readSyncBytes: 1000 * READ_BYTES_PER_CELL + 200 });
        await host.describe();
        const s0 = fake.syncCount;
        const [g] = await host.read([{ sheet: "Big" }]);
        const syncs = fake.since(s0);
        const reads = syncs.reduce((n, s) => n + s.rangeReads, 0);
        assert.equal(reads, rows === 100 ? 1 : 2, `${rows} rows`);
        assert.equal(syncs.length, rows === 100 ? 1 : 2, `${rows} rows: one sync per chunk when one chunk fills the sync budget`);
        assert.ok(syncs.every((s) => s.cellsRead <= 1000));
        const out = grid(g);
        assert.equal(out.values.length, rows + 2);
        assert.equal(cellAt(out, rows + 1, 10), (rows - 1) * 10 + 9);
        assert.equal(cellAt(out, 2, 1), 0);
      }
      // With room in the sync, both chunks travel together.
      const fake = make(101);
      const host = hostOf(fake, { readChunkCells: 1000 });
      await host.describe();
      const s0 = fake.syncCount;
      await host.read([{ sheet: "Big" }]);
      assert.equal(fake.syncCount - s0, 1);
      assert.equal(fake.since(s0)[0]!.rangeReads, 2);
    });
  });

  describe("ExcelHost: reading on the web", function () {
    this.timeout(60000);

    it("Excel on the web: a read larger than estimated (long texts) is refused once, then read in halves", async () => {
      const fake = new FakeExcel({ platform: "web" });
      fake.addSheet("Notes");
      const text = (r: number): string => `${r} `.padEnd(150, "x");
      fake.put(
        "Notes",
        0,
        0,
        Array.from({ length: 20000 }, (_, r) => [text(r), text(r + 1)]),
      );
      const host = hostOf(fake);
      await host.describe();
      const s0 = fake.syncCount;
      const [g] = await host.read([{ sheet: "Notes" }]);
      const syncs = fake.since(s0);
      assert.deepEqual(
        syncs.map((x) => x.failed),
        [true, false, false],
      );
      assert.ok(syncs.every((x) => x.failed || x.responseBytes <= 5 * 1024 * 1024));
      const out = grid(g);
      assert.equal(out.values.length, 20000);
      assert.equal(cellAt(out, 19999, 1), text(20000));
    });

  });

  describe("ExcelHost: (a) round trips of a cycle", function () {
    this.timeout(180000);

    it("sample: reads in 3 syncs and writes in 2, first and second run; findings and Data Check equal the file host's", async () => {
      const fake = sampleFake("desktop");
      const host = hostOf(fake);
      const first = await measuredRun(fake, host);
      assert.equal(first.report.blocked, false);
      assert.equal(first.reads.length, 3, `first run reads: ${first.reads.length}`);
      assert.equal(first.writes.length, 2, `first run writes: ${first.writes.length}`);
      assert.ok(first.writes.every((s) => s.calcSuspended), "calculation suspended in every write sync");
      assert.ok(first.reads.every((s) => s.writeOps === 0), "reads change nothing");
      assert.ok(!fake.syncs.some((s) => s.implicit), "no operation left for Excel.run to sync");

      const fileReport = await runCycle(fileHost, { now: NOW });
      assert.deepEqual(first.report.findings, fileReport.findings);
      assert.deepEqual(first.report.mapping, fileReport.mapping);
      assert.deepEqual(first.report.sheets, fileReport.sheets);

      // The Data Check sheet as written: values as the spec, hidden settings sheet, both marked.
      const spec = first.report.sheets[0]!;
      const dc = fake.sheet("SOP Data Check");
      assert.equal(dc.visibility, "Visible");
      spec.rows.forEach((row, r) =>
        row.forEach((v, c) => {
          if (typeof v === "object") return;
          assert.deepEqual(dc.value(r, c), v === "" ? null : v, `Data Check ${r},${c}`);
        }),
      );
      assert.deepEqual(dc.freeze, { rows: 5, cols: 0 });
      assert.equal(dc.columnWidths.get(0), columnWidthPoints(20));
      assert.ok(fake.tables.some((t) => t.sheet === dc && t.name === "SOP_DataCheck_Findings"));
      assert.ok(dc.conditionals.length > 0);
      assert.equal(fake.sheet("SOP_Settings").visibility, "Hidden");
      assert.equal(parseMark(dc.customProperties.get(OWNER_PROPERTY))?.sheet, "SOP Data Check");
      noTempSheets(fake);

      const second = await measuredRun(fake, host);
      assert.equal(second.report.mappingOrigin, "saved");
      assert.equal(second.reads.length, 3, `second run reads: ${second.reads.length}`);
      assert.equal(second.writes.length, 2, `second run writes: ${second.writes.length}`);
      assert.deepEqual(second.report.findings, first.report.findings);
      assert.equal(fake.sheetNames().filter((n) => /^SOP Data Check/.test(n)).length, 1);
      // Table names come back after the swap.
      assert.ok(fake.tables.some((t) => t.name === "SOP_DataCheck_Findings"));
      noTempSheets(fake);
      console.log(`      sample (desktop): reads ${first.reads.length} + ${second.reads.length}, writes ${first.writes.length} + ${second.writes.length}`);
    });

    it("10× sample: the same 3 + 2 syncs when the data fits one sync; more data only adds chunk syncs", async () => {
      const big = tenfoldFake("desktop");
      const unbounded = await measuredRun(big, hostOf(big, { readSyncBytes: 1e9, writeSyncBytes: 1e9, label: "10x" }));
      assert.equal(unbounded.report.blocked, false);
      assert.equal(unbounded.reads.length, 3);
      assert.equal(unbounded.writes.length, 2);

      const desktop = tenfoldFake("desktop");
      const d = await measuredRun(desktop, hostOf(desktop, { label: "10x" }));
      const cells = d.reads.reduce((n, s) => n + s.cellsRead, 0);
      assert.ok(d.reads.length <= 2 + Math.ceil((cells * READ_BYTES_PER_CELL) / 32_000_000) + 1, `desktop reads ${d.reads.length} for ${cells} cells`);
      // 3,200 items make a SOP Forecast of ~20,000 rows: the write takes chunk syncs of ≤ 4 MB, no more than the bytes need.
      const written = d.writes.reduce((n, s) => n + s.requestBytes, 0);
      assert.ok(d.writes.every((s) => s.requestBytes <= WEB_SYNC_BYTES));
      // Whole row chunks pack imperfectly: every chunk sync carries at least half the budget.
      assert.ok(d.writes.length <= 2 + Math.ceil(written / (WEB_SYNC_BYTES / 2)), `desktop writes ${d.writes.length} for ${written} bytes`);
      console.log(`      10x sample: ${cells} cells read; desktop default budget: reads ${d.reads.length}, writes ${d.writes.length}; unbounded: reads ${unbounded.reads.length}`);
    });

    it("Excel on the web: every sync under 5 MB; syncs beyond 3 only for data over 4 MB a sync", async () => {
      for (const [label, fake] of [
        ["sample", sampleFake("web")],
        ["10x sample", tenfoldFake("web")],
      ] as const) {
        const m = await measuredRun(fake, hostOf(fake, { label }));
        assert.equal(m.report.blocked, false);
        const cells = m.reads.reduce((n, s) => n + s.cellsRead, 0);
        const budgetSyncs = Math.ceil((cells * READ_BYTES_PER_CELL) / WEB_SYNC_BYTES);
        assert.ok(m.reads.length <= 2 + budgetSyncs + 1, `${label}: ${m.reads.length} read syncs for ${cells} cells`);
        assert.ok([...m.reads, ...m.writes].every((s) => s.responseBytes <= 5 * 1024 * 1024 && s.requestBytes <= 5 * 1024 * 1024));
        assert.ok(m.writes.every((s) => s.requestBytes <= WEB_SYNC_BYTES));
        const written = m.writes.reduce((n, s) => n + s.requestBytes, 0);
        assert.ok(m.writes.length <= 2 + Math.ceil(written / (WEB_SYNC_BYTES / 2)), `${label}: ${m.writes.length} write syncs for ${written} bytes`);
        const maxResponse = Math.max(...m.reads.map((s) => s.responseBytes));
        console.log(`      ${label} (web): reads ${m.reads.length} (${cells} cells, largest response ${(maxResponse / 1e6).toFixed(2)} MB), writes ${m.writes.length}`);
      }
    });
  });

  describe("ExcelHost: writing", function () {
    this.timeout(60000);

    it("(b) writes a sheet just under the sync budget in 2 syncs, just over it in 3, each under the budget", async () => {
      const budget = 20_000;
      const spec = (rows: number): SheetSpec => ({ name: "SOP Big", rows: Array.from({ length: rows }, (_, r) => [r, r * 2, `item ${r}`]) });
      const syncsFor = async (rows: number): Promise<SyncRecord[]> => {
        const fake = new FakeExcel();
        fake.addSheet("Data").setRaw(0, 0, "x");
        const host = hostOf(fake, { writeSyncBytes: budget });
        await host.describe();
        const s0 = fake.syncCount;
        await host.write([spec(rows)], SETTINGS);
        const out = fake.since(s0);
        const big = fake.sheet("SOP Big");
        assert.equal(big.value(rows - 1, 2), `item ${rows - 1}`);
        assert.equal(big.value(rows - 1, 1), (rows - 1) * 2);
        return out;
      };
      let lo = 1;
      let hi = 2000;
      assert.equal((await syncsFor(lo)).length, 2);
      assert.ok((await syncsFor(hi)).length > 3);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if ((await syncsFor(mid)).length <= 2) lo = mid;
        else hi = mid;
      }
      const under = await syncsFor(lo);
      const over = await syncsFor(lo + 1);
      assert.equal(under.length, 2);
      assert.equal(over.length, 3);
      for (const s of [...under, ...over]) assert.ok(s.requestBytes <= budget, `a sync of ${s.requestBytes} bytes is over ${budget}`);
      assert.ok(under[0]!.requestBytes > budget * 0.9, `the first sync is filled (${under[0]!.requestBytes} of ${budget})`);
    });

    it("(c) a planner's sheet named 'SOP Data Check' is never touched; the output goes beside it, and only ours is replaced next time", async () => {
      const fake = sampleFake();
      const mine = fake.addSheet("SOP Data Check");
      fake.put("SOP Data Check", 0, 0, [["My own notes", 1], ["keep", 2]]);
      mine.formulas.set("2,1", "=B1+B2");
      const copy = fake.addSheet("SOP Dashboard (copy)");
      copy.customProperties.set(OWNER_PROPERTY, markText("SOP Dashboard", "000001"));
      copy.setRaw(0, 0, "a copy the planner made of an add-in sheet");
      const before = fake.snapshot().filter((s) => s.name === "SOP Data Check" || s.name === "SOP Dashboard (copy)");
      const host = hostOf(fake);

      const first = await runCycle(host, { now: NOW });
      assert.deepEqual(first.written?.sheets.find((s) => s.requested === "SOP Data Check"), { requested: "SOP Data Check", written: "SOP Data Check (2)" });
      assert.ok(first.written?.notes.some((n) => /'SOP Data Check' already exists and is not the add-in's: the output was written to 'SOP Data Check \(2\)'/.test(n)));
      const after1 = fake.snapshot().filter((s) => s.name === "SOP Data Check" || s.name === "SOP Dashboard (copy)");
      assert.deepEqual(after1, before);
      assert.equal(fake.sheet("SOP Data Check").id, mine.id);

      const names1 = fake.sheetNames();
      const second = await runCycle(host, { now: NOW });
      assert.equal(second.written?.sheets[0]?.written, "SOP Data Check (2)");
      assert.deepEqual(fake.sheetNames(), names1, "same sheets in the same order: only ours was replaced");
      assert.notEqual(fake.sheet("SOP Data Check (2)").id, undefined);
      assert.deepEqual(
        fake.snapshot().filter((s) => s.name === "SOP Data Check" || s.name === "SOP Dashboard (copy)"),
        before,
      );
      const info = await host.describe();
      assert.equal(info.sheets.find((s) => s.name === "SOP Data Check")?.owned, false);
      assert.equal(info.sheets.find((s) => s.name === "SOP Data Check (2)")?.owned, true);
      assert.equal(info.sheets.find((s) => s.name === "SOP Dashboard (copy)")?.owned, false);
      noTempSheets(fake);
    });

    it("marks with a worksheet-scoped name before ExcelApi 1.12, and recognises it", async () => {
      const fake = sampleFake("desktop", 11);
      const host = hostOf(fake);
      const first = await measuredRun(fake, host);
      assert.equal(first.reads.length, 3);
      const dc = fake.sheet("SOP Data Check");
      assert.equal(dc.customProperties.size, 0);
      assert.equal(parseMark(dc.names.get("sop_owned")?.comment)?.sheet, "SOP Data Check");
      const id = dc.id;
      const second = await measuredRun(fake, host);
      assert.equal(second.report.mappingOrigin, "saved");
      assert.notEqual(fake.sheet("SOP Data Check").id, id, "replaced, not duplicated");
      assert.equal(fake.sheetNames().filter((n) => n.startsWith("SOP Data Check")).length, 1);
    });

    it("(d) text that looks like a formula, a number, a date or a boolean is written as text; formulas as formulas", async () => {
      const fake = new FakeExcel();
      fake.addSheet("Data").setRaw(0, 0, "x");
      const texts = ["=1+1", "+A1", "-3+2", "@SUM(A1)", "\tTab", "\rCR", "2026-11", "007", "TRUE", "'quoted"];
      const host = hostOf(fake);
      await host.write(
        [
          {
            name: "SOP Text",
            rows: [texts, [1, 2.5, { formula: "SUM(A2:B2)", value: 3.5 }, { formula: "=A2*2" }, null, true, Number.NaN]],
            styles: [{ row: 1, col: 0, rows: 1, cols: 2, numberFormat: "#,##0.0" }],
          },
        ],
        SETTINGS,
      );
      const s = fake.sheet("SOP Text");
      texts.forEach((t, c) => {
        assert.equal(s.value(0, c), t, `cell ${c} keeps its text`);
        assert.equal(s.formula(0, c), undefined, `cell ${c} is no formula`);
        assert.equal(s.format(0, c), "@");
      });
      assert.deepEqual(s.read({ top: 0, left: 0, rows: 1, cols: 4 }, "valueTypes"), [["String", "String", "String", "String"]]);
      assert.equal(s.value(1, 0), 1);
      assert.equal(s.format(1, 0), "#,##0.0");
      assert.equal(s.value(1, 1), 2.5);
      assert.equal(s.formula(1, 2), "=SUM(A2:B2)");
      assert.equal(s.formula(1, 3), "=A2*2");
      assert.equal(s.value(1, 5), true);
      assert.equal(s.formula(1, 6), "=#NUM!");
      // The fake is strict: without the Text format these would have become formulas and numbers.
      const probe = fake.addSheet("Probe");
      probe.enter(0, 0, "=1+1");
      probe.enter(0, 1, "007");
      probe.enter(0, 2, "@SUM(A1)");
      assert.equal(probe.formula(0, 0), "=1+1");
      assert.equal(probe.value(0, 1), 7);
      assert.equal(probe.formula(0, 2), "=SUM(A1)");
    });

    it("(e) a failure at every write sync leaves the workbook as it was, with no temporary sheet", async () => {
      // Two starting points: a first run (no add-in sheets yet) and a second run (replacing ours).
      const fresh = sampleFake();
      const used = sampleFake();
      await runCycle(hostOf(used), { now: NOW });
      // A long output so that the write needs chunk syncs too.
      const extra: SheetSpec = { name: "SOP Extra", rows: Array.from({ length: 400 }, (_, r) => [`row ${r}`, r, "=not a formula"]) };

      for (const [label, full] of [
        ["first run", fresh],
        ["second run", used],
      ] as const) {
        const probe = full.clone();
        const probeHost = hostOf(probe, { writeSyncBytes: 8_000 });
        // The Data Check alone (checkOnly): the write path is what is under test, not the demand sheets.
        const computed = computeRun(await prepareRun(probeHost), { now: NOW, checkOnly: true });
        // The write never reads the planner's ranges: the 100,000-row ledger is left out of the
        // copies below to keep the many snapshots quick.
        const base = full.clone();
        base.sheets.splice(base.sheets.indexOf(base.sheet("Forecast Snapshots")), 1);
        probe.sheets.splice(probe.sheets.indexOf(probe.sheet("Forecast Snapshots")), 1);
        await probeHost.describe();
        const sheets = [...computed.report.sheets, extra];
        const s0 = probe.syncCount;
        await probeHost.write(sheets, computed.settings!);
        const clean = probe.snapshot();
        const writeSyncs = probe.syncCount - s0;
        assert.ok(writeSyncs >= 3, `${label}: ${writeSyncs} write syncs`);
        console.log(`        ${label}: failure injected at each of ${writeSyncs} write syncs, none and half of a batch applied`);

        for (const applied of ["none", "half"] as const) {
          for (let i = 1; i <= writeSyncs; i++) {
            const fake = base.clone();
            const host = hostOf(fake, { writeSyncBytes: 8_000 });
            await host.describe();
            const before: SheetSnapshot[] = fake.snapshot();
            fake.failOnSync(i, { applied });
            const attempt = host.write(sheets, computed.settings!).then((r) => {
              throw new Error(`${label}: no failure at sync ${i} of ${writeSyncs} (${applied}): ${JSON.stringify(r)} ${JSON.stringify(fake.since(0).slice(-6))}`);
            });
            await assert.rejects(attempt, (e: unknown) => {
              assert.ok(e instanceof ExcelHostError, `${label}, sync ${i}, ${applied}: ${String(e)}`);
              assert.match(e.message, /Nothing was changed: the workbook is as it was before the run\./);
              return true;
            });
            assert.deepEqual(fake.snapshot(), before, `${label}: failure at write sync ${i} of ${writeSyncs} (${applied} applied)`);
            noTempSheets(fake);
            // The host is usable again, and the next write succeeds.
            await host.write(sheets, computed.settings!);
            assert.deepEqual(fake.snapshot(), clean, `${label}: rerun after failure at sync ${i}`);
            noTempSheets(fake);
          }
        }

        // Failing on the very last operation of the swap: on a second run the old sheets are deleted by
        // then, so the write is finished rather than undone; on a first run it is still undone.
        const fake = base.clone();
        const host = hostOf(fake, { writeSyncBytes: 8_000 });
        await host.describe();
        const before = fake.snapshot();
        fake.failOnSync(writeSyncs, { applied: "all-but-one" });
        if (label === "second run") {
          const result = await host.write(sheets, computed.settings!);
          assert.ok(result.notes.some((n) => /the new sheets are in place/.test(n)), result.notes.join(" | "));
          assert.deepEqual(fake.snapshot(), clean, `${label}: finished after a failure at the last operation`);
          assert.ok(fake.tables.some((t) => t.name === "SOP_DataCheck_Findings"), "table names taken back when finishing");
        } else {
          await assert.rejects(host.write(sheets, computed.settings!), /Nothing was changed/);
          assert.deepEqual(fake.snapshot(), before);
        }
        noTempSheets(fake);
      }
    });

    it("a failure while undoing is reported plainly, and the next write removes the leftovers", async () => {
      const fake = sampleFake();
      const host = hostOf(fake);
      await runCycle(host, { now: NOW });
      const computed = computeRun(await prepareRun(host), { now: NOW });
      fake.failOnSync(2, { applied: "half" });
      fake.failOnSync(4, { applied: "none" });
      await assert.rejects(host.write(computed.report.sheets, computed.settings!), /undoing it failed too.*'~SOP'.*next run removes them/s);
      assert.ok(fake.sheetNames().some((n) => n.startsWith("~SOP")));
      const info = await host.describe();
      assert.ok(info.sheets.filter((s) => s.name.startsWith("~SOP")).every((s) => s.owned), "leftovers are recognised as the add-in's");
      await host.write(computed.report.sheets, computed.settings!);
      noTempSheets(fake);
      assert.ok(fake.sheetNames().includes("SOP Data Check"));
    });

    it("replaces a sheet of ours the planner made very hidden, and puts it back very hidden when the write fails", async () => {
      const fake = new FakeExcel();
      fake.addSheet("Data").setRaw(0, 0, 1);
      const host = hostOf(fake);
      await host.write([{ name: "SOP Out", rows: [["v1"]] }], SETTINGS);
      fake.sheet("SOP Out").visibility = "VeryHidden";
      await host.describe();
      const before = fake.snapshot();
      // The swap's operations: suspend, 2 old sheets aside, 2 new names, 1 shown, 2 positions, then the very
      // hidden old sheet made hidden (9th) and deleted (10th): fail right after it was made hidden.
      fake.failOnSync(2, { applied: 9 });
      await assert.rejects(host.write([{ name: "SOP Out", rows: [["v2"]] }], SETTINGS), /Nothing was changed/);
      assert.deepEqual(fake.snapshot(), before);
      await host.write([{ name: "SOP Out", rows: [["v2"]] }], SETTINGS);
      assert.equal(fake.sheet("SOP Out").value(0, 0), "v2");
      assert.equal(fake.sheet("SOP Out").visibility, "Visible");
      noTempSheets(fake);
    });

    it("refuses invalid or duplicate sheet names before touching Excel", async () => {
      const fake = new FakeExcel();
      fake.addSheet("Data");
      const host = hostOf(fake);
      await assert.rejects(host.write([{ name: "a/b", rows: [] }], SETTINGS), /not a valid sheet name/);
      await assert.rejects(
        host.write(
          [
            { name: "SOP A", rows: [] },
            { name: "sop a", rows: [] },
          ],
          SETTINGS,
        ),
        /Two output sheets are named/,
      );
      assert.equal(fake.syncCount, 0);
    });

    it("a workbook changed between describe and write is described again, not overwritten", async () => {
      const fake = new FakeExcel();
      fake.addSheet("Data").setRaw(0, 0, 1);
      const host = hostOf(fake);
      await host.describe();
      // The planner adds a sheet named like our output after the describe.
      fake.addSheet("SOP Out").setRaw(0, 0, "planner");
      const result = await host.write([{ name: "SOP Out", rows: [["ours"]] }], SETTINGS);
      assert.equal(result.sheets[0]!.written, "SOP Out (2)");
      assert.equal(fake.sheet("SOP Out").value(0, 0), "planner");
      assert.equal(fake.sheet("SOP Out (2)").value(0, 0), "ours");
      noTempSheets(fake);
    });

    it("reads settings and owned sheets back; the settings sheet is hidden and survives a CLI-style unmarked copy", async () => {
      const fake = new FakeExcel();
      fake.addSheet("Data").setRaw(0, 0, 1);
      const host = hostOf(fake);
      const settings: Settings = { version: 1, mapping: { roles: [{ role: "actuals", sources: [{ sheet: "Data" }] }] }, lastRun: "x" };
      await host.write([{ name: "SOP Snapshots", rows: [["Cycle", "Qty"], ["2026-11", 5]] }], settings);
      const saved = await host.readSettings();
      assert.deepEqual(saved?.mapping, settings.mapping);
      assert.deepEqual(saved?.ownedSheets, ["SOP Snapshots"]);
      const snap = await host.readOwnedSheet("sop snapshots");
      assert.deepEqual(snap?.values, [
        ["Cycle", "Qty"],
        ["2026-11", 5],
      ]);
      assert.equal(await host.readOwnedSheet("Data"), null, "a planner's sheet is not an owned sheet");
      // Settings written by the file host (no mark) are still the add-in's.
      fake.sheet("SOP_Settings").customProperties.clear();
      const info = await host.describe();
      assert.equal(info.sheets.find((s) => s.name === "SOP_Settings")?.owned, true);
      assert.equal(info.sheets.find((s) => s.name === "SOP Snapshots")?.owned, true);
    });
  });
});
