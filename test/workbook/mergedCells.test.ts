/**
 * Merged key cells (`mergedCells.ts`): a family merged down its items, an item over two rows, a
 * scenario over its levers are read on every row of the merge; figures, header cells and the
 * caller's grid are never changed.
 */
import assert from "node:assert/strict";
import { seriesValue } from "../../src/engine/inputs";
import type { Cell, Grid, GridBox } from "../../src/workbook/grid";
import type { Mapping } from "../../src/workbook/mapping";
import { readInputs } from "../../src/workbook/readInputs";
import { grid } from "../helpers/grids";

const merged = (g: Grid, merges: GridBox[]): Grid => ({ ...g, merges });
const box = (top: number, left: number, bottom: number, right: number): GridBox => ({ top, left, bottom, right });
const actualsRole = { role: "actuals" as const, sources: [{ sheet: "Actuals" }] };

describe("merged key cells", () => {
  // A title row, the header in row 2, then items; Family merged B3:B5 (3 items) and B6:B7.
  const rows: Cell[][] = [
    ["Shipments 2025", null, null, null],
    ["Item", "Family", "2025-01", "2025-02"],
    ["A", "Pumps", 10, 11],
    ["B", null, 20, 21],
    ["C", null, 30, null],
    ["D", "Valves", 40, 41],
    ["E", null, 50, 51],
  ];

  it("a family merged down its items: every item has the family, told once with the first block's address", () => {
    const g = merged(grid("Actuals", rows), [box(0, 0, 0, 3), box(2, 1, 4, 1), box(5, 1, 6, 1)]);
    const r = readInputs({ roles: [actualsRole] }, [g]);
    const a = r.inputs!.actuals;
    assert.deepEqual(a.keys, ["A", "B", "C", "D", "E"]);
    assert.deepEqual(
      a.attributes.map((x) => x[a.attributeNames.indexOf("Family")]),
      ["Pumps", "Pumps", "Pumps", "Valves", "Valves"],
    );
    const f = r.findings.filter((x) => x.code === "merged-cells-filled");
    assert.equal(f.length, 1);
    assert.equal(f[0]!.severity, "info");
    assert.equal(f[0]!.address, "Actuals!B3:B5");
    assert.equal(f[0]!.message, "2 merged cell block(s) of Actuals!A1:D7 (Family) span several rows; every row is read with the value of the block's first row.");
    // The grid as read is left as it was.
    assert.equal(g.values[3]![1], null);
  });

  it("figures are never copied: a quantity merged over two rows is one quantity", () => {
    // B's 2025-01 (20) merged down over C's, which is blank in the file as Excel stores it.
    const blankBelow = rows.map((row, i) => (i === 4 ? [row[0]!, row[1]!, null, row[3]!] : row));
    const g = merged(grid("Actuals", blankBelow), [box(2, 1, 4, 1), box(3, 2, 4, 2)]);
    const r = readInputs({ roles: [actualsRole] }, [g]);
    const a = r.inputs!.actuals;
    assert.equal(seriesValue(a, 1, 0), 20);
    assert.ok(Number.isNaN(seriesValue(a, 2, 0)), "C's 2025-01 stays blank");
    // The family merge in the same grid is filled.
    assert.deepEqual(a.attributes.map((x) => x[0]), ["Pumps", "Pumps", "Pumps", "Valves", null]);
  });

  it("merges in the header or above it are left to the header rules; an item merged over two rows adds them", () => {
    // As Excel stores it: A3:A4 merged, so A4 is blank in the file.
    const withBlank = rows.map((row, i) => (i === 3 ? [null, ...row.slice(1)] : row));
    const g = merged(grid("Actuals", withBlank), [box(0, 0, 1, 0), box(2, 0, 3, 0), box(2, 1, 4, 1)]);
    const r = readInputs({ roles: [actualsRole] }, [g]);
    const a = r.inputs!.actuals;
    // Row 4's item is blank in the file, so it is A's: A's rows are added (duplicate-key), B disappears.
    assert.deepEqual(a.keys, ["A", "C", "D", "E"]);
    assert.equal(seriesValue(a, 0, 0), 30);
    assert.ok(r.findings.some((f) => f.code === "duplicate-key" && f.address === "Actuals!A4"));
    assert.ok(!r.findings.some((f) => f.code === "row-without-key"));
  });

  it("list roles too: a scenario merged down its levers", () => {
    const scenarios: Cell[][] = [
      ["Scenario", "Lever", "Scope", "From", "To", "Value"],
      ["Upside", "demand %", "all", "2026-01", "2026-06", 10],
      [null, "capacity %", "all", "2026-01", "2026-06", 5],
      ["Strike", "capacity %", "all", "2026-03", "2026-03", -50],
    ];
    const roles: Mapping["roles"] = [actualsRole, { role: "scenarios", sources: [{ sheet: "Scen" }] }];
    const r = readInputs({ roles }, [grid("Actuals", rows.slice(1)), merged(grid("Scen", scenarios), [box(1, 0, 2, 0)])]);
    assert.deepEqual(
      r.inputs!.scenarios.map((s) => `${s.scenario}: ${s.lever}`),
      ["Upside: demand %", "Upside: capacity %", "Strike: capacity %"],
    );
    assert.ok(r.findings.some((f) => f.code === "merged-cells-filled" && f.address === "Scen!A2:A3"));
  });

  it("without merges nothing changes and nothing is reported", () => {
    const g = grid("Actuals", rows);
    const r = readInputs({ roles: [actualsRole] }, [g]);
    assert.ok(!r.findings.some((f) => f.code === "merged-cells-filled"));
    // Items under a blank family cell have no family.
    assert.deepEqual(r.inputs!.actuals.attributes.map((x) => x[0]), ["Pumps", null, null, "Valves", null]);
  });
});
