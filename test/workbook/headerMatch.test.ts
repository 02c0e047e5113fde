import assert from "node:assert/strict";
import { type ColumnKind, matchHeader, normalizeHeader } from "../../src/workbook/headerMatch";

/** [header, kind, attribute (for attributes), confidence (when checked)] */
type Row = readonly [string, ColumnKind, string?, number?];

const CASES: readonly Row[] = [
  // item, with identifier suffixes ignored
  ["Item", "item", undefined, 1],
  ["SKU", "item", undefined, 1],
  ["Product", "item", undefined, 1],
  ["Material", "item"],
  ["Part", "item"],
  ["Article", "item"],
  ["Material no.", "item", undefined, 0.8],
  ["Item #", "item", undefined, 0.8],
  ["SKU code", "item", undefined, 0.8],
  ["Part number", "item"],
  ["Article ID", "item"],
  ["Product code", "item"],
  ["Item No", "item"],
  ["Item_Code", "item"],
  ["ItemCode", "item"],
  ["SKU-ID", "item"],
  ["ITEM NUMBER", "item"],
  ["N° article", "item"],
  ["Stock code", "item"],
  // description
  ["Description", "description", undefined, 1],
  ["Item description", "description"],
  ["Product description", "description"],
  ["Product name", "description"],
  ["Item name", "description"],
  ["Material description", "description"],
  ["Material name", "description"],
  ["Designation", "description"],
  ["Désignation", "description"],
  ["ItemDescription", "description"],
  ["Descripton", "description", undefined, 0.6],
  // family
  ["Family", "family"],
  ["Product family", "family"],
  ["Group", "family"],
  ["Product group", "family"],
  ["Product grp.", "family"],
  ["Category", "family"],
  ["Product category", "family"],
  ["Brand", "family"],
  ["Brand name", "family"],
  ["Product line", "family"],
  ["Product Family Code", "family"],
  // resource
  ["Resource", "resource"],
  ["Work center", "resource"],
  ["Work centre", "resource"],
  ["WC", "resource"],
  ["Line", "resource"],
  ["Production line", "resource"],
  ["Machine", "resource"],
  ["Cell", "resource"],
  ["Workcenter", "resource"],
  ["WorkCenter", "resource"],
  ["Resource ID", "resource"],
  ["Work Centre Code", "resource"],
  // hours per unit / units per hour
  ["Hours per unit", "hoursPerUnit"],
  ["Std. hours/pc", "hoursPerUnit"],
  ["Standard hours", "hoursPerUnit"],
  ["Std hours", "hoursPerUnit"],
  ["Run time", "hoursPerUnit"],
  ["Hours/unit", "hoursPerUnit"],
  ["h/unit", "hoursPerUnit"],
  ["Hrs per unit", "hoursPerUnit"],
  ["hrs/unit", "hoursPerUnit"],
  ["Time per unit (hours)", "hoursPerUnit"],
  ["Units per hour", "unitsPerHour"],
  ["Rate (units/h)", "unitsPerHour"],
  ["pcs/h", "unitsPerHour"],
  ["Units/h", "unitsPerHour"],
  ["Output per hour", "unitsPerHour"],
  ["Throughput per hour", "unitsPerHour"],
  // quantity
  ["Qty", "quantity", undefined, 1],
  ["Quantity", "quantity", undefined, 1],
  ["Qty.", "quantity"],
  ["Qty (units)", "quantity", undefined, 0.8],
  ["Units", "quantity"],
  ["UNITS", "quantity"],
  ["Volume", "quantity"],
  ["Sales qty", "quantity"],
  ["Shipments", "quantity"],
  ["Shipped qty", "quantity"],
  ["Orders", "quantity"],
  ["Order qty", "quantity"],
  ["Order Qty (pcs)", "quantity"],
  ["Demand", "quantity"],
  ["Forecast", "quantity"],
  ["Forecast qty", "quantity"],
  ["Fcst Qty", "quantity"],
  ["Actual", "quantity"],
  ["Actuals", "quantity"],
  ["Sales", "quantity"],
  ["Sales Units", "quantity"],
  ["Sum of Qty", "quantity", undefined, 0.8],
  ["Quantiy", "quantity", undefined, 0.6],
  // period / date
  ["Period", "period"],
  ["Month", "period"],
  ["Week", "period"],
  ["Bucket", "period"],
  ["Fiscal period", "period"],
  ["Year-month", "period"],
  ["YearMonth", "period"],
  ["Date", "date"],
  ["Order date", "date"],
  ["Ship date", "date"],
  ["Shipment date", "date"],
  ["Invoice date", "date"],
  ["Posting date", "date"],
  ["Delivery date", "date"],
  // version / cycle
  ["Version", "version"],
  ["Forecast version", "version"],
  ["Scenario version", "version"],
  ["Source", "version"],
  ["Forecast version name", "version"],
  ["Cycle", "cycle"],
  ["Snapshot", "cycle"],
  ["Snapshot cycle", "cycle"],
  ["Forecast cycle", "cycle"],
  ["Cycle month", "cycle"],
  ["Made in", "cycle"],
  // capacity side
  ["Efficiency", "efficiency"],
  ["Eff.", "efficiency"],
  ["OEE", "efficiency"],
  ["OEE %", "efficiency"],
  ["Efficiency %", "efficiency"],
  ["Efficiency (%)", "efficiency"],
  ["Capacity", "capacity"],
  ["Available hours", "capacity"],
  ["Hours available", "capacity"],
  ["Available capacity", "capacity"],
  ["Capacity hours", "capacity"],
  ["Capacity (h)", "capacity"],
  ["Avail. hours", "capacity"],
  ["Lead offset", "leadOffset"],
  ["Lead time offset", "leadOffset"],
  ["Offset", "leadOffset"],
  ["Lead (periods)", "leadOffset"],
  ["Lead time", "leadOffset"],
  ["Lead time (weeks)", "leadOffset"],
  // inventory
  ["On hand", "onHand"],
  ["On-hand qty", "onHand"],
  ["OnHandQty", "onHand"],
  ["Stock", "onHand"],
  ["Inventory", "onHand"],
  ["Inv.", "onHand"],
  ["Stock on hand", "onHand"],
  ["SOH", "onHand"],
  ["Current stock", "onHand"],
  ["Opening stock", "onHand"],
  ["Available stock", "onHand"],
  ["Safety stock", "safetyStock"],
  ["SS", "safetyStock"],
  ["Safety stock qty", "safetyStock"],
  ["Min stock", "safetyStock"],
  ["Safety stock (units)", "safetyStock"],
  ["Target days of supply", "targetDays"],
  ["Target DOS", "targetDays"],
  ["Days of supply target", "targetDays"],
  ["Target days", "targetDays"],
  ["Target coverage", "targetDays"],
  // finance
  ["Price", "price"],
  ["Unit price", "price"],
  ["Unit price (EUR)", "price"],
  ["Selling price", "price"],
  ["ASP", "price"],
  ["List price", "price"],
  ["Net price", "price"],
  ["Price per unit", "price"],
  ["Unit cost", "unitCost"],
  ["Cost", "unitCost"],
  ["Standard cost", "unitCost"],
  ["Std cost", "unitCost"],
  ["COGS per unit", "unitCost"],
  ["Cost per unit", "unitCost"],
  ["Revenue", "revenue"],
  ["Sales value", "revenue"],
  ["Net sales", "revenue"],
  ["Turnover", "revenue"],
  ["Budget revenue", "revenue"],
  ["Amount", "revenue"],
  ["Sales (EUR)", "revenue"],
  ["Sales EUR", "revenue"],
  ["Revenue €", "revenue"],
  ["Net sales value (kEUR)", "revenue"],
  // scenarios
  ["Scenario", "scenario"],
  ["Scenario name", "scenario"],
  ["Lever", "lever"],
  ["Driver", "lever"],
  ["Change type", "lever"],
  ["Scope", "scope"],
  ["Applies to", "scope"],
  ["From", "from"],
  ["Start", "from"],
  ["From period", "from"],
  ["Start period", "from"],
  ["To", "to"],
  ["End", "to"],
  ["To period", "to"],
  ["End period", "to"],
  ["Value", "value"],
  ["Change", "value"],
  ["Adjustment", "value"],
  ["UoM", "unit"],
  ["Unit of measure", "unit"],
  ["Unit", "unit"],
  // attributes
  ["Region", "attribute", "Region"],
  ["Area", "attribute", "Region"],
  ["Sales region", "attribute", "Region"],
  ["Country", "attribute", "Country"],
  ["Market", "attribute", "Market"],
  ["Customer", "attribute", "Customer"],
  ["Customer no.", "attribute", "Customer"],
  ["Customer name", "attribute", "Customer"],
  ["Account", "attribute", "Customer"],
  ["Key account", "attribute", "Customer"],
  ["Ship-to", "attribute", "Customer"],
  ["Channel", "attribute", "Channel"],
  ["Sales channel", "attribute", "Channel"],
  ["Manager", "attribute", "Manager"],
  ["Sales manager", "attribute", "Manager"],
  ["Key account manager", "attribute", "Manager"],
  ["Planner", "attribute", "Planner"],
  ["Demand planner", "attribute", "Demand planner"],
  ["Sales rep", "attribute", "Sales rep"],
  ["Segment", "attribute", "Segment"],
  ["Plant", "attribute", "Plant"],
  ["Plant code", "attribute", "Plant"],
  ["Site", "attribute", "Plant"],
  ["Warehouse", "attribute", "Warehouse"],
  ["WH", "attribute", "Warehouse"],
  ["Location", "attribute", "Warehouse"],
  ["ABC", "attribute", "ABC"],
  ["ABC class", "attribute", "ABC"],
  ["Class", "attribute", "Class"],
  ["Status", "attribute", "Status"],
  ["Customer group", "attribute", "Customer group"],
  ["Cost centre", "attribute", "Cost centre"],
  ["Sales org", "attribute", "Sales org"],
];

/** Headers that name no column kind. */
const NULLS: readonly string[] = [
  "", "   ", "Jan 2025", "2025-01", "Jan-25", "2025-W05", "Q1 2025", "Total", "Grand total", "Forecast Jan 2025",
  "Capacity Jan-25", "Sales 2024", "Order number", "Order ID", "Line no.", "Cycle time", "Comments", "No.", "#",
  "Hours", "xyzzy", "Notes",
];

describe("workbook/headerMatch", () => {
  describe("matchHeader", () => {
    for (const [header, kind, attribute, confidence] of CASES) {
      const label = `${JSON.stringify(header)} → ${kind}${attribute ? ` (${attribute})` : ""}${confidence !== undefined ? ` @${confidence}` : ""}`;
      it(label, () => {
        const m = matchHeader(header);
        assert.ok(m !== null, `no match for ${header}`);
        assert.equal(m.kind, kind);
        if (kind === "attribute") assert.equal(m.attribute, attribute);
        else assert.equal(m.attribute, undefined);
        if (confidence !== undefined) assert.equal(m.confidence, confidence);
        assert.ok(m.matched.length > 0);
      });
    }
    for (const header of NULLS) {
      it(`${JSON.stringify(header)} → null`, () => assert.equal(matchHeader(header), null));
    }
  });

  describe("precedence", () => {
    const pairs: readonly (readonly [string, ColumnKind])[] = [
      ["Product family", "family"],
      ["Product description", "description"],
      ["Product name", "description"],
      ["Product", "item"],
      ["Forecast version", "version"],
      ["Forecast", "quantity"],
      ["Safety stock", "safetyStock"],
      ["Stock", "onHand"],
      ["Unit cost", "unitCost"],
      ["Unit price", "price"],
      ["Units per hour", "unitsPerHour"],
      ["Hours per unit", "hoursPerUnit"],
      ["Capacity hours", "capacity"],
      ["Order date", "date"],
      ["Order qty", "quantity"],
      ["Line", "resource"],
      ["Product line", "family"],
      ["Cost", "unitCost"],
      ["Sales", "quantity"],
      ["Sales manager", "attribute"],
      ["Sales value", "revenue"],
      ["Amount", "revenue"],
      ["Units", "quantity"],
      ["Unit", "unit"],
      ["Sales unit", "unit"],
      ["Scenario version", "version"],
      ["Scenario", "scenario"],
      ["Stock code", "item"],
      ["Revenue by region", "revenue"],
      ["Item status", "attribute"],
    ];
    for (const [header, kind] of pairs) it(`${header} → ${kind}`, () => assert.equal(matchHeader(header)?.kind, kind));
  });

  describe("matched synonym and confidence", () => {
    it("shows the synonym as the planner wrote it", () => {
      assert.equal(matchHeader("Quantity")?.matched, "Quantity");
      assert.equal(matchHeader("Work centre")?.matched, "Work centre");
      assert.equal(matchHeader("Material no.")?.matched, "Material");
      assert.equal(matchHeader("Sales manager")?.matched, "Sales manager");
    });
    it("grades exact, stripped and fuzzy matches", () => {
      assert.equal(matchHeader("Safety stock")?.confidence, 1);
      assert.equal(matchHeader("Safety stock (units)")?.confidence, 0.8);
      assert.equal(matchHeader("Sales manager EU")?.confidence, 0.6);
      assert.equal(matchHeader("Sales manager EU")?.attribute, "Manager");
    });
  });

  describe("normalizeHeader", () => {
    const cases: readonly (readonly [string, string])[] = [
      ["Material no.", "material number"],
      ["Item #", "item number"],
      ["  Qty  (units) ", "quantity units"],
      ["Std. hours/pc", "standard hours per units"],
      ["pcs/h", "units per hours"],
      ["Product grp.", "product group"],
      ["ItemCode", "item code"],
      ["SKUCode", "sku code"],
      ["UoM", "unit of measure"],
      ["Work Center", "work centre"],
      ["WC", "work centre"],
      ["Désignation", "designation"],
      ["On-hand", "on hand"],
      ["OH", "on hand"],
      ["SS", "safety stock"],
      ["Fcst", "forecast"],
      ["Eff. %", "efficiency percent"],
      ["Inv", "inventory"],
      ["Mat. desc.", "material description"],
      ["Prod cat", "product category"],
      ["Year/Month", "year month"],
      ["Item_Code", "item code"],
    ];
    for (const [raw, want] of cases) it(`${JSON.stringify(raw)} → ${JSON.stringify(want)}`, () => assert.equal(normalizeHeader(raw), want));
  });

  it("is fast: 100 000 headers well under a second or two", () => {
    const headers = CASES.map((c) => c[0]).concat(NULLS);
    const t0 = Date.now();
    let n = 0;
    while (n < 100000) for (const h of headers) if (n++ < 100000) matchHeader(h);
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
  });
});
