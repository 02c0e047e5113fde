/**
 * Every validation finding of DESIGN.md §3: its severity, its address and its treatment.
 */
import assert from "node:assert/strict";
import { seriesValue } from "../../src/engine/inputs";
import type { Finding, FindingCode } from "../../src/workbook/findings";
import type { Cell } from "../../src/workbook/grid";
import type { ReadResult } from "../../src/workbook/host";
import type { Mapping } from "../../src/workbook/mapping";
import { readInputs } from "../../src/workbook/readInputs";
import { grid } from "../helpers/grids";

const ACT: Cell[][] = [
  ["Item", "Family", "2025-01", "2025-02", "2025-03"],
  ["A", "F1", 10, 11, 12],
  ["B", "F1", 20, 21, 22],
];

function run(sheets: Record<string, Cell[][]>, roles: Mapping["roles"], extraReads: Record<string, ReadResult> = {}) {
  const mapping: Mapping = { roles };
  const reads: ReadResult[] = [];
  for (const b of roles) {
    for (const s of b.sources) {
      const name = s.sheet ?? s.table ?? "";
      const r = extraReads[name] ?? (sheets[name] ? grid(name, sheets[name]!) : { source: s, message: `sheet '${name}' does not exist` });
      reads.push(r);
    }
  }
  return readInputs(mapping, reads);
}

function one(findings: readonly Finding[], code: FindingCode): Finding {
  const f = findings.filter((x) => x.code === code);
  assert.ok(f.length > 0, `expected a '${code}' finding, got: ${findings.map((x) => x.code).join(", ")}`);
  return f[0]!;
}

const actualsRole = { role: "actuals" as const, sources: [{ sheet: "Actuals" }] };

describe("validation findings", () => {
  it("a clean workbook has no errors and gives inputs", () => {
    const r = run({ Actuals: ACT }, [actualsRole]);
    assert.equal(r.findings.filter((f) => f.severity !== "info").length, 0);
    assert.ok(r.inputs);
    assert.equal(r.inputs.actuals.keys.length, 2);
  });

  it("role-missing: no actuals mapped blocks the run", () => {
    const r = run({ F: ACT }, [{ role: "forecast:Sales", sources: [{ sheet: "F" }] }]);
    const f = one(r.findings, "role-missing");
    assert.equal(f.severity, "error");
    assert.equal(r.inputs, null);
  });

  it("source-unreadable: a deleted sheet", () => {
    const r = run({}, [{ role: "actuals", sources: [{ sheet: "Gone" }] }]);
    const f = one(r.findings, "source-unreadable");
    assert.equal(f.severity, "error");
    assert.equal(f.address, "Gone (whole sheet)");
    assert.match(f.message, /does not exist/);
  });

  it("range-empty: an empty range and a header-only range", () => {
    let r = run({ Actuals: [] }, [actualsRole]);
    assert.equal(one(r.findings, "range-empty").severity, "error");
    r = run({ Inv: [["Item", "On hand"]], Actuals: ACT }, [actualsRole, { role: "inventory", sources: [{ sheet: "Inv" }] }]);
    const f = one(r.findings, "range-empty");
    assert.equal(f.address, "Inv!A1:B1");
    assert.equal(r.inputs, null);
  });

  it("header-not-found: no recognisable header row", () => {
    const r = run({ Actuals: [["foo", "bar"], [1, 2]] }, [actualsRole]);
    const f = one(r.findings, "header-not-found");
    assert.equal(f.address, "Actuals!A1:B2");
  });

  it("key-column-missing: periods but no item column", () => {
    const r = run({ Actuals: [["Region", "Family", "2025-01", "2025-02"], ["EU", "F", 1, 2]] }, [actualsRole]);
    const f = one(r.findings, "key-column-missing");
    assert.equal(f.severity, "error");
    assert.equal(f.address, "Actuals!A1:D1");
  });

  it("no-periods: a long table without a period column", () => {
    const r = run({ Actuals: ACT, Inv: [["Item", "Price"], ["A", 3]] }, [actualsRole, { role: "production", sources: [{ sheet: "Inv" }], layout: "long" }]);
    assert.equal(one(r.findings, "no-periods").severity, "error");
  });

  it("column-missing: prices without a Price column", () => {
    const r = run({ Actuals: ACT, P: [["Item", "Unit cost"], ["A", 3]] }, [actualsRole, { role: "prices", sources: [{ sheet: "P" }] }]);
    const f = one(r.findings, "column-missing");
    assert.equal(f.address, "P!A1:B1");
    assert.match(f.message, /price/);
  });

  it("text-in-number: text where a quantity was expected → no value, with the cell address", () => {
    const r = run({ "Sales EU": [["Item", "2025-01", "2025-02"], ["A", 1, "n/a"]], Actuals: ACT }, [actualsRole, { role: "forecast:Sales", sources: [{ sheet: "Sales EU" }] }]);
    const f = one(r.findings, "text-in-number");
    assert.equal(f.severity, "warning");
    assert.equal(f.address, "'Sales EU'!C2");
    assert.equal(f.message, "Text 'n/a' where a quantity was expected; read as no value.");
    assert.ok(Number.isNaN(seriesValue(r.inputs!.forecasts.get("Sales")!, 0, 1)));
  });

  it("date-in-number: a quantity Excel turned into a date (1/5 → 2026-01-05) → no value, with the date and the cell", () => {
    // Sales typed 1/5 in C2 (Excel made it the date 2026-01-05, serial 46027, shown d-mmm); B2 is 12 shown as a date by mistake.
    const values: Cell[][] = [["Item", "2025-01", "2025-02", "2025-03"], ["A", 12, 46027, 46027]];
    const formats: (string | null)[][] = [[null, null, null, null], [null, "d-mmm", "d-mmm", "#,##0"]];
    const r = readInputs({ roles: [actualsRole, { role: "forecast:Sales", sources: [{ sheet: "Sales" }] }] }, [grid("Actuals", ACT), grid("Sales", values, { formats })]);
    const f = one(r.findings, "date-in-number");
    assert.equal(f.severity, "warning");
    assert.equal(f.address, "Sales!C2");
    assert.equal(f.message, "Date 2026-01-05 where a quantity was expected (Excel turns a number typed as 1/5 or 3-4 into a date; the cell holds 46,027); read as no value.");
    const sales = r.inputs!.forecasts.get("Sales")!;
    assert.ok(Number.isNaN(seriesValue(sales, 0, 1)));
    // A small number under a date format is a quantity with the wrong format; the same serial shown as a number is a quantity.
    assert.equal(seriesValue(sales, 0, 0), 12);
    assert.equal(seriesValue(sales, 0, 2), 46027);
  });

  it("date-in-number: in list roles too (an on-hand quantity, a price), and in the 1904 date system", () => {
    const inv: Cell[][] = [["Item", "On hand", "Safety stock"], ["A", 45000, 10], ["B", 5, 40000]];
    const invFormats: (string | null)[][] = [[null, null, null], [null, "yyyy-mm-dd", null], [null, null, "m/d/yy"]];
    const prices: Cell[][] = [["Item", "Price", "Unit cost"], ["A", 44000, 3]];
    const r = readInputs(
      { roles: [actualsRole, { role: "inventory", sources: [{ sheet: "Inv" }] }, { role: "prices", sources: [{ sheet: "P" }] }] },
      [grid("Actuals", ACT), grid("Inv", inv, { formats: invFormats }), { ...grid("P", prices, { formats: [[null, null, null], [null, "[$-409]d-mmm-yy;@", null]] }), date1904: true }],
    );
    const dates = r.findings.filter((f) => f.code === "date-in-number");
    assert.deepEqual(dates.map((f) => f.address), ["Inv!B2", "Inv!C3", "P!B2"]);
    assert.match(dates[0]!.message, /^Date 2023-03-15 where .* the cell holds 45,000\); read as no value\.$/);
    assert.match(dates[1]!.message, /^Date 2009-07-06 /);
    assert.equal(dates[2]!.message, "Date 2024-06-19 where a price was expected (Excel turns a number typed as 1/5 or 3-4 into a date; the cell holds 44,000); read as no value."); // 44,000 days after 1904-01-01
    const a = r.inputs!.inventory.find((x) => x.item === "A")!;
    const b = r.inputs!.inventory.find((x) => x.item === "B")!;
    // On hand falls back to 0 as a blank would, safety stock to none; the other cells are read.
    assert.deepEqual([a.onHand, a.safetyStock, b.onHand, b.safetyStock], [0, 10, 5, null]);
  });

  it("actuals-in-future: actual values dated after the latest month block the run, at the header cell; empty future columns do not", () => {
    const rows: Cell[][] = [
      ["Item", "2025-11", "2025-12", "2052-06", "2026-03"],
      ["A", 10, 11, 12, null],
      ["B", 20, 21, 22, null],
    ];
    const r = readInputs({ roles: [actualsRole] }, [grid("Actuals", rows)], { latestActualMonth: "2026-01" });
    assert.equal(r.inputs, null, "blocked");
    const f = one(r.findings, "actuals-in-future");
    assert.equal(f.severity, "error");
    assert.equal(f.address, "Actuals!D1");
    assert.equal(f.message, "2 actual value(s) are dated 2052-06, after 2026-01: actuals cannot come from the future, and the cycle would be planned from there. A mistyped year? Correct the period, or name the cycle to plan (sop … --cycle YYYY-MM).");
    // Without the limit (a cycle was given) the same table reads.
    assert.ok(readInputs({ roles: [actualsRole] }, [grid("Actuals", rows)]).inputs !== null);
    // The future column empty (a template with months to come): nothing to say.
    const empty = rows.map((row, i) => (i === 0 ? row : [row[0]!, row[1]!, row[2]!, null, null]));
    const ok = readInputs({ roles: [actualsRole] }, [grid("Actuals", empty)], { latestActualMonth: "2026-01" });
    assert.ok(ok.inputs !== null);
    assert.ok(!ok.findings.some((x) => x.code === "actuals-in-future"));
  });

  it("actuals-in-future: long layouts (on the range) and weeks (by the month of their Thursday)", () => {
    const long: Cell[][] = [["Item", "Period", "Qty"], ["A", "2026-01", 5], ["A", "2062-01", 7]];
    const r = readInputs({ roles: [actualsRole] }, [grid("Actuals", long)], { latestActualMonth: "2026-01" });
    assert.equal(one(r.findings, "actuals-in-future").address, "Actuals!A1:C3");
    // Stacked actuals, wide and long (found by the fuzzer: the address joined both ranges): the long range holding the date.
    const two: Mapping["roles"] = [actualsRole, { role: "actuals", sources: [{ sheet: "Lines" }] }];
    const stacked = readInputs({ roles: two }, [grid("Actuals", [["Item", "2025-01"], ["A", 1]]), grid("Lines", [["Item", "Period", "Qty"], ["A", "2027-01", 0], ["A", "2025-04", 0]])], { latestActualMonth: "2026-12" });
    assert.equal(one(stacked.findings, "actuals-in-future").address, "Lines!A1:C3");
    // 2026-W05 ends in January; 2026-W06 (Thursday 5 February) is after it.
    const weeks: Cell[][] = [["Item", "2026-W05", "2026-W06"], ["A", 1, 2]];
    const w = readInputs({ roles: [actualsRole] }, [grid("Actuals", weeks)], { latestActualMonth: "2026-01" });
    assert.equal(one(w.findings, "actuals-in-future").address, "Actuals!C1");
  });

  it("number-as-text: '1,234' is read as 1234", () => {
    const r = run({ Actuals: [["Item", "2025-01"], ["A", "1,234"]] }, [actualsRole]);
    const f = one(r.findings, "number-as-text");
    assert.equal(f.address, "Actuals!B2");
    assert.equal(seriesValue(r.inputs!.actuals, 0, 0), 1234);
  });

  it("excel-error: #N/A and #REF! are read as no value", () => {
    const r = run({ Actuals: [["Item", "2025-01", "2025-02"], ["A", { error: "#N/A" }, { error: "#REF!" }]] }, [actualsRole]);
    const fs = r.findings.filter((f) => f.code === "excel-error");
    assert.deepEqual(fs.map((f) => f.address), ["Actuals!B2", "Actuals!C2"]);
    assert.match(fs[0]!.message, /#N\/A/);
    assert.ok(r.inputs);
  });

  it("negative: kept in actuals (returns), read as 0 in forecasts", () => {
    const r = run({ Actuals: [["Item", "2025-01"], ["A", -5]], F: [["Item", "2025-02"], ["A", -3]] }, [actualsRole, { role: "forecast:Sales", sources: [{ sheet: "F" }] }]);
    const fs = r.findings.filter((f) => f.code === "negative");
    assert.deepEqual(fs.map((f) => f.address), ["Actuals!B2", "F!B2"]);
    assert.equal(seriesValue(r.inputs!.actuals, 0, 0), -5);
    assert.equal(seriesValue(r.inputs!.forecasts.get("Sales")!, 0, 0), 0);
  });

  it("absurd-value: 1e300 is read as no value", () => {
    const r = run({ Actuals: [["Item", "2025-01"], ["A", 1e300]] }, [actualsRole]);
    assert.equal(one(r.findings, "absurd-value").address, "Actuals!B2");
  });

  it("blank-values: counted once per range, as information", () => {
    const r = run({ Actuals: [["Item", "2025-01", "2025-02"], ["A", null, 1], ["B", null, null]] }, [actualsRole]);
    const f = one(r.findings, "blank-values");
    assert.equal(f.severity, "info");
    assert.match(f.message, /^3 blank cell/);
  });

  it("duplicate-key: the same item twice in one range is added, with both addresses", () => {
    const r = run({ Actuals: [["Item", "2025-01"], ["A", 1], ["B", 1], ["A", 2]] }, [actualsRole]);
    const f = one(r.findings, "duplicate-key");
    assert.equal(f.address, "Actuals!A4");
    assert.match(f.message, /first at Actuals!A2/);
    assert.equal(seriesValue(r.inputs!.actuals, 0, 0), 3);
  });

  it("duplicate-period: two columns for one month block the run", () => {
    const r = run({ Actuals: [["Item", "2025-01", "Jan 2025"], ["A", 1, 2]] }, [actualsRole]);
    const f = one(r.findings, "duplicate-period");
    assert.equal(f.severity, "error");
    assert.equal(f.address, "Actuals!C1");
  });

  it("periods-out-of-order: read in calendar order", () => {
    const r = run({ Actuals: [["Item", "2025-02", "2025-01"], ["A", 2, 1]] }, [actualsRole]);
    assert.equal(one(r.findings, "periods-out-of-order").severity, "info");
    assert.deepEqual(r.inputs!.actuals.periods, ["2025-01", "2025-02"]);
    assert.equal(seriesValue(r.inputs!.actuals, 0, 0), 1);
  });

  it("periods-gap: a missing month is read as no value", () => {
    const r = run({ Actuals: [["Item", "2025-01", "2025-03"], ["A", 1, 3]] }, [actualsRole]);
    assert.equal(one(r.findings, "periods-gap").severity, "warning");
    assert.deepEqual(r.inputs!.actuals.periods, ["2025-01", "2025-02", "2025-03"]);
  });

  it("mixed-period-kinds: months in one range and weeks in another block the run", () => {
    const r = run({ A1: ACT, A2: [["Item", "2025-W01", "2025-W02"], ["C", 1, 2]] }, [{ role: "actuals", sources: [{ sheet: "A1" }, { sheet: "A2" }] }]);
    assert.equal(one(r.findings, "mixed-period-kinds").severity, "error");
  });

  it("total-row-skipped and blank-row-skipped", () => {
    const r = run({ Actuals: [["Item", "2025-01"], ["A", 1], [], ["B", 2], ["Total", 3]] }, [actualsRole]);
    assert.equal(one(r.findings, "total-row-skipped").address, "Actuals!A5");
    assert.match(one(r.findings, "blank-row-skipped").message, /^1 blank row/);
    assert.deepEqual(r.inputs!.actuals.keys, ["A", "B"]);
  });

  it("row-without-key: figures without an item are skipped", () => {
    const r = run({ Actuals: [["Item", "2025-01"], ["A", 1], [null, 7]] }, [actualsRole]);
    const f = one(r.findings, "row-without-key");
    assert.equal(f.address, "Actuals!A3");
  });

  it("hidden-rows: reported and read", () => {
    const g = grid("Actuals", ACT, { hiddenRows: [2] });
    const r = readInputs({ roles: [actualsRole] }, [g]);
    assert.match(one(r.findings, "hidden-rows").message, /^1 hidden row/);
    assert.equal(r.inputs!.actuals.keys.length, 2);
  });

  it("forecast-item-not-in-actuals: a new item", () => {
    const r = run({ Actuals: ACT, F: [["Item", "2025-04"], ["NEW-1", 5]] }, [actualsRole, { role: "forecast:Sales", sources: [{ sheet: "F" }] }]);
    const f = one(r.findings, "forecast-item-not-in-actuals");
    assert.equal(f.severity, "warning");
    assert.match(f.message, /NEW-1/);
  });

  it("resource-without-capacity and unknown-resource-item", () => {
    const r = run(
      {
        Actuals: ACT,
        Cap: [["Resource", "Efficiency", "2025-04", "2025-05"], ["WC-10", 0.9, 100, 100]],
        BoR: [["Family", "Item", "Resource", "Hours per unit"], ["F1", null, "WC-10", 0.5], ["F1", null, "WC-99", 0.2], ["F9", null, "WC-10", 1]],
      },
      [actualsRole, { role: "capacity", sources: [{ sheet: "Cap" }] }, { role: "resources", sources: [{ sheet: "BoR" }] }],
    );
    assert.match(one(r.findings, "resource-without-capacity").message, /WC-99/);
    assert.match(one(r.findings, "unknown-resource-item").message, /F9/);
    assert.equal(r.inputs!.capacity!.efficiency[0], 0.9);
  });

  it("bad-period: a long row whose period cannot be read", () => {
    const r = run({ Actuals: [["Item", "Period", "Qty"], ["A", "2025-01", 1], ["A", "someday", 2]] }, [actualsRole]);
    assert.equal(one(r.findings, "bad-period").address, "Actuals!B3");
  });

  it("efficiency-out-of-range: 95 is read as 95 %, 7 as 1", () => {
    const r = run({ Actuals: ACT, Cap: [["Resource", "Efficiency", "2025-04"], ["WC-10", 95, 100], ["WC-20", -1, 100]] }, [actualsRole, { role: "capacity", sources: [{ sheet: "Cap" }] }]);
    const fs = r.findings.filter((f) => f.code === "efficiency-out-of-range");
    assert.equal(fs.length, 2);
    assert.equal(r.inputs!.capacity!.efficiency[0], 0.95);
    assert.equal(r.inputs!.capacity!.efficiency[1], 1);
  });

  it("rate-inverted: units per hour become hours per unit", () => {
    const r = run({ Actuals: ACT, BoR: [["Family", "Resource", "Units per hour"], ["F1", "WC-10", 4]] }, [actualsRole, { role: "resources", sources: [{ sheet: "BoR" }] }]);
    assert.equal(one(r.findings, "rate-inverted").address, "BoR!C2");
    assert.equal(r.inputs!.resources[0]!.perUnit, 0.25);
  });

  it("more-findings: a flood of bad cells is capped and counted", () => {
    const rows: Cell[][] = [["Item", "2025-01"]];
    for (let i = 0; i < 100; i++) rows.push([`I${i}`, "x"]);
    const r = run({ Actuals: rows }, [actualsRole]);
    assert.equal(r.findings.filter((f) => f.code === "text-in-number").length, 25);
    assert.match(one(r.findings, "more-findings").message, /^75 more/);
  });


  describe("onActuals: the actuals handed over as soon as they are parsed", () => {
    const reads = (sheets: Record<string, Cell[][]>, roles: Mapping["roles"]): ReadResult[] =>
      roles.flatMap((b) => b.sources.map((s) => (sheets[s.sheet ?? ""] ? grid(s.sheet ?? "", sheets[s.sheet ?? ""]!) : { source: s, message: `sheet '${s.sheet ?? ""}' does not exist` })));
    const FC: Cell[][] = [["Item", "2025-04", "2025-05"], ["A", 12, 13]];

    it("once, before the roles mapped after them are parsed, with the object inputs.actuals holds", () => {
      const roles: Mapping["roles"] = [actualsRole, { role: "forecast:Sales", sources: [{ sheet: "Sales" }] }];
      const sheets = { Actuals: ACT, Sales: [["Item", "2025-04", "2025-05"], ["A", "n/a", 13]] as Cell[][] };
      const probe = readInputs({ roles }, reads(sheets, roles));
      // The Sales grid's data cell tells when it is first read.
      const log: string[] = [];
      const watched = reads(sheets, roles);
      const row = (watched[1] as { values: Cell[][] }).values[1]!;
      let parsed = false;
      Object.defineProperty(row, 1, { get: () => ((parsed ||= (log.push("Sales parsed"), true)), "n/a") });
      const handed: unknown[] = [];
      const r = readInputs({ roles }, watched, {
        onActuals: (a) => {
          handed.push(a);
          log.push(`actuals handed over: ${a.keys.join(", ")}`);
        },
      });
      assert.deepEqual(log, ["actuals handed over: A, B", "Sales parsed"]);
      assert.equal(handed.length, 1);
      assert.equal(handed[0], r.inputs!.actuals);
      // The hook changes nothing of the result.
      assert.deepStrictEqual(r, probe);
    });

    it("also when the actuals are mapped last, or over two ranges (after the second)", () => {
      const last: Mapping["roles"] = [{ role: "forecast:Sales", sources: [{ sheet: "Sales" }] }, actualsRole];
      let calls = 0;
      const r1 = readInputs({ roles: last }, reads({ Actuals: ACT, Sales: FC }, last), { onActuals: (a) => { calls++; assert.equal(a.keys.length, 2); } });
      assert.equal(calls, 1);
      assert.ok(r1.inputs !== null);
      const two: Mapping["roles"] = [actualsRole, { role: "actuals", sources: [{ sheet: "More" }] }, { role: "forecast:Sales", sources: [{ sheet: "Sales" }] }];
      const more: Cell[][] = [["Item", "Family", "2025-01", "2025-02", "2025-03"], ["C", "F2", 1, 2, 3]];
      const handed: unknown[] = [];
      const r2 = readInputs({ roles: two }, reads({ Actuals: ACT, More: more, Sales: FC }, two), { onActuals: (a) => handed.push(a) });
      assert.equal(handed.length, 1);
      assert.equal(handed[0], r2.inputs!.actuals);
      assert.deepEqual(r2.inputs!.actuals.keys, ["A", "B", "C"]);
    });

    it("never when the run is already blocked: no actuals, or an error before them", () => {
      let calls = 0;
      const onActuals = (): void => void calls++;
      const noActuals: Mapping["roles"] = [{ role: "forecast:Sales", sources: [{ sheet: "Sales" }] }];
      assert.equal(readInputs({ roles: noActuals }, reads({ Sales: FC }, noActuals), { onActuals }).inputs, null);
      const deleted: Mapping["roles"] = [{ role: "forecast:Sales", sources: [{ sheet: "Gone" }] }, actualsRole];
      assert.equal(readInputs({ roles: deleted }, reads({ Actuals: ACT }, deleted), { onActuals }).inputs, null);
      assert.equal(calls, 0);
    });
  });
});
