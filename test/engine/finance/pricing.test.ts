import assert from "node:assert/strict";
import { priceAt, priceBook } from "../../../src/engine/finance/pricing";
import { assertNoNaN } from "./fixtures";

describe("finance/priceBook", () => {
  it("a per-period row wins for its period, the plain row elsewhere; unit cost resolved on its own", () => {
    const book = priceBook(
      [
        { item: "a1", price: 10, unitCost: 6, period: null },
        { item: "a1", price: 12, unitCost: null, period: "2026-11" },
        { item: "a2", price: 20, unitCost: 15, period: null },
      ],
      ["a1", "a2"],
      ["2026-10", "2026-11", "2026-12", "2026-W45"],
    );
    const a1 = book.items[0]!;
    assert.deepEqual(a1.price, [10, 12, 10, 12]); // 2026-W45 (Thursday 5 Nov) takes the November row
    assert.deepEqual(a1.unitCost, [6, 6, 6, 6]); // the November row has no unit cost: the plain row's
    assert.deepEqual(a1.priceSource, ["general", "period", "general", "period"]);
    assert.deepEqual(a1.costSource, ["general", "general", "general", "general"]);
    assert.deepEqual(priceAt(book, "a2", "2026-11"), { price: 20, unitCost: 15 });
    assert.deepEqual(priceAt(book, "zz", "2026-11"), { price: null, unitCost: null });
    assert.equal(book.issues.length, 0);
  });

  it("plain rows only: each period takes the item's row; a negative price is no price while its unit cost stays", () => {
    const book = priceBook(
      [
        { item: "p", price: 8, unitCost: 5, period: null },
        { item: "q", price: -3, unitCost: 2, period: null },
        { item: "r", price: 4, unitCost: null, period: " " },
      ],
      ["p", "q", "r", "s"],
      ["2026-11", "2026-12", "2026-W50"],
    );
    const [p, q, r, s] = book.items;
    assert.deepEqual([p!.price, p!.unitCost, p!.priceSource, p!.costSource], [[8, 8, 8], [5, 5, 5], ["general", "general", "general"], ["general", "general", "general"]]);
    assert.deepEqual([q!.price, q!.unitCost, q!.priceSource, q!.costSource], [[null, null, null], [2, 2, 2], ["none", "none", "none"], ["general", "general", "general"]]);
    // A blank period is a plain row.
    assert.deepEqual([r!.price, r!.unitCost, r!.costSource], [[4, 4, 4], [null, null, null], ["none", "none", "none"]]);
    assert.deepEqual([s!.price, s!.priceSource], [[null, null, null], ["none", "none", "none"]]);
    assert.ok(book.issues.some((i) => i.code === "missing-price" && /q, s/.test(i.message)));
    assert.ok(book.issues.some((i) => i.code === "missing-unit-cost" && /\(r\)/.test(i.message)));
  });

  it("without a plain row, the nearest earlier period row stays in force (else the nearest later)", () => {
    const book = priceBook(
      [
        { item: "x", price: 7, unitCost: 3, period: "2026-10" },
        { item: "x", price: 9, unitCost: 4, period: "2027-01" },
      ],
      ["x"],
      ["2026-09", "2026-10", "2026-12", "2027-03"],
    );
    assert.deepEqual(book.items[0]!.price, [7, 7, 7, 9]);
    assert.deepEqual(book.items[0]!.priceSource, ["carried", "period", "carried", "carried"]);
    assert.ok(book.issues.some((i) => i.code === "carried-price" && /x/.test(i.message)));
  });

  it("missing price → null with an issue listing the items; missing unit cost → null with an issue", () => {
    const book = priceBook(
      [
        { item: "a1", price: 10, unitCost: null, period: null },
        { item: "b1", price: 5, unitCost: 2, period: "2026-11" },
        { item: "b1", price: -1, unitCost: 2, period: "2026-12" },
        { item: "other", price: 1, unitCost: 1, period: null },
        { item: "a1", price: 11, unitCost: null, period: "junk" },
      ],
      ["a1", "zz", "yy", "b1"],
      ["2026-11", "2026-12"],
    );
    assert.deepEqual(book.items[1]!.price, [null, null]);
    assert.deepEqual(book.items[1]!.priceSource, ["none", "none"]);
    assert.deepEqual(book.items[0]!.unitCost, [null, null]);
    // b1's December price is negative: ignored, November carried forward.
    assert.deepEqual(book.items[3]!.price, [5, 5]);
    const missing = book.issues.find((i) => i.code === "missing-price");
    assert.ok(missing && /2 items without a price \(zz, yy\)/.test(missing.message), missing?.message);
    assert.ok(book.issues.some((i) => i.code === "missing-unit-cost" && /a1/.test(i.message)));
    assert.ok(book.issues.some((i) => i.code === "bad-value" && /b1/.test(i.message)));
    assert.ok(book.issues.some((i) => i.code === "bad-period" && /junk/.test(i.message)));
    assert.ok(book.issues.some((i) => i.code === "ignored-rows" && /1 price row/.test(i.message)));
  });

  it("several rows for one item and period: the last one, reported", () => {
    const book = priceBook(
      [
        { item: "a", price: 1, unitCost: 1, period: null },
        { item: "a", price: 2, unitCost: 1, period: null },
      ],
      ["a"],
      ["2026-01"],
    );
    assert.deepEqual(book.items[0]!.price, [2]);
    assert.ok(book.issues.some((i) => i.code === "duplicate"));
  });

  it("empty inputs", () => {
    const book = priceBook([], [], []);
    assert.deepEqual(book.items, []);
    assert.deepEqual(book.issues, []);
    assertNoNaN(priceBook([{ item: "a", price: Number.NaN, unitCost: Number.NaN, period: null }], ["a"], ["2026-01"]));
  });
});
