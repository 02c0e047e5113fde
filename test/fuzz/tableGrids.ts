/**
 * Plausible random tables for the parser property: grids that look like what planners keep
 * (a header row of synonyms and period headers in some form, key columns, figures) with weird
 * cells, odd headers and broken periods mixed in, so that parsing gets past header detection
 * and exercises the whole reading of each role. Pure generators; see `fuzzSupport.ts`.
 */
import fc from "fast-check";
import { dateToSerial } from "../../src/engine/period";
import type { Cell, Grid } from "../../src/workbook/grid";
import type { Layout, Mapping, RangeSource, RoleName } from "../../src/workbook/mapping";
import type { ReadResult } from "../../src/workbook/host";
import { arbCellWild } from "./fuzzSupport";

const pad = (n: number): string => String(n).padStart(2, "0");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Header synonyms per column kind (with the abbreviations and suffixes planners use). */
const HEADERS = {
  item: ["Item", "SKU", "Product", "Material no.", "Item #", "SKU code", "Article", "Part number", "ITEM", " item "],
  family: ["Family", "Product family", "Product grp.", "Group", "Category", "Brand"],
  resource: ["Resource", "Work center", "Work centre", "Line", "Machine", "Cell"],
  attr: ["Region", "Customer", "Channel", "Manager", "Description", "Notes", ""],
  qty: ["Qty", "Quantity", "Qty (units)", "Units", "Value", "Shipments"],
  period: ["Period", "Month", "Date", "Order date", "Week"],
  version: ["Version", "Forecast version"],
  cycle: ["Cycle", "Snapshot cycle"],
  hours: ["Hours per unit", "Std. hours/pc", "Standard hours", "Run time", "Units per hour"],
  lead: ["Lead offset", "Lead time (periods)", "Offset"],
  onHand: ["On hand", "Stock on hand", "Stock"],
  safety: ["Safety stock", "SS"],
  target: ["Target days of supply", "Target DOS"],
  price: ["Price", "Unit price", "List price"],
  cost: ["Unit cost", "Std cost", "Cost"],
  efficiency: ["Efficiency", "Eff.", "OEE"],
  scenario: ["Scenario"],
  lever: ["Lever"],
  scope: ["Scope"],
  from: ["From"],
  to: ["To"],
  value: ["Value"],
} as const;

type Kind = keyof typeof HEADERS;

/** A period header cell for month or week `i` after a start, in one of the documented forms. */
function periodCell(kind: "month" | "week", start: number, i: number, form: number): { v: Cell; f: string | null } {
  if (kind === "week") {
    const serial = start + 7 * i; // a Monday serial
    if (form % 3 === 0) return { v: serial, f: "dd/mm/yyyy" };
    const d = new Date(Date.UTC(1899, 11, 30) + serial * 86400000);
    const thursday = new Date(d.getTime() + 3 * 86400000);
    const year = thursday.getUTCFullYear();
    const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86400000)) + 1;
    return form % 3 === 1 ? { v: `${year}-W${pad(week)}`, f: null } : { v: `KW${pad(week)} ${year}`, f: null };
  }
  const m = start + i;
  const year = Math.floor(m / 12);
  const num = (m % 12) + 1;
  switch (form % 7) {
    case 0:
      return { v: `${year}-${pad(num)}`, f: null };
    case 1:
      return { v: dateToSerial(year, num, 1), f: "mmm-yy" };
    case 2:
      return { v: `${MONTHS[num - 1]} ${year}`, f: null };
    case 3:
      return { v: `${MONTHS[num - 1]}-${pad(year % 100)}`, f: null };
    case 4:
      return { v: `${pad(num)}/${year}`, f: null };
    case 5:
      return { v: year * 100 + num, f: "General" };
    default:
      return { v: `${year}M${pad(num)}`, f: null };
  }
}

const arbKey = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 12 }).map((n) => `ITM-${1000 + n}`), weight: 8 },
  { arbitrary: fc.constantFrom<Cell>("Total", "Subtotal Pumps", null, "", 1001, "  ITM-1001 ", "itm-1001", "=cmd|' /C calc'!A0"), weight: 1 },
  { arbitrary: arbCellWild, weight: 1 },
);
const arbFigure = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 500 }), weight: 10 },
  { arbitrary: fc.double({ min: 0, max: 1000, noNaN: true }), weight: 2 },
  { arbitrary: fc.constant<Cell>(null), weight: 2 },
  { arbitrary: arbCellWild, weight: 2 },
);
const arbCleanKey = fc.integer({ min: 1, max: 12 }).map((n): Cell => `ITM-${1000 + n}`);
const arbCleanFigure = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 500 }), weight: 10 }, { arbitrary: fc.constant<Cell>(null), weight: 1 });
const arbText = fc.oneof({ arbitrary: fc.constantFrom<Cell>("Pumps", "Valves", "EU", "NA", "WC-10", "WC-20", "All", "Sales", "Statistical"), weight: 6 }, { arbitrary: arbCellWild, weight: 1 });

export type TableShape = "wide" | "long" | "snapshots" | "resources" | "inventory" | "prices" | "scenarios" | "budget" | "capacity";

interface Table {
  readonly values: Cell[][];
  readonly formats: (string | null)[][];
}

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length]!;

/** A table of one shape: header synonyms, columns, rows; random choices from `seed` numbers. */
const arbTable = (shape: TableShape, clean: boolean, weeklyCase: boolean): fc.Arbitrary<Table> =>
  fc
    .record({
      periods: fc.integer({ min: clean ? 3 : 0, max: 26 }),
      // Weekly or monthly as the case says; a broken table sometimes differs from its siblings.
      weekly: clean ? fc.constant(weeklyCase) : fc.integer({ min: 0, max: 9 }).map((n) => (n === 0 ? !weeklyCase : weeklyCase)),
      // Mostly history that ends before the fuzz clock (NOW, 2026-11), so that the cycle runs; sometimes
      // periods after it, which stop a run whose cycle comes from the actuals (actuals-in-future).
      startMonth: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 2015 * 12, max: 2024 * 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 2024 * 12, max: 2030 * 12 }) }),
      startWeek: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 500 }) }, { weight: 1, arbitrary: fc.integer({ min: 500, max: 1000 }) }).map((n) => dateToSerial(2024, 1, 1) + 7 * n - 7 * 500),
      form: fc.nat(20),
      synonyms: fc.array(fc.nat(20), { minLength: 12, maxLength: 12 }),
      attrs: fc.integer({ min: 0, max: 2 }),
      rows: fc.array(fc.tuple(clean ? arbCleanKey : arbKey, arbText, arbText, fc.array(clean ? arbCleanFigure : arbFigure, { minLength: 30, maxLength: 30 }), fc.nat(40)), { minLength: clean ? 1 : 0, maxLength: 14 }),
      // Period header breakage: [kind, at, to]: 0 swap, 1 duplicate, 2 blank, 3 a week among months, 4 a weird cell.
      breaks: fc.array(fc.tuple(fc.nat(4), fc.nat(40), fc.nat(40), arbCellWild), { maxLength: clean ? 0 : 3 }),
    })
    .map((t): Table => {
      const h = (k: Kind, i: number): string => pick(HEADERS[k], t.synonyms[i % t.synonyms.length]!);
      const head: Cell[] = [];
      const headFmt: (string | null)[] = [];
      const rows: Cell[][] = [];
      /** Number formats of data rows (date cells of long layouts), same shape as `rows`. */
      const rowFmts: (string | null)[][] = [];
      const periodRow = (): void => {
        const kind = t.weekly ? "week" : "month";
        const start = t.weekly ? t.startWeek : t.startMonth;
        const first = head.length;
        for (let i = 0; i < t.periods; i++) {
          const p = periodCell(kind, start, i, t.form);
          head.push(p.v);
          headFmt[first + i] = p.f;
        }
        for (const [b, at, to, weird] of t.breaks) {
          if (t.periods === 0) continue;
          const a = first + (at % t.periods);
          const z = first + (to % t.periods);
          if (b === 0) [head[a], head[z]] = [head[z]!, head[a]!];
          else if (b === 1) head[z] = head[a]!;
          else if (b === 2) head[a] = null;
          else if (b === 3) head[a] = "2026-W05";
          else head[a] = weird;
        }
      };
      switch (shape) {
        case "wide":
        case "budget":
        case "capacity": {
          head.push(h(shape === "capacity" ? "resource" : shape === "budget" ? "family" : "item", 0));
          for (let a = 0; a < t.attrs; a++) head.push(h(shape === "capacity" && a === 0 ? "efficiency" : "attr", a + 1));
          periodRow();
          for (const [key, a1, a2, figs] of t.rows) rows.push([key, ...[a1, a2].slice(0, t.attrs), ...figs.slice(0, t.periods)]);
          break;
        }
        case "long": {
          head.push(h("item", 0), h("period", 1), h("qty", 2));
          if (t.attrs > 0) head.push(h("version", 3));
          for (const [key, a1, , figs, n] of t.rows) {
            const p = t.weekly ? periodCell("week", t.startWeek, n % 20, t.form) : periodCell("month", t.startMonth, n % 24, t.form);
            // Transactions: daily dates within the month (several lines per item and month).
            const dated = typeof p.v === "number" && p.f !== null && p.f !== "General";
            const v = dated && !t.weekly && n % 2 === 0 ? (p.v as number) + (n % 28) : p.v;
            rows.push([key, v, figs[0] ?? null, ...(t.attrs > 0 ? [a1] : [])]);
            rowFmts[rows.length - 1] = [null, p.f];
          }
          break;
        }
        case "snapshots": {
          head.push(h("cycle", 0), h("version", 1), h("item", 2), h("period", 3), h("qty", 4));
          for (const [key, a1, , figs, n] of t.rows) rows.push([periodCell("month", t.startMonth, n % 3, 0).v, a1, key, periodCell("month", t.startMonth, n % 12, t.form).v, figs[0] ?? null]);
          break;
        }
        case "resources": {
          head.push(h("family", 0), h("item", 1), h("resource", 2), h("hours", 3), h("lead", 4));
          for (const [key, a1, a2, figs] of t.rows) rows.push([a1, key, a2, figs[0] ?? null, figs[1] ?? null]);
          break;
        }
        case "inventory": {
          head.push(h("item", 0), h("onHand", 1), h("safety", 2), h("target", 3));
          for (const [key, , , figs] of t.rows) rows.push([key, figs[0] ?? null, figs[1] ?? null, figs[2] ?? null]);
          break;
        }
        case "prices": {
          head.push(h("item", 0), h("price", 1), h("cost", 2));
          if (t.attrs > 1) head.push(h("period", 3));
          for (const [key, , , figs, n] of t.rows) rows.push([key, figs[0] ?? null, figs[1] ?? null, ...(t.attrs > 1 ? [periodCell("month", t.startMonth, n % 12, t.form).v] : [])]);
          break;
        }
        case "scenarios": {
          head.push(h("scenario", 0), h("lever", 1), h("scope", 2), h("from", 3), h("to", 4), h("value", 5));
          const levers = ["demand %", "demand units", "capacity hours", "capacity %", "overtime hours", "outsourcing units", "price %", "unit cost %", "bogus lever"];
          for (const [key, a1, , figs, n] of t.rows) {
            rows.push([pick(["Promo", "Shift", "Price up"], n), pick(levers, n + (typeof figs[0] === "number" ? figs[0] : 0)), a1, periodCell("month", t.startMonth, n % 12, 0).v, periodCell("month", t.startMonth, (n % 12) + (n % 5), 0).v, n % 7 === 0 ? "=growth * 1.5" : n % 11 === 0 ? key : (figs[0] ?? null)]);
          }
          break;
        }
      }
      return { values: [head, ...rows], formats: [headFmt, ...rows.map((_, i) => rowFmts[i] ?? [])] };
    });

const ROLE_SHAPES: readonly [RoleName, TableShape[]][] = [
  ["actuals", ["wide", "long"]],
  ["forecast:Sales", ["wide", "long"]],
  ["forecast", ["long", "wide"]],
  ["forecast:Statistical", ["wide"]],
  ["production", ["wide", "long"]],
  ["budget", ["budget"]],
  ["capacity", ["capacity"]],
  ["snapshots", ["snapshots"]],
  ["resources", ["resources"]],
  ["inventory", ["inventory"]],
  ["prices", ["prices"]],
  ["scenarios", ["scenarios"]],
];

/** A table placed in a sheet: title rows above, an offset, sometimes a mismatched shape. */
const arbPlacedGrid = (sheet: string, shapes: readonly TableShape[], clean: boolean, weekly: boolean): fc.Arbitrary<Grid> =>
  fc
    .record({
      shape: clean ? fc.constantFrom(...shapes) : fc.oneof({ arbitrary: fc.constantFrom(...shapes), weight: 9 }, { arbitrary: fc.constantFrom<TableShape>("wide", "long", "snapshots", "resources", "inventory", "prices", "scenarios", "budget", "capacity"), weight: 1 }),
      // A header below the 30 scanned rows now and then (header-not-found).
      titles: fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 4 }, { arbitrary: fc.constant(clean ? 2 : 31), weight: 1 }),
      top: fc.oneof(fc.constant(0), fc.nat(20)),
      left: fc.oneof(fc.constant(0), fc.nat(5)),
      date1904: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
      hidden: fc.option(fc.array(fc.nat(15), { maxLength: 2 }), { nil: undefined }),
    })
    .chain((p) =>
      arbTable(p.shape, clean, weekly).map((t): Grid => {
        const titles: Cell[][] = Array.from({ length: p.titles }, (_, i) => (i === 0 ? ["Planning workbook — figures in units"] : []));
        return {
          sheet,
          top: p.top,
          left: p.left,
          values: [...titles, ...t.values],
          formats: [...titles.map(() => []), ...t.formats],
          ...(p.date1904 ? { date1904: true } : {}),
          ...(p.hidden ? { hiddenRows: p.hidden } : {}),
        };
      }),
    );

const SHEETS = ["Actuals", "Sales 'EU'", "Données", "A1", "Sheet 2", "مبيعات"];

/** A mapping of plausible tables: actuals (almost always) and a few other roles, some with two ranges. */
export const arbTableCase: fc.Arbitrary<{ mapping: Mapping; reads: ReadResult[] }> = fc
  .record({
    withActuals: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
    others: fc.uniqueArray(fc.integer({ min: 1, max: ROLE_SHAPES.length - 1 }), { maxLength: 4 }),
    // Clean tables (half the cases) get past validation and exercise the engine; the rest carry breakage.
    clean: fc.boolean(),
    weekly: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  .chain(({ withActuals, others, clean, weekly }) => {
    const roles = [...(withActuals ? [0] : []), ...others].map((i) => ROLE_SHAPES[i]!);
    return fc.tuple(
      ...roles.map(([role, shapes], k) =>
        fc.record({
          role: fc.constant(role),
          layout: fc.oneof({ arbitrary: fc.constant<Layout | undefined>(undefined), weight: 4 }, { arbitrary: fc.constantFrom<Layout>("auto", "wide", "long"), weight: 1 }),
          grids: fc.array(arbPlacedGrid(SHEETS[k % SHEETS.length]!, shapes, clean, weekly), { minLength: 1, maxLength: 2 }),
        }),
      ),
    );
  })
  .map((bs) => {
    const reads: ReadResult[] = [];
    const roles = bs.map((b) => {
      const sources: RangeSource[] = b.grids.map((g) => {
        reads.push(g);
        return { sheet: g.sheet };
      });
      return { role: b.role, sources, ...(b.layout ? { layout: b.layout } : {}) };
    });
    return { mapping: { roles }, reads };
  });

/** The tables of a case as a workbook (one sheet per range, at its offset) and the mapping to them. */
export function tableWorkbook(c: { mapping: Mapping; reads: readonly ReadResult[] }): { sheets: Record<string, { values: Cell[][]; formats?: (string | null)[][] }>; mapping: Mapping } {
  const sheets: Record<string, { values: Cell[][]; formats?: (string | null)[][] }> = {};
  let i = 0;
  const roles = c.mapping.roles.map((b) => ({
    ...b,
    sources: b.sources.map(() => {
      const g = c.reads[i++]!;
      if (!("values" in g)) return { sheet: `Missing ${i}` };
      const name = `${g.sheet} ${i}`.slice(0, 31);
      const shift = <T>(rows: readonly (readonly T[])[] | undefined, blank: T): T[][] => [
        ...Array.from({ length: g.top }, (): T[] => []),
        ...(rows ?? []).map((r) => [...Array.from({ length: g.left }, () => blank), ...r]),
      ];
      sheets[name] = { values: shift(g.values, null as Cell), formats: shift(g.formats, null as string | null) };
      return { sheet: name };
    }),
  }));
  return { sheets, mapping: { roles } };
}
