/**
 * The executive meeting at a glance (DESIGN.md §2 step 5): the decisions to approve, the agenda
 * with each item's evidence, the follow-up summary text, and the cycle-health table. Plain,
 * structured-cloneable data: what the task pane's Meeting step and the CLI show.
 *
 * Pure types; no I/O.
 */

/** A decision as the pane lists it. */
export interface DecisionView {
  readonly id: string;
  readonly topic: string;
  readonly subject: string;
  readonly issue: string;
  readonly recommended: string;
  /** Owner and due as shown ("" when not set). */
  readonly owner: string;
  readonly due: string;
  readonly status: string;
  readonly state: "Active" | "Closed";
  readonly change: "" | "new" | "reopened" | "closed";
  readonly overdue: boolean;
  readonly impactRevenue: number | null;
  readonly impactMargin: number | null;
  readonly outcome: string;
  /** The decision's row in `SOP Decisions` (`A6`). */
  readonly sheet: string;
  readonly address: string;
}

/** One item of the agenda, pointing at the sheet that holds its evidence. */
export interface AgendaItemView {
  readonly number: number;
  readonly title: string;
  /** Minutes proposed. */
  readonly minutes: number;
  /** The pre-read: one sentence per line. */
  readonly lines: readonly string[];
  readonly sheet: string;
  readonly address: string;
}

/** One step of the cycle-health table. */
export interface CycleStepHealth {
  readonly step: string;
  /** "ran", "not run" (and why), "locked"… */
  readonly state: string;
  /** ISO time of the run that produced it ("" when not run). */
  readonly at: string;
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
}

/** One earlier cycle's health, kept in the settings from run to run. */
export interface CycleHistoryEntry {
  readonly cycle: string;
  readonly runAt: string;
  readonly findings: { readonly errors: number; readonly warnings: number; readonly notes: number };
  readonly decisions: { readonly active: number; readonly open: number; readonly overdue: number };
  readonly locked: boolean;
}

/** The meeting at a glance. */
export interface MeetingSummary {
  readonly cycle: string;
  readonly decisionsSheet: string;
  readonly agendaSheet: string;
  readonly counts: { readonly active: number; readonly closed: number; readonly open: number; readonly approved: number; readonly overdue: number; readonly new: number };
  readonly decisions: readonly DecisionView[];
  readonly agenda: readonly AgendaItemView[];
  /** The follow-up summary as plain text (what `sop summary` prints and the pane copies). */
  readonly followUp: string;
  readonly health: readonly CycleStepHealth[];
}
