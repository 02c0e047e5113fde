/**
 * Renders the `SOP Data Check` sheet: what was read for each role, from where and how
 * the range was chosen, then every finding with its address, severity and treatment.
 *
 * Pure: results in, a `SheetSpec` out.
 */
import { type Finding, TREATMENTS, sortFindings } from "./findings";
import type { RoleSummary } from "./readInputs";
import type { BlockStyle, ConditionalSpec, OutCell, SheetSpec, TableSpec } from "./sheetSpec";
import { HEADER_FILL } from "./sheetBlocks";

export const DATA_CHECK_SHEET = "SOP Data Check";

/** How each role's range was chosen, for the roles table. */
export interface RoleOrigin {
  readonly role: string;
  /** `mapping file`, `saved settings`, or `proposed (90 %)`. */
  readonly origin: string;
  readonly reason: string;
}

export interface DataCheckContext {
  readonly workbook: string;
  readonly cycle: string;
  readonly horizon: number;
  readonly lastActual: string | null;
  /** ISO timestamp of the run. */
  readonly runAt: string;
  readonly summaries: readonly RoleSummary[];
  readonly origins: readonly RoleOrigin[];
  readonly findings: readonly Finding[];
}

const HEADER_FONT = "#FFFFFF";

/** Build the Data Check sheet. */
export function renderDataCheck(ctx: DataCheckContext): SheetSpec {
  const rows: OutCell[][] = [];
  const styles: BlockStyle[] = [];
  const tables: TableSpec[] = [];
  const conditionals: ConditionalSpec[] = [];
  const findings = sortFindings(ctx.findings);
  const errors = findings.filter((f) => f.severity === "error").length;
  const warnings = findings.filter((f) => f.severity === "warning").length;
  const infos = findings.length - errors - warnings;

  rows.push(["S&OP Data Check"]);
  styles.push({ row: 0, col: 0, rows: 1, cols: 1, bold: true, fontSize: 14 });
  rows.push(["Workbook", ctx.workbook]);
  rows.push(["Cycle", ctx.cycle, "Horizon (months)", ctx.horizon]);
  rows.push(["Last actual period", ctx.lastActual ?? "", "Checked at", ctx.runAt]);
  rows.push([
    "Result",
    errors > 0 ? `${errors} blocking error(s): the run stops until they are fixed` : "Ready: no blocking errors",
    "Errors / warnings / notes",
    `${errors} / ${warnings} / ${infos}`,
  ]);
  styles.push({ row: 1, col: 0, rows: 4, cols: 1, bold: true }, { row: 2, col: 2, rows: 3, cols: 1, bold: true });
  styles.push({ row: 4, col: 1, rows: 1, cols: 1, bold: true, fontColor: errors > 0 ? "#C00000" : "#1E7B34" });
  rows.push([]);

  // Roles table.
  rows.push(["Input roles"]);
  styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, bold: true, fontSize: 12 });
  const rolesTop = rows.length;
  rows.push(["Role", "Ranges", "Layout", "Rows read", "Periods", "Errors", "Warnings", "Chosen by", "Why"]);
  for (const s of ctx.summaries) {
    const o = ctx.origins.find((x) => x.role === s.role);
    rows.push([s.role, s.sources.join("; "), s.layout, s.rows, s.periods, s.errors, s.warnings, o?.origin ?? "", o?.reason ?? ""]);
  }
  const rolesRows = rows.length - rolesTop;
  styles.push({ row: rolesTop, col: 0, rows: 1, cols: 9, bold: true, fill: HEADER_FILL, fontColor: HEADER_FONT });
  styles.push({ row: rolesTop + 1, col: 3, rows: Math.max(rolesRows - 1, 1), cols: 1, numberFormat: "#,##0" });
  if (rolesRows > 1) tables.push({ name: "SOP_DataCheck_Roles", row: rolesTop, col: 0, rows: rolesRows, cols: 9 });
  rows.push([]);

  // Findings table.
  rows.push(["Findings"]);
  styles.push({ row: rows.length - 1, col: 0, rows: 1, cols: 1, bold: true, fontSize: 12 });
  const fTop = rows.length;
  rows.push(["Severity", "Role", "Where", "Finding", "Treatment", "Code"]);
  for (const f of findings) rows.push([f.severity, f.role, f.address, f.message, TREATMENTS[f.code], f.code]);
  if (findings.length === 0) rows.push(["none", "", "", "No findings: every cell was read as written.", "", ""]);
  const fRows = rows.length - fTop;
  styles.push({ row: fTop, col: 0, rows: 1, cols: 6, bold: true, fill: HEADER_FILL, fontColor: HEADER_FONT });
  styles.push({ row: fTop + 1, col: 3, rows: fRows - 1, cols: 2, wrap: true });
  tables.push({ name: "SOP_DataCheck_Findings", row: fTop, col: 0, rows: fRows, cols: 6 });
  conditionals.push(
    { row: fTop + 1, col: 0, rows: fRows - 1, cols: 1, operator: "equal", value: "error", fill: "#FFC7CE", fontColor: "#9C0006" },
    { row: fTop + 1, col: 0, rows: fRows - 1, cols: 1, operator: "equal", value: "warning", fill: "#FFEB9C", fontColor: "#9C5700" },
  );

  return {
    name: DATA_CHECK_SHEET,
    rows,
    styles,
    tables,
    conditionals,
    columnWidths: [20, 40, 30, 60, 55, 22, 10, 22, 70],
    freeze: { rows: 5 },
    tabColor: "#1F4E3D",
  };
}
