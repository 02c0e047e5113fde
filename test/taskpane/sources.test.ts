import assert from "node:assert/strict";
import type { WorkbookInfo } from "../../src/workbook/host";
import type { Mapping } from "../../src/workbook/mapping";
import { confidenceLevel, proposalFor, roleTitle, rolesToShow, selectableAddress, sourceFromKey, sourceKey, sourceOptions, usableMapping, withSources } from "../../src/taskpane/sources";
import { phaseProgress, toDataCheck, withoutInputs } from "../../src/taskpane/workerProtocol";
import { toPaneError } from "../../src/taskpane/paneErrors";
import { RunError, type ComputedRun } from "../../src/workbook/runCycle";
import type { StepProgress } from "../../src/taskpane/workerProtocol";

const info: WorkbookInfo = {
  sheets: [
    { name: "Actuals", visibility: "visible", rows: 10, cols: 5, owned: false },
    { name: "Sales EU", visibility: "visible", rows: 10, cols: 5, owned: false },
    { name: "Old", visibility: "hidden", rows: 1, cols: 1, owned: false },
    { name: "SOP Data Check", visibility: "visible", rows: 10, cols: 5, owned: true },
    { name: "SOP_Settings", visibility: "hidden", rows: 2, cols: 2, owned: true },
  ],
  tables: [{ name: "tblStat", sheet: "Stat", range: "A1:F20" }],
  names: [{ name: "Budget", sheet: "Budget", range: "A1:C4" }],
};

describe("task pane: sources and roles", () => {
  it("round-trips source keys, quoted sheet names included", () => {
    for (const s of [{ sheet: "Actuals" }, { sheet: "Sales EU", range: "A3:F40" }, { table: "tblStat" }, { name: "Budget" }, { sheet: "O'Brien", range: "B2:C9" }]) {
      assert.deepEqual(sourceFromKey(sourceKey(s)), s);
    }
    assert.equal(sourceKey({ sheet: "Sales EU", range: "A3:F40" }), "range:'Sales EU'!A3:F40");
    assert.equal(sourceFromKey("nonsense"), null);
    assert.equal(sourceFromKey("range:not an address"), null);
  });

  it("offers the planner's visible sheets, tables and names, never the add-in's sheets, plus what is in use", () => {
    const opts = sourceOptions(info, [{ sheet: "Sales EU", range: "A3:F40" }, { sheet: "Actuals" }]);
    assert.deepEqual(
      opts.map((o) => [o.group, o.text]),
      [
        ["Sheets", "Actuals"],
        ["Sheets", "Sales EU"],
        ["Tables", "Table tblStat (Stat)"],
        ["Names", "Name Budget"],
        ["Ranges", "'Sales EU'!A3:F40"],
      ],
    );
  });

  it("edits a role's sources; an emptied role stays visible but is not checked", () => {
    const m: Mapping = { roles: [{ role: "actuals", sources: [{ sheet: "Actuals" }] }, { role: "forecast:Sales", sources: [{ sheet: "Sales EU" }] }] };
    const a = withSources(m, "forecast:Sales", []);
    assert.deepEqual(a.roles.map((r) => r.role), ["actuals", "forecast:Sales"]);
    assert.deepEqual(usableMapping(a).roles.map((r) => r.role), ["actuals"]);
    const b = withSources(m, "capacity", [{ table: "tblCap" }]);
    assert.deepEqual(b.roles.at(-1), { role: "capacity", sources: [{ table: "tblCap" }], layout: "auto" });
    assert.equal(withSources(m, "budget", []), m, "no-op for an unmapped role");
    assert.ok(!rolesToShow(m).unmapped.includes("actuals"));
    assert.ok(rolesToShow(m).unmapped.includes("capacity"));
    assert.equal(roleTitle("forecast:Sales"), "Forecast: Sales");
    assert.equal(roleTitle("resources"), "Bill of resources");
  });

  it("knows which finding addresses name cells", () => {
    assert.deepEqual(selectableAddress("'Sales EU'!F17"), { sheet: "Sales EU", range: "F17" });
    assert.deepEqual(selectableAddress("Actuals!$A$1:$AN$333"), { sheet: "Actuals", range: "A1:AN333" });
    assert.equal(selectableAddress("table tblStat on 'Stat'"), null);
    assert.equal(selectableAddress("'Sales EU' (whole sheet)"), null);
    assert.equal(selectableAddress(""), null);
  });

  it("reads the proposal's confidence and reasons per role", () => {
    const proposal = {
      mapping: { roles: [] },
      unassigned: [],
      proposals: [
        { role: "forecast:Sales" as const, source: { sheet: "Sales EU" }, confidence: 0.9, reason: "name", headerRow: 0 },
        { role: "forecast:Sales" as const, source: { sheet: "Sales NA" }, confidence: 0.7, reason: "periods", headerRow: 0 },
      ],
    };
    assert.deepEqual(proposalFor(proposal, "forecast:Sales"), { confidence: 0.7, reasons: [{ source: "Sales EU", reason: "name" }, { source: "Sales NA", reason: "periods" }] });
    assert.equal(proposalFor(proposal, "actuals"), null);
    assert.equal(proposalFor(null, "actuals"), null);
    assert.deepEqual([0.9, 0.85, 0.6, 0.59].map(confidenceLevel), ["high", "high", "medium", "low"]);
  });
});

describe("task pane: worker protocol helpers", () => {
  it("reports each phase of the runner as its own 0–1 progress", () => {
    const seen: StepProgress[] = [];
    phaseProgress("read", (p) => seen.push(p))(0.3, "read 1 of 2");
    phaseProgress("check", (p) => seen.push(p))(0.65, "Checking the data");
    phaseProgress("write", (p) => seen.push(p))(0.9, "building the file");
    phaseProgress("write", (p) => seen.push(p))(1.2, "done");
    assert.deepEqual(
      seen.map((p) => [p.step, Math.round(p.fraction * 100)]),
      [
        ["read", 50],
        ["check", 25],
        ["write", 50],
        ["write", 100],
      ],
    );
  });

  it("keeps the engine inputs in the worker and gives the Data step what it shows", () => {
    const computed = {
      report: { mapping: { roles: [] }, mappingOrigin: "proposed", proposal: null, findings: [], summaries: [], blocked: false, cycle: "2026-11", horizon: 18, lastActual: "2026-10", inputs: { big: true }, sheets: [], timings: [] },
      settings: null,
    } as unknown as ComputedRun;
    assert.equal(withoutInputs(computed).report.inputs, null);
    const check = toDataCheck(computed, "plan.xlsx", info);
    assert.equal(check.workbook, "plan.xlsx");
    assert.equal(check.cycle, "2026-11");
    assert.ok(!("inputs" in check));
  });

  it("turns errors into sentences with what to do next", () => {
    const open = new Error("The workbook x.xls is an Excel 97-2003 workbook (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx).");
    open.name = "WorkbookOpenError";
    assert.equal(toPaneError(open, "check").title, "The workbook could not be opened");
    assert.match(toPaneError(new RunError("The horizon must be a whole number"), "run").message, /number\.$/);
    const run = toPaneError(new Error("Excel is busy"), "run");
    assert.equal(run.title, "The run stopped");
    assert.match(run.next, /Nothing was written/);
  });
});
