/**
 * Validation findings: what is wrong or noteworthy in the planner's data, where,
 * and what the add-in does about it.
 *
 * Findings are values, never exceptions: parsing collects them, `SOP Data Check`
 * lists them, the CLI prints them and turns errors into exit code 1. Pure.
 */

/** `error` blocks the run; `warning` does not but changes how a cell is read; `info` reports a treatment. */
export type Severity = "error" | "warning" | "info";

/** Stable finding codes; each has one documented treatment (`TREATMENTS`). */
export type FindingCode =
  | "role-missing"
  | "source-unreadable"
  | "range-empty"
  | "header-not-found"
  | "key-column-missing"
  | "no-periods"
  | "column-missing"
  | "text-in-number"
  | "date-in-number"
  | "number-as-text"
  | "excel-error"
  | "formula-not-calculated"
  | "negative"
  | "absurd-value"
  | "blank-values"
  | "duplicate-key"
  | "duplicate-period"
  | "periods-out-of-order"
  | "periods-gap"
  | "actuals-in-future"
  | "mixed-period-kinds"
  | "total-row-skipped"
  | "blank-row-skipped"
  | "row-without-key"
  | "column-without-header"
  | "repeated-header-skipped"
  | "hidden-rows"
  | "merged-cells-filled"
  | "forecast-item-not-in-actuals"
  | "resource-without-capacity"
  | "unknown-resource-item"
  | "bad-period"
  | "transactions-aggregated"
  | "efficiency-out-of-range"
  | "rate-inverted"
  | "snapshot-not-used"
  | "zero-rate"
  | "efficiency-missing"
  | "capacity-zero"
  | "snapshot-version-unmapped"
  | "demand-note"
  | "decision-note"
  | "supply-note"
  | "finance-note"
  | "scenario-issue"
  | "execution-note"
  | "plan-sheet-unreadable"
  | "adherence-flag"
  | "more-findings";

export interface Finding {
  readonly severity: Severity;
  readonly code: FindingCode;
  /** Input role, e.g. `actuals`, `forecast:Sales`. */
  readonly role: string;
  /** Sheet and cell or range address, e.g. `'Sales EU'!F17`; empty when the finding is about the mapping. */
  readonly address: string;
  /** A sentence a planner understands. */
  readonly message: string;
}

/** What the add-in does for each kind of finding (listed in `SOP Data Check`). */
export const TREATMENTS: Readonly<Record<FindingCode, string>> = {
  "role-missing": "The run stops: actuals are required for every step.",
  "source-unreadable": "The run stops until the mapping points at an existing sheet, table or name.",
  "range-empty": "The run stops: the range has no data rows.",
  "header-not-found": "The run stops: no header row with a key column and periods or values was found in the first 30 rows.",
  "key-column-missing": "The run stops: the role needs a key column (item, family or resource).",
  "no-periods": "The run stops: a time-phased role needs period columns (wide) or a period/date column (long).",
  "column-missing": "The run stops: a required column is missing.",
  "text-in-number": "The cell is read as empty (no value).",
  "date-in-number": "The cell is read as empty (no value): a date is never a quantity, a price or a rate; retype the number (format the cell as a number first).",
  "number-as-text": "The text is read as the number it shows.",
  "excel-error": "The cell is read as empty (no value); fix the formula in the source.",
  negative: "Actuals and production keep negative values (returns); other roles read them as 0.",
  "absurd-value": "The value is read as empty (no value).",
  "formula-not-calculated": "The cells are read as empty: the file holds no calculated result for their formulas.",
  "blank-values": "Blank cells mean 'no value', never zero (before a launch, after a discontinuation).",
  "duplicate-key": "Rows with the same key and attributes are added together.",
  "duplicate-period": "The run stops: two columns or rows claim the same period for one key.",
  "periods-out-of-order": "Periods are sorted into calendar order.",
  "periods-gap": "Missing periods inside the range are read as having no value.",
  "actuals-in-future": "The run stops: actuals are never dated after the current month (a mistyped year would move the cycle). Correct the period, or name the cycle to plan (sop … --cycle YYYY-MM).",
  "mixed-period-kinds": "The run stops: months and weeks cannot be mixed in one role.",
  "total-row-skipped": "Total and subtotal rows are skipped; the add-in computes its own totals.",
  "blank-row-skipped": "Blank rows are skipped.",
  "row-without-key": "The row has figures but no key; it is skipped.",
  "repeated-header-skipped": "A header row repeated inside the data (one per printed page) is skipped.",
  "column-without-header": "The column has figures but no header; it is not read (give it a period or a name to read it).",
  "hidden-rows": "Hidden rows are read like visible rows.",
  "merged-cells-filled": "A key or attribute merged down several rows (a family over its items) is read on every row of the merge; figures are never copied.",
  "forecast-item-not-in-actuals": "The item is treated as a new item without history.",
  "resource-without-capacity": "Load is computed, but the resource has no capacity to compare with.",
  "unknown-resource-item": "The routing line is kept; it loads nothing until the item or family appears in demand.",
  "bad-period": "The row is skipped: its period could not be read.",
  "transactions-aggregated": "Transaction lines are summed into period buckets.",
  "efficiency-out-of-range": "Efficiency above 1 is read as a percentage (95 → 0.95); otherwise 1 is used.",
  "rate-inverted": "A rate in units per hour is inverted into hours per unit.",
  "zero-rate": "The routing line is kept; it loads nothing.",
  "efficiency-missing": "An efficiency of 100 % is used.",
  "capacity-zero": "No capacity is available in that period: any load there is a shortage.",
  "snapshot-not-used": "The snapshot rows are left out of lag accuracy; the rest of the ledger is used.",
  "snapshot-version-unmapped": "The version is measured from its snapshots alone (it has no forecast tab).",
  "scenario-issue": "The lever (or the scenario) is left out; the other scenarios run.",
  "execution-note": "For information: how the frozen plan, the master production schedule or the adherence was computed.",
  "plan-sheet-unreadable": "The sheet is not used as a frozen plan; adherence is measured against the most recent frozen plan that reads.",
  "adherence-flag": "The deviation from the frozen plan exceeds the threshold: flagged for corrective action (nothing is changed).",
  "finance-note": "For information: what the financials could not price or compare.",
  "supply-note": "For information: how the supply review was computed, or what it could not use.",
  "demand-note": "For information: how the demand review was computed.",
  "decision-note": "What people typed in SOP Decisions is kept as typed; the decision is counted as open or not checked for overdue.",
  "more-findings": "Further findings of the same kind are counted, not listed one by one.",
};

/**
 * Collects findings, listing at most `perKind` of each code per source and role and
 * counting the rest, so a sheet with 50,000 bad cells gives a readable list.
 */
export class FindingCollector {
  readonly findings: Finding[] = [];
  private readonly counts = new Map<string, { n: number; severity: Severity; role: string; where: string; code: FindingCode }>();

  constructor(private readonly perKind = 25) {}

  /** Add a finding; `group` (usually the source label) scopes the per-kind cap. */
  add(f: Finding, group = ""): void {
    const k = `${f.code}\u0000${f.role}\u0000${group}`;
    const c = this.counts.get(k);
    if (c === undefined) {
      this.counts.set(k, { n: 1, severity: f.severity, role: f.role, where: group, code: f.code });
      this.findings.push(f);
      return;
    }
    c.n++;
    if (c.n <= this.perKind) this.findings.push(f);
  }

  /** Findings plus one summary line per code that went over the cap. */
  result(): Finding[] {
    const out = [...this.findings];
    for (const c of this.counts.values()) {
      if (c.n > this.perKind) {
        out.push({
          severity: c.severity,
          code: "more-findings",
          role: c.role,
          address: c.where,
          message: `${(c.n - this.perKind).toLocaleString("en-US")} more '${c.code}' findings like the ones above (${c.n.toLocaleString("en-US")} in all).`,
        });
      }
    }
    return out;
  }

  /** True when any error was collected. */
  get hasErrors(): boolean {
    return this.findings.some((f) => f.severity === "error");
  }
}

/** Where parsers put findings (a collector, or one that also records them). */
export type FindingSink = Pick<FindingCollector, "add">;

/** Sort findings: errors first, then warnings, then info; stable within a severity. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}
