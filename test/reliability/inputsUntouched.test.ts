/**
 * Issue 8, "Nothing lost": input ranges are never written (DESIGN.md §7). Every planner sheet of
 * the bundled sample is hashed (every cell's value and number format, hidden rows, merges,
 * tables; the defined names) before and after a full run and a lock, in both hosts:
 * - the file host, companion mode: the input file is byte-identical too, and read again from
 *   disk it gives the same hashes;
 * - the file host, in place (a small generated workbook, since the file itself is rewritten):
 *   the planner's sheets are the same cell for cell, and only the add-in's sheets were added;
 * - the Office.js host over the fake Excel: the planner's sheets (values, number formats,
 *   formulas, hidden rows, widths, marks, tables), the defined names and the order of the sheets.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { FileHost } from "../../src/hosts/file/fileHost";
import { runCycle } from "../../src/workbook/runCycle";
import { generateSample } from "../../scripts/sample/index";
import { LOCK_SHEETS, NOW, RUN_SHEETS, excelHostOf, fakeHashes, highs, sampleCompanionRun, sampleFakes, sampleWorkbook, sha256, workbookCellHashes } from "./support";

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Hashes that differ between two maps, by key (missing on either side included). */
function changed(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k));
}

describe("Inputs are never written: every input range hashed before and after a full run and a lock", function () {
  this.timeout(120000);

  it("file host, companion mode (bundled sample): the input file byte-identical, every planner sheet the same", async () => {
    const sample = await sampleWorkbook();
    const before = workbookCellHashes(sample);
    assert.ok(before.size > 10, "every sheet of the sample is hashed");

    // The full run (made once for the reliability tests), then a lock on the same host.
    const run = await sampleCompanionRun();
    assert.equal(run.report.blocked, false);
    assert.deepEqual(run.report.written?.sheets.map((s) => s.written), RUN_SHEETS);
    assert.equal(run.inputAfter, run.inputBefore, "input byte-identical after the run");
    const lock = await runCycle(run.host, { now: NOW, solver: await highs(), lock: {} });
    assert.equal(lock.lock?.status, "locked", lock.lock?.message);
    assert.deepEqual(lock.written?.sheets.map((s) => s.written), LOCK_SHEETS);
    assert.equal(sha256(fs.readFileSync(run.input)), run.inputBefore, "input byte-identical after the lock");

    // Read back from disk: every sheet, every cell and format, the names.
    const after = workbookCellHashes(await load(run.input));
    assert.deepEqual(changed(before, after), [], "planner sheets changed");
  });

  it("file host, in place (a small generated workbook): the planner's sheets the same cell for cell after a run written into the file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sop-inputs-inplace-"));
    try {
      const input = path.join(dir, "plan.xlsx");
      await generateSample({ items: 16, months: 24, out: input });
      const original = await load(input);
      const planner = new Set(original.worksheets.map((w) => w.name));
      const before = workbookCellHashes(original);
      const bytes = fs.readFileSync(input);

      const report = await runCycle(await FileHost.open(input, { inPlace: true }), { now: NOW, solver: await highs() });
      assert.deepEqual(report.written?.sheets.map((s) => s.written), RUN_SHEETS);
      assert.notDeepEqual(fs.readFileSync(input), bytes, "the file itself was rewritten");
      const rewritten = await load(input);
      assert.deepEqual(changed(before, workbookCellHashes(rewritten, planner)), [], "planner sheets changed");
      assert.deepEqual(
        rewritten.worksheets.map((w) => w.name).filter((n) => !planner.has(n)),
        [...RUN_SHEETS, "SOP_Settings"],
        "only the add-in's sheets were added",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Excel host (fake Excel holding the bundled sample): every planner sheet, the names and the sheet order the same after a full run and a lock", async () => {
    const { pristine, afterFirst, first } = await sampleFakes();
    const before = fakeHashes(pristine);
    const order = pristine.sheetNames();
    const plannerOnly = (fake: typeof pristine): Map<string, string> => fakeHashes(fake, (s) => before.has(s.id));

    assert.equal(first.blocked, false);
    assert.deepEqual(first.written?.sheets.map((s) => s.written), RUN_SHEETS);
    assert.deepEqual(changed(before, plannerOnly(afterFirst)), [], "after the run");

    const fake = afterFirst.clone();
    const lock = await runCycle(excelHostOf(fake), { now: NOW, solver: await highs(), lock: {} });
    assert.equal(lock.lock?.status, "locked", lock.lock?.message);
    assert.deepEqual(lock.written?.sheets.map((s) => s.written), LOCK_SHEETS);
    assert.deepEqual(changed(before, plannerOnly(fake)), [], "after the lock");
    assert.deepEqual(
      fake.sheetNames().filter((n) => order.includes(n)),
      order,
      "the planner's sheets in their order",
    );
    assert.deepEqual(fake.sheetNames().slice(0, order.length), order, "the add-in's sheets come after the planner's");
  });
});
