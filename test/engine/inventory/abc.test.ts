import assert from "node:assert/strict";
import { abcClasses, annualValues, classZ, inverseNormal, normalCdf, resolveServiceLevels } from "../../../src/engine/inventory/abc";

const close = (a: number | null | undefined, b: number, tol = 1e-12): void => {
  assert.ok(typeof a === "number" && Math.abs(a - b) < tol, `${String(a)} ≉ ${b}`);
};

describe("inverse normal", () => {
  it("gives the textbook safety factors", () => {
    close(inverseNormal(0.95), 1.6448536269514722);
    close(inverseNormal(0.98), 2.0537489106318225);
    close(inverseNormal(0.9), 1.2815515655446004);
    close(inverseNormal(0.975), 1.959963984540054);
    close(inverseNormal(0.5), 0);
    close(inverseNormal(0.99), 2.3263478740408408);
    close(inverseNormal(0.05), -1.6448536269514722);
  });
  it("is accurate in the tails (both branches of Acklam and the symmetry)", () => {
    close(inverseNormal(1e-10), -6.361340902404056, 1e-11);
    close(inverseNormal(0.02), -2.053748910631823);
    close(inverseNormal(0.999), 3.090232306167813);
    close(inverseNormal(1 - 1e-12), 7.034486910047836, 1e-9);
  });
  it("inverts Φ", () => {
    for (const p of [0.001, 0.0243, 0.1, 0.3, 0.5, 0.7, 0.9, 0.9757, 0.9999]) close(normalCdf(inverseNormal(p)), p, 1e-15);
  });
  it("edges: ±Infinity at 0 and 1, NaN outside", () => {
    assert.equal(inverseNormal(0), -Infinity);
    assert.equal(inverseNormal(1), Infinity);
    assert.ok(Number.isNaN(inverseNormal(1.5)));
    assert.ok(Number.isNaN(inverseNormal(Number.NaN)));
  });
  it("defaults A 98 %, B 95 %, C 90 %; invalid ones replaced with a note", () => {
    const notes: string[] = [];
    const l = resolveServiceLevels({ B: 0.97, C: 1.2 }, notes);
    assert.deepEqual(l, { A: 0.98, B: 0.97, C: 0.9 });
    assert.equal(notes.length, 1);
    const z = classZ(resolveServiceLevels(undefined));
    close(z.A, 2.0537489106318225);
    close(z.B, 1.6448536269514722);
    close(z.C, 1.2815515655446004);
  });
});

describe("ABC classes", () => {
  it("5 items: A while the items before make < 80 %, B < 95 %, C the rest", () => {
    // total 1000; share before: 0, .40, .70, .85, .95
    const r = abcClasses([
      { item: "P5", value: 50 },
      { item: "P2", value: 300 },
      { item: "P4", value: 100 },
      { item: "P1", value: 400 },
      { item: "P3", value: 150 },
    ]);
    assert.equal(r.total, 1000);
    assert.deepEqual(
      r.entries.map((e) => [e.item, e.rank, e.abcClass]),
      [
        ["P1", 1, "A"],
        ["P2", 2, "A"],
        ["P3", 3, "A"],
        ["P4", 4, "B"],
        ["P5", 5, "C"],
      ],
    );
    close(r.entries[3]!.cumulativeShareBefore, 0.85);
    close(r.entries[3]!.share, 0.1);
  });
  it("configurable cut-offs", () => {
    const r = abcClasses(
      [400, 300, 150, 100, 50].map((value, i) => ({ item: `P${i + 1}`, value })),
      { a: 0.5, b: 0.9 },
    );
    assert.deepEqual(
      r.entries.map((e) => e.abcClass),
      ["A", "A", "B", "B", "C"],
    );
  });
  it("the largest item is A even alone above the cut-off; ties share the better class; zero value is C", () => {
    const r = abcClasses([
      { item: "big", value: 900 },
      { item: "t1", value: 40 },
      { item: "t2", value: 40 },
      { item: "small", value: 20 },
      { item: "zero", value: 0 },
      { item: "neg", value: -5 },
      { item: "nan", value: Number.NaN },
    ]);
    const cls = Object.fromEntries(r.entries.map((e) => [e.item, e.abcClass]));
    // shares before: big 0 → A; t1 .90 → B; t2 .94 (tie with t1) → B; small .98 → C
    assert.deepEqual(cls, { big: "A", t1: "B", t2: "B", small: "C", zero: "C", neg: "C", nan: "C" });
    // a tie straddling the A cut-off: both A
    const t = abcClasses([
      { item: "x", value: 70 },
      { item: "y", value: 15 },
      { item: "z", value: 15 },
    ]);
    assert.deepEqual(
      t.entries.map((e) => e.abcClass),
      ["A", "A", "A"],
    );
  });
  it("all zero, empty, repeated items, invalid cut-offs", () => {
    const z = abcClasses([
      { item: "a", value: 0 },
      { item: "b", value: 0 },
    ]);
    assert.deepEqual(
      z.entries.map((e) => [e.abcClass, e.share]),
      [
        ["C", null],
        ["C", null],
      ],
    );
    assert.deepEqual(abcClasses([]).entries, []);
    const rep = abcClasses([
      { item: "a", value: 1 },
      { item: "a", value: 5 },
    ]);
    assert.equal(rep.entries.length, 1);
    assert.equal(rep.entries[0]!.value, 1);
    const bad = abcClasses([{ item: "a", value: 1 }], { a: 0.9, b: 0.5 });
    assert.equal(bad.a, 0.8);
    assert.equal(bad.notes.length, 1);
  });
});

describe("annual value", () => {
  const periods = Array.from({ length: 14 }, (_, i) => `2025-${String(i + 1).padStart(2, "0")}`).slice(0, 12).concat(["2026-01", "2026-02"]);
  it("Σ demand × price over the next 12 periods; per-period prices override the plain one", () => {
    const r = annualValues(
      [
        { item: "A", demand: new Array<number>(14).fill(10) },
        { item: "B", demand: new Array<number>(14).fill(1) },
        { item: "C", demand: [5, Number.NaN, -2] },
      ],
      [
        { item: "A", price: 2, unitCost: 1, period: null },
        { item: "A", price: 3, unitCost: 1, period: "2025-02" },
        { item: "B", price: 7, unitCost: null, period: "2025-12" },
        { item: "B", price: 9, unitCost: null, period: "2026-01" },
      ],
      periods,
    );
    assert.equal(r.basis, "value");
    assert.equal(r.periods.length, 12);
    // A: 11 · 10 · 2 + 10 · 3; B: only December priced; C: no price → 0
    assert.deepEqual(
      r.values.map((v) => [v.item, v.value, v.volume, v.priced]),
      [
        ["A", 250, 120, true],
        ["B", 7, 12, true],
        ["C", 0, 5, false],
      ],
    );
  });
  it("by volume when no item has a price", () => {
    const r = annualValues([{ item: "A", demand: [1, 2, 3] }], [], ["2025-01", "2025-02", "2025-03"], 2);
    assert.equal(r.basis, "volume");
    assert.equal(r.values[0]!.value, 3);
  });
});
