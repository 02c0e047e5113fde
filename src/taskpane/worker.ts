/**
 * The engine worker: validation, the cycle's steps and rendering run here, so the pane
 * never freezes. Requests are handled one at a time, in order (see workerProtocol.ts).
 *
 * - `compute` (Excel mode): `computeRun` on a PreparedRun read by the pane.
 * - `check` / `run` (standalone mode): the whole cycle on the in-memory .xlsx host.
 *   The .xlsx reader and writer load here, lazily, on the first standalone request; the opened
 *   workbook is kept (by the request's key) until a run writes.
 * - `lock` (standalone mode): `runCycle` with `lock` on the host holding the last result
 *   for the same files (the run's, or an earlier lock's), so the workbook to download is
 *   that result with its `SOP Snapshots` updated; without one, on the files as chosen.
 *
 * A run (`run`, or `compute` that neither checks nor locks) gets the LP solver (HiGHS, for the
 * constrained supply plan): loaded here on the first run, from its own chunk and the emitted
 * highs.wasm, then kept. When it cannot load, the run goes on without a plan (solverLoad.ts).
 *
 * Cancelling is the pane terminating this worker: nothing it was building is kept.
 */
import type { BufferHost } from "../hosts/file/bufferHost";
import type { WorkbookInfo } from "../workbook/host";
import { type ComputedRun, commitRun, computeRun, prepareRun, runCycle } from "../workbook/runCycle";
import { type PanePhase, lockNotTried, toPaneError } from "./paneErrors";
import { type SolverLoad, lazySolver, withSolverProblem } from "./solverLoad";
import {
  type LockResult,
  type RunResult,
  type StandaloneWorkbook,
  type StepProgress,
  type WorkerRequest,
  type WorkerResponse,
  phaseProgress,
  reviewsOf,
  runProgress,
  toDataCheck,
  withoutInputs,
} from "./workerProtocol";

/** The parts of a dedicated worker's global scope used here (the DOM lib types `self` as a window). */
interface WorkerScope {
  onmessage: ((ev: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;

interface OpenWorkbook {
  readonly key: string;
  readonly host: BufferHost;
  readonly info: WorkbookInfo;
}

/** The standalone workbook opened last (parsing a large .xlsx takes seconds: keep it). */
let opened: OpenWorkbook | null = null;

/** HiGHS, loaded on the first run (not at start-up) and kept; a failed load is tried again on the next run. */
const solverForRun = lazySolver(async () => (await import(/* webpackChunkName: "highs" */ "./highsLoader.mjs")).loadHighs());

/** A computed run with, when the solver could not be loaded, the reason in the supply review's plan note. */
function withSolverNote(computed: ComputedRun, load: SolverLoad | null): ComputedRun {
  const supply = withSolverProblem(computed.report.supply, load);
  return supply === computed.report.supply ? computed : { ...computed, report: { ...computed.report, supply } };
}

/** Wait for the solver, telling the planner when it is not there yet (the first run fetches it). */
async function awaitSolver(pending: Promise<SolverLoad>, report: (p: StepProgress) => void): Promise<SolverLoad> {
  let ready = false;
  void pending.then(() => (ready = true));
  await Promise.resolve();
  if (!ready) report({ step: "check", fraction: 0, label: "Loading the LP solver for the supply plan" });
  return pending;
}

/** The host that wrote last, by the key of the files it came from: its output is the result a lock updates. */
let lastResult: { readonly key: string; readonly host: BufferHost } | null = null;

function megabytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1e3))} KB`;
}

async function openWorkbook(wb: StandaloneWorkbook, report: (p: StepProgress) => void): Promise<OpenWorkbook> {
  if (opened?.key === wb.key) return opened;
  opened = null;
  report({ step: "read", fraction: 0, label: `Opening ${wb.input.name} (${megabytes(wb.input.bytes.byteLength)})` });
  const { BufferHost, WorkbookOpenError } = await import(/* webpackChunkName: "xlsx" */ "../hosts/file/bufferHost.js");
  const host = await BufferHost.open(
    new Uint8Array(wb.input.bytes),
    wb.input.name,
    wb.previous ? new Uint8Array(wb.previous.bytes) : null,
    wb.previous ? { previousName: wb.previous.name } : {},
  );
  if (wb.previous && !host.previousHasSettings) {
    throw new WorkbookOpenError(
      `${wb.previous.name} is not a result of the S&OP Planner (it has no SOP_Settings sheet). Choose the .sop.xlsx file an earlier run produced, or leave the previous result out.`,
    );
  }
  const info = await host.describe();
  opened = { key: wb.key, host, info };
  return opened;
}

/** A fresh copy of bytes as a transferable ArrayBuffer. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

async function handle(req: WorkerRequest): Promise<void> {
  const report = (progress: StepProgress): void => scope.postMessage({ type: "progress", id: req.id, progress });
  let phase: PanePhase = req.type === "run" ? "run" : req.type === "lock" ? "lock" : "check";
  try {
    switch (req.type) {
      case "compute": {
        // Only a run solves the supply plan: a check or a lock never waits for the solver.
        const load = req.lock || req.checkOnly ? null : await awaitSolver(solverForRun(), report);
        const computed = computeRun(req.prepared, {
          parameters: req.parameters,
          progress: phaseProgress("check", report),
          ...(req.lock ? { lock: req.lock } : {}),
          ...(req.checkOnly ? { checkOnly: true } : {}),
          solver: load?.solver ?? null,
        });
        scope.postMessage({ type: "computed", id: req.id, computed: withoutInputs(withSolverNote(computed, load)) });
        return;
      }
      case "check": {
        phase = "open";
        const wb = await openWorkbook(req.workbook, report);
        phase = "check";
        const prepared = await prepareRun(wb.host, { ...(req.mapping ? { mapping: req.mapping } : {}), parameters: req.parameters, progress: phaseProgress("read", report) });
        const computed = computeRun(prepared, { parameters: req.parameters, progress: phaseProgress("check", report), checkOnly: true });
        scope.postMessage({ type: "checked", id: req.id, check: toDataCheck(computed, wb.host.label, wb.info) });
        return;
      }
      case "run": {
        // The solver loads while the workbook is opened and read.
        const solver = solverForRun();
        phase = "open";
        const wb = await openWorkbook(req.workbook, report);
        phase = "run";
        lastResult = null;
        const prepared = await prepareRun(wb.host, { ...(req.mapping ? { mapping: req.mapping } : {}), parameters: req.parameters, progress: phaseProgress("read", report) });
        report({ step: "read", fraction: 1, label: "Read every mapped range" });
        const load = await awaitSolver(solver, report);
        const computed = withSolverNote(computeRun(prepared, { parameters: req.parameters, progress: phaseProgress("check", report), solver: load.solver }), load);
        const check = toDataCheck(computed, wb.host.label, wb.info);
        if (computed.report.blocked) {
          report({ step: "check", fraction: 1, label: "Stopped: blocking errors in the data" });
          const ran: RunResult = { check, written: null, output: null, timings: computed.report.timings, ...reviewsOf(computed.report) };
          scope.postMessage({ type: "ran", id: req.id, result: ran });
          return;
        }
        report({ step: "check", fraction: 1, label: "No blocking errors" });
        // The host adopts what it writes; the next request starts again from the files as chosen.
        opened = null;
        const t = Date.now();
        const written = await commitRun(wb.host, computed, phaseProgress("write", report));
        if (written) lastResult = { key: req.workbook.key, host: wb.host };
        const bytes = wb.host.outputBytes;
        const output = written && bytes ? { name: wb.host.outputName, bytes: toArrayBuffer(bytes) } : null;
        const ran: RunResult = { check, written, output, timings: [...computed.report.timings, { step: "write", ms: Date.now() - t }], ...reviewsOf(computed.report) };
        scope.postMessage({ type: "ran", id: req.id, result: ran }, output ? [output.bytes] : []);
        return;
      }
      case "lock": {
        let host: BufferHost;
        if (lastResult?.key === req.workbook.key) host = lastResult.host;
        else {
          phase = "open";
          host = (await openWorkbook(req.workbook, report)).host;
          // The host adopts what it writes: later checks and runs start again from the files as chosen.
          opened = null;
          phase = "lock";
        }
        const r = await runCycle(host, { ...(req.mapping ? { mapping: req.mapping } : {}), parameters: req.parameters, lock: { force: req.force }, progress: runProgress(report) });
        if (r.blocked || r.lock === null) {
          scope.postMessage({ type: "failed", id: req.id, error: lockNotTried(r) });
          return;
        }
        if (r.written) lastResult = { key: req.workbook.key, host };
        const bytes = host.outputBytes;
        const output = r.written && bytes ? { name: host.outputName, bytes: toArrayBuffer(bytes) } : null;
        const locked: LockResult = { lock: r.lock, written: r.written, output, timings: r.timings };
        scope.postMessage({ type: "locked", id: req.id, result: locked }, output ? [output.bytes] : []);
        return;
      }
    }
  } catch (e) {
    scope.postMessage({ type: "failed", id: req.id, error: toPaneError(e, phase) });
  }
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (ev) => {
  queue = queue.then(() => handle(ev.data));
};
