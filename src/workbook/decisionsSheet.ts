/**
 * `SOP Decisions` (DESIGN.md §2 steps 4–5, §7): the decisions to approve at the executive
 * meeting, with their evidence, and the columns people fill in (Owner, Due, Status with its
 * drop-down, Notes). The sheet is read back at the next run so that what was typed is kept by
 * decision id (`parseDecisionsSheet`), whatever the column order: columns are found by header.
 *
 * Pure: a decision log in, a sheet spec out; a grid in, the previous decisions out.
 */
import type { DecisionLog, DecisionRow, PreviousDecision } from "../engine/decisions/types";
import { DECISION_STATUSES } from "../engine/decisions/types";
import type { Cell, Grid } from "./grid";
import { pushHeader } from "./sheetBlocks";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec } from "./sheetSpec";

export const DECISIONS_SHEET = "SOP Decisions";

/** The columns, in the order written; the typed ones are kept by id. */
export const DECISION_COLUMNS = [
  "ID",
  "Topic",
  "Subject",
  "Issue",
  "Options",
  "Recommended",
  "Revenue at stake",
  "Margin at stake",
  "Evidence",
  "Owner",
  "Due",
  "Status",
  "Notes",
  "Raised in",
  "State",
  "Change",
  "Measure",
  "When raised",
  "Now",
  "Target",
  "Outcome",
  "Overdue",
] as const;

type Column = (typeof DECISION_COLUMNS)[number];
const col = (c: Column): number => DECISION_COLUMNS.indexOf(c);

/** The cell a decision's evidence points at: `'SOP Capacity'!A12`, with the label to show. */
export interface EvidenceLink {
  readonly sheet: string;
  readonly cell: string;
}

const quoteSheet = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A formula link to a cell of another sheet of the workbook, showing `label`. */
export function sheetLink(target: EvidenceLink, label: string): OutCell {
  const href = `#${quoteSheet(target.sheet)}!${target.cell}`.replace(/"/g, '""');
  return { formula: `HYPERLINK("${href}","${label.replace(/"/g, '""')}")`, value: label };
}

/** Zero-based row of the header in the written sheet. */
const HEADER_ROW = 4;

/** Render the decision log. `evidence` maps a row to the cell its evidence lives in (null: none). */
export function renderDecisionsSheet(
  log: DecisionLog,
  ctx: { readonly cycle: string; readonly runAt: string; readonly workbook: string },
  evidence: (row: DecisionRow) => EvidenceLink | null,
): SheetSpec {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const conditionals: ConditionalSpec[] = [];
  const c = log.counts;
  rows.push(["S&OP Decisions: to approve at the executive meeting"]);
  rows.push([
    `Cycle ${ctx.cycle} · ${ctx.workbook} · run ${ctx.runAt.slice(0, 16).replace("T", " ")} UTC · ${c.active} active (${c.new} new), ${c.closed} closed · ${c.open} open, ${c.approved} approved, ${c.overdue} overdue`,
  ]);
  rows.push([
    "Type in Owner, Due, Status (drop-down: Open, Approved, Rejected, Done) and Notes: they are kept by ID at the next run. A decision whose cause is gone is closed and stays at the bottom; the outcome check measures approved decisions again at later runs.",
  ]);
  rows.push([]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 }, { row: 1, col: 0, rows: 1, cols: 1, italic: true }, { row: 2, col: 0, rows: 1, cols: 1, italic: true, fontColor: "#555555" });
  const header = pushHeader(rows, styles, DECISION_COLUMNS);
  if (header !== HEADER_ROW) throw new Error("decisions header row moved");

  for (const r of log.rows) {
    const link = r.evidence ? evidence(r) : null;
    const line: OutCell[] = new Array<OutCell>(DECISION_COLUMNS.length).fill(null);
    line[col("ID")] = r.id;
    line[col("Topic")] = r.topic;
    line[col("Subject")] = r.subject;
    line[col("Issue")] = r.issue;
    line[col("Options")] = r.options;
    line[col("Recommended")] = r.recommended;
    line[col("Revenue at stake")] = r.impactRevenue;
    line[col("Margin at stake")] = r.impactMargin;
    line[col("Evidence")] = link ? sheetLink(link, `${link.sheet} ${link.cell}`) : null;
    line[col("Owner")] = r.owner;
    line[col("Due")] = r.due;
    line[col("Status")] = r.status;
    line[col("Notes")] = r.notes;
    line[col("Raised in")] = r.raised;
    line[col("State")] = r.state === "Closed" ? `Closed in ${r.closedIn ?? ctx.cycle}` : "Active";
    line[col("Change")] = r.change;
    line[col("Measure")] = r.measureLabel;
    line[col("When raised")] = r.whenRaised;
    line[col("Now")] = r.now;
    line[col("Target")] = r.target;
    line[col("Outcome")] = r.outcome;
    line[col("Overdue")] = r.overdue ? "overdue" : "";
    rows.push(line);
    const at = rows.length - 1;
    for (const k of ["When raised", "Now"] as const) styles.push({ row: at, col: col(k), rows: 1, cols: 1, numberFormat: r.measureFormat === "pct" ? "0.0%" : "#,##0" });
    if (r.state === "Closed") styles.push({ row: at, col: 0, rows: 1, cols: DECISION_COLUMNS.length, fontColor: "#808080" });
  }
  const n = log.rows.length;
  if (n > 0) {
    styles.push(
      { row: HEADER_ROW + 1, col: col("Revenue at stake"), rows: n, cols: 2, numberFormat: "#,##0" },
      { row: HEADER_ROW + 1, col: col("Due"), rows: n, cols: 1, numberFormat: "yyyy-mm-dd" },
      { row: HEADER_ROW + 1, col: col("Issue"), rows: n, cols: 3, wrap: true },
      { row: HEADER_ROW + 1, col: col("Outcome"), rows: n, cols: 1, wrap: true },
      { row: HEADER_ROW + 1, col: col("Owner"), rows: n, cols: 4, fill: "#FFF8E1" },
    );
    conditionals.push(
      { row: HEADER_ROW + 1, col: col("Overdue"), rows: n, cols: 1, operator: "textContains", value: "overdue", fill: "#F8CBAD", fontColor: "#9C0006" },
      { row: HEADER_ROW + 1, col: col("Status"), rows: n, cols: 1, operator: "equal", value: "Approved", fill: "#C6EFCE", fontColor: "#006100" },
      { row: HEADER_ROW + 1, col: col("Outcome"), rows: n, cols: 1, operator: "textContains", value: "Not yet", fill: "#FFEB9C", fontColor: "#9C5700" },
    );
  }
  const widths = [16, 13, 20, 60, 44, 52, 14, 14, 22, 14, 12, 11, 30, 10, 16, 10, 34, 11, 11, 16, 48, 9];
  return {
    name: DECISIONS_SHEET,
    rows,
    styles,
    conditionals,
    columnWidths: widths,
    freeze: { rows: HEADER_ROW + 1, cols: 1 },
    tabColor: "#C00000",
    validations: [
      { row: HEADER_ROW + 1, col: col("Status"), rows: Math.max(n, 1) + 200, cols: 1, list: [...DECISION_STATUSES] },
    ],
  };
}

const text = (v: Cell | undefined): string => (v === null || v === undefined ? "" : typeof v === "object" ? v.error : String(v).trim());
const typed = (v: Cell | undefined): string | number | null => {
  if (v === null || v === undefined || typeof v === "object") return null;
  if (typeof v === "boolean") return String(v);
  if (typeof v === "string") return v.trim() === "" ? null : v;
  return v;
};
const num = (v: Cell | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();

/**
 * The decisions of a previous `SOP Decisions` (as the add-in wrote it and people edited it): the
 * header row is found by its `ID` and `Status` cells, columns by their header text; rows without
 * an id are skipped. Addresses point at each row's ID cell.
 */
export function parseDecisionsSheet(grid: Grid): PreviousDecision[] {
  const vals = grid.values;
  let h = -1;
  for (let i = 0; i < Math.min(vals.length, 40); i++) {
    const heads = (vals[i] ?? []).map((v) => norm(text(v)));
    if (heads.includes("id") && heads.includes("status")) {
      h = i;
      break;
    }
  }
  if (h < 0) return [];
  const heads = (vals[h] ?? []).map((v) => norm(text(v)));
  const at = (name: string): number => heads.indexOf(norm(name));
  const idx = Object.fromEntries(DECISION_COLUMNS.map((c) => [c, at(c)])) as Record<Column, number>;
  const get = (row: Cell[], c: Column): Cell | undefined => (idx[c] >= 0 ? row[idx[c]] : undefined);
  const out: PreviousDecision[] = [];
  const colLetter = (i: number): string => {
    let s = "";
    for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  for (let i = h + 1; i < vals.length; i++) {
    const row = vals[i] ?? [];
    const id = text(get(row, "ID"));
    if (id === "") continue;
    const state = text(get(row, "State"));
    const closed = /^closed/i.test(state);
    const closedIn = closed ? (/(\d{4}-\d{2})/.exec(state)?.[1] ?? null) : null;
    const whenRaised = num(get(row, "When raised"));
    const fmt = grid.formats?.[i]?.[idx["When raised"]] ?? grid.formats?.[i]?.[idx["Now"]] ?? null;
    const measureLabel = text(get(row, "Measure"));
    out.push({
      id,
      topic: text(get(row, "Topic")),
      subject: text(get(row, "Subject")),
      issue: text(get(row, "Issue")),
      options: text(get(row, "Options")),
      recommended: text(get(row, "Recommended")),
      impactRevenue: num(get(row, "Revenue at stake")),
      impactMargin: num(get(row, "Margin at stake")),
      owner: typed(get(row, "Owner")),
      due: typed(get(row, "Due")),
      status: text(get(row, "Status")),
      notes: typed(get(row, "Notes")),
      raised: text(get(row, "Raised in")),
      state: closed ? "Closed" : "Active",
      closedIn,
      measureLabel,
      whenRaised,
      measureFormat: (fmt ?? "").includes("%") || /^bias|gap to budget/i.test(measureLabel) ? "pct" : "number",
      address: `${quoteSheet(grid.sheet)}!${colLetter(grid.left + Math.max(idx.ID, 0))}${grid.top + i + 1}`,
    });
  }
  return out;
}
