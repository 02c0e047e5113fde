/**
 * The pane inside Excel: reads and writes go through the Office.js host on the main
 * thread (Office.js lives there), the computation runs in the engine worker. Loaded
 * lazily, only when the pane runs in Excel, together with the Office.js host.
 *
 * Cancelling stops the worker and drops whatever was read; once writing has begun
 * it is not cancellable (the host's write is all or nothing by itself).
 *
 * Locking the cycle is the same three phases: read (with the `SOP Snapshots` ledger),
 * compute with `lock` in the worker, write the ledger — nothing when the lock is refused.
 */
import { ExcelHost, type ExcelRunner } from "../hosts/excel/excelHost";
import { followUpFromSheet } from "../workbook/agendaSheet";
import { DECISIONS_SHEET } from "../workbook/decisionsSheet";
import type { WorkbookHost, WorkbookInfo } from "../workbook/host";
import type { Mapping } from "../workbook/mapping";
import { type ComputedRun, commitRun, prepareRun } from "../workbook/runCycle";
import { type OnProgress, type PaneActions, failure } from "./actions";
import type { EngineClient } from "./engineClient";
import { localDay } from "./meetingView";
import { lockNotTried, toPaneError } from "./paneErrors";
import { selectableAddress } from "./sources";
import { type DataCheck, type LockResult, type Outcome, type RunResult, phaseProgress, reviewsOf, toDataCheck } from "./workerProtocol";

function quote(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** `Sheet1!A1:C10` or `'Sales EU'!$A$1:$C$10` (as Excel gives a selection's address) → sheet and range. */
export function splitAddress(address: string): { sheet: string; range: string } | null {
  const bang = address.lastIndexOf("!");
  if (bang <= 0) return null;
  let sheet = address.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  const range = address.slice(bang + 1).replace(/\$/g, "");
  return sheet !== "" && range !== "" ? { sheet, range } : null;
}

export interface ExcelActionsOptions {
  /** The workbook host (default: the Office.js host over `Excel.run`). */
  readonly host?: WorkbookHost;
  /** Runs Office.js batches for selecting cells and sheets (default `Excel.run`). */
  readonly run?: ExcelRunner;
  /** Today's date for the follow-up summary (overdue decisions); default: now. */
  readonly now?: () => Date;
}

/** The host with `describe()` answered from what was just described: one description per check or run, not two. */
function describedOnce(host: WorkbookHost, info: WorkbookInfo): WorkbookHost {
  return {
    label: host.label,
    describe: async () => info,
    read: (sources, progress) => host.read(sources, progress),
    readOwnedSheet: (name) => host.readOwnedSheet(name),
    readSettings: () => host.readSettings(),
    write: (sheets, settings, progress) => host.write(sheets, settings, progress),
  };
}

export function excelActions(engine: EngineClient, options: ExcelActionsOptions = {}): PaneActions {
  const host = options.host ?? new ExcelHost();
  const excelRun: ExcelRunner = options.run ?? ((batch) => Excel.run(batch));
  const now = options.now ?? ((): Date => new Date());
  /** Bumped by cancel: work started before it is dropped. */
  let generation = 0;
  const cancelled = { ok: false, cancelled: true } as const;

  const readAndCompute = async (
    mapping: Mapping | null,
    onProgress: OnProgress,
    lock?: { readonly force: boolean },
    checkOnly = false,
  ): Promise<Outcome<{ check: DataCheck; computed: ComputedRun }>> => {
    const gen = generation;
    const info = await host.describe();
    const prepared = await prepareRun(describedOnce(host, info), { ...(mapping ? { mapping } : {}), parameters: {}, progress: phaseProgress("read", onProgress) });
    if (gen !== generation) return cancelled;
    onProgress({ step: "read", fraction: 1, label: "Read every mapped range" });
    const o = await engine.request({ type: "compute", prepared, parameters: {}, ...(lock ? { lock } : {}), ...(checkOnly ? { checkOnly } : {}) }, onProgress);
    if (!o.ok) return o;
    if (o.value.type !== "computed") return failure(toPaneError(new Error("The calculation engine gave an unexpected answer."), "check"));
    if (gen !== generation) return cancelled;
    return { ok: true, value: { check: toDataCheck(o.value.computed, host.label, info), computed: o.value.computed } };
  };

  return {
    mode: "excel",
    canCancelWrite: false,
    check: async (mapping, onProgress) => {
      try {
        const o = await readAndCompute(mapping, onProgress, undefined, true);
        return o.ok ? { ok: true, value: o.value.check } : o;
      } catch (e) {
        return failure(toPaneError(e, "check"));
      }
    },
    run: async (mapping, onProgress) => {
      try {
        const o = await readAndCompute(mapping, onProgress);
        if (!o.ok) return o;
        const { check, computed } = o.value;
        onProgress({ step: "check", fraction: 1, label: check.blocked ? "Stopped: blocking errors in the data" : "No blocking errors" });
        if (check.blocked) {
          const result: RunResult = { check, written: null, output: null, timings: computed.report.timings, ...reviewsOf(computed.report) };
          return { ok: true, value: result };
        }
        const t = Date.now();
        const written = await commitRun(host, computed, phaseProgress("write", onProgress));
        const result: RunResult = {
          check,
          written,
          output: null,
          timings: [...computed.report.timings, { step: "write", ms: Date.now() - t }],
          ...reviewsOf(computed.report),
        };
        return { ok: true, value: result };
      } catch (e) {
        return failure(toPaneError(e, "run"));
      }
    },
    lock: async (mapping, force, onProgress) => {
      try {
        const o = await readAndCompute(mapping, onProgress, { force });
        if (!o.ok) return o;
        const { report } = o.value.computed;
        if (report.blocked || report.lock === null) return failure(lockNotTried(report));
        const refused = report.lock.status !== "locked" && report.lock.status !== "relocked";
        onProgress({ step: "check", fraction: 1, label: refused ? "Nothing to write: the lock was refused" : "Ready to write the ledger" });
        const t = Date.now();
        // A refused lock writes nothing, not even the settings.
        const written = refused ? null : await commitRun(host, o.value.computed, phaseProgress("write", onProgress));
        const result: LockResult = { lock: report.lock, written, output: null, timings: written ? [...report.timings, { step: "write", ms: Date.now() - t }] : report.timings };
        return { ok: true, value: result };
      } catch (e) {
        return failure(toPaneError(e, "lock"));
      }
    },
    cancel: () => {
      generation += 1;
      engine.cancel();
    },
    selectAddress: async (address) => {
      const where = selectableAddress(address);
      if (!where) return failure({ title: "Not a cell address", message: `${address} does not name cells on a sheet.`, next: "Look it up in the SOP Data Check sheet." });
      try {
        await excelRun(async (ctx) => {
          const ws = ctx.workbook.worksheets.getItem(where.sheet);
          ws.activate();
          ws.getRange(where.range).select();
          await ctx.sync();
        });
        return { ok: true, value: undefined };
      } catch (e) {
        return failure({
          title: "The cells could not be selected",
          message: `${quote(where.sheet)}!${where.range} could not be selected: ${e instanceof Error ? e.message : String(e)}.`,
          next: "The sheet may have been renamed or deleted since the check: check the data again.",
        });
      }
    },
    activateSheet: async (sheet) => {
      try {
        await excelRun(async (ctx) => {
          ctx.workbook.worksheets.getItem(sheet).activate();
          await ctx.sync();
        });
        return { ok: true, value: undefined };
      } catch (e) {
        return failure({
          title: "The sheet could not be shown",
          message: `${quote(sheet)} could not be activated: ${e instanceof Error ? e.message : String(e)}.`,
          next: "It may have been renamed or deleted since the run: run again.",
        });
      }
    },
    followUp: async (sheet = DECISIONS_SHEET) => {
      try {
        const grid = await host.readOwnedSheet(sheet);
        const summary = grid ? followUpFromSheet(grid, localDay(now())) : null;
        if (!summary) {
          return failure({
            title: "No decisions to summarise",
            message: `${quote(sheet)} is not in this workbook, or it is no longer a decisions sheet of the add-in.`,
            next: "Run the cycle to write it again, then refresh.",
          });
        }
        return { ok: true, value: { text: summary.text, cycle: summary.cycle } };
      } catch (e) {
        return failure({
          title: "The decisions could not be read",
          message: `${quote(sheet)} could not be read: ${e instanceof Error ? e.message : String(e)}.`,
          next: "Click into the workbook (leave any cell you are editing), then refresh again.",
        });
      }
    },
    currentSelection: async () => {
      try {
        const address = await excelRun(async (ctx) => {
          const r = ctx.workbook.getSelectedRange();
          r.load(["address", "cellCount"]);
          await ctx.sync();
          return { address: r.address, cells: r.cellCount };
        });
        const where = splitAddress(address.address);
        if (!where) return failure({ title: "No range selected", message: "The selection is not a range of cells on a sheet.", next: "Select the range (header row and data), then try again." });
        if (address.cells < 2) {
          return failure({
            title: "Select the whole range",
            message: `Only one cell (${address.address}) is selected.`,
            next: "Select the role's whole range, header row included, then choose Use current selection again.",
          });
        }
        return { ok: true, value: { sheet: where.sheet, range: where.range } };
      } catch (e) {
        return failure({ title: "The selection could not be read", message: `${e instanceof Error ? e.message : String(e)}.`, next: "Click into the workbook, select the range, then try again." });
      }
    },
  };
}
