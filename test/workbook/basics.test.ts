import assert from "node:assert/strict";
import { parseNumberText, readNumber } from "../../src/workbook/cellNumber";
import { renderDataCheck } from "../../src/workbook/dataCheckSheet";
import { FindingCollector, sortFindings } from "../../src/workbook/findings";
import { cellAddress, columnIndex, columnLetters, parseA1, quoteSheet, rangeAddress } from "../../src/workbook/grid";
import { parseMapping, sourceLabel } from "../../src/workbook/mapping";
import { freeSheetName, safeSheetName } from "../../src/workbook/sheetSpec";

describe("grid addresses", () => {
  it("converts columns both ways", () => {
    for (const [i, s] of [[0, "A"], [25, "Z"], [26, "AA"], [51, "AZ"], [52, "BA"], [701, "ZZ"], [702, "AAA"], [16383, "XFD"]] as const) {
      assert.equal(columnLetters(i), s);
      assert.equal(columnIndex(s), i);
    }
  });
  it("quotes sheet names the way Excel does", () => {
    assert.equal(quoteSheet("Actuals"), "Actuals");
    assert.equal(quoteSheet("Sales EU"), "'Sales EU'");
    assert.equal(quoteSheet("O'Brien"), "'O''Brien'");
    assert.equal(quoteSheet("AB12"), "'AB12'", "a name that looks like a cell is quoted");
    assert.equal(cellAddress("Sales EU", 16, 5), "'Sales EU'!F17");
    assert.equal(rangeAddress("Actuals", 0, 0, 333, 40), "Actuals!A1:AN333");
  });
  it("parses A1 ranges, with sheet, absolute marks and whole columns", () => {
    assert.deepEqual(parseA1("B2:F40"), { sheet: undefined, top: 1, left: 1, bottom: 39, right: 5 });
    assert.deepEqual(parseA1("'Sales EU'!$A$1:$C$3"), { sheet: "Sales EU", top: 0, left: 0, bottom: 2, right: 2 });
    assert.equal(parseA1("A:C")?.bottom, 1048575);
    assert.equal(parseA1("hello"), null);
    assert.equal(parseA1("A1:B2:C3"), null);
  });
});

describe("numbers in cells", () => {
  const cases: [string, number | null][] = [
    ["1234", 1234],
    ["1,234", 1234],
    ["1,234,567", 1234567],
    ["1.234.567", 1234567],
    ["1.234,5", 1234.5],
    ["1,234.5", 1234.5],
    ["12,5", 12.5],
    ["12.5", 12.5],
    ["-3", -3],
    ["(3)", -3],
    ["95%", 0.95],
    ["95 %", 0.95],
    ["1 234", 1234],
    ["1'234", 1234],
    ["n/a", null],
    ["-", null],
    ["12a", null],
    ["", null],
  ];
  for (const [text, want] of cases) {
    it(`'${text}' → ${want}`, () => assert.equal(parseNumberText(text), want));
  }
  it("classifies cells", () => {
    assert.equal(readNumber(null).kind, "blank");
    assert.equal(readNumber("  ").kind, "blank");
    assert.equal(readNumber(3).kind, "number");
    assert.equal(readNumber("3").kind, "numberText");
    assert.equal(readNumber({ error: "#DIV/0!" }).kind, "error");
    assert.equal(readNumber(true).kind, "text");
  });
});

describe("mapping files", () => {
  it("accepts the shorthand and the long form", () => {
    const a = parseMapping({ actuals: "Actuals", "forecast:Sales": ["Sales EU", "'Key Accounts'!A4:Z80"], "forecast:Statistical": "table:tblStat", budget: "name:BudgetRange" });
    assert.deepEqual(a.problems, []);
    assert.deepEqual(a.mapping!.roles.map((r) => [r.role, r.sources]), [
      ["actuals", [{ sheet: "Actuals" }]],
      ["forecast:Sales", [{ sheet: "Sales EU" }, { sheet: "Key Accounts", range: "A4:Z80" }]],
      ["forecast:Statistical", [{ table: "tblStat" }]],
      ["budget", [{ name: "BudgetRange" }]],
    ]);
    const b = parseMapping({ roles: [{ role: "capacity", sources: [{ sheet: "Cap", range: "A1:Z20" }], layout: "wide" }] });
    assert.equal(b.mapping!.roles[0]!.layout, "wide");
    assert.equal(sourceLabel({ sheet: "Key Accounts", range: "A4:Z80" }), "'Key Accounts'!A4:Z80");
  });
  it("reports what is wrong, with a path", () => {
    assert.match(parseMapping([1, 2]).problems[0]!.message, /JSON object/);
    assert.match(parseMapping({ actualz: "A" }).problems[0]!.message, /unknown role 'actualz'/);
    assert.deepEqual(parseMapping({ actuals: [""] }).problems.map((p) => p.path), ["actuals.sources[0]", "actuals"]);
  });
});

describe("sheet names", () => {
  it("makes names valid and free", () => {
    assert.equal(safeSheetName("SOP: Plan [2026/11]"), "SOP  Plan  2026 11");
    assert.equal(safeSheetName("x".repeat(40)).length, 31);
    assert.equal(freeSheetName("SOP Data Check", ["sop data check"]), "SOP Data Check (2)");
    assert.equal(freeSheetName("SOP Data Check", ["SOP Data Check", "SOP Data Check (2)"]), "SOP Data Check (3)");
    assert.equal(freeSheetName("y".repeat(31), ["y".repeat(31)]).length, 31);
  });
});

describe("SOP Data Check sheet", () => {
  it("lists roles and findings, errors first, with treatments and formats", () => {
    const c = new FindingCollector();
    c.add({ severity: "info", code: "total-row-skipped", role: "actuals", address: "Actuals!A9", message: "Total row 'Total' skipped." });
    c.add({ severity: "error", code: "duplicate-period", role: "actuals", address: "Actuals!C1", message: "Period 2025-01 appears twice." });
    const spec = renderDataCheck({
      workbook: "plan.xlsx",
      cycle: "2026-11",
      horizon: 18,
      lastActual: "2026-10",
      runAt: "2026-11-21T10:00:00.000Z",
      summaries: [{ role: "actuals", sources: ["Actuals!A1:AN333"], layout: "wide", rows: 320, periods: "2023-11 … 2026-10", errors: 1, warnings: 0 }],
      origins: [{ role: "actuals", origin: "proposed (90 %)", reason: "name 'Actuals' says history" }],
      findings: c.result(),
    });
    assert.equal(spec.name, "SOP Data Check");
    assert.equal(spec.rows[0]![0], "S&OP Data Check");
    assert.match(String(spec.rows[4]![1]), /1 blocking error/);
    const header = spec.rows.findIndex((r) => r[0] === "Severity");
    assert.deepEqual(spec.rows[header + 1]!.slice(0, 3), ["error", "actuals", "Actuals!C1"]);
    assert.equal(spec.rows[header + 2]![0], "info");
    assert.match(String(spec.rows[header + 1]![4]), /The run stops/);
    assert.deepEqual(spec.tables!.map((t) => t.name), ["SOP_DataCheck_Roles", "SOP_DataCheck_Findings"]);
    assert.ok(spec.conditionals!.some((x) => x.value === "error"));
    assert.deepEqual(spec.freeze, { rows: 5 });
    assert.deepEqual(sortFindings(c.result()).map((f) => f.severity), ["error", "info"]);
  });
});
