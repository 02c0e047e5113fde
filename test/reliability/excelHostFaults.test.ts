/**
 * Issue 8, "Nothing lost", inside Excel: the full cycle through the Office.js host over the fake
 * Excel holding the bundled sample, with a failure injected at every write sync of a second run
 * (the ten output sheets and the settings replaced) and of a lock (`SOP Snapshots`,
 * `SOP Plan 2026-11` and `SOP MPS` created, the settings replaced): the previous add-in sheets
 * are back exactly (values, formats, formulas, marks, tables, in their places, with what the
 * planner typed into `SOP Decisions`), the sheets the write created are gone, no temporary
 * `~SOP` sheet is left and every planner sheet is untouched. The swap sync is also cut after
 * each of its operations: the write is undone while every replaced sheet still exists, and
 * finished (exactly as a clean write) once one of them was deleted.
 *
 * One computed run and one computed lock serve every injected failure (`computeRun` once,
 * `host.write` per failure), on copies of the same fake. The write never reads the planner's
 * ranges, so those copies leave out the 100,000-row `Forecast Snapshots` ledger to keep the
 * many comparisons quick (inputsUntouched.test.ts hashes it through a whole run and lock); every
 * other planner sheet is compared after every failure.
 */
import assert from "node:assert/strict";
import { type ExcelHost, ExcelHostError } from "../../src/hosts/excel/excelHost";
import type { Settings } from "../../src/workbook/mapping";
import { type ComputedRun, computeRun, prepareRun } from "../../src/workbook/runCycle";
import type { SheetSpec } from "../../src/workbook/sheetSpec";
import type { FailOptions, FakeExcel } from "../hosts/excel/fakeExcel";
import { LOCK_SHEETS, NOW, RUN_SHEETS, excelHostOf, fakeHashes, highs, sampleFakes } from "./support";

/** Small enough that each write takes several syncs (the run: 10, the lock: 9). */
const WRITE_BUDGET = 400_000;
const BIG_SHEET = "Forecast Snapshots";

function hostOf(fake: FakeExcel): ExcelHost {
  return excelHostOf(fake, WRITE_BUDGET);
}

/** The workbook as "as it was" compares it: sheet order and names, and a hash of every sheet (by id) and of the names. */
interface State {
  readonly order: readonly string[];
  readonly hashes: ReadonlyMap<string, string>;
}

function stateOf(fake: FakeExcel): State {
  return { order: fake.sheets.map((s) => `${s.id} ${s.name} ${s.visibility}`), hashes: fakeHashes(fake) };
}

function assertSameState(fake: FakeExcel, before: State, plannerIds: ReadonlySet<string>, label: string): void {
  const after = stateOf(fake);
  const temps = fake.sheetNames().filter((n) => n.startsWith("~SOP"));
  assert.deepEqual(temps, [], `${label}: temporary sheets left`);
  assert.deepEqual(after.order, before.order, `${label}: the same sheets (ids, names, visibility) in the same order`);
  for (const [id, h] of before.hashes) {
    const s = fake.sheets.find((x) => x.id === id);
    const what = id === "#names" ? "the defined names" : plannerIds.has(id) ? `planner sheet '${s?.name}'` : `previous add-in sheet '${s?.name}'`;
    assert.equal(after.hashes.get(id), h, `${label}: ${what} changed`);
  }
  assert.equal(after.hashes.size, before.hashes.size, `${label}: sheets added`);
}

/** The fake's cells of `SOP Decisions` at a decision's row: Owner and Status columns found by header. */
function decisionCells(fake: FakeExcel): { owner: [number, number]; status: [number, number]; id: string } {
  const s = fake.sheet("SOP Decisions");
  let header = -1;
  for (let r = 0; r < 10 && header < 0; r++) if (s.value(r, 0) === "ID") header = r;
  assert.ok(header >= 0, "SOP Decisions has its header row");
  const col = (h: string): number => {
    for (let c = 0; c < 40; c++) if (s.value(header, c) === h) return c;
    throw new Error(`no column ${h}`);
  };
  const id = s.value(header + 1, 0);
  assert.equal(typeof id, "string");
  return { owner: [header + 1, col("Owner")], status: [header + 1, col("Status")], id: id as string };
}

describe("Nothing lost inside Excel: a failure at every write sync of a full cycle (fake Excel, bundled sample)", function () {
  this.timeout(120000);
  let plannerIds: Set<string>;
  let plannerHashes: Map<string, string>;
  /** The sample after a first successful run, with Owner and Status typed into SOP Decisions. */
  let afterFirst: FakeExcel;
  /** The same without the 100,000-row ledger: what the failures are injected into. */
  let base: FakeExcel;
  let run2: ComputedRun;
  let lock: ComputedRun;
  let typed: { id: string; owner: string; status: string };

  before(async function () {
    this.timeout(120000);
    const solver = await highs();
    const { pristine, afterFirst: first, first: report } = await sampleFakes();
    plannerIds = new Set(pristine.sheets.map((s) => s.id));
    plannerHashes = fakeHashes(pristine);
    assert.equal(report.blocked, false);
    assert.deepEqual(report.written?.sheets.map((s) => s.written), RUN_SHEETS);
    // The executive meeting: an owner and a status typed into the sheet.
    afterFirst = first.clone();
    const cells = decisionCells(afterFirst);
    const dec = afterFirst.sheet("SOP Decisions");
    dec.setRaw(cells.owner[0], cells.owner[1], "Anna (Ops)");
    dec.setRaw(cells.status[0], cells.status[1], "Approved");
    typed = { id: cells.id, owner: "Anna (Ops)", status: "Approved" };
    base = afterFirst.clone();
    base.sheets.splice(base.sheets.indexOf(base.sheet(BIG_SHEET)), 1);

    run2 = computeRun(await prepareRun(hostOf(afterFirst)), { now: NOW, solver });
    lock = computeRun(await prepareRun(hostOf(afterFirst)), { now: NOW, solver, lock: {} });
    assert.deepEqual(run2.report.sheets.map((s) => s.name), RUN_SHEETS);
    assert.deepEqual(lock.report.sheets.map((s) => s.name), LOCK_SHEETS);
    // The second run carries what was typed (so a restored sheet and a new one both hold it).
    const kept = run2.report.meeting!.decisions.find((d) => d.id === typed.id)!;
    assert.equal(kept.owner, typed.owner);
    assert.equal(kept.status, typed.status);
  });

  it("the first run wrote beside the planner's sheets and changed none of them", () => {
    const now = fakeHashes(afterFirst);
    for (const [id, h] of plannerHashes) assert.equal(now.get(id), h, `planner sheet ${id}`);
  });

  const cases: { label: string; computed: () => ComputedRun; created: readonly string[] }[] = [
    { label: "second run", computed: () => run2, created: [] },
    { label: "lock", computed: () => lock, created: LOCK_SHEETS },
  ];

  for (const c of cases) {
    it(`${c.label}: a failure at each write sync leaves the workbook as it was`, async () => {
      const { report, settings } = c.computed();
      const sheets: readonly SheetSpec[] = report.sheets;
      const before = stateOf(base);

      // A clean write, to count the syncs and know what a finished write looks like.
      const probe = base.clone();
      const probeHost = hostOf(probe);
      await probeHost.describe();
      const s0 = probe.syncCount;
      const result = await probeHost.write(sheets, settings as Settings);
      const writeSyncs = probe.syncCount - s0;
      assert.ok(writeSyncs >= 4, `${c.label}: ${writeSyncs} write syncs`);
      for (const name of c.created) assert.ok(probe.findSheet(name), `${c.label} creates ${name}`);
      assert.deepEqual(result.sheets.map((s) => s.written), sheets.map((s) => s.name));
      const clean = stateOf(probe);

      // Half of the batch applied at every sync; none and all but one at the first and the last.
      const plan: { sync: number; applied: FailOptions["applied"] }[] = [];
      for (let i = 1; i <= writeSyncs; i++) plan.push({ sync: i, applied: "half" });
      plan.push({ sync: 1, applied: "none" }, { sync: 1, applied: "all-but-one" }, { sync: writeSyncs, applied: "none" });
      let injected = 0;
      for (const { sync: i, applied } of plan) {
        const fake = base.clone();
        const host = hostOf(fake);
        await host.describe();
        fake.failOnSync(i, { applied });
        await assert.rejects(host.write(sheets, settings as Settings), (e: unknown) => {
          assert.ok(e instanceof ExcelHostError, `${c.label}, sync ${i} of ${writeSyncs} (${applied}): ${String(e)}`);
          assert.match(e.message, /Nothing was changed: the workbook is as it was before the run\./);
          return true;
        });
        injected++;
        assertSameState(fake, before, plannerIds, `${c.label}: failure at write sync ${i} of ${writeSyncs} (${applied} applied)`);
        for (const name of c.created) assert.equal(fake.findSheet(name), undefined, `${c.label}: new sheet ${name} removed`);
        assert.equal(fake.sheet("SOP Decisions").value(...decisionCells(fake).owner), typed.owner, "what the planner typed is back");
      }
      // After all that, the same write succeeds and gives what a clean write gives.
      const fake = base.clone();
      const host = hostOf(fake);
      await host.describe();
      await host.write(sheets, settings as Settings);
      assert.deepEqual(stateOf(fake), clean, `${c.label}: a write after the failures`);
      console.log(`        ${c.label}: ${injected} failures injected over ${writeSyncs} write syncs`);
    });

    it(`${c.label}: the swap sync cut after its operations is undone, or finished exactly as a clean write`, async () => {
      const { report, settings } = c.computed();
      const sheets: readonly SheetSpec[] = report.sheets;
      const before = stateOf(base);

      const probe = base.clone();
      const probeHost = hostOf(probe);
      await probeHost.describe();
      const s0 = probe.syncCount;
      await probeHost.write(sheets, settings as Settings);
      const syncs = probe.since(s0);
      const swapOps = syncs[syncs.length - 1]!.ops;
      const clean = stateOf(probe);

      let undone = 0;
      let finished = 0;
      // Every operation of a short swap; every other one (and the last) of a long one, to keep the test quick.
      const cuts = Array.from({ length: swapOps }, (_, k) => k).filter((k) => swapOps <= 30 || k % 2 === 0 || k === swapOps - 1);
      for (const k of cuts) {
        const fake = base.clone();
        const host = hostOf(fake);
        await host.describe();
        const fail: FailOptions = { applied: k };
        fake.failOnSync(syncs.length, fail);
        let outcome: "undone" | "finished";
        try {
          const r = await host.write(sheets, settings as Settings);
          assert.ok(r.notes.some((n) => /the new sheets are in place/.test(n)), `${c.label}, swap cut after ${k} of ${swapOps}: ${r.notes.join(" | ")}`);
          outcome = "finished";
        } catch (e) {
          assert.ok(e instanceof ExcelHostError, String(e));
          assert.match(e.message, /Nothing was changed: the workbook is as it was before the run\./);
          outcome = "undone";
        }
        const label = `${c.label}: swap cut after ${k} of ${swapOps} operations (${outcome})`;
        if (outcome === "undone") {
          undone++;
          assertSameState(fake, before, plannerIds, label);
        } else {
          finished++;
          assert.deepEqual(stateOf(fake), clean, label);
        }
      }
      assert.ok(undone > 0);
      console.log(`        ${c.label}: swap sync of ${swapOps} operations cut at ${cuts.length} points: ${undone} undone, ${finished} finished`);
    });
  }
});
