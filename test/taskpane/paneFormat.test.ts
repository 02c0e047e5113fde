import assert from "node:assert/strict";
import { monthSpan, plural, sheetAddress, shortAmount, signedShortAmount, wholeAmount, writtenSheet } from "../../src/taskpane/paneFormat";

const M = "\u2212";

describe("task pane: shared figures and places", () => {
  it("counted nouns, with thousands separators", () => {
    assert.equal(plural(1, "month"), "1 month");
    assert.equal(plural(0, "month"), "0 months");
    assert.equal(plural(1200, "item"), "1,200 items");
    assert.equal(plural(2, "resource-month is", "resource-months are"), "2 resource-months are");
  });

  it("a span of months", () => {
    assert.equal(monthSpan(["2026-11", "2026-12", "2027-01"]), "2026-11 … 2027-01 (3 months)");
    assert.equal(monthSpan(["2026-10"]), "2026-10 (1 month)");
    assert.equal(monthSpan([]), "");
  });

  it("whole amounts: rounded, grouped, a typographic minus", () => {
    assert.equal(wholeAmount(623.5715), "624");
    assert.equal(wholeAmount(1234.5), "1,235");
    assert.equal(wholeAmount(-2533.4), `${M}2,533`);
    assert.equal(wholeAmount(-0.4), "0");
    assert.equal(wholeAmount(0), "0");
    assert.equal(wholeAmount(Number.NaN), "n/a");
  });

  it("large amounts in short: three significant digits, whole below 10,000", () => {
    assert.equal(shortAmount(9876), "9,876");
    assert.equal(shortAmount(9999.4), "9,999");
    assert.equal(shortAmount(9999.6), "10.0 k"); // rounds to 10,000: thousands
    assert.equal(shortAmount(12_345), "12.3 k");
    assert.equal(shortAmount(234_567), "235 k");
    assert.equal(shortAmount(999_600), "1.00 M"); // 999.6 k rounds to 1,000 k: the next unit
    assert.equal(shortAmount(2_341_794.17), "2.34 M");
    assert.equal(shortAmount(94_440_426), "94.4 M");
    assert.equal(shortAmount(256_933_802.6), "257 M");
    assert.equal(shortAmount(1.2e9), "1.20 bn");
    assert.equal(shortAmount(-2_341_794), `${M}2.34 M`);
    assert.equal(shortAmount(Number.POSITIVE_INFINITY), "n/a");
    assert.equal(signedShortAmount(3_616_233), "+3.62 M");
    assert.equal(signedShortAmount(-3_616_233), `${M}3.62 M`);
    assert.equal(signedShortAmount(0), "0");
  });

  it("cells on an output sheet as written (renamed on a clash), quoted for selecting", () => {
    const written = { sheets: [{ requested: "SOP Capacity", written: "SOP Capacity (2)" }], target: "this workbook", notes: [] };
    assert.equal(writtenSheet("sop capacity", written), "SOP Capacity (2)");
    assert.equal(writtenSheet("SOP Supply Plan", written), "SOP Supply Plan");
    assert.equal(sheetAddress({ sheet: "SOP Capacity", address: "A87" }, written), "'SOP Capacity (2)'!A87");
    assert.equal(sheetAddress({ sheet: "O'Brien", address: "B2" }, null), "'O''Brien'!B2");
  });
});
