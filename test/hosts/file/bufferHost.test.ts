import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import type { Grid } from "../../../src/workbook/grid";
import { isSourceError, type ReadResult } from "../../../src/workbook/host";
import type { Settings } from "../../../src/workbook/mapping";
import type { SheetSpec } from "../../../src/workbook/sheetSpec";
import { runCycle } from "../../../src/workbook/runCycle";
import { BufferHost, InPlaceRefusedError, WorkbookOpenError, companionName, fileBaseName } from "../../../src/hosts/file/bufferHost";
import { readSource, readWorkbookSettings } from "../../../src/hosts/file/xlsxWorkbook";
import { openXlsxBook } from "../../../src/hosts/file/xlsxRead";

function grid(r: ReadResult | Grid | null): Grid {
  assert.ok(r, "expected a grid");
  if (isSourceError(r)) assert.fail(r.message);
  return r;
}

async function bytesOf(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The planner's workbook: two years of monthly actuals for two items, and a sheet of their own named like an output. */
function planner(wb: ExcelJS.Workbook): void {
  const a = wb.addWorksheet("Actuals");
  const months = Array.from({ length: 24 }, (_, i) => new Date(Date.UTC(2024, i, 1)));
  a.addRow(["Item", ...months]);
  a.addRow(["A", ...months.map((_, i) => 10 + i)]);
  a.addRow(["B", ...months.map(() => 5)]);
  wb.addWorksheet("Notes").getCell("A1").value = "=not a formula";
}

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const settings: Settings = { version: 1, mapping: { roles: [{ role: "actuals", sources: [{ sheet: "Actuals" }] }] }, lastRun: "2025-03-01T00:00:00Z" };

function specs(tag: string): SheetSpec[] {
  return [
    { name: "SOP Data Check", rows: [["Finding", "Run"], ["ok", tag]], freeze: { rows: 1 } },
    { name: "SOP Snapshots", rows: [["Cycle", "Qty"], [tag, 1]] },
  ];
}

describe("BufferHost: names", () => {
  it("derives the companion name from a file name or a path", () => {
    assert.equal(companionName("plan.xlsx"), "plan.sop.xlsx");
    assert.equal(companionName("C:\\Users\\ann\\S&OP plan.XLSM"), "S&OP plan.sop.xlsx");
    assert.equal(companionName("/tmp/x/data"), "data.sop.xlsx");
    assert.equal(fileBaseName("a/b/c.xlsx"), "c.xlsx");
  });
});

describe("BufferHost: opening bytes", () => {
  it("says plainly why bytes cannot be opened", async () => {
    const text = new TextEncoder().encode("Item,Qty\nA,1\n");
    await assert.rejects(BufferHost.open(text, "data.csv"), (e: unknown) => e instanceof WorkbookOpenError && /data\.csv is not an \.xlsx workbook/.test(e.message));
    const cfb = new Uint8Array(2048);
    cfb.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    await assert.rejects(BufferHost.open(cfb, "old.xls"), /Excel 97-2003/);
    const label = "EncryptedPackage";
    for (let i = 0; i < label.length; i++) cfb[512 + 2 * i] = label.charCodeAt(i);
    await assert.rejects(BufferHost.open(cfb, "secret.xlsx"), /password-protected/);
    const broken = new Uint8Array(104).fill(7);
    broken.set([0x50, 0x4b, 0x03, 0x04]);
    await assert.rejects(BufferHost.open(broken, "broken.xlsx"), (e: unknown) => e instanceof WorkbookOpenError && /broken\.xlsx .*damaged/.test(e.message));
  });

  it("names the previous companion when it cannot be read", async () => {
    const input = await bytesOf(planner);
    await assert.rejects(BufferHost.open(input, "plan.xlsx", new TextEncoder().encode("garbage")), /companion workbook plan\.sop\.xlsx is not an \.xlsx workbook/);
    await assert.rejects(
      BufferHost.open(input, "plan.xlsx", new TextEncoder().encode("garbage"), { previousName: "plan.sop (1).xlsx" }),
      /companion workbook plan\.sop \(1\)\.xlsx/,
    );
  });

  it("describes and reads the input; no settings and no owned sheets yet", async () => {
    const host = await BufferHost.open(await bytesOf(planner), "/some/folder/plan.xlsx");
    assert.equal(host.label, "plan.xlsx");
    assert.equal(host.outputName, "plan.sop.xlsx");
    assert.equal(host.outputBytes, null);
    assert.equal(host.hasPreviousCompanion, false);
    const info = await host.describe();
    assert.deepEqual(info.sheets.map((s) => [s.name, s.rows, s.cols]), [["Actuals", 3, 25], ["Notes", 1, 1]]);
    const [act, notes] = await host.read([{ sheet: "Actuals" }, { sheet: "Notes" }]);
    assert.deepEqual(grid(act!).values[1]!.slice(0, 3), ["A", 10, 11]);
    assert.deepEqual(grid(notes!).values, [["=not a formula"]]);
    assert.equal(await host.readSettings(), null);
    assert.equal(await host.readOwnedSheet("SOP Snapshots"), null);
  });
});

describe("BufferHost: the companion in memory", () => {
  it("builds a new companion and leaves the input bytes as they were", async () => {
    const input = await bytesOf(planner);
    const copy = input.slice();
    const host = await BufferHost.open(input, "plan.xlsx");
    const res = await host.write(specs("run1"), settings);
    assert.equal(res.target, "plan.sop.xlsx");
    assert.deepEqual(res.sheets.map((s) => s.written), ["SOP Data Check", "SOP Snapshots"]);
    assert.ok(host.outputBytes && host.outputBytes.length > 0);
    assert.deepEqual(input, copy, "input bytes untouched");

    const comp = await load(host.outputBytes);
    assert.deepEqual(comp.worksheets.map((w) => w.name), ["SOP Data Check", "SOP Snapshots", "SOP_Settings"]);
    assert.equal(comp.getWorksheet("SOP_Settings")!.state, "hidden");
    assert.deepEqual(readWorkbookSettings(await openXlsxBook(host.outputBytes)), { ...settings, ownedSheets: ["SOP Data Check", "SOP Snapshots"] });
    // The new companion is now this host's store.
    assert.deepEqual(grid(await host.readOwnedSheet("SOP Snapshots")).values[1], ["run1", 1]);
  });

  it("starts from the previous companion: its sheets carry over and its settings are read", async () => {
    const input = await bytesOf(planner);
    const first = await BufferHost.open(input, "plan.xlsx");
    await first.write(specs("run1"), settings);
    const previous = first.outputBytes!;

    const host = await BufferHost.open(input, "plan.xlsx", previous);
    assert.equal(host.hasPreviousCompanion, true);
    const saved = await host.readSettings();
    assert.deepEqual(saved?.ownedSheets, ["SOP Data Check", "SOP Snapshots"]);
    assert.deepEqual(grid(await host.readOwnedSheet("SOP Snapshots")).values, [["Cycle", "Qty"], ["run1", 1]]);
    assert.equal(await host.readOwnedSheet("Actuals"), null, "a planner's sheet is never an owned sheet");

    await host.write([{ name: "SOP Data Check", rows: [["Finding", "Run"], ["ok", "run2"]] }], saved!);
    const comp = await load(host.outputBytes!);
    assert.deepEqual(comp.worksheets.map((w) => w.name), ["SOP Data Check", "SOP Snapshots", "SOP_Settings"]);
    const book = await openXlsxBook(host.outputBytes!);
    assert.deepEqual(grid(await readSource(book, { sheet: "SOP Snapshots" })).values[1], ["run1", 1], "kept from run 1");
    assert.deepEqual(grid(await readSource(book, { sheet: "SOP Data Check" })).values[1], ["ok", "run2"]);
  });

  it("build() changes nothing until adopt()", async () => {
    const host = await BufferHost.open(await bytesOf(planner), "plan.xlsx");
    const built = await host.build(specs("x"), settings);
    assert.equal(host.outputBytes, null);
    assert.equal(await host.readSettings(), null);
    host.adopt(built);
    assert.equal(host.outputBytes, built.bytes);
    assert.ok(await host.readSettings());
  });

  it("in place: writes into the input when nothing is lost, refuses otherwise", async () => {
    const input = await bytesOf(planner);
    const host = await BufferHost.open(input, "plan.xlsx", null, { inPlace: true });
    assert.equal(host.outputName, "plan.xlsx");
    await host.write(specs("p"), settings);
    const wb = await load(host.outputBytes!);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ["Actuals", "Notes", "SOP Data Check", "SOP Snapshots", "SOP_Settings"]);
    assert.equal(host.inputBytes, host.outputBytes);

    const macro = await BufferHost.open(input, "plan.xlsm", null, { inPlace: true });
    await assert.rejects(macro.write(specs("p"), settings), (e: unknown) => e instanceof InPlaceRefusedError && /plan\.xlsm is not an \.xlsx file/.test(e.message));
    assert.equal(macro.outputBytes, null);
  });

  it("runs a whole cycle: the output holds SOP Data Check and the hidden settings with the mapping", async () => {
    const host = await BufferHost.open(await bytesOf(planner), "plan.xlsx");
    const report = await runCycle(host, { now: () => new Date("2026-01-05T00:00:00Z") });
    assert.equal(report.blocked, false);
    assert.equal(report.cycle, "2026-01");
    assert.equal(report.written?.target, "plan.sop.xlsx");
    const comp = await load(host.outputBytes!);
    assert.ok(comp.getWorksheet("SOP Data Check"));
    const saved = readWorkbookSettings(await openXlsxBook(host.outputBytes!));
    assert.deepEqual(saved?.mapping?.roles.map((r) => r.role), ["actuals"]);
    assert.equal(comp.getWorksheet("SOP_Settings")!.state, "hidden");
  });
});

describe("BufferHost: browser-safe", () => {
  it("imports nothing from Node", () => {
    for (const file of ["bufferHost.ts", "xlsxWorkbook.ts"]) {
      const src = fs.readFileSync(path.join(__dirname, "../../../src/hosts/file", file), "utf8");
      const code = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
      assert.doesNotMatch(code, /from\s+"(node:[^"]+|fs|path|os|crypto|stream)"/, `${file} imports a Node module`);
      assert.doesNotMatch(code, /\bBuffer\.|\bprocess\.|\brequire\(/, `${file} uses a Node global`);
    }
  });
});
