/**
 * Engine inputs' helpers: `sameSeriesTable` says whether two tables hold the same figures (the
 * CLI's forecast started on the read actuals is used only when validation gives the same ones).
 */
import assert from "node:assert/strict";
import { type SeriesTable, sameSeriesTable } from "../../src/engine/inputs";

const table = (over: Partial<SeriesTable> = {}): SeriesTable => ({
  kind: "month",
  periods: ["2026-01", "2026-02"],
  keys: ["A", "B"],
  attributeNames: ["Family"],
  attributes: [["F1"], [null]],
  values: Float64Array.from([1, Number.NaN, 0, 2.5]),
  ...over,
});

describe("sameSeriesTable", () => {
  it("is true for one table, and for two objects with the same figures (NaN equal to NaN)", () => {
    const a = table();
    assert.equal(sameSeriesTable(a, a), true);
    assert.equal(sameSeriesTable(a, table()), true);
  });

  it("is false when any part differs: kind, a period, a key, an attribute name or value, a value (0 against −0 too)", () => {
    const a = table();
    assert.equal(sameSeriesTable(a, table({ kind: "week" })), false);
    assert.equal(sameSeriesTable(a, table({ periods: ["2026-01", "2026-03"] })), false);
    assert.equal(sameSeriesTable(a, table({ keys: ["A", "C"] })), false);
    assert.equal(sameSeriesTable(a, table({ keys: ["A"], values: Float64Array.from([1, Number.NaN]), attributes: [["F1"]] })), false);
    assert.equal(sameSeriesTable(a, table({ attributeNames: ["Region"] })), false);
    assert.equal(sameSeriesTable(a, table({ attributes: [["F1"], ["F2"]] })), false);
    assert.equal(sameSeriesTable(a, table({ attributes: [["F1"], [""]] })), false);
    assert.equal(sameSeriesTable(a, table({ values: Float64Array.from([1, 0, 0, 2.5]) })), false);
    assert.equal(sameSeriesTable(a, table({ values: Float64Array.from([1, Number.NaN, -0, 2.5]) })), false);
    assert.equal(sameSeriesTable(a, table({ values: Float64Array.from([1, Number.NaN, 0, 2.5000000000000004]) })), false);
  });
});
