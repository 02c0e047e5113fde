/**
 * The pane's Excel controller without Excel: the host is any WorkbookHost (here the
 * in-memory .xlsx host), the engine worker computes in-process (through a structured
 * clone, as postMessage does), and Office.js batches for selecting go to a recording stub.
 */
import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import type { ExcelRunner } from "../../src/hosts/excel/excelHost";
import { EngineClient } from "../../src/taskpane/engineClient";
import { excelActions, splitAddress } from "../../src/taskpane/excelActions";
import { type StepProgress, type WorkerRequest, type WorkerResponse, phaseProgress, withoutInputs } from "../../src/taskpane/workerProtocol";
import type { Grid } from "../../src/workbook/grid";
import type { Progress, ReadResult, WorkbookHost } from "../../src/workbook/host";
import type { RangeSource } from "../../src/workbook/mapping";
import { computeRun } from "../../src/workbook/runCycle";

/** The engine worker, in-process: answers `compute` after a turn of the event loop. */
class InProcessWorker {
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  postMessage(msg: WorkerRequest): void {
    const req = structuredClone(msg);
    setTimeout(() => {
      if (this.terminated || req.type !== "compute") return;
      const progress = phaseProgress("check", (p) => this.onmessage?.({ data: { type: "progress", id: req.id, progress: p } } as MessageEvent<WorkerResponse>));
      const computed = withoutInputs(computeRun(req.prepared, { parameters: req.parameters, progress, ...(req.lock ? { lock: req.lock } : {}) }));
      this.onmessage?.({ data: structuredClone({ type: "computed", id: req.id, computed }) } as MessageEvent<WorkerResponse>);
    }, 0);
  }
  terminate(): void {
    this.terminated = true;
  }
}

function engine(): EngineClient {
  return new EngineClient(() => new InProcessWorker() as unknown as Worker);
}

async function workbook(duplicateMonth = false): Promise<BufferHost> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet("Actuals");
  const months = ["2025-01", "2025-02", duplicateMonth ? "2025-02" : "2025-03", "2025-04"];
  a.addRow(["Item", "Family", ...months]);
  a.addRow(["A-1", "Pumps", 10, 12, 13, 11]);
  a.addRow(["A-2", "Pumps", 5, 6, 6, 7]);
  return BufferHost.open(new Uint8Array(await wb.xlsx.writeBuffer()), "plan.xlsx");
}

/** 14 months of actuals (2025-01 … 2026-02) and a Sales forecast tab: the cycle is 2026-03. */
async function planningWorkbook(): Promise<BufferHost> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet("Actuals");
  const months = Array.from({ length: 14 }, (_, i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  a.addRow(["Item", "Family", ...months]);
  a.addRow(["A-1", "Pumps", ...months.map((_, i) => 10 + i)]);
  a.addRow(["A-2", "Pumps", ...months.map((_, i) => 5 + (i % 3))]);
  const f = wb.addWorksheet("Sales EU");
  f.addRow(["Item", "2026-03", "2026-04", "2026-05"]);
  f.addRow(["A-1", 25, 26, 27]);
  // In place: like Excel, the add-in's sheets (the ledger too) live in the planner's workbook.
  return BufferHost.open(new Uint8Array(await wb.xlsx.writeBuffer()), "plan.xlsx", null, { inPlace: true });
}

/** A host that counts describes and writes, and can hold its reads until released. */
function counting(inner: WorkbookHost): { host: WorkbookHost; describes: () => number; writes: () => number; holdReads: () => () => void } {
  let describes = 0;
  let writes = 0;
  let gate: Promise<void> | null = null;
  return {
    describes: () => describes,
    writes: () => writes,
    holdReads: () => {
      let release: () => void = () => undefined;
      gate = new Promise<void>((r) => (release = r));
      return () => release();
    },
    host: {
      label: "this workbook",
      describe: () => {
        describes++;
        return inner.describe();
      },
      read: async (sources: readonly RangeSource[], progress?: Progress): Promise<ReadResult[]> => {
        if (gate) await gate;
        return inner.read(sources, progress);
      },
      readOwnedSheet: (n) => inner.readOwnedSheet(n),
      readSettings: () => inner.readSettings(),
      write: (sheets, settings, progress) => {
        writes++;
        return inner.write(sheets, settings, progress);
      },
    },
  };
}

/** Records the Office.js calls made through it. */
function recordingRunner(selection = { address: "'Sales EU'!$A$3:$F$40", cellCount: 228 }): { run: ExcelRunner; calls: string[] } {
  const calls: string[] = [];
  const ctx = {
    workbook: {
      worksheets: {
        getItem: (name: string) => ({
          activate: () => calls.push(`activate ${name}`),
          getRange: (r: string) => ({ select: () => calls.push(`select ${name}!${r}`) }),
        }),
      },
      getSelectedRange: () => ({ ...selection, load: (props: string[]) => calls.push(`load ${props.join(",")}`) }),
    },
    sync: async () => {
      calls.push("sync");
    },
  };
  const run = (async (batch: (c: Excel.RequestContext) => Promise<unknown>) => batch(ctx as unknown as Excel.RequestContext)) as ExcelRunner;
  return { run, calls };
}

const noProgress = (): void => undefined;

describe("task pane: the Excel controller", () => {
  it("checks: describes the workbook once, reads, computes in the worker; writes nothing", async () => {
    const c = counting(await workbook());
    const actions = excelActions(engine(), { host: c.host, run: recordingRunner().run });
    const steps: StepProgress[] = [];
    const o = await actions.check(null, (p) => steps.push(p));
    assert.ok(o.ok, JSON.stringify(o));
    assert.equal(o.value.workbook, "this workbook");
    assert.deepEqual(o.value.mapping.roles.map((r) => r.role), ["actuals"]);
    assert.equal(o.value.mappingOrigin, "proposed");
    assert.deepEqual(o.value.info.sheets.map((s) => s.name), ["Actuals"]);
    assert.equal(o.value.blocked, false);
    assert.equal(c.describes(), 1, "one description per check");
    assert.equal(c.writes(), 0);
    assert.ok(steps.some((p) => p.step === "read") && steps.some((p) => p.step === "check"));
    assert.equal(actions.canCancelWrite, false);
  });

  it("runs: read, check in the worker, write with the host", async () => {
    const inner = await workbook();
    const c = counting(inner);
    const actions = excelActions(engine(), { host: c.host, run: recordingRunner().run });
    const steps: StepProgress[] = [];
    const o = await actions.run(null, (p) => steps.push(p));
    assert.ok(o.ok, JSON.stringify(o));
    const sheets = o.value.written?.sheets.map((s) => s.written) ?? [];
    assert.deepEqual(sheets.slice(0, 6), ["SOP Data Check", "SOP Forecast", "SOP Accuracy", "SOP Capacity", "SOP Supply Plan", "SOP Financials"]);
    for (const sheet of ["SOP Decisions", "SOP Agenda"]) assert.ok(sheets.includes(sheet), `the run writes ${sheet}: ${sheets.join(", ")}`);
    // The meeting pack reaches the pane; no scenarios are mapped, so none ran.
    assert.equal(o.value.meeting?.cycle, "2025-05");
    assert.equal(o.value.meeting?.decisionsSheet, "SOP Decisions");
    assert.match(o.value.meeting?.followUp ?? "", /^S&OP executive meeting, cycle 2025-05: decisions and actions/);
    assert.equal(o.value.meeting?.health.find((h) => h.step === "Scenarios")?.state, "not run: no scenarios mapped");
    assert.equal(o.value.scenarios, null);
    // The supply review reaches the pane (no capacity mapped, and no solver in this in-process worker: no plan, and why).
    assert.equal(o.value.supply?.cycle, "2025-05");
    assert.equal(o.value.supply?.plan, null);
    assert.match(o.value.supply?.planNote ?? "", /no constrained plan/i);
    assert.equal(o.value.output, null, "inside Excel there is nothing to download");
    assert.equal(c.writes(), 1);
    assert.ok(inner.outputBytes);
    assert.deepEqual([...new Set(steps.map((p) => p.step))], ["read", "check", "write"]);
    assert.equal(steps.filter((p) => p.step === "write").at(-1)?.fraction, 1);
  });

  it("blocking errors: the findings come back and nothing is written", async () => {
    const c = counting(await workbook(true));
    const actions = excelActions(engine(), { host: c.host, run: recordingRunner().run });
    const o = await actions.run(null, noProgress);
    assert.ok(o.ok);
    assert.equal(o.value.written, null);
    assert.equal(o.value.check.blocked, true);
    assert.deepEqual(
      o.value.check.findings.filter((f) => f.severity === "error").map((f) => f.address),
      ["Actuals!E1"],
    );
    assert.equal(c.writes(), 0);
  });

  it("cancel while reading: the run ends as cancelled and nothing is written", async () => {
    const c = counting(await workbook());
    const actions = excelActions(engine(), { host: c.host, run: recordingRunner().run });
    const release = c.holdReads();
    const pending = actions.run(null, noProgress);
    await new Promise((r) => setTimeout(r, 10));
    actions.cancel();
    release();
    assert.deepEqual(await pending, { ok: false, cancelled: true });
    assert.equal(c.writes(), 0);
    // The next run works (a new worker).
    const again = await actions.run(null, noProgress);
    assert.ok(again.ok && again.value.written !== null);
  });

  it("runs with the demand review, then locks the cycle: read, compute with lock in the worker, write the ledger", async () => {
    const inner = await planningWorkbook();
    const c = counting(inner);
    const actions = excelActions(engine(), { host: c.host, run: recordingRunner().run });
    const ran = await actions.run(null, noProgress);
    assert.ok(ran.ok, JSON.stringify(ran));
    assert.equal(ran.value.check.cycle, "2026-03");
    assert.equal(ran.value.demand?.cycle, "2026-03");
    assert.equal(ran.value.demand?.locked, false);
    assert.ok(ran.value.demand.versions.some((v) => v.name === "Sales"));
    assert.equal(c.writes(), 1);

    const steps: StepProgress[] = [];
    const locked = await actions.lock(ran.value.check.mapping, false, (p) => steps.push(p));
    assert.ok(locked.ok, JSON.stringify(locked));
    assert.equal(locked.value.lock.status, "locked");
    assert.equal(locked.value.lock.cycle, "2026-03");
    assert.ok(locked.value.lock.appended > 0);
    const lockSheets = locked.value.written?.sheets.map((s) => s.written) ?? [];
    assert.equal(lockSheets[0], "SOP Snapshots");
    assert.ok(lockSheets.every((n) => /^SOP (Snapshots|Plan 2026-03|MPS)$/.test(n)), `a lock writes the ledger (and the frozen plan): ${lockSheets.join(", ")}`);
    assert.equal(locked.value.output, null, "inside Excel there is nothing to download");
    assert.equal(c.writes(), 2);
    assert.deepEqual([...new Set(steps.map((p) => p.step))], ["read", "check", "write"]);

    // Locking again without force is refused: nothing is written, not even the settings.
    const again = await actions.lock(ran.value.check.mapping, false, noProgress);
    assert.ok(again.ok, JSON.stringify(again));
    assert.equal(again.value.lock.status, "already-locked");
    assert.equal(again.value.written, null);
    assert.equal(c.writes(), 2);

    // Forced: the cycle's rows are replaced, not duplicated.
    const forced = await actions.lock(ran.value.check.mapping, true, noProgress);
    assert.ok(forced.ok, JSON.stringify(forced));
    assert.equal(forced.value.lock.status, "relocked");
    assert.equal(forced.value.lock.replaced, locked.value.lock.appended);
    assert.equal(forced.value.lock.ledgerRows, locked.value.lock.ledgerRows);
    assert.equal(c.writes(), 3);

    // The next run knows the cycle is locked (the pane then asks before locking again).
    const rerun = await actions.run(null, noProgress);
    assert.ok(rerun.ok);
    assert.equal(rerun.value.demand?.locked, true);
  });

  it("a lock with blocking errors in the data writes nothing and says why", async () => {
    const c = counting(await workbook(true));
    const actions = excelActions(engine(), { host: c.host, run: recordingRunner().run });
    const o = await actions.lock(null, false, noProgress);
    assert.ok(!o.ok && !o.cancelled, JSON.stringify(o));
    assert.equal(o.error.title, "Nothing was locked");
    assert.match(o.error.message, /1 blocking error/);
    assert.equal(c.writes(), 0);
  });

  it("selects a finding's cells, activates a sheet, reads the selection", async () => {
    const { run, calls } = recordingRunner();
    const actions = excelActions(engine(), { host: (await workbook()) as WorkbookHost, run });
    assert.deepEqual(await actions.selectAddress!("'Sales EU'!F17"), { ok: true, value: undefined });
    assert.deepEqual(calls.splice(0), ["activate Sales EU", "select Sales EU!F17", "sync"]);
    const notCells = await actions.selectAddress!("table tblStat on 'Stat'");
    assert.ok(!notCells.ok && !notCells.cancelled && /does not name cells/.test(notCells.error.message));
    assert.deepEqual(calls.splice(0), []);
    assert.deepEqual(await actions.activateSheet!("SOP Data Check"), { ok: true, value: undefined });
    assert.deepEqual(calls.splice(0), ["activate SOP Data Check", "sync"]);
    assert.deepEqual(await actions.currentSelection!(), { ok: true, value: { sheet: "Sales EU", range: "A3:F40" } });

    const one = excelActions(engine(), { host: (await workbook()) as WorkbookHost, run: recordingRunner({ address: "Actuals!B2", cellCount: 1 }).run });
    const single = await one.currentSelection!();
    assert.ok(!single.ok && !single.cancelled);
    assert.match(single.error.next, /whole range, header row included/);
  });

  it("a failing Office.js call is a sentence with what to do next", async () => {
    const failing = (async () => {
      throw new Error("ItemNotFound: The requested resource doesn't exist.");
    }) as ExcelRunner;
    const actions = excelActions(engine(), { host: (await workbook()) as WorkbookHost, run: failing });
    const o = await actions.activateSheet!("SOP Data Check");
    assert.ok(!o.ok && !o.cancelled);
    assert.match(o.error.message, /SOP Data Check' could not be activated: ItemNotFound/);
    assert.match(o.error.next, /run again/);
  });

  it("rebuilds the follow-up text from SOP Decisions as people edited it (by the name it was written under)", async () => {
    const inner = await planningWorkbook();
    const asked: string[] = [];
    /** What a person typed after the meeting: a decision approved, with an owner and a due date. */
    let edit = (g: Grid): Grid => g;
    const host: WorkbookHost = { ...counting(inner).host, readOwnedSheet: async (n) => {
      asked.push(n);
      const g = await inner.readOwnedSheet(n);
      return g ? edit(g) : null;
    } };
    const actions = excelActions(engine(), { host, run: recordingRunner().run, now: () => new Date(2026, 2, 20, 10, 0) });
    const before = await actions.followUp!();
    assert.ok(!before.ok && !before.cancelled);
    assert.equal(before.error.title, "No decisions to summarise");
    assert.match(before.error.message, /'SOP Decisions' is not in this workbook/);

    const ran = await actions.run(null, noProgress);
    assert.ok(ran.ok && ran.value.meeting, JSON.stringify(ran));
    const o = await actions.followUp!();
    assert.ok(o.ok, JSON.stringify(o));
    assert.equal(o.value.cycle, "2026-03");
    assert.equal(o.value.text, ran.value.meeting.followUp, "as the run wrote it, the same text");

    edit = (g) => {
      const header = g.values.findIndex((r) => r[0] === "ID");
      const cols = g.values[header]!.map(String);
      const row = cols.map(() => null as Grid["values"][number][number]);
      const set = (col: string, v: string | number): void => void (row[cols.indexOf(col)] = v);
      set("ID", "CAP-WC-1");
      set("Topic", "Capacity");
      set("Subject", "WC-1");
      set("Issue", "WC-1: load above capacity in 2026-05.");
      set("Recommended", "Approve overtime on WC-1.");
      set("Owner", "Ana");
      set("Due", "2026-03-31");
      set("Status", "Approved");
      set("State", "Active");
      return { ...g, values: [...g.values.slice(0, header + 1), row, ...g.values.slice(header + 1)] };
    };
    const edited = await actions.followUp!("SOP Decisions");
    assert.ok(edited.ok, JSON.stringify(edited));
    assert.match(edited.value.text, /CAP-WC-1/);
    assert.match(edited.value.text, /Ana/);
    assert.notEqual(edited.value.text, o.value.text);
    assert.equal(asked[0], "SOP Decisions", "the default name");
    assert.equal(asked.at(-1), "SOP Decisions");

    const broken = excelActions(engine(), { host: { ...host, readOwnedSheet: () => Promise.reject(new Error("RichApi.Error: The workbook is in cell-edit mode")) }, run: recordingRunner().run });
    const failed = await broken.followUp!("SOP Decisions (2)");
    assert.ok(!failed.ok && !failed.cancelled);
    assert.equal(failed.error.title, "The decisions could not be read");
    assert.match(failed.error.message, /^'SOP Decisions \(2\)' could not be read: RichApi\.Error: The workbook is in cell-edit mode\.$/);
  });

  it("splits the addresses Excel gives", () => {
    assert.deepEqual(splitAddress("'O''Brien Sales'!$A$1:$C$9"), { sheet: "O'Brien Sales", range: "A1:C9" });
    assert.deepEqual(splitAddress("Sheet1!B2"), { sheet: "Sheet1", range: "B2" });
    assert.equal(splitAddress("B2"), null);
  });
});
