/**
 * Plain helpers for the Data step: role names as a planner reads them, the ranges a
 * role can be pointed at (sheets, tables, names), the proposal's confidence and
 * reasons per role, and which finding addresses can be selected in Excel. Pure.
 */
import { parseA1 } from "../workbook/grid";
import type { WorkbookInfo } from "../workbook/host";
import { BASE_ROLES, type Mapping, type RangeSource, type RoleBinding, type RoleName, SETTINGS_SHEET, forecastVersion, sourceLabel } from "../workbook/mapping";
import type { MappingProposal } from "../workbook/roleProposal";

const ROLE_TITLES: Readonly<Record<string, string>> = {
  actuals: "Actuals",
  snapshots: "Forecast snapshots",
  capacity: "Capacity",
  resources: "Bill of resources",
  production: "Production",
  inventory: "Inventory",
  prices: "Prices",
  budget: "Budget",
  scenarios: "Scenarios",
  forecast: "Forecasts (by Version column)",
};

const ROLE_WHAT: Readonly<Record<string, string>> = {
  actuals: "History of shipments or orders by item and period. Required.",
  forecast: "A forecast version by item and period; several tabs are stacked.",
  snapshots: "Archived forecasts (Cycle, Version, Item, Period, Quantity) for accuracy by lag.",
  capacity: "Available hours or units by resource and period.",
  resources: "Hours (or units) per unit of each item or family on each resource.",
  production: "Actual production by item or family and period.",
  inventory: "On-hand stock by item, with safety stock.",
  prices: "Price and unit cost by item.",
  budget: "Budget by family or item and period.",
  scenarios: "Scenario levers: Scenario, Lever, Scope, From, To, Value.",
};

/** A role as the planner reads it: `forecast:Sales` → `Forecast: Sales`. */
export function roleTitle(role: string): string {
  const v = forecastVersion(role as RoleName);
  if (v !== undefined) return `Forecast: ${v}`;
  return ROLE_TITLES[role] ?? role;
}

/** One sentence on what a role holds. */
export function roleWhat(role: string): string {
  return ROLE_WHAT[role.startsWith("forecast") ? "forecast" : role] ?? "";
}

/** A stable key for a source: `sheet:Actuals`, `table:tblStat`, `name:Budget`, `range:'Sales EU'!A3:F40`. */
export function sourceKey(s: RangeSource): string {
  if (s.table) return `table:${s.table}`;
  if (s.name) return `name:${s.name}`;
  if (s.range) return `range:${sourceLabel(s)}`;
  return `sheet:${s.sheet ?? ""}`;
}

/** The source a key stands for (the inverse of `sourceKey`), or null. */
export function sourceFromKey(key: string): RangeSource | null {
  const i = key.indexOf(":");
  if (i < 0) return null;
  const kind = key.slice(0, i);
  const rest = key.slice(i + 1);
  if (rest === "") return null;
  if (kind === "table") return { table: rest };
  if (kind === "name") return { name: rest };
  if (kind === "sheet") return { sheet: rest };
  if (kind === "range") {
    const r = parseA1(rest);
    if (!r || r.sheet === undefined) return null;
    return { sheet: r.sheet, range: rest.slice(rest.lastIndexOf("!") + 1).replace(/\$/g, "") };
  }
  return null;
}

/** How a source is shown in a list: `Actuals`, `Table tblStat (Stat Forecast)`, `'Sales EU'!A3:F40`. */
export function sourceText(s: RangeSource, info?: WorkbookInfo): string {
  if (s.table) {
    const t = info?.tables.find((x) => x.name === s.table);
    return t ? `Table ${s.table} (${t.sheet})` : `Table ${s.table}`;
  }
  if (s.name) return `Name ${s.name}`;
  if (s.range) return sourceLabel(s);
  return s.sheet ?? "";
}

export interface SourceOption {
  readonly key: string;
  readonly text: string;
  readonly group: "Sheets" | "Tables" | "Names" | "Ranges";
}

function isOwnSheet(name: string): boolean {
  return name === SETTINGS_SHEET || /^SOP /.test(name);
}

/** Everything a role can be pointed at: visible sheets of the planner, tables, names, plus the sources already in use. */
export function sourceOptions(info: WorkbookInfo, inUse: readonly RangeSource[]): SourceOption[] {
  const out: SourceOption[] = [];
  const seen = new Set<string>();
  const add = (s: RangeSource, group: SourceOption["group"]): void => {
    const key = sourceKey(s);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ key, text: sourceText(s, info), group });
  };
  for (const s of info.sheets) {
    if (s.owned || isOwnSheet(s.name) || s.visibility !== "visible") continue;
    add({ sheet: s.name }, "Sheets");
  }
  for (const t of info.tables) if (!isOwnSheet(t.sheet)) add({ table: t.name }, "Tables");
  for (const n of info.names) add({ name: n.name }, "Names");
  for (const s of inUse) {
    const group: SourceOption["group"] = s.table ? "Tables" : s.name ? "Names" : s.range ? "Ranges" : "Sheets";
    add(s, group);
  }
  return out;
}

/** The roles shown in the Data step: those mapped, in mapping order, then the other base roles (not mapped). */
export function rolesToShow(mapping: Mapping): { mapped: readonly RoleBinding[]; unmapped: readonly RoleName[] } {
  const mapped = mapping.roles;
  const have = new Set(mapped.map((b) => b.role));
  const unmapped = BASE_ROLES.filter((r) => !have.has(r));
  return { mapped, unmapped };
}

/**
 * Replace a role's sources. A role left with no source stays in the edited mapping (so
 * the planner sees it, unmapped, where it was); `usableMapping` drops it for a check.
 */
export function withSources(mapping: Mapping, role: RoleName, sources: readonly RangeSource[]): Mapping {
  if (!mapping.roles.some((b) => b.role === role)) {
    return sources.length === 0 ? mapping : { roles: [...mapping.roles, { role, sources, layout: "auto" }] };
  }
  return { roles: mapping.roles.map((b) => (b.role === role ? { ...b, sources } : b)) };
}

/** The mapping without roles that have no source (what a check or a run gets). */
export function usableMapping(mapping: Mapping): Mapping {
  return { roles: mapping.roles.filter((b) => b.sources.length > 0) };
}

/** The proposal's confidence (lowest over the role's ranges, 0–1) and reasons for a role; null when not proposed. */
export function proposalFor(proposal: MappingProposal | null, role: string): { confidence: number; reasons: readonly { source: string; reason: string }[] } | null {
  if (!proposal) return null;
  const ps = proposal.proposals.filter((p) => p.role === role);
  if (ps.length === 0) return null;
  return {
    confidence: Math.min(...ps.map((p) => p.confidence)),
    reasons: ps.map((p) => ({ source: sourceText(p.source), reason: p.reason })),
  };
}

/** `high` (≥ 85 %), `medium` (≥ 60 %) or `low`. */
export function confidenceLevel(c: number): "high" | "medium" | "low" {
  return c >= 0.85 ? "high" : c >= 0.6 ? "medium" : "low";
}

/** The sheet and A1 range of a finding's address when it names cells (`'Sales EU'!F17`), else null. */
export function selectableAddress(address: string): { sheet: string; range: string } | null {
  if (!address.includes("!")) return null;
  const r = parseA1(address);
  if (!r || r.sheet === undefined || r.sheet === "") return null;
  return { sheet: r.sheet, range: address.slice(address.lastIndexOf("!") + 1).replace(/\$/g, "").toUpperCase() };
}
