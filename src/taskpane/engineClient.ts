/**
 * The pane's side of the engine worker: numbered requests, progress callbacks,
 * cancellation. Cancelling terminates the worker (whatever it was doing is dropped,
 * nothing is written) and the next request starts a new one.
 */
import type { Outcome, PaneError, StepProgress, WorkerJob, WorkerRequest, WorkerResponse } from "./workerProtocol";

/** A final answer from the worker (anything but progress). */
export type FinalResponse = Exclude<WorkerResponse, { type: "progress" }>;

interface Pending {
  readonly resolve: (o: Outcome<FinalResponse>) => void;
  readonly onProgress: ((p: StepProgress) => void) | undefined;
}

const ENGINE_STOPPED: PaneError = {
  title: "The calculation engine stopped",
  message: "The part of the pane that checks and computes stopped unexpectedly.",
  next: "Nothing was written. Reload the pane and try again.",
};

export class EngineClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly spawn: () => Worker) {}

  /** Send a job; resolves with the worker's answer, a cancellation, or an error to show. */
  request(job: WorkerJob, onProgress?: (p: StepProgress) => void): Promise<Outcome<FinalResponse>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, onProgress });
      try {
        this.ensureWorker().postMessage({ ...job, id } as WorkerRequest);
      } catch (e) {
        this.pending.delete(id);
        resolve({ ok: false, cancelled: false, error: { ...ENGINE_STOPPED, message: `The calculation engine could not start: ${e instanceof Error ? e.message : String(e)}` } });
      }
    });
  }

  /** True while a job is waiting for its answer. */
  get busy(): boolean {
    return this.pending.size > 0;
  }

  /** Stop everything the worker is doing; every pending job resolves as cancelled. */
  cancel(): void {
    this.stop({ ok: false, cancelled: true });
  }

  private stop(outcome: Outcome<FinalResponse>): void {
    this.worker?.terminate();
    this.worker = null;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.resolve(outcome);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.onmessage = (ev: MessageEvent<WorkerResponse>) => this.receive(ev.data);
    w.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      const detail = ev.message ? ` (${ev.message})` : "";
      this.stop({ ok: false, cancelled: false, error: { ...ENGINE_STOPPED, message: `${ENGINE_STOPPED.message}${detail}` } });
    };
    w.onmessageerror = () => this.stop({ ok: false, cancelled: false, error: ENGINE_STOPPED });
    this.worker = w;
    return w;
  }

  private receive(msg: WorkerResponse): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === "progress") {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === "failed") p.resolve({ ok: false, cancelled: false, error: msg.error });
    else p.resolve({ ok: true, value: msg });
  }
}
