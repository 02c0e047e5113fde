/**
 * `SOP Agenda` (DESIGN.md §2 step 5): the agenda and pre-read of the executive meeting, generated
 * from the cycle and ready to send ahead of it — performance since the last meeting (KPIs against
 * targets), demand changes and assumptions, supply constraints, scenarios and their financial
 * impact, the decisions needed (each with its owner), risks — each item linking to the sheet that
 * holds its evidence; the process review (which steps ran, when, with how many findings; decisions
 * open past their due date; earlier cycles); and the follow-up summary of decisions and actions as
 * plain text for an e-mail (`followUpText`).
 *
 * Pure: the steps' results in, the agenda, the sheet and the text out.
 */
import type { Consensus } from "../engine/demand/types";
import { dueDate, normaliseStatus } from "../engine/decisions/reconcile";
import type { DecisionLog } from "../engine/decisions/types";
import type { BudgetGap } from "../engine/finance/types";
import type { SnapshotRow } from "../engine/inputs";
import type { ScenarioComparison } from "../engine/scenario/types";
import { formatMoney, formatPct, formatPoints, formatUnits } from "../engine/textFormat";
import { ACCURACY_SHEET } from "./accuracySheet";
import { CAPACITY_SHEET } from "./capacitySheet";
import { DATA_CHECK_SHEET } from "./dataCheckSheet";
import { DECISIONS_SHEET, parseDecisionsSheet, sheetLink } from "./decisionsSheet";
import type { Grid } from "./grid";
import type { DemandSummary } from "./demandSummary";
import type { Finding, FindingCode } from "./findings";
import { FORECAST_SHEET } from "./forecastSheet";
import type { AgendaItemView, CycleHistoryEntry, CycleStepHealth, DecisionView } from "./meetingSummary";
import { SCENARIOS_SHEET } from "./scenarioStep";
import { pushHeader, pushSection } from "./sheetBlocks";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec } from "./sheetSpec";
import type { SupplySummary } from "./supplyStep";
import { snapshotColumns } from "../engine/accuracy/snapshotColumns";

export const AGENDA_SHEET = "SOP Agenda";
export const DASHBOARD_SHEET_NAME = "SOP Dashboard";

/** KPI targets the agenda states (the dashboard uses the same). */
export const AGENDA_TARGETS = { accuracy: 0.8, bias: 0.05, fillRate: 0.98, utilisation: 0.9, budgetGap: 0.05 } as const;

export interface AgendaInput {
  readonly cycle: string;
  readonly runAt: string;
  readonly workbook: string;
  readonly demand: DemandSummary | null;
  readonly supply: SupplySummary | null;
  readonly gap: BudgetGap | null;
  readonly scenarios: ScenarioComparison | null;
  readonly decisions: DecisionLog;
  /** Row of each decision in `SOP Decisions`. */
  readonly decisionRows: ReadonlyMap<string, string>;
  readonly consensus: Consensus | null;
  /** Every snapshot (planner's and the add-in's ledger): last cycle's consensus. */
  readonly snapshots: readonly SnapshotRow[];
  readonly findings: readonly Finding[];
  /** Earlier cycles' health (from the settings). */
  readonly history: readonly CycleHistoryEntry[];
  /** True when a `SOP Dashboard` is written this run (the performance item links to it). */
  readonly hasDashboard: boolean;
  /** Extra lines for the performance item (business review, adherence), from the dashboard. */
  readonly reviewLines?: readonly string[];
}

const int = formatUnits;
const pct = (v: number | null, signed = false): string => (v === null ? "—" : formatPct(v, signed));
const money = (v: number): string => formatMoney(v, true);
const status = (ok: boolean): string => (ok ? "on target" : "off target");

/** Which cycle step a finding belongs to (for the process review). */
function stepOf(code: FindingCode): string {
  switch (code) {
    case "demand-note":
    case "snapshot-not-used":
    case "snapshot-version-unmapped":
      return "Demand review";
    case "supply-note":
    case "resource-without-capacity":
    case "capacity-zero":
    case "efficiency-missing":
    case "efficiency-out-of-range":
    case "zero-rate":
    case "unknown-resource-item":
      return "Supply review";
    case "finance-note":
      return "Financials";
    case "scenario-issue":
      return "Scenarios";
    case "decision-note":
      return "Decisions";
    default:
      return "Data check";
  }
}

/** Σ consensus of the current cycle and of last cycle's locked consensus over the months both cover, by family. */
function demandChange(consensus: Consensus, snapshots: readonly SnapshotRow[], cycle: string): { previousCycle: string; months: string[]; now: Map<string, number>; before: Map<string, number> } | null {
  // The ledger as columns (snapshotColumns: built once per rows array): each distinct version and cycle is looked at once.
  const cols = snapshotColumns(snapshots);
  const isConsensus = cols.versions.map((v) => typeof v === "string" && v.toLowerCase() === "consensus");
  const seenWith = new Uint8Array(cols.cycles.length);
  for (let r = 0; r < cols.length; r++) if (cols.isRow[r] === 1 && isConsensus[cols.versionId[r]!]) seenWith[cols.cycleId[r]!] = 1;
  const cycles = cols.cycles.filter((c, k): c is string => seenWith[k] === 1 && typeof c === "string" && c < cycle).sort();
  const prev = cycles[cycles.length - 1];
  if (prev === undefined) return null;
  const prevId = cols.cycles.indexOf(prev);
  const familyOf = new Map(consensus.items.map((i) => [i.item, i.family]));
  const periods = new Set(consensus.periods);
  const before = new Map<string, number>();
  const months = new Set<string>();
  for (let r = 0; r < cols.length; r++) {
    if (cols.isRow[r] === 0 || cols.cycleId[r] !== prevId || !isConsensus[cols.versionId[r]!]) continue;
    const s = snapshots[r]!;
    if (!periods.has(s.period)) continue;
    const f = familyOf.get(s.item) ?? "(new or dropped items)";
    before.set(f, (before.get(f) ?? 0) + s.quantity);
    months.add(s.period);
  }
  if (months.size === 0) return null;
  const now = new Map<string, number>();
  const idx = consensus.periods.map((p, j) => (months.has(p) ? j : -1)).filter((j) => j >= 0);
  for (const it of consensus.items) {
    let t = 0;
    for (const j of idx) t += it.consensus[j] ?? 0;
    now.set(it.family, (now.get(it.family) ?? 0) + t);
  }
  return { previousCycle: prev, months: [...months].sort(), now, before };
}

/** Shown text of a typed cell (a due date serial as `YYYY-MM-DD`). */
function shown(v: string | number | null, isDate = false): string {
  if (v === null) return "";
  if (isDate) return dueDate(v) ?? String(v);
  return String(v).trim();
}

/** The decisions as the pane lists them. */
export function decisionViews(log: DecisionLog, rows: ReadonlyMap<string, string>): DecisionView[] {
  return log.rows.map((r) => ({
    id: r.id,
    topic: r.topic,
    subject: r.subject,
    issue: r.issue,
    recommended: r.recommended,
    owner: shown(r.owner),
    due: shown(r.due, true),
    status: r.status,
    state: r.state,
    change: r.change,
    overdue: r.overdue,
    impactRevenue: r.impactRevenue,
    impactMargin: r.impactMargin,
    outcome: r.outcome,
    sheet: DECISIONS_SHEET,
    address: rows.get(r.id) ?? "A1",
  }));
}

/** The agenda items with their pre-read lines and evidence. */
export function buildAgenda(input: AgendaInput): AgendaItemView[] {
  const items: AgendaItemView[] = [];
  const add = (title: string, minutes: number, lines: string[], sheet: string, address = "A1"): void => {
    items.push({ number: items.length + 1, title, minutes, lines, sheet, address });
  };

  // 1. Performance since the last meeting.
  const perf: string[] = [];
  const d = input.demand;
  if (d) {
    const cons = d.versions.find((v) => v.name.toLowerCase() === "consensus") ?? d.versions[d.versions.length - 1];
    if (cons) {
      perf.push(`Forecast accuracy (${cons.name}, lag ${d.accuracyLag}, ${d.window[0] ?? "?"}…${d.window[d.window.length - 1] ?? "?"}): ${pct(cons.accuracy)}, target ≥ ${pct(AGENDA_TARGETS.accuracy)}: ${status((cons.accuracy ?? 0) >= AGENDA_TARGETS.accuracy)}.`);
      perf.push(`Bias: ${pct(cons.biasPct, true)}, target within ±${pct(AGENDA_TARGETS.bias)}: ${status(Math.abs(cons.biasPct ?? 1) <= AGENDA_TARGETS.bias)}.`);
    }
    const fva = d.fva.map((s) => (s.fva === null ? s.step : `${s.step} ${formatPoints(s.fva)}`)).join(" → ");
    if (fva !== "") perf.push(`Forecast value added: ${fva}.`);
  }
  const plan = input.supply?.plan ?? null;
  if (plan) perf.push(`Planned fill rate ${pct(plan.fillRate)}, target ≥ ${pct(AGENDA_TARGETS.fillRate)}: ${status(plan.fillRate >= AGENDA_TARGETS.fillRate)}.`);
  const g = input.gap;
  const gp = g ? (g.plans.find((p) => p.name === "constrained") ?? g.plans[0]) : undefined;
  if (g && gp && g.year !== null && gp.total.fullYear.months.length > 0) {
    const fy = gp.total.fullYear;
    perf.push(`Full-year ${g.year} ${g.measure} against budget: ${money(fy.gap)} (${pct(fy.gapPct, true)}); year to date ${money(gp.total.yearToDate.gap)} (${pct(gp.total.yearToDate.gapPct, true)}).`);
  }
  perf.push(...(input.reviewLines ?? []));
  if (perf.length === 0) perf.push("No performance figures this cycle (no actuals measured).");
  add("Performance since the last meeting", 10, perf, input.hasDashboard ? DASHBOARD_SHEET_NAME : ACCURACY_SHEET);

  // 2. Demand changes and assumptions.
  const dem: string[] = [];
  const c = input.consensus;
  if (c) {
    const total = c.total.consensus.reduce((a, b) => a + b, 0);
    dem.push(`Consensus over the horizon (${c.periods[0] ?? "?"}…${c.periods[c.periods.length - 1] ?? "?"}): ${int(total)} units; rule: ${c.rule}${c.contributors.length > 0 ? `, contributors ${c.contributors.join(", ")}` : ""}.`);
    const ch = demandChange(c, input.snapshots, input.cycle);
    if (ch) {
      const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
      const n = sum(ch.now);
      const b = sum(ch.before);
      dem.push(`Against last cycle's consensus (${ch.previousCycle}) for ${ch.months[0]}…${ch.months[ch.months.length - 1]}: ${int(n)} vs ${int(b)} units (${pct(b === 0 ? null : (n - b) / b, true)}).`);
      const fams = [...new Set([...ch.now.keys(), ...ch.before.keys()])]
        .map((f) => ({ f, delta: (ch.now.get(f) ?? 0) - (ch.before.get(f) ?? 0), before: ch.before.get(f) ?? 0 }))
        .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
        .slice(0, 3)
        .filter((x) => Math.abs(x.delta) >= 0.5);
      for (const x of fams) dem.push(`${x.f}: ${x.delta > 0 ? "+" : "−"}${int(Math.abs(x.delta))} units (${pct(x.before === 0 ? null : x.delta / x.before, true)}).`);
    } else dem.push("No locked consensus of an earlier cycle to compare with: lock this cycle after the meeting.");
    const newItems = c.items.filter((i) => i.isNew).length;
    if (newItems > 0) dem.push(`${newItems} new item(s) planned from the contributors' entries (no history).`);
  }
  if (d && d.alerts.length > 0) dem.push(`${d.alerts.length} demand alert(s) (tracking signal, bias, overrides worse than statistical): see ${ACCURACY_SHEET}.`);
  if (dem.length === 0) dem.push("No consensus this cycle.");
  add("Demand changes and assumptions", 10, dem, FORECAST_SHEET);

  // 3. Supply constraints.
  const sup: string[] = [];
  const s = input.supply;
  if (s) {
    sup.push(s.shortageCount === 0 ? "No resource-month over capacity." : `${s.shortageCount} resource-month(s) over capacity, ${s.atRiskCount} at risk of overload.`);
    for (const x of s.shortages.slice(0, 4)) sup.push(`${x.text}.`);
    if (plan) sup.push(`Constrained plan (${plan.status}): fill rate ${pct(plan.fillRate)}, unmet ${int(plan.unmetUnits)} units, overtime ${int(plan.overtimeHours)} h, outsourced ${int(plan.outsourcedUnits)} units.`);
    else if (s.planNote !== "") sup.push(s.planNote);
  } else sup.push("No supply review this cycle (no capacity or routing mapped).");
  add("Supply constraints", 10, sup, s?.capacitySheet ?? CAPACITY_SHEET, s?.shortages[0]?.address ?? "A1");

  // 4. Scenarios and their financial impact.
  const scn: string[] = [];
  const sc = input.scenarios;
  if (sc) {
    for (const r of sc.scenarios.slice(0, 6)) {
      if (r.status !== "ok" || !r.metrics) scn.push(`${r.name}: not compared (${r.reason}).`);
      else scn.push(`${r.name}: revenue ${money(r.deltas?.revenue ?? 0)}, margin ${money(r.deltas?.margin ?? 0)}, fill rate ${pct(r.metrics.fillRate)}.`);
    }
    if (sc.scenarios.length > 6) scn.push(`… and ${sc.scenarios.length - 6} more scenario(s).`);
    scn.push(sc.recommendation.scenario ? `Recommended: ${sc.recommendation.reason}` : `No recommendation: ${sc.recommendation.reason}`);
  } else scn.push("No scenarios this cycle (no scenarios role mapped, or no solver).");
  add("Scenarios and their financial impact", 10, scn, SCENARIOS_SHEET);

  // 5. Decisions needed.
  const dec: string[] = [];
  const pending = input.decisions.rows.filter((r) => r.state === "Active" && normaliseStatus(r.status) === "Open");
  for (const r of pending) {
    const owner = shown(r.owner);
    dec.push(`${r.id} (${r.topic}): ${r.recommended} Owner: ${owner === "" ? "to be named" : owner}${shown(r.due, true) !== "" ? `, due ${shown(r.due, true)}` : ""}.`);
  }
  if (dec.length === 0) dec.push("No decision waiting for approval.");
  add("Decisions needed", 15, dec, DECISIONS_SHEET, pending[0] ? (input.decisionRows.get(pending[0].id) ?? "A1") : "A1");

  // 6. Risks.
  const risk: string[] = [];
  if (s && s.atRiskCount > 0) risk.push(`${s.atRiskCount} resource-month(s) at risk of overload given the forecast error.`);
  const track = d?.alerts.filter((a) => a.kind === "tracking").length ?? 0;
  if (track > 0) risk.push(`${track} item(s) with a tracking-signal alert (|TS| > 4): persistent forecast bias.`);
  const warn = input.findings.filter((f) => f.severity === "warning").length;
  if (warn > 0) risk.push(`${warn} data warning(s) in ${DATA_CHECK_SHEET}.`);
  const overdue = input.decisions.rows.filter((r) => r.overdue);
  if (overdue.length > 0) risk.push(`${overdue.length} decision(s) past their due date: ${overdue.slice(0, 5).map((r) => r.id).join(", ")}.`);
  if (risk.length === 0) risk.push("No open risk flagged this cycle.");
  add("Risks", 5, risk, s && s.atRiskCount > 0 ? (s.capacitySheet ?? CAPACITY_SHEET) : DATA_CHECK_SHEET);

  // 7. Process review.
  add("Process review", 5, ["Steps run, findings and overdue decisions: see the process review below; what to improve next cycle."], AGENDA_SHEET, "A1");
  return items;
}

/** The cycle-health table of this run. */
export function cycleHealth(input: { readonly runAt: string; readonly findings: readonly Finding[]; readonly ran: ReadonlyMap<string, string>; readonly locked: boolean; readonly cycle: string }): CycleStepHealth[] {
  const steps = ["Data check", "Demand review", "Supply review", "Financials", "Scenarios", "Decisions"];
  const out: CycleStepHealth[] = steps.map((step) => {
    const fs = input.findings.filter((f) => stepOf(f.code) === step);
    const state = input.ran.get(step) ?? "not run";
    return {
      step,
      state,
      at: state === "ran" ? input.runAt : "",
      errors: fs.filter((f) => f.severity === "error").length,
      warnings: fs.filter((f) => f.severity === "warning").length,
      notes: fs.filter((f) => f.severity === "info").length,
    };
  });
  out.push({ step: "Lock (snapshots, plan freeze)", state: input.locked ? `cycle ${input.cycle} locked` : "not locked yet: lock after the meeting", at: "", errors: 0, warnings: 0, notes: 0 });
  return out;
}

/** A decision as the follow-up reads it (a row of the log, or of `SOP Decisions` as edited after the meeting). */
export interface FollowUpDecision {
  readonly id: string;
  readonly topic: string;
  readonly issue: string;
  readonly recommended: string;
  readonly owner: string | number | null;
  readonly due: string | number | null;
  readonly status: string;
  readonly notes: string | number | null;
  readonly state: "Active" | "Closed";
  readonly closedIn?: string | null;
}

/**
 * The follow-up summary of the meeting as plain text, ready to paste into an e-mail: decisions by
 * status (approved, rejected, done, still open), the action items (owner, what, due), and the
 * decisions closed this cycle because their cause is gone.
 */
export function followUpText(cycle: string, decisions: readonly FollowUpDecision[], today: string): string {
  const lines: string[] = [`S&OP executive meeting, cycle ${cycle}: decisions and actions`, ""];
  const active = decisions.filter((d) => d.state === "Active");
  const groups: [string, string][] = [
    ["Approved", "Approved"],
    ["Rejected", "Rejected"],
    ["Done", "Done"],
    ["Open", "Still open"],
  ];
  const who = (d: FollowUpDecision): string => {
    const o = shown(d.owner);
    const due = shown(d.due, true);
    return `owner: ${o === "" ? "not assigned" : o}${due === "" ? "" : `, due ${due}`}`;
  };
  for (const [key, title] of groups) {
    const ds = active.filter((d) => (normaliseStatus(d.status) === key) || (key === "Open" && !["Approved", "Rejected", "Done"].includes(normaliseStatus(d.status))));
    if (ds.length === 0) continue;
    lines.push(`${title} (${ds.length})`);
    for (const d of ds) {
      const note = shown(d.notes);
      lines.push(`- ${d.id} (${d.topic}): ${key === "Approved" || key === "Done" ? d.recommended : d.issue} [${who(d)}]${note === "" ? "" : ` Notes: ${note}`}`);
    }
    lines.push("");
  }
  const actions = active.filter((d) => normaliseStatus(d.status) === "Approved" || (normaliseStatus(d.status) === "Open" && shown(d.owner) !== ""));
  lines.push(`Action items (${actions.length})`);
  if (actions.length === 0) lines.push("- none");
  for (const d of actions) {
    const due = shown(d.due, true);
    const late = due !== "" && dueDate(d.due) !== null && (dueDate(d.due) ?? "") < today ? " (overdue)" : "";
    lines.push(`- ${shown(d.owner) === "" ? "Owner to be named" : shown(d.owner)}: ${d.id}: ${d.recommended}${due === "" ? " (no due date)" : ` Due ${due}${late}.`}`);
  }
  const closed = decisions.filter((d) => d.state === "Closed" && (d.closedIn ?? cycle) === cycle);
  if (closed.length > 0) {
    lines.push("", `Closed this cycle, the cause is gone (${closed.length})`);
    for (const d of closed) lines.push(`- ${d.id} (${d.topic}): ${d.issue}`);
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

/** Render `SOP Agenda`: the agenda with its pre-read and evidence links, then the process review. */
export function renderAgendaSheet(
  ctx: { readonly cycle: string; readonly runAt: string; readonly workbook: string },
  agenda: readonly AgendaItemView[],
  health: readonly CycleStepHealth[],
  history: readonly CycleHistoryEntry[],
  overdue: readonly DecisionView[],
): SheetSpec {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const conditionals: ConditionalSpec[] = [];
  rows.push([`S&OP executive meeting, cycle ${ctx.cycle}: agenda and pre-read`]);
  rows.push([`Generated ${ctx.runAt.slice(0, 16).replace("T", " ")} UTC from ${ctx.workbook}: send ahead of the meeting. Each item links to the sheet that holds its evidence.`]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 }, { row: 1, col: 0, rows: 1, cols: 1, italic: true });
  pushSection(rows, styles, "Agenda", `${agenda.reduce((a, i) => a + i.minutes, 0)} minutes`);
  pushHeader(rows, styles, ["#", "Item", "Minutes", "Pre-read", "Evidence"]);
  for (const it of agenda) {
    it.lines.forEach((line, k) => {
      rows.push(k === 0 ? [it.number, it.title, it.minutes, line, sheetLink({ sheet: it.sheet, cell: it.address }, `${it.sheet} ${it.address}`)] : [null, null, null, line, null]);
      if (k === 0) styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 2, bold: true });
    });
  }
  pushSection(rows, styles, "Process review", "Which steps ran, when, with how many findings: improve the process from cycle to cycle");
  pushHeader(rows, styles, ["Step", "State", "Run at", "Errors", "Warnings", "Notes"]);
  for (const h of health) rows.push([h.step, h.state, h.at === "" ? null : h.at.slice(0, 16).replace("T", " "), h.errors, h.warnings, h.notes]);
  if (history.length > 0) {
    pushSection(rows, styles, "Earlier cycles", "As recorded at each run (the last run of each cycle)");
    pushHeader(rows, styles, ["Cycle", "Run at", "Errors", "Warnings", "Notes", "Decisions active", "Open", "Overdue", "Locked"]);
    for (const h of [...history].sort((a, b) => b.cycle.localeCompare(a.cycle))) {
      rows.push([h.cycle, h.runAt.slice(0, 16).replace("T", " "), h.findings.errors, h.findings.warnings, h.findings.notes, h.decisions.active, h.decisions.open, h.decisions.overdue, h.locked ? "yes" : "no"]);
    }
  }
  pushSection(rows, styles, "Decisions past their due date", overdue.length === 0 ? "None" : `${overdue.length}`);
  if (overdue.length > 0) {
    pushHeader(rows, styles, ["ID", "Topic", "Owner", "Due", "Status", "Decision"]);
    for (const d of overdue) rows.push([d.id, d.topic, d.owner === "" ? "not assigned" : d.owner, d.due, d.status, sheetLink({ sheet: d.sheet, cell: d.address }, `${d.sheet} ${d.address}`)]);
    conditionals.push({ row: rows.length - overdue.length, col: 3, rows: overdue.length, cols: 1, operator: "textContains", value: "-", fill: "#F8CBAD" });
  }
  styles.push({ row: 3, col: 3, rows: rows.length - 3, cols: 1, wrap: true });
  return {
    name: AGENDA_SHEET,
    rows,
    styles,
    conditionals,
    columnWidths: [16, 34, 10, 100, 30, 10, 10, 10, 8],
    freeze: { rows: 2 },
    tabColor: "#7030A0",
  };
}

/**
 * The follow-up summary from `SOP Decisions` as it stands after the meeting (statuses, owners and
 * due dates as people typed them): what `sop summary` prints and the pane's copy button copies.
 * The cycle is read from the sheet's second row (`Cycle 2026-11 · …`) unless given; null when the
 * grid is not a decisions sheet.
 */
export function followUpFromSheet(grid: Grid, today: string, cycle?: string): { cycle: string; text: string; decisions: number } | null {
  const rows = parseDecisionsSheet(grid);
  const first = grid.values.slice(0, 4).map((r) => (typeof r[0] === "string" ? r[0] : "")).join(" ");
  const found = /Cycle (\d{4}-\d{2})/.exec(first)?.[1];
  const c = cycle ?? found;
  if (c === undefined || (rows.length === 0 && !/S&OP Decisions/.test(first))) return null;
  return { cycle: c, text: followUpText(c, rows, today), decisions: rows.length };
}
