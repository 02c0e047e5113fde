import assert from "node:assert/strict";
import { leverKindOf, parseLeverPeriod, parseLevers, parseNotesCost } from "../../../src/engine/scenario/levers";
import type { LeverContext, ScenarioRow } from "../../../src/engine/scenario/types";

const CONTEXT: LeverContext = {
  families: ["Pumps", "Valves", "Accessories", "Spare Parts"],
  items: ["PMP-1001", "VLV-1001"],
  resources: ["WC-10 Assembly", "WC-20 Machining", "MAT-Castings"],
  drivers: { growth: 4, inflation: 2.5 },
  periods: Array.from({ length: 18 }, (_, t) => `${2026 + Math.floor((t + 10) / 12)}-${String(((t + 10) % 12) + 1).padStart(2, "0")}`),
};

const row = (scenario: string, lever: string, scope: string, from: string | null, to: string | null, value: number | string, notes: string | null = null): ScenarioRow => ({ scenario, lever, scope, from, to, value, notes });

/** The sample workbook's Scenarios tab (assets/sample/README.md §14). */
const SAMPLE: ScenarioRow[] = [
  row("Summer promotion", "demand %", "Pumps", "2027-05", "2027-08", 15, "Dealer promotion agreed with marketing"),
  row("Summer promotion", "demand %", "Accessories", "2027-05", "2027-08", "=growth * 1.5", "Accessories follow the pumps"),
  row("Add a shift on WC-20", "capacity hours", "WC-20 Machining", "2026-12", "2027-10", 320, "Second shift, 2 operators; cost 45 € per hour"),
  row("Price increase 3 %", "price %", "All", "2027-01", "2027-12", 3, "List prices from January"),
  row("Price increase 3 %", "unit cost %", "All", "2027-01", "2027-12", "=inflation * 0.8", "Suppliers pass on part of inflation"),
  row("Outsource Valves", "outsourcing units", "Valves", "2027-03", "2027-09", 500, "Subcontractor, cost 38 € per unit"),
];

describe("scenario: lever rows", () => {
  it("reads the sample's Scenarios tab: 6 levers, 4 scenarios, formulas and costs, no findings", () => {
    const p = parseLevers(SAMPLE, CONTEXT);
    assert.deepEqual(p.issues, []);
    assert.deepEqual(
      p.scenarios.map((s) => [s.name, s.levers.length, s.valid]),
      [
        ["Summer promotion", 2, true],
        ["Add a shift on WC-20", 1, true],
        ["Price increase 3 %", 2, true],
        ["Outsource Valves", 1, true],
      ],
    );
    assert.deepEqual(
      p.levers.map((l) => [l.row, l.kind, l.scope.kind, l.scope.name, l.from, l.to, l.value, l.formula]),
      [
        [0, "demand %", "family", "Pumps", "2027-05", "2027-08", 15, null],
        [1, "demand %", "family", "Accessories", "2027-05", "2027-08", 6, "=growth * 1.5"],
        [2, "capacity hours", "resource", "WC-20 Machining", "2026-12", "2027-10", 320, null],
        [3, "price %", "all", null, "2027-01", "2027-12", 3, null],
        [4, "unit cost %", "all", null, "2027-01", "2027-12", 2, "=inflation * 0.8"],
        [5, "outsourcing units", "family", "Valves", "2027-03", "2027-09", 500, null],
      ],
    );
    assert.deepEqual(p.levers[2]!.cost, { amount: 45, per: "hour" });
    assert.deepEqual(p.levers[5]!.cost, { amount: 38, per: "unit" });
    assert.equal(p.levers[0]!.cost, null);
  });

  it("accepts reasonable spellings of lever names", () => {
    const cases: [string, string | null][] = [
      ["Demand (%)", "demand %"],
      ["demand percent", "demand %"],
      ["DEMAND%", "demand %"],
      ["Demand units", "demand units"],
      ["extra demand qty", "demand units"],
      ["Capacity hrs", "capacity hours"],
      ["capacity  hours", "capacity hours"],
      ["Capacity units", "capacity hours"],
      ["capacity pct", "capacity %"],
      ["Overtime", "overtime hours"],
      ["overtime hrs per month", "overtime hours"],
      ["Outsourcing", "outsourcing units"],
      ["outsourced qty", "outsourcing units"],
      ["Subcontracting units", "outsourcing units"],
      ["Price %", "price %"],
      ["price change percent", "price %"],
      ["Unit cost %", "unit cost %"],
      ["unitcost pct", "unit cost %"],
      ["Production strategy", "production strategy"],
      ["strategy", "production strategy"],
      ["price", null],
      ["demand", null],
      ["headcount", null],
      ["demand volume %", null],
      ["price cost %", null],
    ];
    for (const [text, kind] of cases) assert.equal(leverKindOf(text), kind, text);
  });

  it("matches scopes case- and space-insensitively, and a resource by its code", () => {
    const p = parseLevers(
      [
        row("S", "demand %", "  pumps ", null, null, 5),
        row("S", "demand %", "spareparts", null, null, 5),
        row("S", "demand %", "pmp-1001", null, null, 5),
        row("S", "capacity hours", "wc-20 machining", null, null, 10),
        row("S", "overtime hours", "WC-10", null, null, 10),
        row("S", "capacity %", "all", null, null, -5),
        row("S", "production strategy", "", null, null, "Level"),
      ],
      CONTEXT,
    );
    assert.deepEqual(p.issues, []);
    assert.deepEqual(
      p.levers.map((l) => [l.scope.kind, l.scope.name]),
      [
        ["family", "Pumps"],
        ["family", "Spare Parts"],
        ["item", "PMP-1001"],
        ["resource", "WC-20 Machining"],
        ["resource", "WC-10 Assembly"],
        ["all", null],
        ["all", null],
      ],
    );
    assert.equal(p.levers[6]!.strategy, "level");
  });

  it("reports each problem with its row index and column; a scenario with an error is not valid", () => {
    const rows: ScenarioRow[] = [
      row("Good", "demand %", "Pumps", "2027-01", "2027-03", 10),
      row("Bad lever", "headcount", "Pumps", null, null, 1),
      row("Bad scope", "demand %", "Pumpz", null, null, 1),
      row("Wrong kind", "capacity hours", "Pumps", null, null, 100),
      row("Wrong kind 2", "demand %", "WC-20 Machining", null, null, 5),
      row("Wrong kind 3", "outsourcing units", "All", null, null, 5),
      row("Bad from", "demand %", "Pumps", "2027-13", null, 5),
      row("Bad to", "demand %", "Pumps", null, "May 2027", 5),
      row("Order", "demand %", "Pumps", "2027-06", "2027-02", 5),
      row("Text", "demand %", "Pumps", null, null, "abc"),
      row("Negative", "overtime hours", "WC-20 Machining", null, null, -5),
      row("Strategy", "production strategy", "All", null, null, "fastest"),
      row("", "demand %", "Pumps", null, null, 5),
    ];
    const p = parseLevers(rows, CONTEXT);
    const got = p.issues.map((i) => [i.row, i.field, i.code, i.severity]);
    assert.deepEqual(got, [
      [1, "lever", "unknown-lever", "error"],
      [2, "scope", "unknown-scope", "error"],
      [3, "scope", "scope-kind", "error"],
      [4, "scope", "scope-kind", "error"],
      [5, "scope", "scope-kind", "error"],
      [6, "from", "bad-period", "error"],
      [7, "to", "bad-period", "error"],
      [8, "from", "period-order", "error"],
      [9, "value", "bad-formula", "error"],
      [10, "value", "bad-value", "error"],
      [11, "value", "bad-value", "error"],
      [12, "scenario", "no-scenario", "error"],
    ]);
    const msg = (r: number): string => p.issues.find((i) => i.row === r)!.message;
    assert.match(msg(1), /Lever 'headcount' is not known/);
    assert.match(msg(2), /Scope 'Pumpz' is not one of the families or items/);
    assert.equal(msg(3), "'Pumps' is a family: a capacity hours lever needs All or a resource.");
    assert.equal(msg(4), "'WC-20 Machining' is a resource: a demand % lever needs All, a family or an item.");
    assert.match(msg(5), /outsourcing units lever needs a family or an item, not All/);
    assert.match(msg(6), /From '2027-13' is not a month/);
    assert.match(msg(9), /The value 'abc' is not a number or a usable formula: unknown driver 'abc'/);
    assert.deepEqual(
      p.scenarios.map((s) => [s.name, s.valid]),
      [
        ["Good", true],
        ["Bad lever", false],
        ["Bad scope", false],
        ["Wrong kind", false],
        ["Wrong kind 2", false],
        ["Wrong kind 3", false],
        ["Bad from", false],
        ["Bad to", false],
        ["Order", false],
        ["Text", false],
        ["Negative", false],
        ["Strategy", false],
      ],
    );
    assert.equal(p.levers.length, 1);
  });

  it("warnings: blank scope (All), a range outside the horizon, a cost that cannot be read", () => {
    const p = parseLevers(
      [row("S", "demand %", "", null, null, 5), row("S", "demand %", "Pumps", "2030-01", "2030-06", 5), row("S", "overtime hours", "WC-20 Machining", null, null, 40, "costs to be agreed")],
      CONTEXT,
    );
    assert.deepEqual(
      p.issues.map((i) => [i.row, i.code, i.severity]),
      [
        [0, "blank-scope", "warning"],
        [1, "outside-horizon", "warning"],
        [2, "bad-cost", "warning"],
      ],
    );
    assert.equal(p.levers.length, 3);
    assert.equal(p.scenarios[0]!.valid, true);
    assert.deepEqual(p.levers[0]!.scope, { kind: "all", name: null });
    assert.equal(p.levers[2]!.cost, null);
  });

  it("numeric text, percent signs and decimal commas are numbers", () => {
    const p = parseLevers([row("S", "demand %", "Pumps", null, null, "15 %"), row("S", "price %", "All", null, null, "2,5"), row("S", "capacity hours", "WC-20 Machining", null, null, "-40")], CONTEXT);
    assert.deepEqual(
      p.levers.map((l) => [l.value, l.formula]),
      [
        [15, null],
        [2.5, null],
        [-40, null],
      ],
    );
  });

  it("periods: YYYY-MM, YYYY-M, YYYY/MM, a date's month; blank = open; else not understood", () => {
    assert.equal(parseLeverPeriod("2027-05"), "2027-05");
    assert.equal(parseLeverPeriod(" 2027-5 "), "2027-05");
    assert.equal(parseLeverPeriod("2027/05"), "2027-05");
    assert.equal(parseLeverPeriod("2027-05-01"), "2027-05");
    assert.equal(parseLeverPeriod(""), null);
    assert.equal(parseLeverPeriod(null), null);
    assert.equal(parseLeverPeriod("2027-13"), undefined);
    assert.equal(parseLeverPeriod("May 2027"), undefined);
  });

  it("costs in the notes", () => {
    assert.deepEqual(parseNotesCost("Second shift, 2 operators; cost 45 € per hour"), { amount: 45, per: "hour" });
    assert.deepEqual(parseNotesCost("Subcontractor, cost 38 € per unit"), { amount: 38, per: "unit" });
    assert.deepEqual(parseNotesCost("overtime at €12.50/h"), { amount: 12.5, per: "hour" });
    assert.deepEqual(parseNotesCost("cost: 1,200 EUR"), { amount: 1200, per: "total" });
    assert.deepEqual(parseNotesCost("Launch campaign, cost 20 000 €"), { amount: 20000, per: "total" });
    assert.deepEqual(parseNotesCost("cost 7,5 € per pc"), { amount: 7.5, per: "unit" });
    assert.equal(parseNotesCost("Second shift, 2 operators"), null);
    assert.equal(parseNotesCost(null), null);
    assert.equal(parseNotesCost("costs to be agreed"), "unreadable");
  });

  it("a cost without 'per' is per hour for overtime and capacity, per unit for outsourcing, a lump sum otherwise", () => {
    const p = parseLevers(
      [
        row("S", "overtime hours", "WC-20 Machining", null, null, 40, "cost 50 €"),
        row("S", "outsourcing units", "Valves", null, null, 40, "cost 9 €"),
        row("S", "demand %", "Pumps", null, null, 10, "Promotion, cost 20,000 €"),
        row("S", "demand %", "Valves", null, null, 10, "cost 3 € per unit"),
      ],
      CONTEXT,
    );
    assert.deepEqual(
      p.levers.map((l) => l.cost),
      [{ amount: 50, per: "hour" }, { amount: 9, per: "unit" }, { amount: 20000, per: "total" }, null],
    );
    assert.deepEqual(
      p.issues.map((i) => [i.row, i.severity]),
      [
        [0, "info"],
        [1, "info"],
        [3, "warning"],
      ],
    );
  });

  it("a second production strategy in a scenario is a warning (the last one counts)", () => {
    const p = parseLevers([row("S", "strategy", "All", null, null, "chase"), row("S", "strategy", "All", null, null, "optimal")], CONTEXT);
    assert.deepEqual(
      p.issues.map((i) => [i.row, i.code]),
      [[1, "duplicate-strategy"]],
    );
    assert.deepEqual(
      p.levers.map((l) => l.strategy),
      ["chase", "optimal"],
    );
  });
});
