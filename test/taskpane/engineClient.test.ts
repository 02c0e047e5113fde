import assert from "node:assert/strict";
import { EngineClient } from "../../src/taskpane/engineClient";
import type { PreparedRun } from "../../src/workbook/runCycle";
import type { StepProgress, WorkerRequest, WorkerResponse } from "../../src/taskpane/workerProtocol";

/** A stand-in for the engine worker: records what the pane posts, answers on demand. */
class FakeWorker {
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  readonly posted: WorkerRequest[] = [];
  terminated = false;
  postMessage(msg: WorkerRequest): void {
    this.posted.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(msg: WorkerResponse): void {
    this.onmessage?.({ data: msg } as MessageEvent<WorkerResponse>);
  }
}

const prepared = { workbook: "x", mapping: { roles: [] }, mappingOrigin: "explicit", proposal: null, saved: null, reads: [], ledger: null, timings: [] } as PreparedRun;

function client(): { engine: EngineClient; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const engine = new EngineClient(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  return { engine, workers };
}

describe("EngineClient (the pane's side of the worker)", () => {
  it("numbers requests, routes progress, resolves with the answer", async () => {
    const { engine, workers } = client();
    const seen: StepProgress[] = [];
    const p = engine.request({ type: "compute", prepared, parameters: {} }, (x) => seen.push(x));
    assert.equal(workers.length, 1, "the worker starts on the first request");
    const id = workers[0]!.posted[0]!.id;
    workers[0]!.reply({ type: "progress", id, progress: { step: "check", fraction: 0.5, label: "Checking the data" } });
    workers[0]!.reply({ type: "progress", id: id + 99, progress: { step: "check", fraction: 1, label: "someone else's" } });
    workers[0]!.reply({ type: "failed", id, error: { title: "T", message: "M.", next: "N." } });
    const o = await p;
    assert.deepEqual(seen, [{ step: "check", fraction: 0.5, label: "Checking the data" }]);
    assert.deepEqual(o, { ok: false, cancelled: false, error: { title: "T", message: "M.", next: "N." } });
    assert.equal(engine.busy, false);
  });

  it("cancel terminates the worker, resolves every pending request as cancelled, and the next request starts a new worker", async () => {
    const { engine, workers } = client();
    const a = engine.request({ type: "compute", prepared, parameters: {} });
    const b = engine.request({ type: "compute", prepared, parameters: {} });
    assert.equal(engine.busy, true);
    engine.cancel();
    assert.deepEqual(await a, { ok: false, cancelled: true });
    assert.deepEqual(await b, { ok: false, cancelled: true });
    assert.equal(workers[0]!.terminated, true);
    // A late answer from the old worker is ignored.
    workers[0]!.reply({ type: "failed", id: workers[0]!.posted[0]!.id, error: { title: "late", message: "", next: "" } });

    const c = engine.request({ type: "compute", prepared, parameters: {} });
    assert.equal(workers.length, 2);
    const id = workers[1]!.posted[0]!.id;
    workers[1]!.reply({ type: "computed", id, computed: { report: {} as never, settings: null } });
    const o = await c;
    assert.ok(o.ok && o.value.type === "computed");
  });

  it("a worker that crashes fails what was pending with a sentence, and is replaced", async () => {
    const { engine, workers } = client();
    const a = engine.request({ type: "compute", prepared, parameters: {} });
    workers[0]!.onerror?.({ message: "Uncaught RangeError: out of memory", preventDefault: () => undefined } as unknown as ErrorEvent);
    const o = await a;
    assert.ok(!o.ok && !o.cancelled);
    assert.match(o.error.title, /engine stopped/);
    assert.match(o.error.message, /out of memory/);
    assert.match(o.error.next, /Nothing was written/);
    assert.equal(workers[0]!.terminated, true);
    void engine.request({ type: "compute", prepared, parameters: {} });
    assert.equal(workers.length, 2);
    engine.cancel();
  });

  it("a worker that cannot start is an error, not a hang", async () => {
    const engine = new EngineClient(() => {
      throw new Error("Workers are disabled");
    });
    const o = await engine.request({ type: "compute", prepared, parameters: {} });
    assert.ok(!o.ok && !o.cancelled);
    assert.match(o.error.message, /could not start: Workers are disabled/);
    assert.equal(engine.busy, false);
  });
});
