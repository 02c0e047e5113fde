import assert from "node:assert/strict";
import {
  alertCounts,
  biasWords,
  describeFva,
  describeSeries,
  fvaReading,
  groupSeries,
  knownSpan,
  lagText,
  lockIntent,
  lockMessage,
  lockTitle,
  lockedAfter,
  matchingSeries,
  points,
  relockQuestion,
  sourceText,
  windowText,
} from "../../src/taskpane/demandView";
import { percent, sheetAddress, signedPercent, writtenSheet } from "../../src/taskpane/paneFormat";
import { selectableAddress } from "../../src/taskpane/sources";
import type { ChartSeries, FvaStepView } from "../../src/workbook/demandSummary";
import type { WriteResult } from "../../src/workbook/host";

const M = "\u2212";

function series(key: string, label: string, level: ChartSeries["level"]): ChartSeries {
  return { key, label, level, periods: [], actual: [], statistical: [], lower80: [], upper80: [], consensus: [] };
}

describe("task pane: the Demand step's words and numbers", () => {
  it("percentages: one decimal, a space before %, a typographic minus, no sign on a value that rounds to zero", () => {
    assert.equal(percent(0.877), "87.7 %");
    assert.equal(percent(1), "100.0 %");
    assert.equal(percent(0.12345, 2), "12.35 %");
    assert.equal(percent(null), "n/a");
    assert.equal(percent(Number.NaN), "n/a");
    assert.equal(signedPercent(0.123), "+12.3 %");
    assert.equal(signedPercent(-0.04), `${M}4.0 %`);
    assert.equal(signedPercent(0.0004), "0.0 %");
    assert.equal(signedPercent(-0.0004), "0.0 %");
    assert.equal(signedPercent(null), "n/a");
  });

  it("FVA in points: WAPE(previous) − WAPE(this) as a fraction, × 100", () => {
    // WAPE 0.250 → 0.219: 0.031 = +3.1 points.
    assert.equal(points(0.25 - 0.219), "+3.1 points");
    assert.equal(points(0.219 - 0.25), `${M}3.1 points`);
    assert.equal(points(0), "0.0 points");
    assert.equal(points(null), "n/a");
  });

  it("bias in words: positive is over-forecast (e = F − A)", () => {
    assert.equal(biasWords(0.052), "over-forecast");
    assert.equal(biasWords(-0.08), "under-forecast");
    assert.equal(biasWords(0.0003), "no bias");
    assert.equal(biasWords(null), "no actual volume");
  });

  it("where a version's past forecasts came from", () => {
    assert.equal(sourceText("snapshots"), "from snapshots");
    assert.equal(sourceText("backtest"), "from a backtest");
    assert.equal(sourceText("forecast tab"), "from the forecast tab");
  });

  it("the window and the lag", () => {
    assert.equal(windowText(["2025-11", "2025-12", "2026-01"]), "2025-11 … 2026-01 (3 months)");
    assert.equal(windowText(["2026-10"]), "2026-10 (1 month)");
    assert.equal(windowText([]), "no closed month yet");
    assert.equal(lagText(1), "lag 1: the forecast made 1 cycle before the month");
    assert.equal(lagText(3), "lag 3: the forecast made 3 cycles before the month");
    assert.equal(lagText(0), "lag 0: the forecast made in the month's own cycle");
  });

  describe("the FVA reading", () => {
    const steps: FvaStepView[] = [
      { step: "naive", wape: 0.3, fva: null },
      { step: "statistical", wape: 0.22, fva: 0.08 },
      { step: "Sales", wape: 0.251, fva: -0.031 },
      { step: "Consensus", wape: 0.21, fva: 0.041 },
    ];

    it("names the step that makes the forecast worse", () => {
      assert.equal(fvaReading(steps), `Sales adds ${M}3.1 points: it makes the forecast worse.`);
    });

    it("otherwise the step that adds the most", () => {
      assert.equal(fvaReading([steps[0]!, steps[1]!, steps[3]!]), "No step makes the forecast worse. Statistical adds +8.0 points: it makes the forecast better.");
    });

    it("says when there is nothing to compare", () => {
      assert.equal(fvaReading([{ step: "naive", wape: 0.3, fva: null }]), "Only one step has a forecast: there is nothing to compare yet.");
      assert.equal(fvaReading([]), "Only one step has a forecast: there is nothing to compare yet.");
      assert.equal(fvaReading([{ step: "naive", wape: null, fva: null }, { step: "statistical", wape: null, fva: null }]), "No step has an error to compare yet: the window holds no actual volume.");
      assert.equal(fvaReading([{ step: "naive", wape: 0.2, fva: null }, { step: "statistical", wape: 0.2, fva: 0.0001 }]), "No step changes the forecast error.");
    });

    it("describes the chart for a screen reader", () => {
      assert.equal(
        describeFva(steps.slice(0, 3)),
        `Forecast value added, step by step: naive, WAPE 30.0 %; statistical, WAPE 22.0 %, +8.0 points; Sales, WAPE 25.1 %, ${M}3.1 points.`,
      );
      assert.equal(describeFva([{ step: "naive", wape: null, fva: null }]), "Forecast value added, step by step: naive, no WAPE.");
    });
  });

  describe("the series picker", () => {
    const all = [series("total", "Total", "total"), series("family:Pumps", "Pumps", "family"), series("family:Valves", "Valves", "family"), series("item:PMP-1001", "PMP-1001 (Pumps)", "item"), series("item:VLV-2001", "VLV-2001 (Valves)", "item")];

    it("finds by part of the label or key, case-insensitive; everything when empty or the picked label", () => {
      assert.deepEqual(matchingSeries(all, "pump", null).map((s) => s.key), ["family:Pumps", "item:PMP-1001"]);
      assert.deepEqual(matchingSeries(all, "vlv", null).map((s) => s.key), ["item:VLV-2001"]);
      assert.equal(matchingSeries(all, "  ", null).length, 5);
      assert.equal(matchingSeries(all, "Pumps", all[1]!).length, 5, "the picked series' own label shows every option");
      assert.equal(matchingSeries(all, "xyz", null).length, 0);
    });

    it("groups by level, at most `limit` options", () => {
      const g = groupSeries(all, 4);
      assert.deepEqual(g.groups.map((x) => [x.level, x.series.length]), [["total", 1], ["family", 2], ["item", 1]]);
      assert.equal(g.hidden, 1);
      assert.equal(groupSeries(all, 10).hidden, 0);
    });
  });

  it("alerts counted by kind", () => {
    const kinds = ["tracking", "override", "tracking", "new-item"] as const;
    assert.equal(alertCounts(kinds.map((kind) => ({ kind }))), "4 alerts: 2 tracking signals, 1 override that made the forecast worse, 1 new item.");
    assert.equal(alertCounts([{ kind: "bias" }]), "1 alert: 1 bias alert.");
    assert.equal(alertCounts([]), "No alerts.");
  });

  it("an alert's cells, on the sheet as written (renamed on a clash)", () => {
    const written: WriteResult = { sheets: [{ requested: "SOP Accuracy", written: "SOP Accuracy (2)" }, { requested: "SOP Forecast", written: "SOP Forecast" }], target: "this workbook", notes: [] };
    assert.equal(sheetAddress({ sheet: "SOP Accuracy", address: "A57" }, written), "'SOP Accuracy (2)'!A57");
    assert.equal(sheetAddress({ sheet: "SOP Forecast", address: "A9" }, null), "'SOP Forecast'!A9");
    assert.equal(sheetAddress({ sheet: "O'Brien", address: "B2" }, null), "'O''Brien'!B2");
    assert.equal(writtenSheet("sop accuracy", written), "SOP Accuracy (2)");
    // What the Excel controller selects.
    assert.deepEqual(selectableAddress(sheetAddress({ sheet: "SOP Accuracy", address: "A57" }, written)), { sheet: "SOP Accuracy (2)", range: "A57" });
    assert.deepEqual(selectableAddress(sheetAddress({ sheet: "O'Brien", address: "B2" }, null)), { sheet: "O'Brien", range: "B2" });
  });

  it("the lock: the question before locking again, and how each outcome is shown", () => {
    assert.equal(relockQuestion("2026-11"), "Cycle 2026-11 is already locked. Lock again and replace its snapshot?");
    assert.equal(lockIntent("locked"), "success");
    assert.equal(lockIntent("relocked"), "success");
    assert.equal(lockIntent("already-locked"), "warning");
    assert.equal(lockIntent("nothing-to-lock"), "warning");
    assert.equal(lockIntent("too-large"), "error");
    assert.equal(lockTitle("locked"), "Locked");
    assert.equal(lockTitle("relocked"), "Locked again");
    assert.equal(lockTitle("already-locked"), "Not locked again");
    assert.equal(
      lockMessage({ message: "Cycle 2026-11 is already locked (1,234 rows in SOP Snapshots). Lock it again only to replace its snapshot (CLI: --force)." }),
      "Cycle 2026-11 is already locked (1,234 rows in SOP Snapshots). Lock it again only to replace its snapshot.",
    );
    assert.deepEqual(
      (["locked", "relocked", "already-locked", "too-large", "nothing-to-lock"] as const).map(lockedAfter),
      [true, true, true, false, false],
    );
  });

  it("describes the forecast-vs-actual chart for a screen reader", () => {
    const s: ChartSeries = {
      key: "family:Pumps",
      label: "Pumps",
      level: "family",
      periods: ["2026-09", "2026-10", "2026-11", "2026-12"],
      actual: [null, 1200.4, null, null],
      statistical: [null, null, 1100, 1000],
      lower80: [null, null, 900.5, 800],
      upper80: [null, null, 1300, 1250],
      consensus: [null, null, 1150, 1020],
    };
    assert.deepEqual(knownSpan(s.actual), { first: 1, last: 1 });
    assert.equal(knownSpan([null, null]), null);
    assert.equal(
      describeSeries(s, "2026-11"),
      "Forecast vs actual, Pumps: actuals from 2026-10 to 2026-10 (last 1,200); from 2026-11 to 2026-12 the statistical forecast (2026-11: 1,100, 80 % band 901 to 1,300) and the consensus (2026-11: 1,150); a vertical line marks the cycle 2026-11.",
    );
    assert.equal(describeSeries({ ...s, actual: [null, null, null, null], consensus: [null, null, null, null], statistical: [null, null, null, null] }, "2027-01"), "Forecast vs actual, Pumps: no actuals; no forecast.");
  });
});
