/**
 * The supply review's groundwork (what needs no constrained plan), done beforehand while another
 * thread solves the plan: used by the supply step only when made from the same inputs, forecast,
 * consensus, cycle and snapshots, recomputed otherwise; the result is the same either way.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { resolveCycle } from "../../src/engine/cycle";
import { demandFigures } from "../../src/workbook/demandStep";
import { readInputs } from "../../src/workbook/readInputs";
import { prepareRun } from "../../src/workbook/runCycle";
import { supplyGroundwork, supplyStep } from "../../src/workbook/supplyStep";

describe("supply review: groundwork done beforehand", function () {
  this.timeout(120_000);

  it("is used when made from the same inputs, forecast, consensus, cycle and snapshots, and recomputed otherwise, with the same result", async () => {
    const bytes = new Uint8Array(readFileSync(path.join(__dirname, "../../assets/sample/sop-sample.xlsx")));
    const prepared = await prepareRun(await BufferHost.open(bytes, "sop-sample.xlsx"));
    const inputs = readInputs(prepared.mapping, prepared.reads).inputs!;
    const { cycle } = resolveCycle(inputs.actuals, undefined);
    const figures = demandFigures(inputs, { cycle, horizon: 18, ledger: [], runAt: "2026-11-15T09:00:00Z", workbook: "sop-sample.xlsx", withSheets: true });
    assert.ok(figures.ok);
    const solver = await loadHighsSolver();
    const options = { cycle, runAt: "2026-11-15T09:00:00Z", workbook: "sop-sample.xlsx", solver, snapshots: figures.snapshots };
    const alone = supplyStep(inputs, figures.statistical, figures.consensus, options);
    assert.ok(alone.capacity.resources.length > 0 && alone.strategy.items.length > 0, "the sample has capacity and inventory");

    const ground = supplyGroundwork(inputs, figures.statistical, figures.consensus, options);
    const used = supplyStep(inputs, figures.statistical, figures.consensus, { ...options, groundwork: ground });
    assert.equal(used.capacity, ground.capacity);
    assert.equal(used.strategy, ground.strategy);
    assert.deepStrictEqual(used, alone);

    // Made from another consensus (or other snapshots): not used, measured again.
    const otherConsensus = { ...figures.consensus };
    const notUsed = supplyStep(inputs, figures.statistical, figures.consensus, { ...options, groundwork: supplyGroundwork(inputs, figures.statistical, otherConsensus, options) });
    assert.notEqual(notUsed.capacity, ground.capacity);
    assert.deepStrictEqual(notUsed, alone);
    const otherCycle = supplyStep(inputs, figures.statistical, figures.consensus, { ...options, groundwork: { ...ground, cycle: "1999-01" } });
    assert.notEqual(otherCycle.capacity, ground.capacity);
    assert.deepStrictEqual(otherCycle, alone);
    const otherSnapshots = supplyStep(inputs, figures.statistical, figures.consensus, { ...options, groundwork: { ...ground, snapshots: [...figures.snapshots] } });
    assert.notEqual(otherSnapshots.strategy, ground.strategy);
    assert.deepStrictEqual(otherSnapshots, alone);
  });
});
