/**
 * The demand review through the real runner and the in-memory .xlsx host: accuracy, bias and
 * FVA by lag from the snapshot ledger, the lock, and bad snapshot rows. Expected figures are
 * computed by hand (small workbook) or by an independent calculation written here (sample).
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import type { SeriesTable, SnapshotRow } from "../../src/engine/inputs";
import type { Mapping } from "../../src/workbook/mapping";
import { type RunReport, runCycle } from "../../src/workbook/runCycle";

const close = (a: number | null | undefined, b: number, tol = 1e-9, what = ""): void => {
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= tol, `${what}: ${a} ≠ ${b}`);
};

const MONTHS = ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
const ACTUALS: Record<string, { family: string; values: number[] }> = {
  A1: { family: "F1", values: [100, 100, 100, 100, 100, 100, 100, 100, 100, 90, 100, 100] },
  A2: { family: "F1", values: [50, 50, 50, 50, 50, 50, 50, 50, 50, 60, 50, 50] },
  B1: { family: "F2", values: [200, 200, 200, 200, 200, 200, 200, 200, 200, 210, 200, 220] },
};
const SALES: Record<string, number> = { A1: 120, A2: 55, B1: 210 };

/** A small planner workbook laid out unlike the sample: SKU / Product group headers, a long snapshot ledger with bad rows. */
async function plannerBytes(extra: Record<string, Record<string, number>> = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet("Shipments");
  const more = Object.keys(extra);
  a.addRow(["SKU", "Product group", ...MONTHS, ...more]);
  for (const [item, v] of Object.entries(ACTUALS)) a.addRow([item, v.family, ...v.values, ...more.map((m) => extra[m]![item]!)]);
  const s = wb.addWorksheet("Sales input");
  const plan = ["2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04"];
  s.addRow(["SKU", ...plan]);
  for (const [item, q] of Object.entries(SALES)) s.addRow([item, ...plan.map(() => q)]);
  const l = wb.addWorksheet("Ledger");
  l.addRow(["Cycle", "Version", "Item", "Period", "Quantity"]);
  l.addRow(["2026-09", "Sales", "A1", "2026-10", 110]);
  l.addRow(["2026-09", "Sales", "A2", "2026-10", 45]);
  l.addRow(["2026-09", "Sales", "B1", "2026-10", 200]);
  l.addRow(["2026-09", "Sales", "A1", "2026-10", 111]); // row 5: duplicate of row 2
  l.addRow(["2026-09", "Statistical", "A1", "2026-10", 95]);
  l.addRow(["2026-09", "Statistical", "A2", "2026-10", 52]);
  l.addRow(["2026-09", "Statistical", "B1", "2026-10", 180]);
  l.addRow(["2026-09", "Marketing", "A1", "2026-10", 105]); // row 9: a version with no tab
  l.addRow(["2019-12", "Sales", "A1", "2020-01", 5]); // row 10: before the first actual
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const MAPPING: Mapping = {
  roles: [
    { role: "actuals", sources: [{ sheet: "Shipments" }] },
    { role: "forecast:Sales", sources: [{ sheet: "Sales input" }] },
    { role: "snapshots", sources: [{ sheet: "Ledger" }] },
  ],
};

async function run(input: Uint8Array, companion: Uint8Array | null, lock?: { force?: boolean }, consensusRule?: "replace" | "weighted"): Promise<{ report: RunReport; host: BufferHost }> {
  const host = await BufferHost.open(input, "plan.xlsx", companion);
  const report = await runCycle(host, { mapping: MAPPING, now: () => new Date("2026-11-05T08:00:00Z"), ...(lock ? { lock } : {}), ...(consensusRule ? { parameters: { consensusRule } } : {}) });
  return { report, host };
}

async function sheetRows(bytes: Uint8Array, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet ${name}`);
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe("demand review: accuracy and FVA by lag (hand-computed)", () => {
  it("lag 1 over the window: Sales WAPE 35/370, bias −15/370; Statistical 47/370; FVA steps on shared item-months", async () => {
    const { report, host } = await run(await plannerBytes(), null);
    assert.equal(report.blocked, false);
    assert.equal(report.cycle, "2026-11");
    const d = report.demand!;
    assert.deepEqual(d.window, ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]);
    const v = (name: string) => d.versions.find((x) => x.name === name)!;
    // Only 2026-10 has a lag-1 forecast (cycle 2026-09). Sales: |110−100| + |45−50| + |200−220| = 35 over 370.
    close(v("Sales").wape, 35 / 370, 1e-9, "Sales WAPE");
    close(v("Sales").biasPct, (10 - 5 - 20) / 370, 1e-9, "Sales bias");
    close(v("Sales").accuracy, 1 - 35 / 370, 1e-9, "Sales accuracy");
    // Statistical: |95−100| + |52−50| + |180−220| = 47.
    close(v("Statistical").wape, 47 / 370, 1e-9, "Statistical WAPE");
    assert.equal(v("Sales").source, "snapshots");
    // FVA: naive (the actual of t − 2: 2026-08 for 2026-10) on the shared item-months: 10 + 10 + 10 = 30 → 30/370.
    const step = (name: string) => d.fva.find((s) => s.step === name)!;
    close(step("Statistical").fva, 30 / 370 - 47 / 370, 1e-9, "FVA Statistical vs Naive");
    // Marketing (only in the ledger, A1 only): 5/100 against Statistical's 5/100 on A1 → 0.
    close(step("Marketing").fva, 0, 1e-9, "FVA Marketing");
    // Sales against Marketing on A1: 10/100 vs 5/100 → −5 points.
    close(step("Sales").fva, 0.05 - 0.1, 1e-9, "FVA Sales vs Marketing");
    // The sheets exist and the lag table holds the same figure.
    const out = host.outputBytes!;
    const acc = await sheetRows(out, "SOP Accuracy");
    const lagRow = acc.find((r) => r[0] === "Sales" && r[2] === "lag 1" && r[3] === "Total");
    assert.ok(lagRow, "lag table row Sales lag 1 Total");
    close(lagRow[5] as number, 35 / 370, 1e-9, "sheet WAPE");
    const fc = await sheetRows(out, "SOP Forecast");
    assert.ok(fc.some((r) => r[2] === "A1" && r[3] === "Consensus" && r.includes(120)), "consensus takes the Sales entry");
  });

  it("bad snapshot rows: duplicate, version without a tab and a period before the actuals are reported with addresses; the input is untouched", async () => {
    const input = await plannerBytes();
    const copy = Uint8Array.from(input);
    const { report, host } = await run(input, null);
    const f = (code: string) => report.findings.filter((x) => x.code === code);
    assert.ok(f("duplicate-key").some((x) => x.address === "Ledger!C5"), JSON.stringify(f("duplicate-key")));
    assert.ok(f("snapshot-version-unmapped").some((x) => x.address === "Ledger!C9" && /Marketing/.test(x.message)));
    assert.ok(f("snapshot-not-used").some((x) => x.address === "Ledger!C10" && /2020-01/.test(x.message)));
    assert.equal(report.blocked, false);
    assert.deepEqual(host.inputBytes, copy, "the planner's workbook is not changed");
  });
});

describe("demand review: weighted consensus", () => {
  it("weights statistical and Sales by their measured accuracy (1 − 47/370 and 1 − 35/370) and says so", async () => {
    const { report, host } = await run(await plannerBytes(), null, undefined, "weighted");
    const fc = await sheetRows(host.outputBytes!, "SOP Forecast");
    const line = (item: string, label: string) => fc.find((r) => r[2] === item && r[3] === label)!;
    const header = fc.find((r) => r[0] === "Level")!;
    const col = header.indexOf("2026-11");
    const stat = line("A1", "Statistical")[col] as number;
    const wStat = 1 - 47 / 370;
    const wSales = 1 - 35 / 370;
    close(line("A1", "Consensus")[col] as number, (wStat * stat + wSales * 120) / (wStat + wSales), 1e-6, "weighted consensus A1 2026-11");
    assert.ok(report.findings.some((f) => /Consensus weighted by measured accuracy/.test(f.message)));
    const saved = await BufferHost.open(await plannerBytes(), "plan.xlsx", host.outputBytes!);
    assert.equal((await saved.readSettings())?.parameters?.consensusRule, "weighted", "the rule is saved for next month");
  });
});

describe("demand review: lock the cycle", () => {
  it("lock appends every version once; locking again is refused, forced it replaces; next month's run measures the locked cycle", async () => {
    const input = await plannerBytes();
    const first = await run(input, null, {});
    assert.equal(first.report.lock?.status, "locked");
    const ledger1 = await sheetRows(first.host.outputBytes!, "SOP Snapshots");
    // Sales 3 items × 6 months, the add-in's Statistical and Consensus 3 items × 18 months.
    assert.equal(ledger1.length - 1, 18 + 54 + 54);
    const versions = new Set(ledger1.slice(1).map((r) => r[1]));
    assert.deepEqual([...versions].sort(), ["Consensus", "Sales", "Statistical"]);

    const again = await run(input, first.host.outputBytes!, {});
    assert.equal(again.report.lock?.status, "already-locked");
    assert.equal(again.report.written, null, "nothing written");
    assert.equal(again.host.outputBytes, null);

    const forced = await run(input, first.host.outputBytes!, { force: true });
    assert.equal(forced.report.lock?.status, "relocked");
    const ledger2 = await sheetRows(forced.host.outputBytes!, "SOP Snapshots");
    assert.equal(ledger2.length, ledger1.length, "no duplicates");
    const keys = new Set(ledger2.slice(1).map((r) => r.slice(0, 4).join("|")));
    assert.equal(keys.size, ledger2.length - 1);

    // November's and December's actuals arrive: the run of cycle 2027-01 measures December at lag 1
    // from the locked cycle 2026-11 (its own month, November, is lag 0).
    const next = await run(await plannerBytes({ "2026-11": { A1: 115, A2: 52, B1: 205 }, "2026-12": { A1: 130, A2: 50, B1: 200 } }), forced.host.outputBytes!);
    assert.equal(next.report.cycle, "2027-01");
    const sales = next.report.demand!.versions.find((x) => x.name === "Sales")!;
    // 2026-10 from the planner's ledger (35 over 370) + 2026-12 from the lock: |120−130| + |55−50| + |210−200| = 25 over 380.
    close(sales.wape, (35 + 25) / (370 + 380), 1e-9, "Sales WAPE with the locked cycle");
    close(sales.biasPct, (-15 + (-10 + 5 + 10)) / 750, 1e-9, "Sales bias with the locked cycle");
    const cons = next.report.demand!.versions.find((x) => x.name === "Consensus")!;
    close(cons.wape, 25 / 380, 1e-9, "the add-in's consensus (= Sales entries) measured from the lock");
    // The ledger carries over unchanged in the new companion.
    const ledger3 = await sheetRows(next.host.outputBytes!, "SOP Snapshots");
    assert.equal(ledger3.length, ledger2.length);
  });
});

// ---------------------------------------------------------------------------------------------
// The bundled sample: one family at lag 1 and 3 and its FVA steps, recomputed here from the
// parsed inputs with a few lines of arithmetic, against what SOP Accuracy shows.

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");

function addMonths(p: string, k: number): string {
  const [y, m] = p.split("-").map(Number) as [number, number];
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, "0")}`;
}

/** Σ|F − A| and ΣA over pairs, for one family, a version and a lag, straight from actuals and snapshot rows. */
function pairsFor(actuals: SeriesTable, snapshots: readonly SnapshotRow[], window: readonly string[], family: string, version: string | "Naive", lag: number): Map<string, { f: number; a: number }> {
  const fam = actuals.attributeNames.findIndex((n) => n.toLowerCase() === "family");
  const w = actuals.periods.length;
  const actual = new Map<string, number>();
  actuals.keys.forEach((k, i) => {
    if (actuals.attributes[i]![fam] !== family) return;
    actuals.periods.forEach((p, j) => {
      const v = actuals.values[i * w + j]!;
      if (Number.isFinite(v)) actual.set(`${k}|${p}`, (actual.get(`${k}|${p}`) ?? 0) + v);
    });
  });
  const out = new Map<string, { f: number; a: number }>();
  if (version === "Naive") {
    for (const [key, a] of actual) {
      const [item, p] = key.split("|") as [string, string];
      if (!window.includes(p)) continue;
      const prev = actual.get(`${item}|${addMonths(p, -lag - 1)}`);
      if (prev !== undefined) out.set(key, { f: prev, a });
    }
    return out;
  }
  for (const r of snapshots) {
    if (r.version !== version || !window.includes(r.period) || addMonths(r.cycle, lag) !== r.period) continue;
    const a = actual.get(`${r.item}|${r.period}`);
    if (a !== undefined) out.set(`${r.item}|${r.period}`, { f: r.quantity, a });
  }
  return out;
}

function wape(pairs: Iterable<{ f: number; a: number }>): number {
  let e = 0;
  let s = 0;
  for (const p of pairs) {
    e += Math.abs(p.f - p.a);
    s += Math.abs(p.a);
  }
  return e / s;
}

function shared(a: Map<string, { f: number; a: number }>, b: Map<string, { f: number; a: number }>): [number, number] {
  const pa: { f: number; a: number }[] = [];
  const pb: { f: number; a: number }[] = [];
  for (const [k, v] of a) {
    const o = b.get(k);
    if (o) {
      pa.push(v);
      pb.push(o);
    }
  }
  return [wape(pa), wape(pb)];
}

describe("demand review on the sample workbook (independent calculation)", function () {
  this.timeout(120000);
  it("Pumps at lag 1 and 3 for every version, and the FVA steps at lag 1, equal SOP Accuracy", async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const host = await BufferHost.open(new Uint8Array(fs.readFileSync(SAMPLE)), "sop-sample.xlsx", null);
    const report = await runCycle(host, { now: () => new Date("2026-11-05T08:00:00Z") });
    assert.equal(report.blocked, false);
    const inputs = report.inputs!;
    const window = report.demand!.window;
    assert.equal(window.length, 6);
    const acc = await sheetRows(host.outputBytes!, "SOP Accuracy");
    for (const version of ["Statistical", "Sales", "Consensus"]) {
      for (const lag of [1, 3]) {
        const expected = wape(pairsFor(inputs.actuals, inputs.snapshots, window, "Pumps", version, lag).values());
        const row = acc.find((r) => r[0] === version && typeof r[2] === "string" && (r[2] as string).startsWith(`lag ${lag}`) && r[3] === "Pumps");
        assert.ok(row, `lag row ${version} ${lag}`);
        close(row[5] as number, expected, 1e-9, `${version} lag ${lag} Pumps WAPE`);
      }
    }
    // FVA at lag 1: each step against the previous one on the item-months both have.
    const steps = ["Naive", "Statistical", "Sales", "Consensus"] as const;
    const pairs = steps.map((s) => pairsFor(inputs.actuals, inputs.snapshots, window, "Pumps", s, 1));
    for (let i = 1; i < steps.length; i++) {
      const [prev, cur] = shared(pairs[i - 1]!, pairs[i]!);
      const row = acc.find((r) => r[0] === "Pumps" && r[2] === steps[i] && r[4] === steps[i - 1]);
      assert.ok(row, `FVA row ${steps[i]}`);
      close(row[5] as number, cur, 1e-9, `FVA ${steps[i]} WAPE`);
      close(row[7] as number, (prev - cur) * 100, 1e-7, `FVA ${steps[i]} points`);
    }
  });
});
