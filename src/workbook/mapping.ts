/**
 * Role mapping and saved settings: which of the planner's ranges feed which input role.
 *
 * The mapping is proposed by `roleProposal.ts`, corrected by the planner, and saved
 * in the hidden `SOP_Settings` sheet (or a JSON file for the CLI), so that next
 * month's run is one click. Pure data and (de)serialisation; no I/O.
 */
import type { CycleHistoryEntry } from "./meetingSummary";
import { type A1Range, parseA1 } from "./grid";

/** Input roles of DESIGN.md §3. A forecast role carries its version: `forecast:Sales`. */
export type BaseRole =
  | "actuals"
  | "snapshots"
  | "capacity"
  | "resources"
  | "production"
  | "inventory"
  | "prices"
  | "budget"
  | "scenarios";

export type RoleName = BaseRole | `forecast:${string}` | "forecast";

export const BASE_ROLES: readonly BaseRole[] = [
  "actuals",
  "snapshots",
  "capacity",
  "resources",
  "production",
  "inventory",
  "prices",
  "budget",
  "scenarios",
];

/** Where a role's data sits: a whole sheet (its used range), a range on it, an Excel table or a defined name. */
export interface RangeSource {
  readonly sheet?: string;
  /** A1 range on the sheet (`A3:F400`); absent means the sheet's used range. */
  readonly range?: string;
  /** Excel table (ListObject) name; the table's range is read with its header row. */
  readonly table?: string;
  /** Workbook-scoped defined name. */
  readonly name?: string;
}

/** Layout of a time-phased role. `auto` detects it from the headers. */
export type Layout = "auto" | "wide" | "long";

/** One role bound to one or more ranges (several ranges are stacked, e.g. one tab per region). */
export interface RoleBinding {
  readonly role: RoleName;
  readonly sources: readonly RangeSource[];
  readonly layout?: Layout;
  /** For budget: whether figures are revenue or volume (read from the header block when absent). */
  readonly measure?: "revenue" | "volume";
}

export interface Mapping {
  readonly roles: readonly RoleBinding[];
}

/** Parameters of a cycle run; every field has a default. */
export interface RunParameters {
  /** Cycle month `YYYY-MM`; default: the month after the last actual. */
  readonly cycle?: string;
  /** Planning horizon in months, 12–24 (default 18). */
  readonly horizon?: number;
  /**
   * How the consensus is formed: `replace` (default: the statistical forecast, replaced by
   * contributors' entries where they exist) or `weighted` (a weighted mean of the statistical
   * forecast and the contributors, each weighted by its measured accuracy).
   */
  readonly consensusRule?: "replace" | "weighted";
  /** At the lock, also split the master production schedule into ISO weeks (default: months only). */
  readonly mpsWeekly?: boolean;
  /**
   * Settings of the constrained supply plan (plan level, unmet demand lost or backlogged,
   * holding / penalty / overtime / outsourcing costs); unset fields take the stated defaults.
   */
  readonly supply?: {
    readonly level?: "family" | "item";
    readonly unmet?: "lost" | "backlog";
    readonly holdingRate?: number;
    readonly unmetPenaltyRate?: number;
    readonly backlogPenaltyRate?: number;
    readonly safetyStockPenaltyRate?: number;
    readonly overtimeCostPerHour?: number;
    readonly overtimeShare?: number;
    readonly outsourcingCostRate?: number;
  };
}

/** What the add-in saves in `SOP_Settings`. */
export interface Settings {
  readonly version: 1;
  readonly mapping?: Mapping;
  readonly parameters?: RunParameters;
  /** Names of the sheets the add-in owns (it never writes or deletes any other). Kept by the host from what it wrote. */
  readonly ownedSheets?: readonly string[];
  /** ISO timestamp of the last successful run. */
  readonly lastRun?: string;
  /** Each cycle's health at its last run (the process review of `SOP Agenda`), last 24 cycles. */
  readonly history?: readonly CycleHistoryEntry[];
}

/** Name of the hidden settings sheet. */
export const SETTINGS_SHEET = "SOP_Settings";

/**
 * The sheet and A1 range a sheet source points at (tables and names are resolved by the
 * host); an error sentence when the range text is not an address or no sheet is named.
 */
export function sheetRangeOf(source: RangeSource): { sheet: string; range: A1Range | null } | { error: string } {
  let sheet = source.sheet;
  let range: A1Range | null = null;
  if (source.range !== undefined && source.range.trim() !== "") {
    range = parseA1(source.range);
    if (!range) {
      const where = sheet !== undefined ? ` on sheet '${sheet}'` : "";
      return { error: `range '${source.range}'${where} is not an A1 address (expected e.g. A3:F400)` };
    }
    if (sheet === undefined) sheet = range.sheet;
  }
  if (sheet === undefined) return { error: "the source names no sheet, table or defined name" };
  return { sheet, range };
}

/** Human label of a source: `'Sales EU'!A3:F40`, table `tblActuals`, name `Budget`. */
export function sourceLabel(s: RangeSource): string {
  if (s.table) return `table ${s.table}`;
  if (s.name) return `name ${s.name}`;
  const sheet = s.sheet ?? "?";
  const q = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return s.range ? `${q}!${s.range}` : `${q} (whole sheet)`;
}

/** Base role of a role name: `forecast:Sales` → `forecast`. */
export function baseRole(role: RoleName): BaseRole | "forecast" {
  return role.startsWith("forecast") ? "forecast" : (role as BaseRole);
}

/** Version of a forecast role: `forecast:Sales` → `Sales`; undefined for other roles or plain `forecast`. */
export function forecastVersion(role: RoleName): string | undefined {
  return role.startsWith("forecast:") ? role.slice("forecast:".length) : undefined;
}

/** True when a string names a valid role. */
export function isRoleName(s: string): s is RoleName {
  return (BASE_ROLES as readonly string[]).includes(s) || s === "forecast" || /^forecast:.+/.test(s);
}

/** A problem found in a mapping file or settings (reported, never thrown past the edge). */
export interface MappingProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Check and normalise a mapping read from JSON (a CLI `--map` file or `SOP_Settings`).
 * Accepts `{ roles: [...] }` or a shorthand object `{ "actuals": "Actuals!A3:AL400", "forecast:Sales": ["Sales EU", "Sales US"] }`
 * where a string is `Sheet`, `Sheet!A1:B2`, `table:Name` or `name:Name`.
 */
export function parseMapping(json: unknown): { mapping?: Mapping; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return { problems: [{ path: "$", message: "a mapping must be a JSON object" }] };
  }
  const obj = json as Record<string, unknown>;
  const roles: RoleBinding[] = [];
  const entries: [string, unknown][] = Array.isArray(obj.roles)
    ? (obj.roles as unknown[]).map((r, i) => [`roles[${i}]`, r])
    : Object.entries(obj).map(([k, v]) => [k, { role: k, sources: v }]);
  for (const [path, raw] of entries) {
    if (typeof raw !== "object" || raw === null) {
      problems.push({ path, message: "expected an object with role and sources" });
      continue;
    }
    const r = raw as Record<string, unknown>;
    const role = typeof r.role === "string" ? r.role.trim() : "";
    if (!isRoleName(role)) {
      problems.push({ path, message: `unknown role '${String(r.role)}' (expected one of ${BASE_ROLES.join(", ")}, forecast:<version>)` });
      continue;
    }
    const list = Array.isArray(r.sources) ? r.sources : [r.sources];
    const sources: RangeSource[] = [];
    list.forEach((s, i) => {
      const src = parseSource(s);
      if (src) sources.push(src);
      else problems.push({ path: `${path}.sources[${i}]`, message: `not a range: ${JSON.stringify(s)}` });
    });
    if (sources.length === 0) {
      problems.push({ path, message: `role ${role} has no source` });
      continue;
    }
    const layout = r.layout === "wide" || r.layout === "long" ? r.layout : "auto";
    const measure = r.measure === "revenue" || r.measure === "volume" ? r.measure : undefined;
    roles.push({ role, sources, layout, ...(measure ? { measure } : {}) });
  }
  return { mapping: { roles }, problems };
}

function parseSource(s: unknown): RangeSource | null {
  if (typeof s === "string") {
    const t = s.trim();
    if (t === "") return null;
    if (/^table:/i.test(t)) return { table: t.slice(6).trim() };
    if (/^name:/i.test(t)) return { name: t.slice(5).trim() };
    const bang = t.lastIndexOf("!");
    if (bang < 0) return { sheet: unquote(t) };
    return { sheet: unquote(t.slice(0, bang)), range: t.slice(bang + 1).replace(/\$/g, "") };
  }
  if (typeof s === "object" && s !== null) {
    const o = s as Record<string, unknown>;
    const str = (k: string): string | undefined => (typeof o[k] === "string" && (o[k] as string).trim() !== "" ? (o[k] as string).trim() : undefined);
    const sheet = str("sheet");
    const range = str("range");
    const table = str("table");
    const name = str("name");
    if (!sheet && !table && !name) return null;
    return { ...(sheet ? { sheet } : {}), ...(range ? { range } : {}), ...(table ? { table } : {}), ...(name ? { name } : {}) };
  }
  return null;
}

function unquote(s: string): string {
  const t = s.trim();
  return t.startsWith("'") && t.endsWith("'") ? t.slice(1, -1).replace(/''/g, "'") : t;
}
