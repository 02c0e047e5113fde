/**
 * Decisions of the pre-S&OP and executive meeting (DESIGN.md §2 steps 4–5, §7): the proposals a
 * cycle raises from its evidence (capacity shortages and overload risks, forecast bias, gaps to
 * budget), the decisions as the meeting keeps them (owner, due date, status and notes typed by
 * people, kept by a stable decision id from cycle to cycle), and the outcome check of decisions
 * approved in an earlier cycle.
 *
 * Pure types; no I/O.
 */

/** What a decision is about. */
export type DecisionTopic = "Capacity" | "Capacity risk" | "Budget gap" | "Forecast bias";

/** The statuses of the drop-down in `SOP Decisions`. */
export const DECISION_STATUSES = ["Open", "Approved", "Rejected", "Done"] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** Where a proposal's evidence lives (the workbook layer maps it to a sheet and cell). */
export type EvidenceKind = "capacity" | "accuracy" | "financials" | "scenarios";

/**
 * The figure a decision wants to move, measured when the decision is raised and at every later
 * run: the outcome check compares it with its target.
 */
export interface DecisionMeasure {
  /** "Months short on WC-20", "Bias of Sales for Pumps (lag 1)". */
  readonly label: string;
  /** The value at this run; null when it cannot be measured. */
  readonly value: number | null;
  /** Met when |value| ≤ limit (`abs-at-most`) or value ≤ limit (`at-most`). */
  readonly rule: "abs-at-most" | "at-most";
  readonly limit: number;
  /** How the value is shown: a share (`0.0%`) or a count / quantity (`#,##0`). */
  readonly format: "pct" | "number";
}

/** What every decision states: its id, what it is about and what is at stake. */
export interface DecisionText {
  /** Stable across runs: built from the topic and its key (`CAP-WC-20`, `BIAS-SALES-PUMPS`). */
  readonly id: string;
  readonly topic: string;
  /** The resource, version × family or family the decision is about. */
  readonly subject: string;
  /** What is wrong, with its figures. */
  readonly issue: string;
  /** The options open to the meeting, separated by " · ". */
  readonly options: string;
  /** The recommended option and why (the scenario that resolves it and its cost, when one does). */
  readonly recommended: string;
  /**
   * Revenue at stake: for capacity, the revenue of the demand above capacity if nothing is done;
   * for bias, |Σ error × price| over the accuracy window; for a budget gap, the gap itself (signed).
   * Null when there is no price.
   */
  readonly impactRevenue: number | null;
  /** Margin at stake, defined like the revenue (net of the recommended option's cost for capacity). */
  readonly impactMargin: number | null;
}

/** A decision the cycle's evidence calls for. */
export interface DecisionProposal extends DecisionText {
  readonly topic: DecisionTopic;
  readonly evidence: { readonly kind: EvidenceKind; readonly key: string };
  /** The scenario that resolves it, when one does. */
  readonly scenario: string | null;
  readonly measure: DecisionMeasure;
}

/** A decision as the previous `SOP Decisions` held it (what people typed included). */
export interface PreviousDecision extends DecisionText {
  /** Typed by people: kept as they are (a due date may be a date serial or a text). */
  readonly owner: string | number | null;
  readonly due: string | number | null;
  /** As typed; normalised to a `DecisionStatus` when it is one (any case). */
  readonly status: string;
  readonly notes: string | number | null;
  /** The cycle that first raised it. */
  readonly raised: string;
  readonly state: "Active" | "Closed";
  /** The cycle that closed it (null while active). */
  readonly closedIn: string | null;
  readonly measureLabel: string;
  /** The measure when first raised. */
  readonly whenRaised: number | null;
  readonly measureFormat: "pct" | "number";
  /** Where the row was (`'SOP Decisions'!A7`), for findings. */
  readonly address: string;
}

/** One row of `SOP Decisions` after a run. */
export interface DecisionRow extends DecisionText {
  readonly evidence: { readonly kind: EvidenceKind; readonly key: string } | null;
  readonly scenario: string | null;
  readonly owner: string | number | null;
  readonly due: string | number | null;
  /** A `DecisionStatus`, or the text a person typed when it is not one. */
  readonly status: string;
  readonly notes: string | number | null;
  readonly raised: string;
  /** Active: the cause is present in this cycle; Closed: it no longer applies (kept, never deleted). */
  readonly state: "Active" | "Closed";
  readonly closedIn: string | null;
  /** New this cycle, reopened, closed this cycle… ("" when nothing changed). */
  readonly change: "" | "new" | "reopened" | "closed";
  readonly measureLabel: string;
  readonly measureFormat: "pct" | "number";
  readonly whenRaised: number | null;
  /** The measure at this run; null when not measurable (closed decisions whose subject is gone). */
  readonly now: number | null;
  /** Target as a sentence ("within ±10.0 %", "0"). */
  readonly target: string;
  /** The outcome check ("" when not applicable). */
  readonly outcome: string;
  /** Open or approved, still active, and due before the run date. */
  readonly overdue: boolean;
}

/** A problem with what people typed (unknown status, unreadable due date, duplicate id). */
export interface DecisionIssue {
  readonly address: string;
  readonly message: string;
}

/** What `reconcileDecisions` returns. */
export interface DecisionLog {
  readonly cycle: string;
  /** Active first (in proposal order), then closed (most recently closed first). */
  readonly rows: readonly DecisionRow[];
  readonly issues: readonly DecisionIssue[];
  readonly counts: { readonly active: number; readonly closed: number; readonly open: number; readonly approved: number; readonly overdue: number; readonly new: number };
}
