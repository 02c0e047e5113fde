/**
 * The decision log from cycle to cycle (DESIGN.md §7, issue "Decisions"): this cycle's proposals
 * merged with the decisions of the previous `SOP Decisions`, by id.
 *
 * - What people typed (Owner, Due, Status, Notes) is kept by id, whatever else changes; the
 *   status is normalised to Open / Approved / Rejected / Done when it is one of them in any case,
 *   otherwise kept as typed and reported.
 * - A proposal without a previous decision is new (status Open, raised this cycle, its measure
 *   recorded as the value when raised).
 * - A previous decision that this cycle does not propose is closed (its cause is gone), never
 *   deleted; a closed decision whose cause comes back is reopened with what was typed.
 * - Outcome check: a decision approved or done in an earlier cycle is measured again; its outcome
 *   says whether the expected effect happened (the measure meets its target, or the cause is gone)
 *   or not yet, with the figures.
 * - Overdue: still active, Open or Approved, and due before the run date.
 *
 * Pure; no I/O; never throws.
 */
import type { DecisionIssue, DecisionLog, DecisionMeasure, DecisionProposal, DecisionRow, DecisionText, PreviousDecision } from "./types";
import { DECISION_STATUSES } from "./types";
import { formatPct, formatUnits } from "../textFormat";

/** The status as one of the drop-down values when it is one (any case, spaces trimmed); else as typed. */
export function normaliseStatus(typed: string): string {
  const t = typed.trim();
  if (t === "") return "Open";
  return DECISION_STATUSES.find((s) => s.toLowerCase() === t.toLowerCase()) ?? t;
}

/** An Excel date serial (1900 system) or a `YYYY-MM-DD` / `DD/MM/YYYY` text as an ISO date; null otherwise. */
export function dueDate(due: string | number | null): string | null {
  if (due === null) return null;
  if (typeof due === "number") {
    if (!Number.isFinite(due) || due < 1 || due > 2958465) return null;
    const ms = Math.round((due - 25569) * 86400000);
    return new Date(ms).toISOString().slice(0, 10);
  }
  const t = due.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
  return null;
}

const fmtValue = (v: number | null, format: "pct" | "number"): string => (v === null ? "—" : format === "pct" ? formatPct(v, true) : formatUnits(v));

/** The id and the texts of a decision, without the rest. */
function textOf(d: DecisionText): DecisionText {
  return { id: d.id, topic: d.topic, subject: d.subject, issue: d.issue, options: d.options, recommended: d.recommended, impactRevenue: d.impactRevenue, impactMargin: d.impactMargin };
}

/** The target of a measure as a sentence. */
export function targetText(m: Pick<DecisionMeasure, "rule" | "limit" | "format">): string {
  if (m.rule === "abs-at-most") return m.format === "pct" ? `within ±${(m.limit * 100).toFixed(1)} %` : `within ±${m.limit}`;
  return `at most ${fmtValue(m.limit, m.format)}`;
}

function meets(m: Pick<DecisionMeasure, "rule" | "limit">, v: number): boolean {
  return m.rule === "abs-at-most" ? Math.abs(v) <= m.limit + 1e-12 : v <= m.limit + 1e-12;
}


function outcomeOf(
  status: string,
  raised: string,
  cycle: string,
  rule: Pick<DecisionMeasure, "rule" | "limit" | "format"> | null,
  label: string,
  whenRaised: number | null,
  now: number | null,
  causeGone: boolean,
): string {
  if (status !== "Approved" && status !== "Done") return "";
  if (raised >= cycle) return "Raised this cycle: measured from the next cycle on.";
  const was = whenRaised === null || rule === null ? "" : ` (was ${fmtValue(whenRaised, rule.format)} when raised in ${raised})`;
  if (now === null || rule === null) return causeGone ? `Effect happened: the cause is gone this cycle${was}.` : `Cannot be measured this cycle: ${label} has no value.`;
  const nowText = `${label} is ${fmtValue(now, rule.format)}${was}, target ${targetText(rule)}`;
  return meets(rule, now) || causeGone ? `Effect happened: ${nowText}.` : `Not yet: ${nowText}.`;
}

/**
 * Merge this cycle's proposals with the previous decisions (see the module header).
 * `measuresNow` holds the measure of every subject at this run (`currentMeasures`); `today` is
 * the run date (`YYYY-MM-DD`) for overdue decisions; `rules` the measure rule per topic
 * (`measureRules`), for decisions of a topic this cycle does not propose.
 */
export function reconcileDecisions(
  cycle: string,
  proposals: readonly DecisionProposal[],
  previous: readonly PreviousDecision[],
  measuresNow: ReadonlyMap<string, number | null>,
  today: string,
  rules: ReadonlyMap<string, Pick<DecisionMeasure, "rule" | "limit" | "format">> = new Map(),
): DecisionLog {
  const issues: DecisionIssue[] = [];
  const prevById = new Map<string, PreviousDecision>();
  for (const p of previous) {
    const key = p.id.trim().toUpperCase();
    if (key === "") continue;
    if (prevById.has(key)) {
      issues.push({ address: p.address, message: `Decision id '${p.id}' appears twice in the previous SOP Decisions: the first row's owner, due date, status and notes were kept.` });
      continue;
    }
    prevById.set(key, p);
  }
  const ruleByTopic = new Map<string, Pick<DecisionMeasure, "rule" | "limit" | "format">>(rules);
  for (const p of proposals) if (!ruleByTopic.has(p.topic)) ruleByTopic.set(p.topic, p.measure);

  const checkStatus = (p: PreviousDecision): string => {
    const s = normaliseStatus(p.status);
    if (!(DECISION_STATUSES as readonly string[]).includes(s)) {
      issues.push({ address: p.address, message: `Status '${p.status}' of decision ${p.id} is not one of ${DECISION_STATUSES.join(", ")}: kept as typed, counted as open.` });
    }
    if (p.due !== null && !(typeof p.due === "string" && p.due.trim() === "") && dueDate(p.due) === null) {
      issues.push({ address: p.address, message: `Due date '${String(p.due)}' of decision ${p.id} is not a date: kept as typed, not checked for overdue.` });
    }
    return s;
  };
  const isOverdue = (state: "Active" | "Closed", status: string, due: string | number | null): boolean => {
    if (state !== "Active" || status === "Done" || status === "Rejected") return false;
    const d = dueDate(due);
    return d !== null && d < today;
  };

  const active: DecisionRow[] = [];
  for (const p of proposals) {
    const prev = prevById.get(p.id.toUpperCase());
    const now = p.measure.value;
    if (prev) prevById.delete(p.id.toUpperCase());
    const status = prev ? checkStatus(prev) : "Open";
    const raised = prev?.raised && prev.raised !== "" ? prev.raised : cycle;
    const whenRaised = prev ? prev.whenRaised : now;
    active.push({
      ...textOf(p),
      evidence: p.evidence,
      scenario: p.scenario,
      owner: prev?.owner ?? null,
      due: prev?.due ?? null,
      status,
      notes: prev?.notes ?? null,
      raised,
      state: "Active",
      closedIn: null,
      change: prev === undefined ? "new" : prev.state === "Closed" ? "reopened" : "",
      measureLabel: p.measure.label,
      measureFormat: p.measure.format,
      whenRaised,
      now,
      target: targetText(p.measure),
      outcome: outcomeOf(status, raised, cycle, p.measure, p.measure.label, whenRaised, now, false),
      overdue: isOverdue("Active", status, prev?.due ?? null),
    });
  }

  const closed: DecisionRow[] = [];
  for (const prev of prevById.values()) {
    const status = checkStatus(prev);
    const closedIn = prev.state === "Closed" && prev.closedIn ? prev.closedIn : cycle;
    const rule = ruleByTopic.get(prev.topic) ?? null;
    const now = measuresNow.has(prev.id.toUpperCase()) ? (measuresNow.get(prev.id.toUpperCase()) ?? null) : null;
    const measureRule = rule ?? { rule: "abs-at-most" as const, limit: 0, format: prev.measureFormat };
    closed.push({
      ...textOf(prev),
      evidence: null,
      scenario: null,
      owner: prev.owner,
      due: prev.due,
      status,
      notes: prev.notes,
      raised: prev.raised,
      state: "Closed",
      closedIn,
      change: prev.state === "Closed" ? "" : "closed",
      measureLabel: prev.measureLabel,
      measureFormat: prev.measureFormat,
      whenRaised: prev.whenRaised,
      now,
      target: rule ? targetText(rule) : "",
      outcome: outcomeOf(status, prev.raised, cycle, rule ? measureRule : null, prev.measureLabel, prev.whenRaised, now, true),
      overdue: false,
    });
  }
  closed.sort((a, b) => (b.closedIn ?? "").localeCompare(a.closedIn ?? "") || a.id.localeCompare(b.id));
  const rows = [...active, ...closed];
  const openish = (r: DecisionRow): boolean => r.state === "Active" && r.status !== "Approved" && r.status !== "Rejected" && r.status !== "Done";
  return {
    cycle,
    rows,
    issues,
    counts: {
      active: active.length,
      closed: closed.length,
      open: rows.filter(openish).length,
      approved: rows.filter((r) => r.state === "Active" && r.status === "Approved").length,
      overdue: rows.filter((r) => r.overdue).length,
      new: active.filter((r) => r.change === "new").length,
    },
  };
}
