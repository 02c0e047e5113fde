import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import type { Grid } from "../../../src/workbook/grid";
import { isSourceError, type ReadResult } from "../../../src/workbook/host";
import type { Settings } from "../../../src/workbook/mapping";
import type { SheetSpec } from "../../../src/workbook/sheetSpec";
import { settingsToSheet } from "../../../src/workbook/settingsSheet";
import { FileHost, InPlaceRefusedError, WorkbookOpenError, WorkbookWriteError, companionPath, backupPath } from "../../../src/hosts/file/fileHost";
import { readSource } from "../../../src/hosts/file/xlsxWorkbook";
import { writeXlsx } from "../../../src/hosts/file/xlsxWrite";
import { type XlsxBook, openXlsxBook } from "../../../src/hosts/file/xlsxRead";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sop-filehost-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function grid(r: ReadResult | Grid | null): Grid {
  assert.ok(r, "expected a grid");
  if (isSourceError(r)) assert.fail(r.message);
  return r;
}

/** The planner's workbook: actuals, a forecast tab, and their own sheet called 'SOP Data Check'. */
async function plannerWorkbook(file: string, extra?: (wb: ExcelJS.Workbook) => void): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet("Actuals");
  a.addRow(["Item", new Date(Date.UTC(2025, 0, 1)), new Date(Date.UTC(2025, 1, 1))]);
  a.addRow(["A", 10, 12]);
  a.addRow(["B", 5, { formula: "B3*2", result: 10 }]);
  const f = wb.addWorksheet("Sales EU");
  f.getCell("A1").value = "Forecast";
  f.getCell("A3").value = "=not a formula";
  f.getCell("B3").value = 0.1 + 0.2;
  wb.addWorksheet("SOP Data Check").getCell("A1").value = "planner's own notes";
  extra?.(wb);
  await wb.xlsx.writeFile(file);
}

const settings: Settings = { version: 1, mapping: { roles: [{ role: "actuals", sources: [{ sheet: "Actuals" }] }] }, lastRun: "2025-03-01T00:00:00Z" };

function specs(tag: string): SheetSpec[] {
  return [
    { name: "SOP Data Check", rows: [["Finding", "Run"], ["ok", tag]], freeze: { rows: 1 } },
    { name: "SOP Snapshots", rows: [["Cycle", "Qty"], [tag, 1]], tables: [{ name: "tblSnapshots", row: 0, col: 0, rows: 2, cols: 2 }] },
  ];
}

/** A file opened with the reader the host uses. */
async function book(file: string): Promise<XlsxBook> {
  return openXlsxBook(new Uint8Array(fs.readFileSync(file)));
}

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function tempFiles(): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
}

describe("FileHost: opening", () => {
  it("says plainly why a file cannot be opened", async () => {
    await assert.rejects(FileHost.open(path.join(dir, "missing.xlsx")), (e: unknown) => e instanceof WorkbookOpenError && /does not exist/.test(e.message));
    fs.writeFileSync(path.join(dir, "data.csv"), "Item,Qty\nA,1\n");
    await assert.rejects(FileHost.open(path.join(dir, "data.csv")), (e: unknown) => e instanceof WorkbookOpenError && /is not an \.xlsx workbook/.test(e.message));
    fs.writeFileSync(path.join(dir, "text.xlsx"), "hello");
    await assert.rejects(FileHost.open(path.join(dir, "text.xlsx")), /text\.xlsx is not an \.xlsx workbook/);
    const cfb = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    fs.writeFileSync(path.join(dir, "old.xls"), cfb);
    await assert.rejects(FileHost.open(path.join(dir, "old.xls")), /Excel 97-2003/);
    Buffer.from("EncryptedPackage", "utf16le").copy(cfb, 512);
    fs.writeFileSync(path.join(dir, "secret.xlsx"), cfb);
    await assert.rejects(FileHost.open(path.join(dir, "secret.xlsx")), (e: unknown) => e instanceof WorkbookOpenError && /password-protected/.test(e.message));
    fs.writeFileSync(path.join(dir, "broken.xlsx"), Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]));
    await assert.rejects(FileHost.open(path.join(dir, "broken.xlsx")), (e: unknown) => e instanceof WorkbookOpenError && /damaged/.test(e.message));
    fs.mkdirSync(path.join(dir, "folder.xlsx"));
    await assert.rejects(FileHost.open(path.join(dir, "folder.xlsx")), /is a folder/);
  });

  it("refuses an output that is the input, or that is not .xlsx", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    await assert.rejects(FileHost.open(input, { out: input }), /is the input workbook itself/);
    await assert.rejects(FileHost.open(input, { out: path.join(dir, "out.csv") }), /must be an \.xlsx file/);
    await assert.rejects(FileHost.open(input, { inPlace: true, out: path.join(dir, "x.xlsx") }), /In-place mode/);
  });

  it("reports a damaged companion workbook", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    fs.writeFileSync(companionPath(input), "garbage");
    await assert.rejects(FileHost.open(input), /companion workbook plan\.sop\.xlsx/);
  });

  it("describes and reads the input", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    const host = await FileHost.open(input);
    assert.equal(host.label, "plan.xlsx");
    assert.equal(host.outputPath, path.join(dir, "plan.sop.xlsx"));
    const info = await host.describe();
    assert.deepEqual(info.sheets.map((s) => s.name), ["Actuals", "Sales EU", "SOP Data Check"]);
    const fractions: number[] = [];
    const [act, eu, missing] = await host.read([{ sheet: "Actuals" }, { sheet: "Sales EU", range: "A3:B3" }, { table: "tblX" }], (f) => fractions.push(f));
    assert.deepEqual(grid(act!).values[0], ["Item", 45658, 45689]);
    assert.deepEqual(grid(act!).values[2], ["B", 5, 10]);
    assert.deepEqual(grid(eu!).values, [["=not a formula", 0.30000000000000004]]);
    assert.ok(missing && isSourceError(missing));
    assert.equal(fractions.at(-1), 1);
    assert.equal(await host.readSettings(), null);
    assert.equal(await host.readOwnedSheet("SOP Snapshots"), null);
  });
});

describe("FileHost: companion workbook", () => {
  it("creates the companion on the first run and never modifies the input", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    const before = fs.readFileSync(input);
    const mtime = fs.statSync(input).mtimeMs;

    const host = await FileHost.open(input);
    const res = await host.write(specs("run1"), settings);
    assert.equal(res.target, path.join(dir, "plan.sop.xlsx"));
    assert.deepEqual(res.sheets, [
      { requested: "SOP Data Check", written: "SOP Data Check" },
      { requested: "SOP Snapshots", written: "SOP Snapshots" },
    ]);
    assert.ok(!fs.existsSync(backupPath(res.target)), "no backup when there was no previous companion");

    assert.deepEqual(fs.readFileSync(input), before, "input byte-identical");
    assert.equal(fs.statSync(input).mtimeMs, mtime, "input mtime unchanged");
    assert.deepEqual(tempFiles(), []);

    const comp = await load(res.target);
    assert.deepEqual(comp.worksheets.map((w) => w.name), ["SOP Data Check", "SOP Snapshots", "SOP_Settings"]);
    assert.equal(comp.getWorksheet("SOP_Settings")!.state, "hidden");
    const saved = await (await FileHost.open(input)).readSettings();
    assert.deepEqual(saved, { ...settings, ownedSheets: ["SOP Data Check", "SOP Snapshots"] });
  });

  it("creates the companion's folder when it does not exist yet (the README's demo on a fresh clone writes out/)", async () => {
    const input = path.join(dir, "fresh.xlsx");
    await plannerWorkbook(input);
    const out = path.join(dir, "reports", "2026-11", "fresh.sop.xlsx");
    const host = await FileHost.open(input, { out });
    const res = await host.write(specs("run1"), settings);
    assert.equal(res.target, out);
    assert.ok(fs.existsSync(out));
    assert.deepEqual((await load(out)).worksheets.map((w) => w.name), ["SOP Data Check", "SOP Snapshots", "SOP_Settings"]);
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ["fresh.sop.xlsx"], "no temporary file left");
  });

  it("second run keeps sheets it does not rewrite, reads the previous ones, and backs up the previous companion", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    const before = fs.readFileSync(input);
    await (await FileHost.open(input)).write(specs("run1"), settings);
    const firstCompanion = fs.readFileSync(companionPath(input));

    const host = await FileHost.open(input);
    const snap = await host.readOwnedSheet("SOP Snapshots");
    assert.deepEqual(grid(snap).values, [["Cycle", "Qty"], ["run1", 1]]);
    assert.equal(await host.readOwnedSheet("Actuals"), null, "not an owned sheet");
    const prev = await host.readSettings();
    assert.ok(prev);

    const res = await host.write([{ name: "SOP Data Check", rows: [["Finding", "Run"], ["ok", "run2"]] }, { name: "SOP Dashboard", rows: [["KPI"]] }], prev);
    assert.ok(res.notes.some((n) => n.includes("plan.sop.bak.xlsx")), res.notes.join("\n"));
    assert.deepEqual(fs.readFileSync(path.join(dir, "plan.sop.bak.xlsx")), firstCompanion, "backup is the previous companion");

    const comp = await load(companionPath(input));
    assert.deepEqual(comp.worksheets.map((w) => w.name), ["SOP Data Check", "SOP Snapshots", "SOP_Settings", "SOP Dashboard"]);
    const compBook = await book(companionPath(input));
    assert.deepEqual(grid(await readSource(compBook, { sheet: "SOP Snapshots" })).values[1], ["run1", 1], "kept from run 1");
    assert.deepEqual(grid(await readSource(compBook, { table: "tblSnapshots" })).values.length, 2, "its table survives the rewrite");
    assert.deepEqual(grid(await readSource(compBook, { sheet: "SOP Data Check" })).values[1], ["ok", "run2"]);
    const saved = await (await FileHost.open(input)).readSettings();
    assert.deepEqual([...(saved?.ownedSheets ?? [])].sort(), ["SOP Dashboard", "SOP Data Check", "SOP Snapshots"]);

    // The same host can write again: it continues from what it wrote.
    await host.write([{ name: "SOP Dashboard", rows: [["KPI 3"]] }], prev);
    const third = await load(companionPath(input));
    assert.equal(third.getWorksheet("SOP Dashboard")!.getCell("A1").value, "KPI 3");
    assert.ok(third.getWorksheet("SOP Snapshots"));

    assert.deepEqual(fs.readFileSync(input), before, "input byte-identical after every run");
    assert.deepEqual(tempFiles(), []);
  });

  it("writes to --out and can skip the backup", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    const out = path.join(dir, "out", "cycle.xlsx");
    fs.mkdirSync(path.dirname(out));
    await (await FileHost.open(input, { out, backup: false })).write(specs("a"), settings);
    await (await FileHost.open(input, { out, backup: false })).write(specs("b"), settings);
    assert.deepEqual(fs.readdirSync(path.dirname(out)), ["cycle.xlsx"]);
    assert.ok(!fs.existsSync(companionPath(input)));
  });

  it("uses the input's own settings on the first companion run", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    fs.writeFileSync(input, writeXlsx(new Uint8Array(fs.readFileSync(input)), [settingsToSheet({ version: 1, parameters: { horizon: 12 } })], new Set(["sop_settings"])).bytes);
    const host = await FileHost.open(input);
    assert.deepEqual(await host.readSettings(), { version: 1, parameters: { horizon: 12 } });
  });
});

describe("FileHost: in place", () => {
  async function withChart(file: string): Promise<void> {
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    zip.file("xl/charts/chart1.xml", "<c:chartSpace/>");
    zip.file("xl/pivotCache/pivotCacheDefinition1.xml", "<pivotCacheDefinition/>");
    fs.writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
  }

  it("refuses a workbook that a rewrite would damage, and changes nothing", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    await withChart(input);
    const before = fs.readFileSync(input);
    const host = await FileHost.open(input, { inPlace: true });
    assert.ok((await host.rewriteProblems()).length >= 2);
    await assert.rejects(host.write(specs("x"), settings), (e: unknown) => {
      assert.ok(e instanceof InPlaceRefusedError);
      assert.ok(e.reasons.some((r) => /charts/.test(r)), e.reasons.join("\n"));
      assert.ok(e.reasons.some((r) => /pivot/.test(r)), e.reasons.join("\n"));
      assert.match(e.message, /companion workbook/);
      return true;
    });
    assert.deepEqual(fs.readFileSync(input), before);
    assert.deepEqual(fs.readdirSync(dir), ["plan.xlsx"]);
  });

  it("writes into a plain workbook: backup made, planner's sheets identical, clash renamed", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    const before = fs.readFileSync(input);
    const original = await book(input);
    const plannerSheets = ["Actuals", "Sales EU", "SOP Data Check"];
    const gridsBefore: Grid[] = [];
    for (const s of plannerSheets) gridsBefore.push(grid(await readSource(original, { sheet: s })));

    const host = await FileHost.open(input, { inPlace: true });
    assert.equal(host.outputPath, input);
    const res = await host.write(specs("run1"), settings);
    assert.equal(res.target, input);
    assert.deepEqual(res.sheets, [
      { requested: "SOP Data Check", written: "SOP Data Check (2)" },
      { requested: "SOP Snapshots", written: "SOP Snapshots" },
    ]);
    assert.ok(res.notes.some((n) => n.includes("'SOP Data Check (2)'")), res.notes.join("\n"));
    assert.deepEqual(fs.readFileSync(path.join(dir, "plan.bak.xlsx")), before, "backup of the original");

    const after = await load(input);
    assert.deepEqual(after.worksheets.map((w) => w.name), ["Actuals", "Sales EU", "SOP Data Check", "SOP Data Check (2)", "SOP Snapshots", "SOP_Settings"]);
    const afterBook = await book(input);
    for (const [i, s] of plannerSheets.entries()) assert.deepEqual(await readSource(afterBook, { sheet: s }), gridsBefore[i], s);
    assert.equal(after.getWorksheet("Sales EU")!.getCell("A3").type, ExcelJS.ValueType.String);

    // Second run in place: owned sheets replaced, the planner's never.
    const host2 = await FileHost.open(input, { inPlace: true });
    assert.deepEqual(grid(await host2.readOwnedSheet("SOP Snapshots")).values[1], ["run1", 1]);
    assert.equal(await host2.readOwnedSheet("SOP Data Check"), null, "the planner's sheet is not the add-in's");
    const res2 = await host2.write(specs("run2"), (await host2.readSettings())!);
    assert.equal(res2.sheets[0]!.written, "SOP Data Check (2)");
    const again = await load(input);
    assert.equal(again.worksheets.length, 6);
    const againBook = await book(input);
    for (const [i, s] of plannerSheets.entries()) assert.deepEqual(await readSource(againBook, { sheet: s }), gridsBefore[i], s);
    assert.deepEqual(grid(await readSource(againBook, { sheet: "SOP Snapshots" })).values[1], ["run2", 1]);
    assert.deepEqual(tempFiles(), []);
  });
});

describe("FileHost: failures leave everything as it was", () => {
  it("an output folder that cannot be made (a file stands in its way): no file, no temp file", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    const before = fs.readFileSync(input);
    fs.writeFileSync(path.join(dir, "nowhere"), "a file, not a folder");
    const host = await FileHost.open(input, { out: path.join(dir, "nowhere", "plan.sop.xlsx") });
    await assert.rejects(host.write(specs("x"), settings), (e: unknown) => e instanceof WorkbookWriteError && /Nothing was changed/.test(e.message));
    assert.deepEqual(fs.readdirSync(dir).sort(), ["nowhere", "plan.xlsx"]);
    assert.deepEqual(fs.readFileSync(input), before);
  });

  it("a spec ExcelJS refuses: previous companion unchanged", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    await (await FileHost.open(input)).write(specs("run1"), settings);
    const comp = fs.readFileSync(companionPath(input));
    const host = await FileHost.open(input);
    // "History" is a name Excel reserves; ExcelJS throws on it.
    await assert.rejects(host.write([...specs("run2"), { name: "History", rows: [["x"]] }], settings));
    assert.deepEqual(fs.readFileSync(companionPath(input)), comp);
    assert.deepEqual(tempFiles(), []);
    assert.ok(!fs.existsSync(backupPath(companionPath(input))));
    // The host is still usable and still starts from the previous companion.
    assert.deepEqual(grid(await host.readOwnedSheet("SOP Snapshots")).values[1], ["run1", 1]);
    await host.write([{ name: "SOP Dashboard", rows: [["ok"]] }], settings);
    const after = await load(companionPath(input));
    assert.deepEqual(after.worksheets.map((w) => w.name), ["SOP Data Check", "SOP Snapshots", "SOP_Settings", "SOP Dashboard"]);
  });

  it("a backup that cannot be written: temp removed, previous companion unchanged", async () => {
    const input = path.join(dir, "plan.xlsx");
    await plannerWorkbook(input);
    await (await FileHost.open(input)).write(specs("run1"), settings);
    const comp = fs.readFileSync(companionPath(input));
    fs.mkdirSync(backupPath(companionPath(input))); // a folder where the backup file should go
    const host = await FileHost.open(input);
    await assert.rejects(host.write(specs("run2"), settings), WorkbookWriteError);
    assert.deepEqual(fs.readFileSync(companionPath(input)), comp);
    assert.deepEqual(tempFiles(), []);
  });
});
