/**
 * The hidden `SOP_Settings` sheet: settings as JSON split over cells, shared by
 * the Office.js host and the .xlsx host (and so by the task pane and the CLI).
 *
 * Layout: A1 holds a marker, then one row per chunk in column B (Excel caps a
 * cell at 32,767 characters). Pure; no I/O.
 */
import { type Grid, cellAt } from "./grid";
import { type Settings, SETTINGS_SHEET } from "./mapping";
import type { SheetSpec } from "./sheetSpec";

const MARKER = "S&OP Planner settings (do not edit by hand)";
const CHUNK = 30000;

/** Render settings as the hidden settings sheet. */
export function settingsToSheet(settings: Settings): SheetSpec {
  const json = JSON.stringify(settings);
  const rows: (string | null)[][] = [[MARKER, "json-chunks"]];
  for (let i = 0; i < json.length; i += CHUNK) rows.push([`chunk ${rows.length}`, json.slice(i, i + CHUNK)]);
  return {
    name: SETTINGS_SHEET,
    rows,
    hidden: true,
    styles: [{ row: 0, col: 0, rows: rows.length, cols: 2, numberFormat: "@" }],
  };
}

/** Parse the settings sheet; null when the sheet is not ours or the JSON is damaged. */
export function settingsFromGrid(grid: Grid): Settings | null {
  if (cellAt(grid, 0, 0) !== MARKER) return null;
  let json = "";
  for (let r = 1; r < grid.values.length; r++) {
    const v = cellAt(grid, r, 1);
    if (typeof v === "string") json += v;
  }
  try {
    const parsed = JSON.parse(json) as unknown;
    if (typeof parsed === "object" && parsed !== null && (parsed as { version?: unknown }).version === 1) {
      return parsed as Settings;
    }
  } catch {
    return null;
  }
  return null;
}
