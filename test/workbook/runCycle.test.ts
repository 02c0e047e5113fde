import assert from "node:assert/strict";
import type { Cell } from "../../src/workbook/grid";
import { settingsFromGrid, settingsToSheet } from "../../src/workbook/settingsSheet";
import { RunError, runCycle } from "../../src/workbook/runCycle";
import { actualsSheetByName, proposeMapping, proposalSources } from "../../src/workbook/roleProposal";
import { MemoryHost, type MemSheet, serial } from "../helpers/grids";
import { isSourceError } from "../../src/workbook/host";

const months = (y: number, m: number, n: number): string[] => Array.from({ length: n }, (_, i) => `${y + Math.floor((m - 1 + i) / 12)}-${String(((m - 1 + i) % 12) + 1).padStart(2, "0")}`);

/** A small planner workbook laid out unlike the sample: tables, odd names, long forecast. */
function workbook(): Record<string, MemSheet> {
  const hist = months(2024, 1, 24);
  const fut = months(2026, 1, 12);
  const dateRow: Cell[] = ["SKU code", "Product grp.", "Sales rep", ...hist.map((p) => serial(Number(p.slice(0, 4)), Number(p.slice(5))))];
  const fmt: (string | null)[] = [null, null, null, ...hist.map(() => "mmm-yy")];
  return {
    Notes: { values: [["This workbook belongs to the demand planning team."], ["Do not sort the tabs."]] },
    "Shipments 2024-25": {
      values: [["Monthly shipments"], [], dateRow, ["S-1", "Alpha", "Ann", ...hist.map((_, i) => 100 + i)], ["S-2", "Alpha", "Bob", ...hist.map(() => 50)], ["Total", null, null, ...hist.map((_, i) => 150 + i)]],
      formats: [[], [], fmt],
    },
    "Fcst Region North": { values: [["Item #", ...fut.map((p) => `M${p.slice(5)} ${p.slice(0, 4)}`)], ["S-1", ...fut.map(() => 130)]] },
    "Marketing view": { values: [["Version", "Article", "Month", "Qty (units)"], ["Marketing", "S-1", "2026-01", 120], ["Marketing", "S-2", "2026-01", 55]] },
    Lines: { values: [["Work centre", "Eff.", ...fut.map((p) => `${p.slice(0, 4)}M${p.slice(5)}`)], ["L1", 0.9, ...fut.map(() => 500)]] },
    Routing: { values: [["Product family", "Line", "Std. hours/pc"], ["Alpha", "L1", 0.5]] },
    Stock: { values: [["Material", "Stock on hand", "Safety stock"], ["S-1", 300, 100]] },
    Pricing: { values: [["Item", "Unit price", "Std cost"], ["S-1", 12.5, 8], ["S-2", 20, 11]] },
  };
}

describe("role proposal", () => {
  it("proposes every role of a workbook laid out differently from the sample", async () => {
    const host = new MemoryHost(workbook());
    const info = await host.describe();
    const sources = proposalSources(info);
    const heads = await host.read(sources);
    const p = proposeMapping(
      info,
      heads.flatMap((g, i) => (isSourceError(g) ? [] : [{ source: sources[i]!, grid: g }])),
    );
    const roleOf = (sheet: string): string | undefined => p.proposals.find((x) => x.source.sheet === sheet)?.role;
    assert.equal(roleOf("Shipments 2024-25"), "actuals");
    assert.equal(roleOf("Fcst Region North"), "forecast:Sales");
    assert.equal(roleOf("Marketing view"), "forecast");
    assert.equal(roleOf("Lines"), "capacity");
    assert.equal(roleOf("Routing"), "resources");
    assert.equal(roleOf("Stock"), "inventory");
    assert.equal(roleOf("Pricing"), "prices");
    assert.equal(roleOf("Notes"), undefined);
    const act = p.proposals.find((x) => x.role === "actuals")!;
    assert.match(act.reason, /24 monthly periods 2024-01 … 2025-12/);
    assert.match(act.reason, /header in row 3/);
    assert.ok(act.confidence >= 0.9);
    assert.ok(p.unassigned.some((u) => u.source.sheet === "Notes"));
  });

  it("proposes a hidden sheet only for a role no visible range feeds, with less confidence and saying so", async () => {
    const hist = months(2024, 1, 24);
    const sheets: Record<string, MemSheet> = {
      // The ERP export, hidden to keep the workbook tidy: the only history.
      "ERP export": { values: [["Material", "Product grp.", ...hist], ["S-1", "Alpha", ...hist.map(() => 100)], ["S-2", "Alpha", ...hist.map(() => 50)]] },
      // An old copy of the forecast, hidden: a visible forecast exists.
      "Fcst old": { values: [["Item", ...months(2025, 1, 6)], ["S-1", ...months(2025, 1, 6).map(() => 90)]] },
      "Fcst Region North": { values: [["Item #", ...months(2026, 1, 6)], ["S-1", ...months(2026, 1, 6).map(() => 130)]] },
      // Very hidden: never looked at.
      Lookup: { values: [["Item", "Price"], ["S-1", 3]] },
    };
    const host = new MemoryHost(sheets);
    const described = await host.describe();
    const vis: Record<string, "hidden" | "veryHidden"> = { "ERP export": "hidden", "Fcst old": "hidden", Lookup: "veryHidden" };
    const info = { ...described, sheets: described.sheets.map((x) => (vis[x.name] ? { ...x, visibility: vis[x.name]! } : x)) };
    const sources = proposalSources(info);
    assert.deepEqual(sources.map((x) => x.sheet), ["ERP export", "Fcst old", "Fcst Region North"]);
    const heads = await host.read(sources);
    const p = proposeMapping(info, heads.flatMap((g, i) => (isSourceError(g) ? [] : [{ source: sources[i]!, grid: g }])));
    const act = p.proposals.find((x) => x.role === "actuals");
    assert.equal(act?.source.sheet, "ERP export");
    assert.equal(act!.confidence, 0.42); // 0.6 × 0.7
    assert.match(act!.reason, /on a hidden sheet \(no visible range feeds actuals\)$/);
    assert.deepEqual(p.mapping.roles.map((r) => `${r.role}: ${r.sources.map((x) => x.sheet).join(", ")}`), ["actuals: ERP export", "forecast:Sales: Fcst Region North"]);
    assert.ok(p.unassigned.some((u) => u.source.sheet === "Fcst old" && /hidden sheet that would feed forecast/.test(u.reason)));
  });

  it("proposes an Excel table as the source of its sheet", async () => {
    const host = new MemoryHost({
      Stat: { values: [["Statistical forecast"], ["Item", "2026-01", "2026-02"], ["A", 1, 2]], tables: [{ name: "tblStat", range: "A2:C3" }] },
      History: { values: [["Item", "2025-11", "2025-12"], ["A", 1, 2]] },
    });
    const info = await host.describe();
    const sources = proposalSources(info);
    assert.deepEqual(sources, [{ sheet: "History", range: "A1:C2" }, { table: "tblStat" }]);
    const heads = await host.read(sources);
    const p = proposeMapping(info, heads.flatMap((g, i) => (isSourceError(g) ? [] : [{ source: sources[i]!, grid: g }])));
    assert.deepEqual(p.mapping.roles.map((r) => [r.role, r.sources]), [
      ["actuals", [{ sheet: "History" }]],
      ["forecast:Statistical", [{ table: "tblStat" }]],
    ]);
  });
});

describe("role proposal: the actuals guessed from sheet names", () => {
  const sheets = (...names: string[]): { name: string; visibility: "visible" }[] => names.map((name) => ({ name, visibility: "visible" }));
  it("is the one sheet whose name says history and not forecast", () => {
    assert.equal(actualsSheetByName(sheets("Cover", "Sales history", "Sales EU", "Stat Forecast", "Capacity")), "Sales history");
    assert.equal(actualsSheetByName(sheets("Actuals", "Consensus", "Forecast Snapshots")), "Actuals");
  });
  it("is none when no name or several say history, or when the one that does is very hidden or the add-in's", () => {
    assert.equal(actualsSheetByName(sheets("Data", "Sales EU", "Capacity")), null);
    assert.equal(actualsSheetByName(sheets("History 2024", "History 2025")), null);
    assert.equal(actualsSheetByName(sheets("Forecast history", "Snapshot archive")), null);
    assert.equal(actualsSheetByName([{ name: "Actuals", visibility: "veryHidden" }]), null);
    assert.equal(actualsSheetByName(sheets("SOP Actuals")), null);
    assert.equal(actualsSheetByName([{ name: "Actuals", visibility: "hidden" }]), "Actuals");
  });
});

describe("role proposal: history split by year", () => {
  it("stacks every tab named as history into actuals, without duplicate warnings", async () => {
    const host = new MemoryHost({
      "History 2024": { values: [["Item", ...months(2024, 1, 12)], ["A", ...months(2024, 1, 12).map(() => 5)], ["B", ...months(2024, 1, 12).map(() => 7)]] },
      "History 2025": { values: [["Item", ...months(2025, 1, 12)], ["A", ...months(2025, 1, 12).map(() => 6)]] },
      Forecast: { values: [["Item", ...months(2026, 1, 18)], ["A", ...months(2026, 1, 18).map(() => 6)]] },
    });
    const r = await runCycle(host, { checkOnly: true });
    assert.deepEqual(r.mapping.roles.map((b) => [b.role, b.sources.map((s) => s.sheet)]), [
      ["actuals", ["History 2024", "History 2025"]],
      ["forecast:Sales", ["Forecast"]],
    ]);
    assert.equal(r.inputs!.actuals.periods.length, 24);
    assert.equal(r.findings.filter((f) => f.code === "duplicate-key").length, 0);
    assert.equal(r.cycle, "2026-01");
  });
});

describe("runCycle", () => {
  it("proposes, reads in two batches, validates and writes the Data Check, the demand and supply sheets and settings", async () => {
    const host = new MemoryHost(workbook());
    const report = await runCycle(host, { now: () => new Date("2026-01-05T10:00:00Z") });
    assert.equal(report.blocked, false, report.findings.filter((f) => f.severity === "error").map((f) => f.message).join("\n"));
    assert.equal(report.mappingOrigin, "proposed");
    assert.equal(report.cycle, "2026-01");
    assert.equal(report.lastActual, "2025-12");
    assert.equal(report.horizon, 18);
    assert.equal(host.reads, 2, "head rows once, mapped ranges once");
    assert.equal(host.writes.length, 1);
    const [w] = host.writes;
    const all = ["SOP Data Check", "SOP Forecast", "SOP Accuracy", "SOP Capacity", "SOP Supply Plan", "SOP Financials", "SOP Decisions", "SOP Dashboard", "SOP Agenda"];
    assert.deepEqual(w!.sheets.map((s) => s.name), all);
    assert.deepEqual(host.settings!.ownedSheets, all);
    assert.equal(w!.settings.mapping!.roles.length, 7);
    const inputs = report.inputs!;
    assert.deepEqual(inputs.actuals.keys, ["S-1", "S-2"]);
    assert.deepEqual([...inputs.forecasts.keys()].sort(), ["Marketing", "Sales"]);
    assert.equal(inputs.capacity!.efficiency[0], 0.9);
    assert.equal(inputs.resources[0]!.family, "Alpha");
    assert.equal(inputs.inventory[0]!.safetyStock, 100);
    assert.equal(inputs.prices[1]!.unitCost, 11);
    // The Data Check lists the roles and the total row skipped.
    const dc = w!.sheets[0]!;
    const flat = dc.rows.flat().map(String);
    assert.ok(flat.includes("actuals"));
    assert.ok(flat.some((t) => /Total row 'Total' skipped/.test(t)));
  });

  it("uses the saved mapping on the next run (one read only)", async () => {
    const host = new MemoryHost(workbook());
    await runCycle(host);
    host.reads = 0;
    const report = await runCycle(host);
    assert.equal(report.mappingOrigin, "saved");
    assert.equal(host.reads, 1);
  });

  it("writes nothing when a blocking error is found", async () => {
    const wb = workbook();
    wb["Shipments 2024-25"]!.values[2]![4] = wb["Shipments 2024-25"]!.values[2]![3]!; // duplicate period column
    const host = new MemoryHost(wb);
    const report = await runCycle(host);
    assert.equal(report.blocked, true);
    assert.equal(host.writes.length, 0);
    const f = report.findings.find((x) => x.code === "duplicate-period")!;
    assert.equal(f.address, "'Shipments 2024-25'!E3");
  });

  it("actuals dated after next month stop a run that resolves its cycle from them; a given cycle plans as asked", async () => {
    // The workbook's actuals run to 2025-12: run in 2025-10, they are from the future (a wrong clock or a mistyped year).
    const early = (): Date => new Date("2025-10-20T10:00:00Z");
    const host = new MemoryHost(workbook());
    const report = await runCycle(host, { now: early });
    assert.equal(report.blocked, true);
    const f = report.findings.find((x) => x.code === "actuals-in-future");
    assert.ok(f !== undefined && f.severity === "error", "an error");
    assert.match(f.message, /dated 2025-12, after 2025-11:/);
    assert.equal(host.writes.length, 0, "nothing written");
    // Given the cycle, the same data plans 2026-01 (actuals at or after the cycle are ignored as always).
    const given = await runCycle(new MemoryHost(workbook()), { now: early, parameters: { cycle: "2026-01" } });
    assert.equal(given.blocked, false);
    assert.equal(given.cycle, "2026-01");
    assert.ok(!given.findings.some((x) => x.code === "actuals-in-future"));
  });

  it("check only never writes", async () => {
    const host = new MemoryHost(workbook());
    const report = await runCycle(host, { checkOnly: true });
    assert.equal(report.blocked, false);
    assert.equal(host.writes.length, 0);
  });

  it("rejects a bad cycle or horizon with a sentence", async () => {
    const host = new MemoryHost(workbook());
    await assert.rejects(runCycle(host, { parameters: { cycle: "2026-13" } }), RunError);
    await assert.rejects(runCycle(host, { parameters: { horizon: 36 } }), /12 to 24/);
  });

  it("honours an explicit cycle and horizon", async () => {
    const host = new MemoryHost(workbook());
    const r = await runCycle(host, { parameters: { cycle: "2026-02", horizon: 12 } });
    assert.equal(r.cycle, "2026-02");
    assert.equal(r.horizon, 12);
  });
});

describe("settings sheet", () => {
  it("round-trips settings through the hidden sheet, in chunks under the cell limit", () => {
    const big = { version: 1 as const, mapping: { roles: [{ role: "actuals" as const, sources: Array.from({ length: 3000 }, (_, i) => ({ sheet: `Sheet ${i}` })) }] } };
    const spec = settingsToSheet(big);
    assert.equal(spec.hidden, true);
    assert.ok(spec.rows.length > 2);
    for (const r of spec.rows) for (const c of r) assert.ok(String(c).length <= 32767);
    const back = settingsFromGrid({ sheet: "SOP_Settings", top: 0, left: 0, values: spec.rows.map((r) => [...r] as Cell[]) });
    assert.deepEqual(back, big);
  });

  it("ignores a sheet that is not ours", () => {
    assert.equal(settingsFromGrid({ sheet: "SOP_Settings", top: 0, left: 0, values: [["hello"]] }), null);
  });
});
