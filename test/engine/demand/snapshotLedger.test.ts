import assert from "node:assert/strict";
import { lockCycle, snapshotRowsForCycle } from "../../../src/engine/demand/snapshotLedger";
import type { SnapshotRow } from "../../../src/engine/inputs";
import { months, table } from "./helpers";

const row = (cycle: string, version: string, item: string, period: string, quantity: number): SnapshotRow => ({ cycle, version, item, period, quantity });
const P = months("2025-11", 5); // 2025-11 … 2026-03

describe("demand: snapshot ledger", () => {
  it("rows of a cycle: periods ≥ cycle with a value, an item's rows summed, 0 kept, sorted by version, item, period", () => {
    const versions = new Map([
      ["Sales", table(P, [["B", "F", [1, 1, 5, null, 7]], ["A", "F", [9, 9, 2, null, null]], ["A", "G", [9, 9, 3, 0, null]]])],
      ["Marketing", table(P, [["A", null, [1, 2, 4, NaN, 6]]])],
    ]);
    assert.deepEqual(snapshotRowsForCycle("2026-01", versions), [
      row("2026-01", "Marketing", "A", "2026-01", 4),
      row("2026-01", "Marketing", "A", "2026-03", 6),
      row("2026-01", "Sales", "A", "2026-01", 5),
      row("2026-01", "Sales", "A", "2026-02", 0),
      row("2026-01", "Sales", "B", "2026-01", 5),
      row("2026-01", "Sales", "B", "2026-03", 7),
    ]);
  });

  it("weekly versions: from the first week whose Thursday is in the cycle's month, week keys kept", () => {
    // 2025-W52's Thursday is 25 Dec 2025; 2026-W01's is 1 Jan 2026.
    const weeks = ["2025-W51", "2025-W52", "2026-W01", "2026-W02"];
    const rows = snapshotRowsForCycle("2026-01", new Map([["Sales", table(weeks, [["A", null, [1, 2, 3, 4]]], { kind: "week" })]]));
    assert.deepEqual(rows.map((r) => [r.period, r.quantity]), [["2026-W01", 3], ["2026-W02", 4]]);
  });

  it("no rows for an invalid cycle or empty versions", () => {
    assert.deepEqual(snapshotRowsForCycle("soon", new Map([["Sales", table(P, [["A", null, [1, 1, 1, 1, 1]]])]])), []);
    assert.deepEqual(snapshotRowsForCycle("2026-01", new Map()), []);
    assert.deepEqual(snapshotRowsForCycle("2026-01", new Map([["Sales", table([], [])]])), []);
  });

  const earlier = [
    row("2025-12", "Sales", "B", "2025-12", 3),
    row("2025-12", "Sales", "A", "2025-12", 1), // not sorted: must stay as it is
  ];
  const jan = [row("2026-01", "Sales", "A", "2026-01", 5), row("2026-01", "Sales", "A", "2026-02", 6)];

  it("first lock appends after the existing rows, which keep their order", () => {
    const r = lockCycle(earlier, jan);
    assert.deepEqual(r.rows, [...earlier, ...jan]);
    assert.equal(r.appended, 2);
    assert.equal(r.alreadyLocked, false);
    assert.equal(r.replaced, 0);
    assert.equal(r.duplicatesInExisting, 0);
  });

  it("locking the same cycle again without force: refused, ledger unchanged", () => {
    const once = lockCycle(earlier, jan).rows;
    const twice = lockCycle(once, [row("2026-01", "Sales", "A", "2026-01", 99)]);
    assert.equal(twice.alreadyLocked, true);
    assert.equal(twice.appended, 0);
    assert.equal(twice.replaced, 0);
    assert.deepEqual(twice.rows, once);
  });

  it("with force: the cycle's old rows replaced by the incoming ones, never duplicated; other cycles untouched", () => {
    const once = lockCycle(earlier, jan).rows;
    const redo = [row("2026-01", "Sales", "A", "2026-01", 50)];
    const forced = lockCycle(once, redo, { force: true });
    assert.equal(forced.alreadyLocked, false);
    assert.equal(forced.replaced, 2);
    assert.equal(forced.appended, 1);
    assert.deepEqual(forced.rows, [...earlier, ...redo]);
    const again = lockCycle(forced.rows, redo, { force: true });
    assert.deepEqual(again.rows, [...earlier, ...redo]);
    assert.equal(again.replaced, 1);
  });

  it("duplicate keys already in the ledger are counted and kept once (the first)", () => {
    const dup = [...earlier, row("2025-12", "Sales", "B", "2025-12", 4), earlier[1]!];
    const r = lockCycle(dup, jan);
    assert.equal(r.duplicatesInExisting, 2);
    assert.deepEqual(r.rows, [...earlier, ...jan]);
    const refused = lockCycle(dup, [row("2025-12", "Sales", "C", "2025-12", 1)]);
    assert.equal(refused.alreadyLocked, true);
    assert.deepEqual(refused.rows, earlier);
  });

  it("incoming rows repeated or without a number are skipped; empty inputs are fine", () => {
    const r = lockCycle([], [...jan, jan[0]!, row("2026-01", "Sales", "C", "2026-01", NaN)]);
    assert.deepEqual(r.rows, jan);
    assert.equal(r.skippedIncoming, 2);
    const none = lockCycle([], []);
    assert.deepEqual(none, { rows: [], appended: 0, alreadyLocked: false, replaced: 0, duplicatesInExisting: 0, skippedIncoming: 0 });
    assert.deepEqual(lockCycle(earlier, []).rows, earlier);
  });

  it("a ledger built from the versions round-trips through a lock", () => {
    const versions = new Map([["Sales", table(P, [["A", null, [1, 2, 3, 4, 5]]])]]);
    const rows = snapshotRowsForCycle("2026-01", versions);
    const r = lockCycle(earlier, rows);
    assert.equal(r.appended, 3);
    assert.ok(r.rows.every((x) => Number.isFinite(x.quantity)));
  });
});
