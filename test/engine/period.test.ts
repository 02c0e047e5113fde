import assert from "node:assert/strict";
import {
  type Period,
  addPeriods,
  comparePeriods,
  dateOfDayNumber,
  dateToSerial,
  dayNumber,
  isoWeekOfDate,
  isoWeeksInYear,
  monthOfSerial,
  parsePeriodKey,
  periodFromOrdinal,
  periodKey,
  periodOrdinal,
  serialToDate,
  weekOfSerial,
} from "../../src/engine/period";

const m = (year: number, num: number): Period => ({ kind: "month", year, num });
const w = (year: number, num: number): Period => ({ kind: "week", year, num });

describe("engine/period", () => {
  describe("periodKey / parsePeriodKey", () => {
    const cases: [Period, string][] = [
      [m(2025, 1), "2025-01"],
      [m(2025, 12), "2025-12"],
      [w(2025, 5), "2025-W05"],
      [w(2026, 53), "2026-W53"],
      [w(2020, 1), "2020-W01"],
    ];
    for (const [p, key] of cases) {
      it(`${key} round-trips`, () => {
        assert.equal(periodKey(p), key);
        assert.deepEqual(parsePeriodKey(key), p);
      });
    }
    for (const bad of ["2025-1", "2025-13", "2025-00", "2025-W00", "2025-W53", "2025W05", "25-01", "", "2025-01-01", "2025-w05"]) {
      it(`rejects ${JSON.stringify(bad)}`, () => assert.equal(parsePeriodKey(bad), null));
    }
  });

  describe("isoWeeksInYear", () => {
    const cases: [number, 52 | 53][] = [
      [2015, 53], [2019, 52], [2020, 53], [2021, 52], [2024, 52], [2025, 52], [2026, 53], [2027, 52], [2032, 53],
    ];
    for (const [y, n] of cases) it(`${y} has ${n} weeks`, () => assert.equal(isoWeeksInYear(y), n));
  });

  describe("isoWeekOfDate", () => {
    const cases: [[number, number, number], { year: number; week: number }][] = [
      [[2021, 1, 3], { year: 2020, week: 53 }],
      [[2021, 1, 4], { year: 2021, week: 1 }],
      [[2024, 12, 30], { year: 2025, week: 1 }],
      [[2025, 1, 1], { year: 2025, week: 1 }],
      [[2025, 1, 27], { year: 2025, week: 5 }],
      [[2025, 12, 28], { year: 2025, week: 52 }],
      [[2025, 12, 29], { year: 2026, week: 1 }],
      [[2026, 12, 31], { year: 2026, week: 53 }],
      [[2027, 1, 3], { year: 2026, week: 53 }],
      [[2027, 1, 4], { year: 2027, week: 1 }],
      [[2008, 12, 29], { year: 2009, week: 1 }],
      [[2010, 1, 3], { year: 2009, week: 53 }],
    ];
    for (const [[y, mo, d], want] of cases) {
      it(`${y}-${mo}-${d} → ${want.year}-W${want.week}`, () => assert.deepEqual(isoWeekOfDate(y, mo, d), want));
    }
  });

  describe("ordinals", () => {
    it("months: year*12 + month-1, consecutive across year ends", () => {
      assert.equal(periodOrdinal(m(2025, 1)), 2025 * 12);
      assert.equal(periodOrdinal(m(2026, 1)) - periodOrdinal(m(2025, 12)), 1);
      assert.deepEqual(periodFromOrdinal("month", 2025 * 12 + 11), m(2025, 12));
      assert.deepEqual(periodFromOrdinal("month", periodOrdinal(m(1999, 7))), m(1999, 7));
    });
    it("weeks: ordinal 0 is the week starting Monday 1970-01-05", () => {
      assert.equal(periodOrdinal(w(1970, 2)), 0);
      assert.equal(periodOrdinal(w(1970, 1)), -1);
    });
    it("weeks are consecutive across 2026-W53 into 2027", () => {
      const seq = [w(2026, 51), w(2026, 52), w(2026, 53), w(2027, 1), w(2027, 2)];
      for (let i = 1; i < seq.length; i++) assert.equal(periodOrdinal(seq[i]!) - periodOrdinal(seq[i - 1]!), 1);
      for (const p of seq) assert.deepEqual(periodFromOrdinal("week", periodOrdinal(p)), p);
    });
    it("weeks are consecutive across a 52-week year end", () => {
      assert.equal(periodOrdinal(w(2026, 1)) - periodOrdinal(w(2025, 52)), 1);
    });
    it("every week of 2015–2030 round-trips and follows the previous one", () => {
      let prev: number | null = null;
      for (let y = 2015; y <= 2030; y++) {
        for (let n = 1; n <= isoWeeksInYear(y); n++) {
          const o = periodOrdinal(w(y, n));
          if (prev !== null) assert.equal(o - prev, 1);
          assert.deepEqual(periodFromOrdinal("week", o), w(y, n));
          prev = o;
        }
      }
    });
  });

  describe("addPeriods / comparePeriods", () => {
    const cases: [Period, number, Period][] = [
      [m(2025, 1), 1, m(2025, 2)],
      [m(2025, 12), 1, m(2026, 1)],
      [m(2025, 1), -1, m(2024, 12)],
      [m(2025, 6), 18, m(2026, 12)],
      [m(2025, 1), 0, m(2025, 1)],
      [w(2026, 52), 1, w(2026, 53)],
      [w(2026, 53), 1, w(2027, 1)],
      [w(2027, 1), -1, w(2026, 53)],
      [w(2025, 52), 1, w(2026, 1)],
      [w(2025, 1), 104, w(2026, 53)],
    ];
    for (const [p, n, want] of cases) {
      it(`${periodKey(p)} + ${n} = ${periodKey(want)}`, () => assert.deepEqual(addPeriods(p, n), want));
    }
    it("compares chronologically within a kind, months before weeks", () => {
      assert.ok(comparePeriods(m(2025, 1), m(2025, 2)) < 0);
      assert.ok(comparePeriods(m(2026, 1), m(2025, 12)) > 0);
      assert.equal(comparePeriods(w(2026, 53), w(2026, 53)), 0);
      assert.ok(comparePeriods(w(2026, 53), w(2027, 1)) < 0);
      assert.ok(comparePeriods(m(2030, 1), w(2020, 1)) < 0);
      const sorted = [m(2025, 3), m(2024, 12), m(2025, 1)].sort(comparePeriods).map(periodKey);
      assert.deepEqual(sorted, ["2024-12", "2025-01", "2025-03"]);
    });
  });

  describe("day numbers", () => {
    it("1970-01-01 is day 0 and round-trips over four centuries", () => {
      assert.equal(dayNumber(1970, 1, 1), 0);
      assert.equal(dayNumber(2000, 3, 1), 11017);
      for (let d = -150000; d <= 150000; d += 37) {
        const c = dateOfDayNumber(d);
        assert.equal(dayNumber(c.year, c.month, c.day), d);
      }
    });
  });

  describe("Excel serials", () => {
    const cases: [number, boolean, { year: number; month: number; day: number }][] = [
      [1, false, { year: 1900, month: 1, day: 1 }],
      [31, false, { year: 1900, month: 1, day: 31 }],
      [59, false, { year: 1900, month: 2, day: 28 }],
      [60, false, { year: 1900, month: 2, day: 29 }],
      [61, false, { year: 1900, month: 3, day: 1 }],
      [366, false, { year: 1900, month: 12, day: 31 }],
      [367, false, { year: 1901, month: 1, day: 1 }],
      [36526, false, { year: 2000, month: 1, day: 1 }],
      [45658, false, { year: 2025, month: 1, day: 1 }],
      [45688, false, { year: 2025, month: 1, day: 31 }],
      [45689, false, { year: 2025, month: 2, day: 1 }],
      [2958465, false, { year: 9999, month: 12, day: 31 }],
      [0, true, { year: 1904, month: 1, day: 1 }],
      [1, true, { year: 1904, month: 1, day: 2 }],
      [44196, true, { year: 2025, month: 1, day: 1 }],
    ];
    for (const [serial, d1904, want] of cases) {
      it(`${serial}${d1904 ? " (1904)" : ""} → ${want.year}-${want.month}-${want.day} and back`, () => {
        assert.deepEqual(serialToDate(serial, d1904), want);
        assert.equal(dateToSerial(want.year, want.month, want.day, d1904), serial);
      });
    }
    it("ignores the time of day", () => {
      assert.deepEqual(serialToDate(45658.99), { year: 2025, month: 1, day: 1 });
    });
    it("is null outside the valid range", () => {
      for (const s of [0, -1, 0.5, 2958466, Number.NaN, Number.POSITIVE_INFINITY]) assert.equal(serialToDate(s), null, String(s));
      assert.equal(serialToDate(-1, true), null);
      assert.equal(serialToDate(2957004, true), null);
    });
    it("round-trips every day 1900-03-01 … 2100-12-31", () => {
      for (let s = 61; s <= dateToSerial(2100, 12, 31); s++) {
        const d = serialToDate(s)!;
        assert.equal(dateToSerial(d.year, d.month, d.day), s);
      }
    });
    it("monthOfSerial / weekOfSerial", () => {
      assert.deepEqual(monthOfSerial(45658), m(2025, 1));
      assert.deepEqual(monthOfSerial(60), m(1900, 2));
      assert.deepEqual(monthOfSerial(44196, true), m(2025, 1));
      assert.deepEqual(weekOfSerial(45658), w(2025, 1));
      assert.deepEqual(weekOfSerial(dateToSerial(2021, 1, 3)), w(2020, 53));
      assert.deepEqual(weekOfSerial(dateToSerial(2026, 12, 31)), w(2026, 53));
      assert.equal(monthOfSerial(0), null);
      assert.equal(weekOfSerial(-5), null);
    });
  });
});
