/**
 * Role proposal: read sheet names, table names and header rows, and propose which
 * range feeds which input role, each with a confidence and a reason the planner can
 * check ("sheet name 'Actuals'; headers Item, Family; 36 monthly periods").
 *
 * Pure: the caller reads the head rows of every sheet and table through a host.
 */
import { periodKey } from "../engine/period";
import { type Grid, columnLetters } from "./grid";
import type { SheetInfo, WorkbookInfo } from "./host";
import { type Mapping, type RangeSource, type RoleBinding, type RoleName, SETTINGS_SHEET, baseRole } from "./mapping";
import { type HeaderInfo, detectHeader } from "./tableLayout";
import type { ColumnKind } from "./headerMatch";

/** One proposed binding of a range to a role. */
export interface Proposal {
  readonly role: RoleName;
  readonly source: RangeSource;
  /** 0–1. */
  readonly confidence: number;
  readonly reason: string;
  /** Grid-relative header row found (0-based), for display. */
  readonly headerRow: number;
}

/** A range not given any role, with why. */
export interface Unassigned {
  readonly source: RangeSource;
  readonly reason: string;
}

export interface MappingProposal {
  readonly mapping: Mapping;
  readonly proposals: readonly Proposal[];
  readonly unassigned: readonly Unassigned[];
}

/** Rows read from the top of each sheet for the proposal. */
export const PROPOSAL_HEAD_ROWS = 40;

/** Sheets the add-in writes are never proposed as inputs. */
export function isOwnSheetName(name: string): boolean {
  return name === SETTINGS_SHEET || /^SOP /.test(name);
}

/**
 * The sheet the proposal will most likely take as the actuals, from the sheets' names alone: the
 * one sheet (visible or hidden, not the add-in's) whose name says history and not forecast, as
 * the proposal reads names; null when none or several do. A guess, for a caller that starts on
 * the actuals before the workbook is described (the CLI's forecast): it checks the guess against
 * the proposal afterwards.
 */
export function actualsSheetByName(sheets: readonly Pick<SheetInfo, "name" | "visibility">[]): string | null {
  const named = sheets.filter((s) => s.visibility !== "veryHidden" && !isOwnSheetName(s.name) && RE.actuals.test(s.name) && !RE.forecast.test(s.name) && !RE.snapshots.test(s.name));
  return named.length === 1 ? named[0]!.name : null;
}

/**
 * Sources whose head rows the proposal needs: every visible or hidden (not very hidden),
 * non-owned sheet without tables (its first rows), and every table.
 */
export function proposalSources(info: WorkbookInfo): RangeSource[] {
  const out: RangeSource[] = [];
  const withTables = new Set(info.tables.map((t) => t.sheet));
  for (const s of info.sheets) {
    if (s.owned || isOwnSheetName(s.name) || s.visibility === "veryHidden" || s.rows === 0) continue;
    if (withTables.has(s.name)) continue;
    const cols = Math.min(Math.max(s.cols, 1), 16384);
    out.push({ sheet: s.name, range: `A1:${columnLetters(cols - 1)}${Math.min(PROPOSAL_HEAD_ROWS, Math.max(s.rows, 1))}` });
  }
  for (const t of info.tables) {
    if (isOwnSheetName(t.sheet)) continue;
    out.push({ table: t.name });
  }
  return out;
}

interface Candidate {
  source: RangeSource;
  name: string;
  grid: Grid;
  h: HeaderInfo;
  has: (k: ColumnKind) => boolean;
  firstOrdinal: number;
  lastOrdinal: number;
  periods: number;
  periodSpan: string;
  headerList: string;
}

const RE = {
  actuals: /actual|history|histor|shipment|shipped|invoic|orders?\b|sales\s*hist|sell[- ]?in|sell[- ]?out|demand\s*hist|ist\b/i,
  forecast: /forecast|fcst|\bfc\b|consensus|stat|prognos|plan\b|key\s*account|sales\s+(?!hist)|marketing|outlook/i,
  budget: /budget|target|annual\s*plan|\baop\b/i,
  production: /production|output|manufactur/i,
  snapshots: /snapshot|archive|ledger|history\s+of\s+forecast/i,
};

function versionFromName(name: string): string {
  if (/stat/i.test(name)) return "Statistical";
  if (/consensus|final|agreed/i.test(name)) return "Consensus";
  if (/marketing|mkt/i.test(name)) return "Marketing";
  return "Sales";
}

/** Propose a mapping from the head rows of every candidate range. */
export function proposeMapping(info: WorkbookInfo, heads: readonly { source: RangeSource; grid: Grid }[]): MappingProposal {
  const tableSheet = new Map(info.tables.map((t) => [t.name, t.sheet]));
  const cands: Candidate[] = [];
  const unassigned: Unassigned[] = [];
  for (const { source, grid } of heads) {
    const name = source.table ? `${source.table} ${tableSheet.get(source.table) ?? ""}` : source.sheet ?? "";
    const h = detectHeader(grid);
    if (h === null) {
      unassigned.push({ source: whole(source), reason: "no header row recognised in the first rows" });
      continue;
    }
    const kinds = new Set(h.columns.map((c) => c.match?.kind).filter((k): k is ColumnKind => k !== undefined));
    const pcols = h.columns.filter((c) => c.period !== null);
    let first = Infinity;
    let last = -Infinity;
    for (const c of pcols) {
      const o = c.period!.year * 100 + c.period!.num;
      if (o < first) first = o;
      if (o > last) last = o;
    }
    const firstP = pcols.reduce<HeaderInfo["columns"][number] | null>((a, c) => (a === null || ord(c) < ord(a) ? c : a), null);
    const lastP = pcols.reduce<HeaderInfo["columns"][number] | null>((a, c) => (a === null || ord(c) > ord(a) ? c : a), null);
    cands.push({
      source: whole(source),
      name,
      grid,
      h,
      has: (k) => kinds.has(k),
      firstOrdinal: first,
      lastOrdinal: last,
      periods: pcols.length,
      periodSpan: pcols.length > 0 ? `${pcols.length} ${h.periodKind === "week" ? "weekly" : "monthly"} periods ${periodKey(firstP!.period!)} … ${periodKey(lastP!.period!)}` : "",
      headerList: h.columns.filter((c) => c.match !== null).map((c) => c.header).slice(0, 6).join(", "),
    });
  }

  // Hidden sheets (often lookups, old data or raw exports) are proposed only for roles no visible range fills.
  const hiddenSheets = new Set(info.sheets.filter((s) => s.visibility !== "visible").map((s) => s.name));
  const isHidden = (c: Candidate): boolean => hiddenSheets.has(c.source.table !== undefined ? (tableSheet.get(c.source.table) ?? "") : (c.source.sheet ?? ""));
  const all = rolesOf(cands, isHidden);
  const hiddenSource = new Set(cands.filter(isHidden).map((c) => c.source));
  const filled = new Set(all.proposals.filter((p) => !hiddenSource.has(p.source)).map((p) => baseRole(p.role)));
  const proposals: Proposal[] = [];
  unassigned.push(...all.unassigned.map((u) => (hiddenSource.has(u.source) ? { ...u, reason: `${u.reason} (hidden sheet)` } : u)));
  for (const p of all.proposals) {
    if (!hiddenSource.has(p.source)) proposals.push(p);
    else if (filled.has(baseRole(p.role))) unassigned.push({ source: p.source, reason: `hidden sheet that would feed ${p.role}, which visible ranges already feed` });
    else proposals.push({ ...p, confidence: Math.round(p.confidence * 0.7 * 100) / 100, reason: `${p.reason}; on a hidden sheet (no visible range feeds ${p.role})` });
  }

  // Merge proposals into bindings: one binding per role, sources stacked.
  const roles: RoleBinding[] = [];
  for (const p of proposals) {
    const existing = roles.find((r) => r.role === p.role);
    if (existing) (existing.sources as RangeSource[]).push(p.source);
    else roles.push({ role: p.role, sources: [p.source], layout: "auto" });
  }
  const order = (r: RoleName): number => ["actuals", "forecast", "snapshots", "capacity", "resources", "production", "inventory", "prices", "budget", "scenarios"].indexOf(baseRole(r));
  roles.sort((a, b) => order(a.role) - order(b.role) || a.role.localeCompare(b.role));
  return { mapping: { roles }, proposals, unassigned };
}

/**
 * The roles the candidate ranges would feed, by their headers and names, with what fits none.
 * When the history must be guessed (no name says so), ranges on visible sheets are preferred.
 */
function rolesOf(cands: readonly Candidate[], isHidden: (c: Candidate) => boolean): { proposals: Proposal[]; unassigned: Unassigned[] } {
  const unassigned: Unassigned[] = [];
  const proposals: Proposal[] = [];
  const timePhasedItems: Candidate[] = [];
  const propose = (c: Candidate, role: RoleName, confidence: number, why: string): void => {
    const parts = [why];
    if (c.headerList) parts.push(`headers ${c.headerList}`);
    if (c.periodSpan) parts.push(c.periodSpan);
    if (c.h.row > 0) parts.push(`header in row ${c.grid.top + c.h.row + 1}`);
    proposals.push({ role, source: c.source, confidence, reason: parts.join("; "), headerRow: c.h.row });
  };
  const wideOrLong = (c: Candidate): boolean => c.periods >= 2 || ((c.has("period") || c.has("date")) && (c.has("quantity") || c.has("value")));

  for (const c of cands) {
    const n = c.name;
    if (c.has("cycle") && c.has("version") && c.has("item") && (c.has("period") || c.has("date"))) propose(c, "snapshots", 0.95, "Cycle, Version, Item and Period columns");
    else if (c.has("scenario") && c.has("lever")) propose(c, "scenarios", 0.95, "Scenario and Lever columns");
    else if (c.has("resource") && (c.has("hoursPerUnit") || c.has("unitsPerHour"))) propose(c, "resources", 0.9, "Resource with hours per unit: a bill of resources");
    else if (c.has("resource") && (c.periods >= 2 || c.has("capacity"))) propose(c, "capacity", 0.9, "Resource by period: capacity");
    else if (c.has("item") && c.has("onHand")) propose(c, "inventory", 0.9, "Item with on-hand stock");
    else if (c.has("item") && c.has("price")) propose(c, "prices", 0.9, "Item with price");
    else if ((c.has("family") || c.has("item")) && wideOrLong(c) && RE.budget.test(n + " " + c.h.titleText)) propose(c, "budget", 0.85, `name '${n.trim()}' says budget`);
    else if ((c.has("family") || c.has("item")) && wideOrLong(c) && RE.production.test(n) && !RE.forecast.test(n)) propose(c, "production", 0.8, `name '${n.trim()}' says production`);
    else if (c.has("item") && wideOrLong(c)) timePhasedItems.push(c);
    else unassigned.push({ source: c.source, reason: `headers ${c.headerList || "(none recognised)"} match no role` });
  }

  // Item × period ranges: actuals or a forecast version.
  if (timePhasedItems.length > 0) {
    // Every range named as history is actuals (history split by year or region is stacked).
    const byName = timePhasedItems.filter((c) => RE.actuals.test(c.name) && !RE.forecast.test(c.name));
    const actuals = new Set<Candidate>(byName);
    let actual: Candidate | undefined = byName.slice().sort((a, b) => b.lastOrdinal - a.lastOrdinal)[0];
    let actualWhy = actual ? "name says history" : "";
    if (actual === undefined) {
      // Ending earliest, among: visible ranges not named as forecasts, hidden ones, then any.
      const noName = timePhasedItems.filter((c) => !RE.forecast.test(c.name) && !c.has("version"));
      const earliest = (list: readonly Candidate[]): Candidate | undefined => list.slice().sort((a, b) => a.lastOrdinal - b.lastOrdinal || b.periods - a.periods)[0];
      actual = earliest(noName.filter((c) => !isHidden(c))) ?? earliest(noName) ?? earliest(timePhasedItems.filter((c) => !isHidden(c))) ?? earliest(timePhasedItems);
      actualWhy = "item by period, ending earliest: history";
      if (actual) actuals.add(actual);
    }
    for (const c of timePhasedItems) {
      if (actuals.has(c)) {
        propose(c, "actuals", byName.includes(c) ? 0.9 : 0.6, byName.includes(c) ? `name '${c.name.trim()}' says history` : actualWhy);
        continue;
      }
      const after = actual !== undefined && c.firstOrdinal > actual.lastOrdinal;
      if (c.has("version") && !c.has("cycle")) {
        propose(c, "forecast", 0.85, "long table with a Version column: one forecast version per value");
      } else {
        const version = versionFromName(c.name);
        const conf = RE.forecast.test(c.name) ? (after ? 0.9 : 0.8) : after ? 0.7 : 0.5;
        propose(c, `forecast:${version}`, conf, `${RE.forecast.test(c.name) ? `name '${c.name.trim()}'` : "periods after the history"} → ${version} version`);
      }
    }
  }

  return { proposals, unassigned };
}

function ord(c: HeaderInfo["columns"][number]): number {
  return c.period!.year * 100 + c.period!.num;
}

/** A head-rows source widened back to the whole sheet (the run reads the used range). */
function whole(s: RangeSource): RangeSource {
  if (s.table) return { table: s.table };
  return { sheet: s.sheet! };
}
