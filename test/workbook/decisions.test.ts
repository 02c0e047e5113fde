/**
 * `SOP Decisions` and `SOP Agenda` on the sample workbook, through the real runner and the .xlsx
 * host: decisions generated with evidence; Owner / Due / Status / Notes typed into the written
 * companion survive a re-run (kept by decision id); a decision whose cause disappears (more
 * capacity on WC-20) is closed, not deleted, with what was typed; the outcome check of an approved
 * decision at a later cycle; the agenda's items point at their evidence; `sop summary` prints the
 * follow-up from the edited sheet.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { main, type Io } from "../../src/cli/main";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import type { LpSolver } from "../../src/engine/supply/types";
import { parseDecisionsSheet } from "../../src/workbook/decisionsSheet";
import { type RunReport, runCycle } from "../../src/workbook/runCycle";
import { isFormulaCell } from "../../src/workbook/sheetSpec";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}
async function save(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Row (1-based) of a decision id in the written sheet, and the column of each header. */
function locate(ws: ExcelJS.Worksheet, id: string): { row: number; col: (h: string) => number } {
  const header = ws.getRow(5);
  const col = (h: string): number => {
    for (let c = 1; c <= header.cellCount; c++) if (header.getCell(c).value === h) return c;
    throw new Error(`no column ${h}`);
  };
  for (let r = 6; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === id) return { row: r, col };
  throw new Error(`no decision ${id}`);
}

async function run(input: Uint8Array, companion: Uint8Array | null, solver: LpSolver, day: string, cycle?: string): Promise<{ report: RunReport; out: Uint8Array }> {
  const host = await BufferHost.open(input, "sop-sample.xlsx", companion);
  const report = await runCycle(host, { now: () => new Date(`${day}T08:00:00Z`), solver, ...(cycle ? { parameters: { cycle } } : {}) });
  assert.equal(report.blocked, false);
  return { report, out: host.outputBytes! };
}

describe("SOP Decisions and SOP Agenda on the sample workbook", function () {
  this.timeout(240000);
  let solver: LpSolver;
  let input: Uint8Array;
  let first: { report: RunReport; out: Uint8Array };
  before(async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    solver = await loadHighsSolver();
    input = new Uint8Array(fs.readFileSync(SAMPLE));
    first = await run(input, null, solver, "2026-11-05");
  });

  it("generates decisions with evidence: the WC-20 shortage, overload risk, budget gaps and Sales bias", async () => {
    const m = first.report.meeting!;
    const ids = m.decisions.map((d) => d.id);
    assert.ok(ids.includes("CAP-WC-20-MACHINING"), ids.join(", "));
    assert.ok(ids.includes("CAP-MAT-CASTINGS"));
    assert.ok(ids.some((i) => i.startsWith("RISK-")));
    assert.ok(ids.some((i) => i.startsWith("BUD-")));
    assert.ok(ids.some((i) => i.startsWith("BIAS-SALES-")));
    assert.equal(new Set(ids).size, ids.length, "ids are unique");
    const wc20 = m.decisions.find((d) => d.id === "CAP-WC-20-MACHINING")!;
    assert.match(wc20.issue, /3 months \(2027-05, 2027-06, 2027-08\)/);
    assert.match(wc20.issue, /1,029 h in 2027-08/);
    // The constrained plan serves everything with overtime on WC-20: recommended with its cost (45 € / h default).
    const plan = first.report.supply!.plan!;
    assert.equal(plan.fillRate, 1);
    assert.match(wc20.recommended, /Approve the constrained plan: 624 h of overtime on WC-20 Machining \(cost 28 k\)/);
    assert.equal(m.counts.new, m.decisions.length);
    // A cost written in the scenario's Notes column is read: 320 h × 11 months × 45 € per hour.
    const shift = first.report.scenarios!.scenarios.find((x) => x.name === "Add a shift on WC-20")!;
    assert.equal(shift.metrics!.leverCost, 320 * 11 * 45);
    // Every bias decision is beyond ±10 % at lag 1 over the window, as SOP Accuracy measured it.
    for (const d of m.decisions.filter((x) => x.topic === "Forecast bias")) {
      const b = Number(/biased ([+−-][\d.]+) %/.exec(d.issue)![1]!.replace("−", "-"));
      assert.ok(Math.abs(b) > 10, d.issue);
    }
    // The sheet: header, status drop-down on the Status column, evidence links into SOP Capacity.
    const spec = first.report.sheets.find((s) => s.name === "SOP Decisions")!;
    assert.deepEqual(spec.validations?.[0]?.list, ["Open", "Approved", "Rejected", "Done"]);
    const wb = await load(first.out);
    const ws = wb.getWorksheet("SOP Decisions")!;
    const at = locate(ws, "CAP-WC-20-MACHINING");
    assert.deepEqual(ws.getRow(at.row).getCell(at.col("Status")).dataValidation?.formulae, ['"Open,Approved,Rejected,Done"']);
    const link = ws.getRow(at.row).getCell(at.col("Evidence")).value as { formula: string; result: string };
    const resourceRow = first.report.supply!.resources.find((r) => r.resource === "WC-20 Machining")!.address;
    assert.equal(link.formula, `HYPERLINK("#'SOP Capacity'!${resourceRow}","SOP Capacity ${resourceRow}")`);
  });

  it("keeps Owner, Due, Status and Notes by id across a re-run, and closes a decision whose cause is gone", async () => {
    // People edit the written sheet after the meeting.
    const wb = await load(first.out);
    const ws = wb.getWorksheet("SOP Decisions")!;
    const wc = locate(ws, "CAP-WC-20-MACHINING");
    const row = ws.getRow(wc.row);
    row.getCell(wc.col("Owner")).value = "Anna (Ops)";
    row.getCell(wc.col("Due")).value = new Date(Date.UTC(2026, 11, 15));
    row.getCell(wc.col("Status")).value = "approved";
    row.getCell(wc.col("Notes")).value = "=not a formula: 2 shifts";
    const bias = first.report.meeting!.decisions.find((d) => d.topic === "Forecast bias")!.id;
    const bz = locate(ws, bias);
    ws.getRow(bz.row).getCell(bz.col("Owner")).value = "Sales EU lead";
    ws.getRow(bz.row).getCell(bz.col("Status")).value = "Maybe";
    ws.getRow(bz.row).getCell(bz.col("Due")).value = "2026-11-01";
    const edited = await save(wb);

    // Next run: the planner has added capacity on WC-20 (the shortage is gone).
    const inWb = await load(input);
    const cap = inWb.getWorksheet("Capacity")!;
    let found = false;
    cap.eachRow((r) => {
      if (r.getCell(1).value !== "WC-20 Machining") return;
      found = true;
      for (let c = 4; c <= r.cellCount; c++) {
        const v = r.getCell(c).value;
        if (typeof v === "number") r.getCell(c).value = v * 1.6;
      }
    });
    assert.ok(found);
    const second = await run(await save(inWb), edited, solver, "2026-11-20");
    const m = second.report.meeting!;
    const wc20 = m.decisions.find((d) => d.id === "CAP-WC-20-MACHINING")!;
    assert.equal(wc20.state, "Closed");
    assert.equal(wc20.change, "closed");
    assert.equal(wc20.owner, "Anna (Ops)");
    assert.equal(wc20.due, "2026-12-15");
    assert.equal(wc20.status, "Approved");
    assert.equal(m.decisions[m.decisions.length - 1]!.state, "Closed", "closed decisions stay at the bottom");
    // Still-active decisions keep what was typed; an unknown status is kept and reported at its cell.
    const b = m.decisions.find((d) => d.id === bias)!;
    assert.equal(b.state, "Active");
    assert.equal(b.owner, "Sales EU lead");
    assert.equal(b.status, "Maybe");
    assert.equal(b.overdue, true, "due 2026-11-01, run on 2026-11-20, not done");
    const f = second.report.findings.find((x) => x.code === "decision-note" && x.message.includes("Maybe"))!;
    assert.match(f.address, /^'SOP Decisions'!A\d+$/);
    assert.equal(m.counts.new, 0);
    // The written sheet keeps the typed cells, the note as text (never a formula).
    const ws2 = (await load(second.out)).getWorksheet("SOP Decisions")!;
    const prev = parseDecisionsSheet({ sheet: "SOP Decisions", top: 0, left: 0, values: ws2.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1).map((v) => (v instanceof Date ? (v.getTime() / 86400000) + 25569 : v && typeof v === "object" && "result" in (v as object) ? (v as { result: string }).result : (v ?? null))) : [])) as never });
    const kept = prev.find((p) => p.id === "CAP-WC-20-MACHINING")!;
    assert.equal(kept.notes, "=not a formula: 2 shifts");
    assert.equal(kept.state, "Closed");
    const nc = locate(ws2, "CAP-WC-20-MACHINING");
    assert.equal(typeof ws2.getRow(nc.row).getCell(nc.col("Notes")).value, "string");
    // The agenda lists the overdue decision in the process review.
    const agenda = second.report.sheets.find((s) => s.name === "SOP Agenda")!;
    assert.ok(agenda.rows.some((r) => r[0] === bias && r[2] === "Sales EU lead"));

    // A later cycle: the approved, closed decision is measured again — its effect happened.
    const third = await run(await save(inWb), second.out, solver, "2026-12-03", "2026-12");
    const again = third.report.meeting!.decisions.find((d) => d.id === "CAP-WC-20-MACHINING")!;
    assert.equal(again.state, "Closed");
    assert.match(again.outcome, /^Effect happened: Months short on WC-20 Machining is 0 \(was 3 when raised in 2026-11\), target at most 0\.$/);
  });

  it("writes an agenda whose items point at their evidence, and a follow-up summary", async () => {
    const m = first.report.meeting!;
    assert.deepEqual(
      m.agenda.map((a) => a.title),
      ["Performance since the last meeting", "Demand changes and assumptions", "Supply constraints", "Scenarios and their financial impact", "Decisions needed", "Risks", "Process review"],
    );
    const sheets = new Set(first.report.sheets.map((s) => s.name));
    for (const a of m.agenda) assert.ok(sheets.has(a.sheet), `${a.title} → ${a.sheet}`);
    assert.equal(m.agenda[2]!.sheet, "SOP Capacity");
    assert.equal(m.agenda[2]!.address, first.report.supply!.shortages[0]!.address);
    assert.equal(m.agenda[4]!.sheet, "SOP Decisions");
    assert.match(m.agenda[0]!.lines[0]!, /^Forecast accuracy \(Consensus, lag 1, 2026-05…2026-10\): 84\.7 %, target ≥ 80\.0 %: on target\.$/);
    assert.ok(m.agenda[3]!.lines.some((l) => l.startsWith("Recommended: Price increase 3 %")));
    // Each agenda row's evidence is a link formula to that sheet and cell.
    const spec = first.report.sheets.find((s) => s.name === "SOP Agenda")!;
    const links = spec.rows.flatMap((r) => r.filter(isFormulaCell));
    assert.ok(links.some((l) => l.formula === `HYPERLINK("#'SOP Capacity'!${m.agenda[2]!.address}","SOP Capacity ${m.agenda[2]!.address}")`));
    assert.match(m.followUp, /^S&OP executive meeting, cycle 2026-11: decisions and actions\n\nStill open \(\d+\)\n- CAP-WC-20-MACHINING/);
    // The process review: every step ran, this cycle not locked yet; the run is recorded in the settings' history.
    assert.deepEqual(m.health.map((h) => h.state).slice(0, 6), ["ran", "ran", "ran", "ran", "ran", "ran"]);
    assert.match(m.health[6]!.state, /not locked yet/);
  });

  it("`sop summary` prints the follow-up from SOP Decisions as edited after the meeting", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sop-summary-"));
    try {
      const wb = await load(first.out);
      const ws = wb.getWorksheet("SOP Decisions")!;
      const wc = locate(ws, "CAP-WC-20-MACHINING");
      ws.getRow(wc.row).getCell(wc.col("Owner")).value = "Anna";
      ws.getRow(wc.row).getCell(wc.col("Due")).value = "2026-12-15";
      ws.getRow(wc.row).getCell(wc.col("Status")).value = "Approved";
      fs.writeFileSync(path.join(dir, "plan.xlsx"), input);
      fs.writeFileSync(path.join(dir, "plan.sop.xlsx"), await save(wb));
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t) };
      assert.equal(await main(["summary", path.join(dir, "plan.xlsx")], io), 0, err.join("\n"));
      const text = out.join("\n");
      assert.match(text, /Approved \(1\)\n- CAP-WC-20-MACHINING \(Capacity\): Approve the constrained plan: 624 h of overtime/);
      assert.match(text, /\[owner: Anna, due 2026-12-15\]/);
      assert.match(text, /Action items \(1\)\n- Anna: CAP-WC-20-MACHINING: .* Due 2026-12-15/);
      // Without a companion: exit 1 and a sentence.
      fs.rmSync(path.join(dir, "plan.sop.xlsx"));
      assert.equal(await main(["summary", path.join(dir, "plan.xlsx")], io), 1);
      assert.match(err.join("\n"), /no SOP Decisions .* run the cycle first/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
