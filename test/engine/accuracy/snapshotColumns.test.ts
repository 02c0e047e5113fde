/**
 * The snapshot ledger as columns (snapshotColumns.ts) and the two readers rewritten on them:
 * `ingestSnapshots` (accuracy cubes) and `accuracyTrend` (the dashboard's trend). Hand-made
 * cases with known answers, then messy ledgers (duplicates, bad periods and quantities, unknown
 * items, versions spelled two ways, weekly periods, rows that are not objects) checked against
 * the row-by-row algorithms they replace, kept here as references.
 */
import assert from "node:assert/strict";
import { buildFrame, monthOrdinal } from "../../../src/engine/accuracy/frame";
import { snapshotColumns } from "../../../src/engine/accuracy/snapshotColumns";
import type { AccuracyIssue } from "../../../src/engine/accuracy/types";
import { VersionRegistry, ingestSnapshots, lagSlots } from "../../../src/engine/accuracy/versions";
import type { SnapshotRow } from "../../../src/engine/inputs";
import { ErrorSums, figuresOf } from "../../../src/engine/accuracy/metrics";
import { itemRows, monthlyTable, monthOrdinalOfKey, sumRows } from "../../../src/engine/demand/series";
import { accuracyTrend } from "../../../src/engine/review/accuracyTrend";
import { compareNames } from "../../../src/engine/accuracy/frame";
import { parsePeriodKey, periodFromOrdinal, periodKey, periodOrdinal } from "../../../src/engine/period";
import { months, table } from "../demand/helpers";

const row = (cycle: string, version: string, item: string, period: string, quantity: number): SnapshotRow => ({ cycle, version, item, period, quantity });

/** A seeded generator (Park–Miller), so that every run checks the same ledgers. */
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

const ACT_PERIODS = months("2025-01", 18); // 2025-01 … 2026-06
const actuals = table(ACT_PERIODS, [
  ["A", "F1", ACT_PERIODS.map((_, j) => 100 + j)],
  ["B", "F1", ACT_PERIODS.map((_, j) => (j % 3 === 0 ? null : 50 + 2 * j))],
  ["C", "F2", ACT_PERIODS.map((_, j) => 10 * (j % 4))],
  ["A", "F1", ACT_PERIODS.map(() => 1)], // a second row of A (summed by the trend, first row kept by the frame)
]);

/** A messy ledger: every kind of row the readers count or skip. */
function messyLedger(seed: number, n: number): SnapshotRow[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const cycles = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-5", "bad", "2027-01"];
  const versions = ["Statistical", "statistical ", "Consensus", "Sales", "SALES", "", "Marketing"];
  const items = ["A", "B", "C", "Z", "a"];
  const periods = [...months("2024-11", 24), "2026-W05", "2026-W14", "2026-13", "x"];
  const out: SnapshotRow[] = [];
  for (let k = 0; k < n; k++) {
    const q = r() < 0.05 ? Number.NaN : r() < 0.03 ? Number.POSITIVE_INFINITY : Math.round(r() * 200) - (r() < 0.05 ? 300 : 0);
    out.push(row(pick(cycles), pick(versions), pick(items), pick(periods), q));
    if (r() < 0.1) out.push({ ...out[out.length - 1]!, quantity: 7 }); // a duplicate of the row before
  }
  return out;
}

/** `ingestSnapshots` as it was before the columns: one row at a time, string keys for duplicates. */
function referenceIngest(frame: ReturnType<typeof buildFrame>, snapshots: readonly SnapshotRow[], slots: ReturnType<typeof lagSlots>, registry: VersionRegistry): { counts: Map<string, { count: number; examples: unknown[] }>; only: number; onlyExamples: unknown[] } {
  const counts = new Map<string, { count: number; examples: unknown[] }>();
  const note = (kind: string, example: unknown): void => {
    let c = counts.get(kind);
    if (c === undefined) counts.set(kind, (c = { count: 0, examples: [] }));
    c.count++;
    if (c.examples.length < 5) c.examples.push(example);
  };
  const ex = (r: number, row: SnapshotRow): unknown => ({ row: r, cycle: String(row.cycle), version: String(row.version), item: String(row.item), period: String(row.period) });
  const ord = (k: unknown): number => (typeof k === "string" ? monthOrdinal(k) : Number.NaN);
  const seen = new Set<string>();
  let only = 0;
  const onlyExamples: unknown[] = [];
  const ordMax = frame.ordMin + frame.span - 1;
  snapshots.forEach((row, r) => {
    if (row === null || typeof row !== "object") return note("not-a-month", { row: r, cycle: null, version: null, item: null, period: null });
    const co = ord(row.cycle);
    const po = ord(row.period);
    if (Number.isNaN(co) || Number.isNaN(po)) return note("not-a-month", ex(r, row));
    if (typeof row.quantity !== "number" || !Number.isFinite(row.quantity)) return note("bad-quantity", ex(r, row));
    const i = frame.itemIndex.get(row.item) ?? -1;
    if (i < 0) return note("unknown-item", ex(r, row));
    if (po < frame.ordMin) return note("period-before-actuals", ex(r, row));
    if (po > ordMax) return note("period-after-actuals", ex(r, row));
    const lag = po - co;
    if (lag < 0) return note("negative-lag", ex(r, row));
    const v = registry.get(typeof row.version === "string" && row.version.trim() !== "" ? row.version : "(no version)");
    const key = `${v.name.toLowerCase()}|${i}|${po}|${lag}`;
    if (seen.has(key)) return note("duplicate", ex(r, row));
    seen.add(key);
    v.snapshotRows++;
    if (v.tab === null) {
      only++;
      if (onlyExamples.length < 5) onlyExamples.push(ex(r, row));
    }
    const j = po - frame.windowStart;
    if (j < 0 || j >= frame.width || lag > slots.slotOf.length - 1) return;
    const s = slots.slotOf[lag]!;
    if (s < 0) return;
    if (v.cube.length === 0) v.cube = slots.lags.map(() => new Float64Array(frame.items.length * frame.width).fill(Number.NaN));
    v.cube[s]![i * frame.width + j] = row.quantity;
  });
  return { counts, only, onlyExamples };
}

/** `accuracyTrend` as it was before the columns: string keys per row. */
function referenceTrend(input: { actuals: typeof actuals; snapshots: readonly SnapshotRow[]; lastPeriod: string }, lag: number, nMonths: number): unknown {
  const last = parsePeriodKey(input.lastPeriod)!;
  const lastOrd = periodOrdinal(last);
  const firstOrd = lastOrd - nMonths + 1;
  const monthly = monthlyTable(input.actuals);
  const ir = itemRows(monthly);
  const itemIndex = new Map(ir.items.map((it, k) => [it, k] as const));
  const colOf = new Map(monthly.periods.map((p, j) => [monthOrdinalOfKey(p), j] as const));
  const actualOf = (k: number, o: number): number => {
    const j = colOf.get(o);
    return j === undefined ? Number.NaN : sumRows(monthly, ir.rows[k]!, j);
  };
  const norm = (s: string): string => s.trim().toLowerCase();
  const spelling = new Map<string, string>();
  const forecasts = new Map<string, Map<string, number>>();
  const seen = new Set<string>();
  for (const r of input.snapshots) {
    if (typeof r.version !== "string" || typeof r.quantity !== "number" || !Number.isFinite(r.quantity)) continue;
    const c = parsePeriodKey(r.cycle);
    if (c === null || c.kind !== "month") continue;
    const po = monthOrdinalOfKey(r.period);
    if (!(po >= firstOrd && po <= lastOrd) || po - periodOrdinal(c) !== lag) continue;
    const k = itemIndex.get(r.item);
    if (k === undefined) continue;
    const key = `${r.cycle}\u0000${r.version}\u0000${r.item}\u0000${r.period}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = norm(r.version);
    if (!spelling.has(v)) spelling.set(v, r.version.trim());
    let m = forecasts.get(v);
    if (m === undefined) forecasts.set(v, (m = new Map()));
    const cell = `${k}:${po}`;
    m.set(cell, (m.get(cell) ?? 0) + r.quantity);
  }
  const rank = (v: string): number => (v === "statistical" ? 0 : v === "consensus" ? 2 : 1);
  const names = [...spelling.keys()].sort((a, b) => rank(a) - rank(b) || compareNames(spelling.get(a)!, spelling.get(b)!));
  const sums = names.map(() => Array.from({ length: nMonths }, () => new ErrorSums()));
  names.forEach((v, vi) => {
    for (const [cell, f] of forecasts.get(v)!) {
      const [k, o] = cell.split(":").map(Number) as [number, number];
      sums[vi]![o - firstOrd]!.add(actualOf(k, o), f);
    }
  });
  let start = 0;
  while (start < nMonths && sums.every((s) => s[start]!.count === 0)) start++;
  const periods: string[] = [];
  for (let o = firstOrd + start; o <= lastOrd; o++) periods.push(periodKey(periodFromOrdinal("month", o)));
  return {
    lag,
    periods,
    versions: names.map((v, vi) => ({
      version: spelling.get(v)!,
      points: periods.map((period, t) => {
        const f = figuresOf(sums[vi]![start + t]!);
        return { period, accuracy: f.accuracy, wape: f.wape, biasPct: f.biasPct, count: f.count };
      }),
    })),
  };
}

describe("snapshot ledger as columns", () => {
  it("gives each distinct cycle, version, item and period an id in order of first appearance", () => {
    const rows = [row("2026-01", "Sales", "A", "2026-02", 5), row("2026-01", "Sales", "B", "2026-03", 6), row("2026-02", "Consensus", "A", "2026-02", 7)];
    const c = snapshotColumns(rows);
    assert.equal(c.length, 3);
    assert.deepEqual(c.cycles, ["2026-01", "2026-02"]);
    assert.deepEqual(c.versions, ["Sales", "Consensus"]);
    assert.deepEqual(c.items, ["A", "B"]);
    assert.deepEqual(c.periods, ["2026-02", "2026-03"]);
    assert.deepEqual([...c.cycleId], [0, 0, 1]);
    assert.deepEqual([...c.versionId], [0, 0, 1]);
    assert.deepEqual([...c.itemId], [0, 1, 0]);
    assert.deepEqual([...c.periodId], [0, 1, 0]);
    assert.deepEqual([...c.quantity], [5, 6, 7]);
    assert.deepEqual([...c.isRow], [1, 1, 1]);
  });

  it("reads a quantity that is not a finite number as NaN, and a row that is not an object as no row", () => {
    const rows = [row("2026-01", "S", "A", "2026-02", Number.POSITIVE_INFINITY), null, { cycle: "2026-01", version: "S", item: "A", period: "2026-02", quantity: "12" }, row("2026-01", "S", "A", "2026-02", -0)] as unknown as SnapshotRow[];
    const c = snapshotColumns(rows);
    assert.ok(Number.isNaN(c.quantity[0]!));
    assert.equal(c.isRow[1], 0);
    assert.ok(Number.isNaN(c.quantity[1]!));
    assert.ok(Number.isNaN(c.quantity[2]!));
    assert.ok(Object.is(c.quantity[3], -0));
  });

  it("is built once per rows array, and again when the array has grown", () => {
    const rows = [row("2026-01", "S", "A", "2026-02", 1)];
    const a = snapshotColumns(rows);
    assert.equal(snapshotColumns(rows), a);
    rows.push(row("2026-01", "S", "B", "2026-02", 2));
    const b = snapshotColumns(rows);
    assert.notEqual(b, a);
    assert.equal(b.length, 2);
    assert.equal(snapshotColumns([]).length, 0);
  });
});

describe("snapshot readers on columns match the row-by-row algorithms", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`ingestSnapshots: the same versions, cubes and issues (messy ledger ${seed})`, () => {
      const ledger = messyLedger(seed, 400);
      if (seed === 3) (ledger as unknown[]).splice(5, 0, null, 42);
      const slots = lagSlots([0, 1, 2, 3]);
      const frame = buildFrame(actuals, [], monthOrdinal("2026-01"), 6, []);
      const mine = new VersionRegistry();
      const issues: AccuracyIssue[] = [];
      ingestSnapshots(frame, ledger, slots, mine, issues);
      const ref = new VersionRegistry();
      const expected = referenceIngest(frame, ledger, slots, ref);
      assert.deepEqual(
        mine.list.map((v) => [v.name, v.snapshotRows, v.source, v.cube]),
        ref.list.map((v) => [v.name, v.snapshotRows, v.snapshotRows > 0 ? "snapshots" : "none", v.cube]),
      );
      assert.ok(mine.list.some((v) => v.cube.length > 0) && issues.length >= 4, "the ledger reaches the cubes and the counted issues");
      const counted = issues.filter((i) => i.kind !== "snapshot-only-version");
      assert.deepEqual(
        counted.map((i) => [i.kind, i.count, i.examples]),
        [...expected.counts].map(([k, c]) => [k, c.count, c.examples]),
      );
      const only = issues.find((i) => i.kind === "snapshot-only-version");
      assert.deepEqual(only ? [only.count, only.examples] : [0, []], [expected.only, expected.onlyExamples]);
    });

    it(`accuracyTrend: the same months, versions and figures (messy ledger ${seed})`, () => {
      const ledger = messyLedger(seed + 10, 500);
      for (const [lag, n] of [[1, 12], [0, 6], [2, 3]] as const) {
        const got = accuracyTrend({ actuals, snapshots: ledger, lastPeriod: "2026-05" }, { lag, months: n });
        assert.deepEqual(got, referenceTrend({ actuals, snapshots: ledger, lastPeriod: "2026-05" }, lag, n));
        if (lag === 1) assert.ok(got.versions.length >= 3 && got.periods.length > 0, "versions are measured");
      }
    });
  }
});
