/**
 * Merged key cells in data rows. Formatted reports merge a family (an item, a region, a
 * scenario…) down the rows it belongs to; Excel keeps the value in the merge's first cell only,
 * so the rows below would read with no family, or no item, and fall out of the roll-ups (or be
 * skipped). Every row of such a merge is read with the value of its first row, and the planner is
 * told once per range. Only key and attribute columns are filled, never figures: a quantity
 * merged over two rows is one quantity, not two.
 *
 * Pure; never changes the grid it is given.
 */
import type { FindingSink } from "./findings";
import { type Cell, type Grid, type GridBox, isBlank, rangeAddress } from "./grid";
import type { ColumnKind } from "./headerMatch";
import type { HeaderInfo } from "./tableLayout";

/** Columns whose merged cells are filled down: keys and attributes. */
const FILLED_KINDS: ReadonlySet<ColumnKind> = new Set<ColumnKind>(["item", "description", "family", "resource", "version", "cycle", "scenario", "lever", "scope", "unit", "attribute"]);

/**
 * `grid` with the merged cells of its key and attribute columns below the header filled with the
 * value of the merge's first row (a merge over several columns fills its first column only, where
 * the value is). The grid itself when there is nothing to fill. Reports `merged-cells-filled` (info).
 */
export function fillMergedKeys(grid: Grid, h: HeaderInfo, label: string, role: string, out: FindingSink): Grid {
  const merges = grid.merges;
  if (merges === undefined || merges.length === 0) return grid;
  const headerOf = new Map<number, string>();
  for (const c of h.columns) if (c.period === null && c.match !== null && FILLED_KINDS.has(c.match.kind)) headerOf.set(c.col, c.header);
  let values: Cell[][] | null = null;
  let blocks = 0;
  let first: GridBox | null = null;
  const columns = new Set<string>();
  for (const m of merges) {
    if (m.top <= h.row || m.bottom <= m.top || !headerOf.has(m.left)) continue;
    const v = grid.values[m.top]?.[m.left] ?? null;
    if (isBlank(v)) continue;
    const last = Math.min(m.bottom, grid.values.length - 1);
    let filled = false;
    for (let r = m.top + 1; r <= last; r++) {
      const source = grid.values[r] ?? [];
      if (!isBlank(source[m.left] ?? null)) continue;
      values ??= grid.values.slice();
      // Rows are copied before they change: the caller's grid stays as read.
      const row = values[r] === source ? (values[r] = source.slice()) : values[r]!;
      while (row.length <= m.left) row.push(null);
      row[m.left] = v;
      filled = true;
    }
    if (!filled) continue;
    blocks++;
    first ??= m;
    columns.add(headerOf.get(m.left)!);
  }
  if (values === null || first === null) return grid;
  out.add(
    {
      severity: "info",
      code: "merged-cells-filled",
      role,
      address: rangeAddress(grid.sheet, grid.top + first.top, grid.left + first.left, first.bottom - first.top + 1, first.right - first.left + 1),
      message: `${blocks.toLocaleString("en-US")} merged cell block(s) of ${label} (${[...columns].join(", ")}) span several rows; every row is read with the value of the block's first row.`,
    },
    label,
  );
  return { ...grid, values };
}
