import assert from "node:assert/strict";
import { seriesValue } from "../../src/engine/inputs";
import { FindingCollector } from "../../src/workbook/findings";
import { type SeriesSpec, parseSeries } from "../../src/workbook/parseSeries";
import { grid, serial } from "../helpers/grids";

const ACTUALS: SeriesSpec = { role: "actuals", keyKinds: ["item"], valueKinds: ["quantity"], allowNegative: true };
const FORECAST: SeriesSpec = { role: "forecast:Sales", keyKinds: ["item"], valueKinds: ["quantity"], allowNegative: false, byVersion: true };

describe("parseSeries: wide layout", () => {
  it("reads a wide table below title rows, with date headers, attributes and a subtotal", () => {
    const fmt = "mmm-yy";
    const g = grid(
      "Actuals",
      [
        ["Shipments history (units)"],
        ["Source: ERP"],
        [],
        ["Item", "Family", "Region", serial(2025, 1), serial(2025, 2), serial(2025, 3)],
        ["A-1", "Pumps", "EU", 10, 12, 14],
        ["A-2", "Pumps", "NA", 5, null, 7],
        ["Subtotal Pumps", null, null, 15, 12, 21],
        ["B-1", "Valves", "EU", 1, 2, 3],
        ["Grand total", null, null, 16, 14, 24],
      ],
      { formats: [[], [], [], [null, null, null, fmt, fmt, fmt]] },
    );
    const out = new FindingCollector();
    const p = parseSeries([{ grid: g, label: "Actuals" }], ACTUALS, out);
    assert.ok(p);
    const t = p.tables.get("")!;
    assert.deepEqual(t.periods, ["2025-01", "2025-02", "2025-03"]);
    assert.deepEqual(t.keys, ["A-1", "A-2", "B-1"]);
    assert.deepEqual(t.attributeNames, ["Family", "Region"]);
    assert.deepEqual(t.attributes[1], ["Pumps", "NA"]);
    assert.equal(seriesValue(t, 0, 2), 14);
    assert.ok(Number.isNaN(seriesValue(t, 1, 1)), "blank stays 'no value', not zero");
    const totals = out.result().filter((f) => f.code === "total-row-skipped");
    assert.deepEqual(totals.map((f) => f.address), ["Actuals!A7", "Actuals!A9"]);
    assert.equal(p.rowAddress.get("")![2], "Actuals!A8");
    assert.ok(!out.hasErrors);
  });

  it("keeps addresses true for a range that does not start at A1", () => {
    const g = grid("Sales EU", [["Item", "2025-01", "2025-02"], ["X", 1, "n/a"]], { top: 4, left: 2 });
    const out = new FindingCollector();
    parseSeries([{ grid: g, label: "Sales EU" }], FORECAST, out);
    const f = out.result().find((x) => x.code === "text-in-number");
    assert.ok(f);
    assert.equal(f.address, "'Sales EU'!E6");
    assert.match(f.message, /'n\/a' where a quantity was expected/);
  });

  it("stacks several ranges into one role and sums keys found in both", () => {
    const a = grid("Sales EU", [["Item", "Jan 2025", "Feb 2025"], ["X", 1, 2]]);
    const b = grid("Sales NA", [["Item", "2025-02", "2025-03"], ["X", 10, 20], ["Y", 5, 5]]);
    const out = new FindingCollector();
    const p = parseSeries([{ grid: a, label: "Sales EU" }, { grid: b, label: "Sales NA" }], FORECAST, out);
    const t = p!.tables.get("")!;
    assert.deepEqual(t.periods, ["2025-01", "2025-02", "2025-03"]);
    assert.deepEqual(t.keys, ["X", "Y"]);
    assert.equal(seriesValue(t, 0, 1), 12);
    assert.equal(seriesValue(t, 0, 2), 20);
    const dup = out.result().find((f) => f.code === "duplicate-key");
    assert.ok(dup);
    assert.equal(dup.address, "'Sales NA'!A2");
  });

  it("reads weekly headers", () => {
    const g = grid("W", [["SKU", "2025-W01", "2025-W02", "2025-W03"], ["X", 1, 2, 3]]);
    const p = parseSeries([{ grid: g, label: "W" }], ACTUALS, new FindingCollector());
    assert.equal(p!.tables.get("")!.kind, "week");
    assert.deepEqual(p!.tables.get("")!.periods, ["2025-W01", "2025-W02", "2025-W03"]);
  });

  it("accepts header synonyms with extra words (Material no., Product grp.)", () => {
    const g = grid("H", [["Material no.", "Product grp.", "Jan-25", "Feb-25"], ["M1", "G", 3, 4]]);
    const p = parseSeries([{ grid: g, label: "H" }], ACTUALS, new FindingCollector());
    const t = p!.tables.get("")!;
    assert.deepEqual(t.keys, ["M1"]);
    assert.deepEqual(t.attributeNames, ["Family"]);
  });
});

describe("parseSeries: long layout", () => {
  it("reads Item | Period | Qty", () => {
    const g = grid("Long", [["Item", "Period", "Qty"], ["X", "2025-01", 5], ["X", "2025-02", 6], ["Y", "2025-02", 1]]);
    const p = parseSeries([{ grid: g, label: "Long" }], ACTUALS, new FindingCollector());
    const t = p!.tables.get("")!;
    assert.deepEqual(t.periods, ["2025-01", "2025-02"]);
    assert.equal(seriesValue(t, 0, 1), 6);
    assert.ok(Number.isNaN(seriesValue(t, 1, 0)));
  });

  it("sums transaction lines with daily dates into months and reports the count", () => {
    const d = "yyyy-mm-dd";
    const g = grid(
      "Orders",
      [["Order date", "Material", "Order qty", "Customer"], [serial(2025, 1, 3), "X", 2, "C1"], [serial(2025, 1, 20), "X", 3, "C1"], [serial(2025, 2, 7), "X", 4, "C1"]],
      { formats: [[], [d], [d], [d]] },
    );
    const out = new FindingCollector();
    const p = parseSeries([{ grid: g, label: "Orders" }], ACTUALS, out);
    const t = p!.tables.get("")!;
    assert.deepEqual(t.periods, ["2025-01", "2025-02"]);
    assert.equal(seriesValue(t, 0, 0), 5);
    assert.equal(seriesValue(t, 0, 1), 4);
    const agg = out.result().find((f) => f.code === "transactions-aggregated");
    assert.ok(agg);
    assert.match(agg.message, /^3 transaction lines/);
  });

  it("splits a long table with a Version column into versions", () => {
    const g = grid("F", [["Version", "Item", "Month", "Quantity"], ["Sales", "X", "2025-01", 5], ["Marketing", "X", "2025-01", 7]]);
    const p = parseSeries([{ grid: g, label: "F" }], FORECAST, new FindingCollector());
    assert.deepEqual([...p!.tables.keys()].sort(), ["Marketing", "Sales"]);
    assert.equal(seriesValue(p!.tables.get("Marketing")!, 0, 0), 7);
  });
});

describe("parseSeries: long layout with dates", () => {
  it("buckets dates in a Week column into ISO weeks", () => {
    const d = "dd.mm.yyyy";
    const g = grid("W", [["Week", "Item", "Qty"], [serial(2025, 1, 6), "X", 1], [serial(2025, 1, 8), "X", 2], [serial(2025, 1, 13), "X", 4]], { formats: [[], [d], [d], [d]] });
    const p = parseSeries([{ grid: g, label: "W" }], ACTUALS, new FindingCollector());
    const t = p!.tables.get("")!;
    assert.equal(t.kind, "week");
    assert.deepEqual(t.periods, ["2025-W02", "2025-W03"]);
    assert.equal(seriesValue(t, 0, 0), 3);
  });

  it("reads yyyymm numbers in a Period column as months, first-of-month dates without 'transactions'", () => {
    const g = grid("P", [["Period", "Item", "Qty"], [202501, "X", 1], [202502, "X", 2]]);
    const out = new FindingCollector();
    const p = parseSeries([{ grid: g, label: "P" }], ACTUALS, out);
    assert.deepEqual(p!.tables.get("")!.periods, ["2025-01", "2025-02"]);
    const g2 = grid("D", [["Month", "Item", "Qty"], [serial(2025, 1), "X", 1], [serial(2025, 2), "X", 2]], { formats: [[], ["mmm-yy"], ["mmm-yy"]] });
    const out2 = new FindingCollector();
    parseSeries([{ grid: g2, label: "D" }], ACTUALS, out2);
    assert.ok(!out2.result().some((f) => f.code === "transactions-aggregated"));
  });
});

describe("parseSeries: two-row headers", () => {
  it("reads month names under a row of (merged) years", () => {
    const g = grid("Plan", [
      ["Demand plan"],
      [null, null, 2025, null, null, 2026, null],
      ["Item", "Family", "Oct", "Nov", "Dec", "Jan", "Feb"],
      ["X", "F", 1, 2, 3, 4, 5],
    ]);
    const out = new FindingCollector();
    const p = parseSeries([{ grid: g, label: "Plan" }], ACTUALS, out);
    assert.ok(p, out.result().map((f) => f.message).join("\n"));
    const t = p.tables.get("")!;
    assert.deepEqual(t.periods, ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]);
    assert.equal(seriesValue(t, 0, 3), 4);
    assert.deepEqual(t.attributeNames, ["Family"]);
  });
});

describe("parseSeries: computed columns", () => {
  it("ignores a Total column at the right and a Notes column", () => {
    const g = grid("A", [["Item", "Region", "2025-01", "2025-02", "Total 2025", "Notes"], ["X", "EU", 1, 2, 3, "promo"]]);
    const p = parseSeries([{ grid: g, label: "A" }], ACTUALS, new FindingCollector());
    assert.deepEqual(p!.tables.get("")!.attributeNames, ["Region"]);
  });
});
