/**
 * The Supply step's numbers and sentences: the constrained plan's figures and how its status
 * is shown, which resource the chart opens on, the month-by-month state of a resource, the
 * one-line reading of its load against capacity and the same for a screen reader, and the
 * shortage list's count.
 *
 * Pure: plain data in, strings out. No React, no Office.js, no worker.
 */
import type { ResourceView, SupplySummary } from "../workbook/supplyStep";
import { monthSpan, percent, plural } from "./paneFormat";

/** State of one resource-month, as the chart draws it. */
export type MonthState = "ok" | "at risk" | "short" | "no capacity";

/** One month of a resource: its load, available capacity, utilisation and state. */
export interface LoadMonth {
  readonly period: string;
  readonly load: number;
  readonly available: number | null;
  readonly utilisation: number | null;
  readonly state: MonthState;
}

const STATES: ReadonlySet<string> = new Set<MonthState>(["ok", "at risk", "short", "no capacity"]);

/** The months of a resource over the plan periods (a status the pane does not know counts as ok). */
export function loadMonths(view: ResourceView, periods: readonly string[]): LoadMonth[] {
  return periods.map((period, i) => {
    const status = view.status[i] ?? "ok";
    const available = view.available[i] ?? null;
    const utilisation = view.utilisation[i] ?? null;
    const load = view.load[i] ?? 0;
    return {
      period,
      load: Number.isFinite(load) ? load : 0,
      available: available !== null && Number.isFinite(available) ? available : null,
      utilisation: utilisation !== null && Number.isFinite(utilisation) ? utilisation : null,
      state: STATES.has(status) ? (status as MonthState) : "ok",
    };
  });
}

/** Months over capacity, at risk and without a capacity figure, and the peak utilisation with its month (the first, on a tie). */
export function monthCounts(months: readonly LoadMonth[]): { short: number; atRisk: number; noCapacity: number; peak: { utilisation: number; period: string } | null } {
  let short = 0;
  let atRisk = 0;
  let noCapacity = 0;
  let peak: { utilisation: number; period: string } | null = null;
  for (const m of months) {
    if (m.state === "short") short++;
    else if (m.state === "at risk") atRisk++;
    else if (m.state === "no capacity") noCapacity++;
    if (m.utilisation !== null && (peak === null || m.utilisation > peak.utilisation)) peak = { utilisation: m.utilisation, period: m.period };
  }
  return { short, atRisk, noCapacity, peak };
}

/**
 * The resource the chart opens on: the one over capacity in the most months, then the one
 * with the highest peak utilisation (the first listed on a tie); "" when there is none.
 */
export function firstResource(summary: Pick<SupplySummary, "resources" | "periods">): string {
  let best: { name: string; short: number; peak: number } | null = null;
  for (const r of summary.resources) {
    const c = monthCounts(loadMonths(r, summary.periods));
    const peak = c.peak?.utilisation ?? -Infinity;
    if (best === null || c.short > best.short || (c.short === best.short && peak > best.peak)) best = { name: r.resource, short: c.short, peak };
  }
  return best?.name ?? "";
}

/** The unit a resource is measured in, as a word. */
export function unitWord(unit: ResourceView["unit"]): string {
  return unit ?? "hours";
}

/**
 * A resource's load against capacity in one line, for instance "WC-20 Machining is over
 * capacity in 3 months, peak 141 % in 2027-08; 1 more month at risk."
 */
export function capacityReading(view: ResourceView, periods: readonly string[]): string {
  const c = monthCounts(loadMonths(view, periods));
  const r = view.resource;
  if (c.peak === null) return `${r} has no capacity figure for the plan's months: its load cannot be compared with capacity.`;
  const peak = `peak ${percent(c.peak.utilisation, 0)} in ${c.peak.period}`;
  let text: string;
  if (c.short > 0) {
    const risk = c.atRisk > 0 ? `; ${plural(c.atRisk, "more month")} at risk` : "";
    text = `${r} is over capacity in ${plural(c.short, "month")}, ${peak}${risk}.`;
  } else if (c.atRisk > 0) {
    text = `${r} is within capacity, but ${plural(c.atRisk, "month")} ${c.atRisk === 1 ? "is" : "are"} at risk of overload; ${peak}.`;
  } else {
    text = `${r} is within capacity in every month, ${peak}.`;
  }
  return c.noCapacity > 0 ? `${text} No capacity figure for ${plural(c.noCapacity, "month")}.` : text;
}

function monthList(months: readonly LoadMonth[]): string {
  return months.map((m) => (m.utilisation === null ? m.period : `${m.period} (${percent(m.utilisation, 0)})`)).join(", ");
}

/** What the load-vs-capacity chart shows, for a screen reader. */
export function describeLoad(view: ResourceView, periods: readonly string[]): string {
  const months = loadMonths(view, periods);
  const short = months.filter((m) => m.state === "short");
  const risk = months.filter((m) => m.state === "at risk");
  const c = monthCounts(months);
  const parts = [
    short.length > 0 ? `over capacity in ${monthList(short)}` : "never over capacity",
    ...(risk.length > 0 ? [`at risk in ${monthList(risk)}`] : []),
    ...(c.peak ? [`peak ${percent(c.peak.utilisation, 0)} in ${c.peak.period}`] : ["no capacity figure"]),
  ];
  const span = monthSpan(periods);
  return `Load vs available capacity, ${view.resource}, in ${unitWord(view.unit)}${span ? `, ${span}` : ""}: ${parts.join("; ")}.`;
}

/** How a plan's solver status is shown: Optimal is good news, a limit a warning, anything else a problem. */
export function planStatusColor(status: string): "success" | "warning" | "danger" {
  if (status === "Optimal") return "success";
  return status === "Limit reached" ? "warning" : "danger";
}

/** The shortage list's headline: "4 resource-months are over capacity; 6 more are at risk." */
export function shortageHeadline(shortageCount: number, atRiskCount: number): string {
  const risk = atRiskCount > 0 ? `; ${plural(atRiskCount, "more is", "more are")} at risk` : "";
  if (shortageCount === 0) return atRiskCount > 0 ? `No resource-month is over capacity, but ${plural(atRiskCount, "is", "are")} at risk.` : "No resource-month is over capacity or at risk.";
  return `${plural(shortageCount, "resource-month is", "resource-months are")} over capacity${risk}.`;
}
