/**
 * The Meeting step's numbers and sentences (DESIGN.md §2 step 5): the order of the decisions to
 * approve (open ones first, overdue first among them), how each one's status is shown, the line
 * under it (owner, due date, impact), the counts in a sentence, the agenda's length, the findings
 * of a step of the cycle-health table, and copying the follow-up text (the clipboard, else the
 * text selected for Ctrl+C).
 *
 * Pure: plain data in, strings out (copying takes the clipboard and the fallback as arguments).
 * No React, no Office.js, no worker.
 */
import type { AgendaItemView, CycleStepHealth, DecisionView, MeetingSummary } from "../workbook/meetingSummary";
import { plural, signedShortAmount } from "./paneFormat";

/** Fluent's badge colours used by the review steps. */
export type BadgeColor = "danger" | "warning" | "informative" | "success";

/** A badge: its text and colour. */
export interface BadgeView {
  readonly text: string;
  readonly color: BadgeColor;
}

/** Today as `YYYY-MM-DD`, in the planner's own time zone. */
export function localDay(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** True when a decision still waits for the meeting: active, and its status is Open (any case). */
export function isOpen(d: Pick<DecisionView, "state" | "status">): boolean {
  return d.state === "Active" && d.status.trim().toLowerCase() === "open";
}

/**
 * The decisions in the order the meeting takes them: open ones first, then the other active ones
 * (approved, rejected, done), then those closed (their cause is gone); overdue first within each
 * group; otherwise as in `SOP Decisions`.
 */
export function orderDecisions(decisions: readonly DecisionView[]): DecisionView[] {
  const group = (d: DecisionView): number => (d.state === "Closed" ? 2 : isOpen(d) ? 0 : 1);
  return decisions
    .map((d, i) => ({ d, i }))
    .sort((a, b) => group(a.d) - group(b.d) || Number(b.d.overdue) - Number(a.d.overdue) || a.i - b.i)
    .map((x) => x.d);
}

const STATUS_COLOR: Readonly<Record<string, BadgeColor>> = { open: "warning", approved: "success", done: "success", rejected: "informative" };

/** The status badge of a decision: Open, Approved, Rejected, Done, what a person typed, or Closed. */
export function statusBadge(d: Pick<DecisionView, "state" | "status">): BadgeView {
  if (d.state === "Closed") return { text: "Closed", color: "informative" };
  const status = d.status.trim();
  if (status === "") return { text: "No status", color: "warning" };
  return { text: status, color: STATUS_COLOR[status.toLowerCase()] ?? "informative" };
}

/** The marks after the status: overdue, and what changed this cycle (new, reopened, closed). */
export function decisionMarks(d: Pick<DecisionView, "overdue" | "change">): BadgeView[] {
  const marks: BadgeView[] = [];
  if (d.overdue) marks.push({ text: "Overdue", color: "danger" });
  if (d.change === "new") marks.push({ text: "New", color: "informative" });
  else if (d.change === "reopened") marks.push({ text: "Reopened", color: "warning" });
  else if (d.change === "closed") marks.push({ text: "Closed this cycle", color: "informative" });
  return marks;
}

/** The decision in one line: its id, topic and what is recommended (the issue when nothing is). */
export function decisionText(d: Pick<DecisionView, "id" | "topic" | "recommended" | "issue">): string {
  const what = d.recommended.trim() !== "" ? d.recommended.trim() : d.issue.trim();
  return `${d.id} (${d.topic}): ${what}`;
}

/** Owner, due date and impact: "Owner: not assigned · Due: not set · Impact: revenue +4.92 M, margin +1.77 M". */
export function decisionMeta(d: Pick<DecisionView, "owner" | "due" | "overdue" | "impactRevenue" | "impactMargin">): string {
  const parts = [`Owner: ${d.owner.trim() === "" ? "not assigned" : d.owner.trim()}`, `Due: ${d.due.trim() === "" ? "not set" : d.due.trim()}${d.overdue ? " (overdue)" : ""}`];
  const impact: string[] = [];
  if (d.impactRevenue !== null && Number.isFinite(d.impactRevenue)) impact.push(`revenue ${signedShortAmount(d.impactRevenue)}`);
  if (d.impactMargin !== null && Number.isFinite(d.impactMargin)) impact.push(`margin ${signedShortAmount(d.impactMargin)}`);
  if (impact.length > 0) parts.push(`Impact: ${impact.join(", ")}`);
  return parts.join(" · ");
}

/** The decisions in a sentence: "12 active decisions: 12 open, 0 approved; 12 new this cycle." */
export function decisionHeadline(counts: MeetingSummary["counts"]): string {
  const closed = counts.closed > 0 ? ` ${plural(counts.closed, "decision")} closed (${counts.closed === 1 ? "its cause is" : "their cause is"} gone; kept in the sheet).` : "";
  if (counts.active === 0) return `No active decision: nothing in this cycle calls for one.${closed}`;
  const overdue = counts.overdue > 0 ? `, ${counts.overdue} overdue` : "";
  const fresh = counts.new > 0 ? `; ${counts.new} new this cycle` : "";
  return `${plural(counts.active, "active decision")}: ${counts.open} open, ${counts.approved} approved${overdue}${fresh}.${closed}`;
}

/** Minutes the agenda proposes in all. */
export function agendaMinutes(items: readonly Pick<AgendaItemView, "minutes">[]): number {
  return items.reduce((t, x) => t + (Number.isFinite(x.minutes) ? x.minutes : 0), 0);
}

/** The agenda in a sentence: "7 items, 65 minutes." */
export function agendaHeadline(items: readonly Pick<AgendaItemView, "minutes">[]): string {
  if (items.length === 0) return "No agenda: the run did not build one.";
  return `${plural(items.length, "item")}, ${plural(agendaMinutes(items), "minute")}.`;
}

/** The findings of a step of the cycle: "2 errors, 1 warning, 14 notes", or "none". */
export function findingsText(h: Pick<CycleStepHealth, "errors" | "warnings" | "notes">): string {
  const parts: string[] = [];
  if (h.errors > 0) parts.push(plural(h.errors, "error"));
  if (h.warnings > 0) parts.push(plural(h.warnings, "warning"));
  if (h.notes > 0) parts.push(plural(h.notes, "note"));
  return parts.length > 0 ? parts.join(", ") : "none";
}

/** How a step of the cycle stands: ran (or locked), not run, or waiting (not locked yet). */
export function healthTone(h: Pick<CycleStepHealth, "state" | "errors">): BadgeColor {
  const s = h.state.trim().toLowerCase();
  if (s.startsWith("not run")) return "warning";
  if (s.startsWith("not ")) return "informative";
  return h.errors > 0 ? "danger" : "success";
}

/** When the run that produced a step ran: "2026-11-22 04:28"; "" when not run. */
export function runTime(at: string): string {
  return at === "" ? "" : at.slice(0, 16).replace("T", " ");
}

/** Rows of the follow-up text box: as many as lines, between 6 and 16. */
export function followUpRows(text: string): number {
  return Math.max(6, Math.min(16, text.split("\n").length));
}

/** What copying did: copied to the clipboard, only selected (press Ctrl+C), or nothing. */
export type CopyOutcome = "copied" | "selected" | "failed";

/** The part of `navigator.clipboard` used. */
export interface ClipboardLike {
  writeText(text: string): Promise<void>;
}

/**
 * Copy text: with the clipboard when there is one and it accepts (a pane inside Office may be
 * refused it), else with `fallback` (select the text box and try the browser's copy command).
 */
export async function copyText(text: string, clipboard: ClipboardLike | null | undefined, fallback: () => CopyOutcome): Promise<CopyOutcome> {
  if (clipboard && typeof clipboard.writeText === "function") {
    try {
      await clipboard.writeText(text);
      return "copied";
    } catch {
      // Refused (permissions, not focused): fall back to selecting the text.
    }
  }
  try {
    return fallback();
  } catch {
    return "failed";
  }
}

/** What the pane says after copying. */
export function copyMessage(outcome: CopyOutcome): string {
  switch (outcome) {
    case "copied":
      return "Copied";
    case "selected":
      return "Selected: press Ctrl+C (⌘C on a Mac) to copy";
    case "failed":
      return "Could not copy: select the text and copy it";
  }
}

/** The line under the follow-up text: where it comes from. */
export function followUpSource(source: { readonly kind: "run" } | { readonly kind: "sheet"; readonly sheet: string; readonly at: Date }): string {
  if (source.kind === "run") return "As of the run: the decisions as the run wrote them.";
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `Refreshed from ${source.sheet} at ${pad(source.at.getHours())}:${pad(source.at.getMinutes())}: statuses, owners and due dates as typed in the sheet.`;
}
