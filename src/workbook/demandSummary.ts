/**
 * The demand review at a glance: what the task pane's Demand step and the CLI show after a
 * run (headline accuracy and bias per version, the FVA stairstep, alerts that point at rows
 * of the output sheets, series for the forecast-vs-actual chart). Plain, structured-cloneable
 * data: it crosses from the worker to the pane.
 *
 * Pure types; no I/O.
 */

/** Headline accuracy of one forecast version over the window at the accuracy lag. */
export interface VersionHeadline {
  readonly name: string;
  /** Where the version's past forecasts came from. */
  readonly source: "snapshots" | "forecast tab" | "backtest" | "naive";
  /** max(0, 1 − WAPE), 0–1; null when no actual volume. */
  readonly accuracy: number | null;
  readonly wape: number | null;
  /** Σ(F − A) / Σ A; positive = over-forecast. */
  readonly biasPct: number | null;
  /** Item-periods compared. */
  readonly points: number;
}

/** One step of the FVA stairstep (total). */
export interface FvaStepView {
  readonly step: string;
  /** WAPE of this step, 0–1 (null when undefined). */
  readonly wape: number | null;
  /** WAPE(previous) − WAPE(this), in points of WAPE as a fraction (0.05 = 5 points); null for the first step. */
  readonly fva: number | null;
}

/** An alert of the demand review, pointing at the row of an output sheet that explains it. */
export interface DemandAlert {
  readonly kind: "tracking" | "bias" | "override" | "new-item";
  readonly item: string;
  readonly version: string;
  /** One sentence ("Sales over-forecasts PMP-1003: tracking signal +5.2"). */
  readonly text: string;
  /** The output sheet and cell of the row (`SOP Accuracy`, `A57`). */
  readonly sheet: string;
  readonly address: string;
}

/** History and plan of one item, family or the total, for the forecast-vs-actual chart. */
export interface ChartSeries {
  readonly key: string;
  readonly label: string;
  readonly level: "total" | "family" | "item";
  /** Period keys: the last actuals, then the horizon. */
  readonly periods: readonly string[];
  readonly actual: readonly (number | null)[];
  readonly statistical: readonly (number | null)[];
  readonly lower80: readonly (number | null)[];
  readonly upper80: readonly (number | null)[];
  readonly consensus: readonly (number | null)[];
}

export interface DemandSummary {
  readonly cycle: string;
  /** Closed periods the accuracy is measured over. */
  readonly window: readonly string[];
  readonly accuracyLag: number;
  readonly versions: readonly VersionHeadline[];
  /** Naive → statistical → contributors → consensus (total). */
  readonly fva: readonly FvaStepView[];
  /** Where the statistical step's past forecasts came from. */
  readonly statisticalSource: "snapshots" | "backtest" | "forecast tab" | "none";
  readonly alerts: readonly DemandAlert[];
  /** Total first, then families, then items (sorted). */
  readonly series: readonly ChartSeries[];
  readonly statistical: { readonly items: number; readonly byMethod: readonly { readonly method: string; readonly items: number }[] };
  readonly consensus: { readonly byRule: readonly { readonly rule: string; readonly cells: number }[]; readonly newItems: number };
  readonly forecastSheet: string;
  readonly accuracySheet: string;
  /** True when the cycle is already in the `SOP Snapshots` ledger (the pane asks before locking again). */
  readonly locked: boolean;
}
