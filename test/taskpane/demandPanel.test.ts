/**
 * The Demand step rendered to HTML (React's server renderer, no browser; Fluent's style
 * tags left out): what each mode shows. The interactions (picking a series, locking, the
 * dialog) are in test/e2e.
 */
import assert from "node:assert/strict";
import { createElement } from "react";
import { DemandPanel, type DemandPanelProps } from "../../src/taskpane/components/DemandPanel";
import type { DemandSummary } from "../../src/workbook/demandSummary";
import { renderHtml, text } from "./renderPane";

const summary: DemandSummary = {
  cycle: "2026-11",
  window: ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"],
  accuracyLag: 1,
  versions: [
    { name: "Statistical", source: "backtest", accuracy: 0.83, wape: 0.17, biasPct: 0.01, points: 1559 },
    { name: "Sales", source: "snapshots", accuracy: 0.758, wape: 0.242, biasPct: -0.08, points: 1559 },
  ],
  fva: [
    { step: "Naive", wape: 0.25, fva: null },
    { step: "Statistical", wape: 0.17, fva: 0.08 },
    { step: "Sales", wape: 0.242, fva: -0.072 },
  ],
  statisticalSource: "backtest",
  alerts: [{ kind: "tracking", item: "PMP-1003", version: "Sales", text: "Sales over-forecasts PMP-1003 month after month: tracking signal +5.2", sheet: "SOP Accuracy", address: "A57" }],
  series: [
    {
      key: "total",
      label: "Total",
      level: "total",
      periods: ["2026-09", "2026-10", "2026-11", "2026-12"],
      actual: [100, 110, null, null],
      statistical: [null, null, 105, 108],
      lower80: [null, null, 95, 96],
      upper80: [null, null, 115, 120],
      consensus: [null, null, 107, 109],
    },
  ],
  statistical: { items: 2, byMethod: [{ method: "combination", items: 2 }] },
  consensus: { byRule: [{ rule: "statistical", cells: 36 }], newItems: 0 },
  forecastSheet: "SOP Forecast",
  accuracySheet: "SOP Accuracy",
  locked: false,
};

function render(props: Partial<DemandPanelProps>): string {
  const all: DemandPanelProps = {
    mode: "standalone",
    summary,
    written: { sheets: [{ requested: "SOP Accuracy", written: "SOP Accuracy" }], target: "plan.sop.xlsx", notes: [] },
    lock: { state: "idle" },
    locked: false,
    busy: false,
    canCancel: true,
    onLock: () => undefined,
    onCancelLock: () => undefined,
    ...props,
  };
  return renderHtml(createElement(DemandPanel, all));
}

describe("task pane: the Demand step, rendered", () => {
  it("standalone: version cards, the FVA reading and chart, the chart, an alert's address as text, the lock button", () => {
    const html = render({});
    const t = text(html);
    assert.match(t, /Cycle 2026-11: accuracy over 2026-05 … 2026-10 \(6 months\), at lag 1/);
    assert.equal(html.match(/data-testid="version-card"/g)?.length, 2);
    assert.match(t, /Sales from snapshots Accuracy 75\.8 % WAPE 24\.2 % Bias \u22128\.0 % under-forecast/);
    assert.match(t, /Sales adds \u22127\.2 points: it makes the forecast worse\./);
    assert.match(html, /<svg role="img" aria-label="Forecast value added, step by step: Naive, WAPE 25\.0 %; Statistical, WAPE 17\.0 %, \+8\.0 points; Sales, WAPE 24\.2 %, \u22127\.2 points\."/);
    assert.match(html, /<svg role="img" aria-label="Forecast vs actual, Total: actuals from 2026-09 to 2026-10/);
    assert.match(t, /1 alert: 1 tracking signal\./);
    assert.match(html, /data-testid="alert-address">SOP Accuracy!A57</);
    assert.doesNotMatch(html, /alert-select/, "no links to cells outside Excel");
    assert.match(t, /Lock cycle 2026-11/);
    assert.doesNotMatch(html, /data-testid="lock-state"/);
  });

  it("Excel: alerts select their row, output sheets open; a locked cycle says so", () => {
    const html = render({ mode: "excel", onSelect: () => undefined, onActivate: () => undefined, locked: true });
    assert.match(html, /<button[^>]*title="Select SOP Accuracy!A57 in the workbook"[^>]*data-testid="alert-select"[^>]*>Sales over-forecasts PMP-1003/);
    assert.match(html, /data-testid="open-accuracy"[^>]*>Open SOP Accuracy</);
    assert.match(text(html), /Cycle 2026-11 is already locked: locking again replaces its snapshot\./);
  });

  it("a lock's outcome: its sentence, and the download standalone", () => {
    const html = render({
      onDownload: () => undefined,
      lock: {
        state: "done",
        result: {
          lock: { cycle: "2026-11", status: "locked", appended: 120, replaced: 0, ledgerRows: 120, versions: ["Consensus", "Sales"], message: "Cycle 2026-11 locked: 120 rows appended to SOP Snapshots (Consensus, Sales)." },
          written: { sheets: [{ requested: "SOP Snapshots", written: "SOP Snapshots" }], target: "plan.sop.xlsx", notes: [] },
          output: { name: "plan.sop.xlsx", bytes: new ArrayBuffer(1) },
          timings: [],
        },
      },
    });
    const t = text(html);
    assert.match(html, /data-testid="lock-result" data-state="locked"/);
    assert.match(t, /Locked Cycle 2026-11 locked: 120 rows appended to SOP Snapshots \(Consensus, Sales\)\./);
    assert.match(t, /Download updated result \(plan\.sop\.xlsx\)/);
  });

  it("a refused lock: the reason, without the CLI's hint, and the way to lock again", () => {
    const html = render({
      lock: {
        state: "done",
        result: {
          lock: { cycle: "2026-11", status: "already-locked", appended: 0, replaced: 0, ledgerRows: 120, versions: [], message: "Cycle 2026-11 is already locked (120 rows in SOP Snapshots). Lock it again only to replace its snapshot (CLI: --force)." },
          written: null,
          output: null,
          timings: [],
        },
      },
    });
    const t = text(html);
    assert.match(t, /Not locked again Cycle 2026-11 is already locked \(120 rows in SOP Snapshots\)\. Lock it again only to replace its snapshot\. Choose Lock cycle again to replace it\./);
    assert.doesNotMatch(t, /CLI/);
    assert.doesNotMatch(html, /lock-download/);
  });
});
