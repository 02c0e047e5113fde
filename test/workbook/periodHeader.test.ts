import assert from "node:assert/strict";
import { type Period, dateToSerial, periodKey } from "../../src/engine/period";
import type { Cell } from "../../src/workbook/grid";
import { isDateFormat, parsePeriodHeader, parsePeriodHeaderRow } from "../../src/workbook/periodHeader";

const key = (p: Period | null): string | null => (p === null ? null : periodKey(p));
const keys = (ps: readonly (Period | null)[]): (string | null)[] => ps.map(key);

describe("workbook/periodHeader", () => {
  describe("parsePeriodHeader: texts", () => {
    const accepted: [string, string][] = [
      // year-month numbers
      ["2025-01", "2025-01"],
      ["2025/01", "2025-01"],
      ["2025.01", "2025-01"],
      ["2025-1", "2025-01"],
      ["2025-12", "2025-12"],
      ["  2025 - 03  ", "2025-03"],
      ["01/2025", "2025-01"],
      ["1/2025", "2025-01"],
      ["01-2025", "2025-01"],
      ["12.2025", "2025-12"],
      ["202503", "2025-03"],
      // month names
      ["Jan-25", "2025-01"],
      ["Jan 25", "2025-01"],
      ["jan25", "2025-01"],
      ["Jan 2025", "2025-01"],
      ["Jan. 2025", "2025-01"],
      ["Jan, 2025", "2025-01"],
      ["January 2025", "2025-01"],
      ["JANUARY-2025", "2025-01"],
      ["january   2025", "2025-01"],
      ["Sept 2025", "2025-09"],
      ["Sep-25", "2025-09"],
      ["2025 Jan", "2025-01"],
      ["Dec-99", "2099-12"],
      // other languages
      ["Mär 2025", "2025-03"],
      ["Mrz 2025", "2025-03"],
      ["März 2025", "2025-03"],
      ["Mai 25", "2025-05"],
      ["Okt 2025", "2025-10"],
      ["Dez. 2025", "2025-12"],
      ["Jänner 2025", "2025-01"],
      ["janv. 2025", "2025-01"],
      ["févr. 2025", "2025-02"],
      ["mars 2025", "2025-03"],
      ["avr. 2025", "2025-04"],
      ["juin 2025", "2025-06"],
      ["juil. 2025", "2025-07"],
      ["août 2025", "2025-08"],
      ["déc. 2025", "2025-12"],
      ["ene-25", "2025-01"],
      ["abr 2025", "2025-04"],
      ["ago-25", "2025-08"],
      ["dic 2025", "2025-12"],
      ["septiembre 2025", "2025-09"],
      ["mei 2025", "2025-05"],
      ["mrt 2025", "2025-03"],
      ["gen 2025", "2025-01"],
      ["mag 2025", "2025-05"],
      ["giu 2025", "2025-06"],
      ["lug 2025", "2025-07"],
      ["set 2025", "2025-09"],
      ["ott 2025", "2025-10"],
      ["dicembre 2025", "2025-12"],
      // numbered months
      ["2025M01", "2025-01"],
      ["2025M1", "2025-01"],
      ["2025 M01", "2025-01"],
      ["2025-M12", "2025-12"],
      ["M01 2025", "2025-01"],
      ["M1-2025", "2025-01"],
      ["P01 2025", "2025-01"],
      ["2025P03", "2025-03"],
      // dates as text → month
      ["2025-01-01", "2025-01"],
      ["2025-01-15", "2025-01"],
      ["2025-01-06T00:00:00", "2025-01"],
      ["01/01/2025", "2025-01"],
      ["15/01/2025", "2025-01"],
      ["01/15/2025", "2025-01"],
      ["01/03/2025", "2025-03"], // day-first reading falls on the 1st
      ["03/01/2025", "2025-03"], // month-first reading falls on the 1st
      ["01.02.2025", "2025-02"],
      ["1 Jan 2025", "2025-01"],
      ["01-Jan-25", "2025-01"],
      ["Jan 15, 2025", "2025-01"],
      // weeks
      ["2025-W05", "2025-W05"],
      ["2025W05", "2025-W05"],
      ["2025-W5", "2025-W05"],
      ["2025 w05", "2025-W05"],
      ["W05 2025", "2025-W05"],
      ["W05-2025", "2025-W05"],
      ["KW05 2025", "2025-W05"],
      ["KW 5/25", "2025-W05"],
      ["CW05 2025", "2025-W05"],
      ["Wk 5 2025", "2025-W05"],
      ["Week 5 2025", "2025-W05"],
      ["2026-W53", "2026-W53"],
      ["2020-W53", "2020-W53"],
    ];
    for (const [text, want] of accepted) {
      it(`${JSON.stringify(text)} → ${want}`, () => assert.equal(key(parsePeriodHeader(text)), want));
    }

    const rejected: string[] = [
      "Total", "Grand total", "Q1 2025", "Q1-25", "H1 2025", "Jan", "January", "2025", "25", "13/2025", "2025-13",
      "2025-00", "0/2025", "FY25", "FY 2025", "", "   ", "2025-W53", "2025-W00", "W54 2026", "M13 2025",
      "P13 2025", "Item", "Family", "Forecast", "Jan-Feb 2025", "Mar 3", "32/01/2025", "2025-02-30",
      "13/13/2025", "1850-01", "Jan 1850", "25-Jan", "Item 2025", "2025 Total", "Week 5", "W05",
      "Jan 2025 - Mar 2025", "A very long header text that is certainly not a period at all",
    ];
    for (const text of rejected) {
      it(`rejects ${JSON.stringify(text)}`, () => assert.equal(parsePeriodHeader(text), null));
    }
  });

  describe("parsePeriodHeader: numbers and other cells", () => {
    const cases: [Cell, string | null | undefined, string | null][] = [
      [45658, "mmm-yy", "2025-01"],
      [45688, "yyyy-mm-dd", "2025-01"],
      [45689.5, "m/d/yyyy h:mm", "2025-02"],
      [45658, "[$-409]mmm yy", "2025-01"],
      [45658, "General", null],
      [45658, null, null],
      [45658, "0.00", null],
      [202501, "General", "2025-01"],
      [202512, null, "2025-12"],
      [202512, "0", "2025-12"],
      [190001, undefined, "1900-01"],
      [209912, undefined, "2099-12"],
      [202513, "General", null],
      [202500, "General", null],
      [210001, "General", null],
      [2025, "General", null],
      [202501.5, "General", null],
      [0, "mmm-yy", null],
      [true, null, null],
      [false, "mmm-yy", null],
      [null, null, null],
      [{ error: "#N/A" }, null, null],
    ];
    for (const [value, fmt, want] of cases) {
      it(`${JSON.stringify(value)} with ${JSON.stringify(fmt)} → ${want}`, () => assert.equal(key(parsePeriodHeader(value, fmt)), want));
    }
    it("reads 1904-system serials", () => {
      assert.equal(key(parsePeriodHeader(44196, "mmm-yy", true)), "2025-01");
    });
    it("reads serial 60 as Excel's February 1900", () => {
      assert.equal(key(parsePeriodHeader(60, "d-mmm-yy")), "1900-02");
    });
  });

  describe("isDateFormat", () => {
    const cases: [string | null | undefined, boolean][] = [
      ["mmm-yy", true],
      ["yyyy-mm-dd", true],
      ["[$-409]mmm yy", true],
      ["[$-407]mmmm yyyy;@", true],
      ["m/d/yyyy", true],
      ["dd.mm.yyyy", true],
      ["d-mmm", true],
      ["mmmm", true],
      ["mmm", true],
      ["yy", true],
      ["m/d/yyyy h:mm", true],
      ["[Red]dd/mm/yyyy", true],
      ['"Week of" d mmm', true],
      ["0.00", false],
      ["#,##0", false],
      ["General", false],
      ["general", false],
      ["0%", false],
      ["0.0%", false],
      ["[h]:mm", false],
      ["h:mm", false],
      ["h:mm AM/PM", false],
      ["hh:mm:ss", false],
      ["mm:ss", false],
      ["[mm]:ss", false],
      ["mm:ss.0", false],
      ['#,##0 "days"', false],
      ['0 "mm"', false],
      ["[$€-407] #,##0.00", false],
      ['#,##0;[Red]-#,##0;"-"', false],
      ["0.00E+00", false],
      ["@", false],
      ["\\d0", false],
      ["", false],
      [null, false],
      [undefined, false],
    ];
    for (const [fmt, want] of cases) {
      it(`${JSON.stringify(fmt)} → ${want}`, () => assert.equal(isDateFormat(fmt), want));
    }
  });

  describe("parsePeriodHeaderRow", () => {
    it("months from first-of-month serials formatted mmm-yy, key columns ignored", () => {
      const serials = [1, 2, 3, 4].map((mo) => dateToSerial(2025, mo, 1));
      const values: Cell[] = ["Item", "Family", ...serials];
      const formats = [null, null, "mmm-yy", "mmm-yy", "mmm-yy", "mmm-yy"];
      const r = parsePeriodHeaderRow(values, formats);
      assert.equal(r.kind, "month");
      assert.equal(r.count, 4);
      assert.deepEqual(keys(r.periods), [null, null, "2025-01", "2025-02", "2025-03", "2025-04"]);
    });
    it("February and March 1st (28 days apart) stay months", () => {
      const r = parsePeriodHeaderRow([dateToSerial(2025, 2, 1), dateToSerial(2025, 3, 1)], ["mmm-yy", "mmm-yy"]);
      assert.equal(r.kind, "month");
      assert.deepEqual(keys(r.periods), ["2025-02", "2025-03"]);
    });
    it("date cells 7 days apart are weeks (across the 2026/2027 year end)", () => {
      const start = dateToSerial(2026, 12, 21); // Monday of 2026-W52
      const values: Cell[] = ["SKU", start, start + 7, start + 14, start + 21];
      const formats = [null, "dd.mm.yyyy", "dd.mm.yyyy", "dd.mm.yyyy", "dd.mm.yyyy"];
      const r = parsePeriodHeaderRow(values, formats);
      assert.equal(r.kind, "week");
      assert.equal(r.count, 4);
      assert.deepEqual(keys(r.periods), [null, "2026-W52", "2026-W53", "2027-W01", "2027-W02"]);
    });
    it("weekly dates with one week missing are still weeks", () => {
      const s = dateToSerial(2025, 1, 6);
      const r = parsePeriodHeaderRow([s, s + 7, s + 21], ["m/d/yyyy", "m/d/yyyy", "m/d/yyyy"]);
      assert.equal(r.kind, "week");
      assert.deepEqual(keys(r.periods), ["2025-W02", "2025-W03", "2025-W05"]);
    });
    it("a single date cell is a month", () => {
      const r = parsePeriodHeaderRow(["Item", dateToSerial(2025, 1, 6)], [null, "m/d/yyyy"]);
      assert.equal(r.kind, "month");
      assert.deepEqual(keys(r.periods), [null, "2025-01"]);
    });
    it("without formats, serials are not periods but yyyymm numbers are", () => {
      const r = parsePeriodHeaderRow(["Item", 45658, 202501, 202502]);
      assert.deepEqual(keys(r.periods), [null, null, "2025-01", "2025-02"]);
      assert.equal(r.count, 2);
    });
    it("mixed text header forms", () => {
      const values: Cell[] = ["Item", "Description", "Jan-25", "Feb 2025", "2025-03", "04/2025", "2025M05", "Total"];
      const r = parsePeriodHeaderRow(values);
      assert.equal(r.kind, "month");
      assert.equal(r.count, 5);
      assert.deepEqual(keys(r.periods), [null, null, "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", null]);
    });
    it("text weeks", () => {
      const r = parsePeriodHeaderRow(["Item", "2025-W52", "2026-W01", "W02 2026", "KW03 2026"]);
      assert.equal(r.kind, "week");
      assert.deepEqual(keys(r.periods), [null, "2025-W52", "2026-W01", "2026-W02", "2026-W03"]);
    });
    it("text dates 7 days apart are weeks; day/month order from the unambiguous cells", () => {
      const r = parsePeriodHeaderRow(["Item", "06/01/2025", "13/01/2025", "20/01/2025", "27/01/2025"]);
      assert.equal(r.kind, "week");
      assert.deepEqual(keys(r.periods), [null, "2025-W02", "2025-W03", "2025-W04", "2025-W05"]);
    });
    it("US text dates: order from the unambiguous cells", () => {
      const r = parsePeriodHeaderRow(["1/6/2025", "1/13/2025", "1/20/2025"]);
      assert.equal(r.kind, "week");
      assert.deepEqual(keys(r.periods), ["2025-W02", "2025-W03", "2025-W04"]);
    });
    it("all-ambiguous text dates: the order that makes them weekly", () => {
      const dmy = parsePeriodHeaderRow(["03/02/2025", "10/02/2025"]);
      assert.equal(dmy.kind, "week");
      assert.deepEqual(keys(dmy.periods), ["2025-W06", "2025-W07"]);
      const mdy = parsePeriodHeaderRow(["2/3/2025", "2/10/2025"]);
      assert.deepEqual(keys(mdy.periods), ["2025-W06", "2025-W07"]);
    });
    it("first-of-month text dates in either order stay months", () => {
      assert.deepEqual(keys(parsePeriodHeaderRow(["01/01/2025", "01/02/2025", "01/03/2025"]).periods), ["2025-01", "2025-02", "2025-03"]);
      assert.deepEqual(keys(parsePeriodHeaderRow(["1/1/2025", "2/1/2025", "3/1/2025"]).periods), ["2025-01", "2025-02", "2025-03"]);
    });
    it("mixed months and weeks: the majority kind is kept", () => {
      const r = parsePeriodHeaderRow(["Jan 2025", "Feb 2025", "2025-W09"]);
      assert.equal(r.kind, "month");
      assert.equal(r.count, 2);
      assert.deepEqual(keys(r.periods), ["2025-01", "2025-02", null]);
    });
    it("no periods", () => {
      const r = parsePeriodHeaderRow(["Item", "Family", "Region", null, true, { error: "#REF!" }]);
      assert.deepEqual(r, { periods: [null, null, null, null, null, null], kind: null, count: 0 });
    });
    it("1904 date system", () => {
      const r = parsePeriodHeaderRow([44196, 44227], ["mmm-yy", "mmm-yy"], true);
      assert.deepEqual(keys(r.periods), ["2025-01", "2025-02"]);
    });
    it("is fast enough for wide header rows", () => {
      const row: Cell[] = [];
      for (let i = 0; i < 200; i++) row.push(i % 2 === 0 ? `Jan ${2000 + (i % 99)}` : `Description ${i}`);
      const t0 = Date.now();
      for (let k = 0; k < 200; k++) parsePeriodHeaderRow(row);
      assert.ok(Date.now() - t0 < 2000);
    });
  });
});
