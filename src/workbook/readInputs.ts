/**
 * From the mapping and the grids a host read, to the engine's `PlanningInputs` plus
 * every validation finding and a summary per role. Cross-role checks (forecast items
 * absent from actuals, resources without capacity) live here too.
 *
 * Pure: nothing is read or written here; hosts do that.
 */
import type { CapacityInput, PlanningInputs, SeriesTable } from "../engine/inputs";
import { monthOfPeriod, parsePeriodKey, periodKey, periodOrdinal } from "../engine/period";
import { type Finding, FindingCollector, type FindingSink } from "./findings";
import { type ReadResult, isSourceError } from "./host";
import { type Mapping, type RangeSource, type RoleBinding, baseRole, forecastVersion, sourceLabel } from "./mapping";
import { RowAddresses, parseInventory, parsePrices, parseResources, parseScenarios, parseSnapshots, type ScenarioAddresses } from "./parseRecords";
import { snapshotColumns } from "../engine/accuracy/snapshotColumns";
import { type ParsedSeries, type SeriesSpec, type SourceGrid, parseSeries } from "./parseSeries";
import { type Grid, cellAddress, rangeAddress } from "./grid";

/** What was read for one role, for the Data Check sheet and the CLI. */
export interface RoleSummary {
  readonly role: string;
  readonly sources: readonly string[];
  readonly layout: string;
  /** Keys (rows) or records read. */
  readonly rows: number;
  /** First and last period, when time-phased. */
  readonly periods: string;
  readonly errors: number;
  readonly warnings: number;
}

export interface InputsResult {
  /** Null when blocking errors were found. */
  readonly inputs: PlanningInputs | null;
  readonly findings: readonly Finding[];
  readonly summaries: readonly RoleSummary[];
  /** Cell addresses of each scenario row's fields (same order as `inputs.scenarios`). */
  readonly scenarioAddresses: readonly ScenarioAddresses[];
}

/** Every source of a mapping, flattened in order, so a host can read them in one batch. */
export function mappingSources(mapping: Mapping): { binding: RoleBinding; source: RangeSource }[] {
  const out: { binding: RoleBinding; source: RangeSource }[] = [];
  for (const b of mapping.roles) for (const s of b.sources) out.push({ binding: b, source: s });
  return out;
}

function label(grid: { sheet: string; top: number; left: number; values: unknown[][] }, source: RangeSource): string {
  if (source.table) return `table ${source.table} on '${grid.sheet}'`;
  let w = 0;
  // Indexed: this runs once per source, unoptimised, over up to a million rows (no iterator results).
  const rows = grid.values;
  for (let i = 0; i < rows.length; i++) if (rows[i]!.length > w) w = rows[i]!.length;
  return rangeAddress(grid.sheet, grid.top, grid.left, Math.max(grid.values.length, 1), Math.max(w, 1));
}

const SERIES_SPECS: Record<string, Omit<SeriesSpec, "role">> = {
  actuals: { keyKinds: ["item"], valueKinds: ["quantity", "value"], allowNegative: true },
  forecast: { keyKinds: ["item"], valueKinds: ["quantity", "value"], allowNegative: false, byVersion: true },
  production: { keyKinds: ["item", "family"], valueKinds: ["quantity", "value"], allowNegative: true },
  budget: { keyKinds: ["family", "item"], valueKinds: ["revenue", "quantity", "value"], allowNegative: false },
  capacity: { keyKinds: ["resource"], valueKinds: ["capacity", "quantity", "value"], allowNegative: false, extraNumeric: ["efficiency"] },
};

/** Options of {@link readInputs}. */
export interface ReadInputsOptions {
  /**
   * Called once, as soon as the last range of the actuals has been parsed without an error, with
   * the actuals as `inputs.actuals` will hold them (the same object): the caller may start work
   * on them while the other roles are parsed. The run may still be blocked by a later role.
   */
  readonly onActuals?: (actuals: SeriesTable) => void;
  /**
   * The last month actuals may be dated (`YYYY-MM`: the run's month plus one, when the cycle is
   * resolved from the actuals). A period after it that holds actual values is an error
   * (`actuals-in-future`): a mistyped year would otherwise move the cycle years ahead.
   */
  readonly latestActualMonth?: string;
  /**
   * Parses of the actuals' ranges made before ({@link readActuals}): taken, with their findings,
   * for the ranges that are the same grids (the same objects) read with the same role and layout,
   * instead of parsing them again; a range not in it is parsed and added to it.
   */
  readonly actualsParses?: ActualsParses;
}

/** Parses of actuals ranges, kept to be taken again (see {@link ReadInputsOptions.actualsParses}). */
export interface ActualsParses {
  readonly entries: {
    readonly grids: readonly Grid[];
    readonly role: string;
    readonly layout: string;
    readonly parsed: ParsedSeries | null;
    /** The findings the parse added, with their groups, in order. */
    readonly adds: readonly (readonly [Finding, string])[];
  }[];
}

/** `parseSeries` of an actuals binding's ranges, or the same parse taken from `parses` (its findings added again, in order). */
function parseActuals(grids: readonly SourceGrid[], spec: SeriesSpec, out: FindingCollector, parses: ActualsParses | undefined): ParsedSeries | null {
  if (parses === undefined) return parseSeries(grids, spec, out);
  const layout = spec.layout ?? "auto";
  const hit = parses.entries.find((e) => e.role === spec.role && e.layout === layout && e.grids.length === grids.length && e.grids.every((g, i) => g === grids[i]!.grid));
  if (hit !== undefined) {
    for (const [f, group] of hit.adds) out.add(f, group);
    return hit.parsed;
  }
  const adds: [Finding, string][] = [];
  const recording: FindingSink = {
    add: (f, group = "") => {
      adds.push([f, group]);
      out.add(f, group);
    },
  };
  const parsed = parseSeries(grids, spec, recording);
  parses.entries.push({ grids: grids.map((g) => g.grid), role: spec.role, layout, parsed, adds });
  return parsed;
}

/**
 * The actuals alone, parsed as {@link readInputs} parses them (the same table, figure for figure),
 * from the reads of the mapping's actuals ranges only (`reads[i]` belongs to the i-th of them in
 * `mappingSources` order); null when they are not mapped or do not parse without an error. For a
 * caller that starts on the actuals before the other ranges are read (the CLI's forecast): the run
 * checks later that the actuals it validates are the same. With `actualsParses`, the parses are
 * kept there, for `readInputs` to take instead of parsing the same ranges again.
 */
export function readActuals(mapping: Mapping, reads: readonly ReadResult[], options: Pick<ReadInputsOptions, "latestActualMonth" | "actualsParses"> = {}): SeriesTable | null {
  const roles = mapping.roles.filter((b) => baseRole(b.role) === "actuals");
  if (roles.length === 0) return null;
  let actuals: SeriesTable | null = null;
  readInputs({ ...mapping, roles }, reads, { ...options, onActuals: (a) => (actuals = a) });
  return actuals;
}

/**
 * Parse every role of the mapping from the grids read for it (`reads[i]` belongs to
 * `mappingSources(mapping)[i]`).
 */
export function readInputs(mapping: Mapping, reads: readonly ReadResult[], options: ReadInputsOptions = {}): InputsResult {
  const out = new FindingCollector();
  const flat = mappingSources(mapping);
  const byBinding = new Map<RoleBinding, SourceGrid[]>();
  flat.forEach(({ binding, source }, i) => {
    const r = reads[i];
    if (r === undefined) return;
    if (isSourceError(r)) {
      out.add({ severity: "error", code: "source-unreadable", role: binding.role, address: sourceLabel(source), message: r.message });
      return;
    }
    const list = byBinding.get(binding) ?? [];
    const where = label(r, source);
    if (r.uncalculated) {
      const u = r.uncalculated;
      out.add({
        severity: "warning",
        code: "formula-not-calculated",
        role: binding.role,
        address: cellAddress(r.sheet, r.top + u.first.row, r.left + u.first.col),
        message: `${u.count.toLocaleString("en-US")} formula cell(s) in ${where} have no calculated result saved in the file, so they read as empty. Open the workbook in Excel (or LibreOffice), let it calculate, and save it.`,
      });
    }
    list.push({ grid: r, label: where });
    byBinding.set(binding, list);
  });

  const summaries: RoleSummary[] = [];
  const forecasts = new Map<string, SeriesTable>();
  /** Per version: the address of each forecast key's first row. */
  const forecastAddresses = new Map<string, Map<string, string>>();
  let actuals: SeriesTable | null = null;
  let capacity: CapacityInput | null = null;
  let production: SeriesTable | null = null;
  let budget: SeriesTable | null = null;
  let budgetMeasure: "revenue" | "volume" = "revenue";
  const snapshots: PlanningInputs["snapshots"][number][] = [];
  const snapshotAddresses = new RowAddresses();
  const resourceAddresses: string[] = [];
  const scenarioAddresses: ScenarioAddresses[] = [];
  const resources: PlanningInputs["resources"][number][] = [];
  const inventory: PlanningInputs["inventory"][number][] = [];
  const prices: PlanningInputs["prices"][number][] = [];
  const scenarios: PlanningInputs["scenarios"][number][] = [];

  const hasActuals = mapping.roles.some((b) => b.role === "actuals");
  if (!hasActuals) {
    out.add({ severity: "error", code: "role-missing", role: "actuals", address: "", message: "No range is mapped to actuals (demand history); map the sheet that holds shipments or orders by item and period." });
  }

  let lastActuals = -1;
  mapping.roles.forEach((b, i) => {
    if (baseRole(b.role) === "actuals") lastActuals = i;
  });
  /** Per actuals period: the address of its header cell (wide layouts) or of its range (long), for `actuals-in-future`. */
  const actualsPeriodAt = new Map<string, string>();
  /** After the last actuals binding: check their dates, then hand them over when nothing so far blocks the run. */
  const actualsDone = (): void => {
    if (actuals !== null && options.latestActualMonth !== undefined) futureActuals(actuals, options.latestActualMonth, actualsPeriodAt, out);
    if (options.onActuals !== undefined && actuals !== null && !out.hasErrors) options.onActuals(actuals);
  };
  for (const [bindingIndex, binding] of mapping.roles.entries()) {
    if (bindingIndex === lastActuals + 1) actualsDone();
    const grids = byBinding.get(binding) ?? [];
    const before = out.findings.length;
    const base = baseRole(binding.role);
    const summary = (rows: number, periods: string, layout: string): void => {
      const mine = out.findings.slice(before);
      summaries.push({
        role: binding.role,
        sources: grids.map((g) => g.label),
        layout,
        rows,
        periods,
        errors: mine.filter((f) => f.severity === "error").length,
        warnings: mine.filter((f) => f.severity === "warning").length,
      });
    };
    if (grids.length === 0) {
      summary(0, "", "");
      continue;
    }
    const spec = SERIES_SPECS[base];
    if (spec !== undefined) {
      const seriesSpec: SeriesSpec = { ...spec, role: binding.role, layout: binding.layout ?? "auto" };
      const parsed = base === "actuals" ? parseActuals(grids, seriesSpec, out, options.actualsParses) : parseSeries(grids, seriesSpec, out);
      if (parsed === null) {
        summary(0, "", "");
        continue;
      }
      const layout = [...new Set(parsed.headers.map((h) => h.layout))].join("+");
      const first = [...parsed.tables.values()][0];
      if (first === undefined) {
        // No row with a key at all (every row blank-keyed or a total row): nothing to read.
        const g = grids[0];
        out.add({ severity: "error", code: "range-empty", role: binding.role, address: g ? g.label : "", message: `${g ? g.label : binding.role} has no data row with a key (only blank, total or subtotal rows).` });
        summary(0, "", layout);
        continue;
      }
      const span = first.periods.length > 0 ? `${first.periods[0]} … ${first.periods[first.periods.length - 1]}` : "";
      let rows = 0;
      for (const t of parsed.tables.values()) rows += t.keys.length;
      if (base === "actuals") {
        const table = parsed.tables.get("")!;
        actuals = mergeInto(actuals, table);
        if (options.latestActualMonth !== undefined) {
          // Where each period after the limit is: its header cell (wide), else this range (long layouts).
          for (const { label: where, header, layout: l } of parsed.headers) {
            const g = grids.find((x) => x.label === where)?.grid;
            if (l !== "wide" || g === undefined) continue;
            for (const c of header.columns) {
              if (c.period === null) continue;
              const k = periodKey(c.period);
              if (!actualsPeriodAt.has(k)) actualsPeriodAt.set(k, cellAddress(g.sheet, g.top + header.row, g.left + c.col));
            }
          }
          const range = parsed.headers.find((x) => x.layout === "long")?.label ?? parsed.headers[0]?.label;
          if (range !== undefined) for (const k of table.periods) if (!actualsPeriodAt.has(k)) actualsPeriodAt.set(k, range);
        }
      }
      else if (base === "forecast") {
        const named = forecastVersion(binding.role);
        for (const [v, t] of parsed.tables) {
          const version = named ?? (v === "" ? "Forecast" : v);
          forecasts.set(version, mergeInto(forecasts.get(version) ?? null, t));
          const at = forecastAddresses.get(version) ?? new Map<string, string>();
          const addrs = parsed.rowAddress.get(v) ?? [];
          t.keys.forEach((k, i) => {
            if (!at.has(k) && addrs[i] !== undefined) at.set(k, addrs[i]!);
          });
          forecastAddresses.set(version, at);
        }
      } else if (base === "production") production = mergeInto(production, parsed.tables.get("")!);
      else if (base === "budget") {
        budget = mergeInto(budget, parsed.tables.get("")!);
        budgetMeasure = binding.measure ?? measureFromTitle(parsed);
      } else if (base === "capacity") capacity = capacityFrom(parsed, binding.role, out);
      summary(rows, span, layout);
      continue;
    }
    const before2 = { snapshots: snapshots.length, resources: resources.length, inventory: inventory.length, prices: prices.length, scenarios: scenarios.length };
    if (base === "snapshots") parseSnapshots(grids, out, snapshotAddresses, snapshots);
    else if (base === "resources") append(resources, parseResources(grids, out, resourceAddresses));
    else if (base === "inventory") append(inventory, parseInventory(grids, out));
    else if (base === "prices") append(prices, parsePrices(grids, out));
    else if (base === "scenarios") append(scenarios, parseScenarios(grids, out, scenarioAddresses));
    const n =
      base === "snapshots" ? snapshots.length - before2.snapshots
      : base === "resources" ? resources.length - before2.resources
      : base === "inventory" ? inventory.length - before2.inventory
      : base === "prices" ? prices.length - before2.prices
      : scenarios.length - before2.scenarios;
    summary(n, "", "list");
  }

  if (lastActuals === mapping.roles.length - 1) actualsDone();
  if (actuals !== null) {
    crossChecks(actuals, forecasts, forecastAddresses, capacity, resources, resourceAddresses, out);
    snapshotChecks(actuals, forecasts, snapshots, snapshotAddresses, out);
  }

  const findings = out.result();
  const blocked = findings.some((f) => f.severity === "error") || actuals === null;
  return {
    inputs: blocked
      ? null
      : {
          actuals: actuals!,
          forecasts,
          snapshots,
          capacity,
          resources,
          production,
          inventory,
          prices,
          budget,
          budgetMeasure,
          scenarios,
        },
    findings,
    summaries,
    scenarioAddresses,
  };
}

/** Append without spreading (a ledger may hold millions of rows). */
function append<T>(target: T[], rows: readonly T[]): void {
  for (const r of rows) target.push(r);
}

/** Stack two tables of the same role (two bindings of `actuals`, say); null + t = t. */
function mergeInto(a: SeriesTable | null, b: SeriesTable): SeriesTable {
  if (a === null) return b;
  const periods = [...new Set([...a.periods, ...b.periods])].sort();
  const attributeNames = [...new Set([...a.attributeNames, ...b.attributeNames])];
  const keys: string[] = [];
  const attributes: (string | null)[][] = [];
  const values = new Float64Array((a.keys.length + b.keys.length) * periods.length).fill(Number.NaN);
  const pIndex = new Map(periods.map((p, i) => [p, i]));
  let row = 0;
  for (const t of [a, b]) {
    for (let i = 0; i < t.keys.length; i++) {
      keys.push(t.keys[i]!);
      attributes.push(attributeNames.map((n) => t.attributes[i]![t.attributeNames.indexOf(n)] ?? null));
      for (let j = 0; j < t.periods.length; j++) values[row * periods.length + pIndex.get(t.periods[j]!)!] = t.values[i * t.periods.length + j]!;
      row++;
    }
  }
  return { kind: a.kind, periods, keys, attributeNames, attributes, values };
}

function measureFromTitle(parsed: ParsedSeries): "revenue" | "volume" {
  const text = parsed.headers.map((h) => `${h.header.titleText} ${h.header.columns.map((c) => c.header).join(" ")}`).join(" ").toLowerCase();
  if (/\b(volume|units?|qty|quantity|pcs|pieces)\b/.test(text) && !/\b(revenue|sales value|turnover|eur|usd|gbp|chf|€|\$|£)/.test(text)) return "volume";
  return "revenue";
}

function capacityFrom(parsed: ParsedSeries, role: string, out: FindingCollector): CapacityInput {
  const table = parsed.tables.get("")!;
  const n = table.keys.length;
  const eff = new Float64Array(n).fill(1);
  const raw = parsed.extras.get("")?.get("efficiency");
  const addrs = parsed.rowAddress.get("") ?? [];
  if (raw) {
    for (let i = 0; i < n; i++) {
      let e = raw[i]!;
      if (Number.isNaN(e)) {
        out.add({ severity: "info", code: "efficiency-missing", role, address: addrs[i] ?? "", message: `Efficiency of ${table.keys[i]} is blank; 100 % is used.` }, role);
        continue;
      }
      if (e > 1 && e <= 100) {
        out.add({ severity: "info", code: "efficiency-out-of-range", role, address: addrs[i] ?? "", message: `Efficiency ${e} of ${table.keys[i]} read as ${e}% (${(e / 100).toFixed(2)}).` });
        e = e / 100;
      } else if (e <= 0 || e > 1) {
        out.add({ severity: "warning", code: "efficiency-out-of-range", role, address: addrs[i] ?? "", message: `Efficiency ${e} of ${table.keys[i]} is outside 0–1; 1 (100 %) is used.` });
        e = 1;
      }
      eff[i] = e;
    }
  }
  // Zero, negative or blank capacity inside the table: any load there is a shortage.
  const w = table.periods.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < w; j++) {
      const v = table.values[i * w + j]!;
      if (Number.isNaN(v)) {
        out.add({ severity: "warning", code: "capacity-zero", role, address: addrs[i] ?? "", message: `No capacity is given for ${table.keys[i]} in ${table.periods[j]}; any load there is a shortage.` }, role);
      } else if (v <= 0) {
        out.add({ severity: "warning", code: "capacity-zero", role, address: addrs[i] ?? "", message: `Capacity of ${table.keys[i]} in ${table.periods[j]} is ${v}; any load there is a shortage.` }, role);
      }
    }
  }
  const unitIdx = table.attributeNames.indexOf("Unit");
  const units = table.attributes.map((a): "hours" | "units" => {
    const u = unitIdx >= 0 ? (a[unitIdx] ?? "").toLowerCase() : "";
    return u === "" || /^h|hour|hrs|std/.test(u) ? "hours" : "units";
  });
  return { table, efficiency: eff, units };
}

/**
 * The planner's snapshot ledger against the actuals and the mapped versions: rows for a
 * period before the first actual or an item without actuals cannot be measured (warnings
 * with the row's address); a version that is only in the ledger is measured from it (note).
 */
function snapshotChecks(
  actuals: SeriesTable,
  forecasts: ReadonlyMap<string, SeriesTable>,
  snapshots: readonly PlanningInputs["snapshots"][number][],
  addresses: RowAddresses,
  out: FindingCollector,
): void {
  if (snapshots.length === 0) return;
  const role = "snapshots";
  const items = new Set(actuals.keys);
  const first = actuals.periods[0] ?? "";
  const mapped = new Set([...forecasts.keys()].map((v) => v.trim().toLowerCase()));
  mapped.add("statistical");
  mapped.add("consensus");
  // Each distinct version, period and item is judged once (the ledger's columns).
  const cols = snapshotColumns(snapshots);
  const versionMapped = cols.versions.map((v) => mapped.has((v as string).trim().toLowerCase()));
  const beforeFirst = cols.periods.map((p) => (p as string) < first && (p as string).length === first.length);
  const itemKnown = cols.items.map((it) => items.has(it as string));
  const itemReported = new Uint8Array(cols.items.length);
  const unmapped = new Map<string, { n: number; at: string }>();
  for (let i = 0; i < cols.length; i++) {
    const vid = cols.versionId[i]!;
    if (!versionMapped[vid]) {
      const version = cols.versions[vid] as string;
      const u = unmapped.get(version);
      if (u) u.n++;
      else unmapped.set(version, { n: 1, at: addresses.at(i) });
    }
    const iid = cols.itemId[i]!;
    if (beforeFirst[cols.periodId[i]!]) {
      const r = snapshots[i]!;
      out.add({ severity: "warning", code: "snapshot-not-used", role, address: addresses.at(i), message: `Snapshot ${r.cycle} ${r.version} ${r.item} is for ${r.period}, before the first actual (${first}); it cannot be measured.` }, role);
    } else if (!itemKnown[iid] && itemReported[iid] === 0) {
      itemReported[iid] = 1;
      out.add({ severity: "warning", code: "snapshot-not-used", role, address: addresses.at(i), message: `Snapshot rows for item ${snapshots[i]!.item}, which has no actuals, cannot be measured.` }, role);
    }
  }
  for (const [version, u] of unmapped) {
    out.add({ severity: "info", code: "snapshot-version-unmapped", role, address: u.at, message: `Version ${version} is only in the snapshots (${u.n.toLocaleString("en-US")} rows, first at ${u.at}); its accuracy is measured from them.` }, role);
  }
}

function crossChecks(
  actuals: SeriesTable,
  forecasts: ReadonlyMap<string, SeriesTable>,
  forecastAddresses: ReadonlyMap<string, ReadonlyMap<string, string>>,
  capacity: CapacityInput | null,
  resources: PlanningInputs["resources"],
  resourceAddresses: readonly string[],
  out: FindingCollector,
): void {
  const items = new Set(actuals.keys);
  const famIdx = actuals.attributeNames.indexOf("Family");
  const families = new Set<string>();
  if (famIdx >= 0) for (const a of actuals.attributes) if (a[famIdx]) families.add(a[famIdx]!);
  for (const [version, t] of forecasts) {
    const reported = new Set<string>();
    for (const k of t.keys) {
      if (!items.has(k) && !reported.has(k)) {
        reported.add(k);
        out.add(
          { severity: "warning", code: "forecast-item-not-in-actuals", role: `forecast:${version}`, address: forecastAddresses.get(version)?.get(k) ?? "", message: `Item ${k} is in the ${version} forecast but not in actuals; treated as a new item without history.` },
          `forecast:${version}`,
        );
      }
    }
  }
  if (resources.length > 0) {
    const capRes = new Set(capacity?.table.keys ?? []);
    const forecastItems = new Set<string>();
    for (const t of forecasts.values()) for (const k of t.keys) forecastItems.add(k);
    const reported = new Set<string>();
    resources.forEach((r, i) => {
      if (!capRes.has(r.resource) && !reported.has(r.resource)) {
        reported.add(r.resource);
        out.add({ severity: "warning", code: "resource-without-capacity", role: "resources", address: resourceAddresses[i] ?? "", message: `Resource ${r.resource} is in the bill of resources but has no capacity row${capacity ? "" : " (no capacity is mapped)"}; its load is shown without capacity.` });
      }
      const known = r.item !== null ? items.has(r.item) || forecastItems.has(r.item) : families.size === 0 || families.has(r.family ?? "");
      if (!known) {
        out.add(
          { severity: "info", code: "unknown-resource-item", role: "resources", address: resourceAddresses[i] ?? "", message: `Routing line for ${r.item ?? `family ${r.family}`} on ${r.resource}: no such ${r.item ? "item" : "family"} in demand.` },
          "resources",
        );
      }
    });
  }
}

/**
 * Actual values dated after `latest` (`YYYY-MM`): an error per such period, at its header cell
 * (wide layouts) or on the actuals range (long layouts), since the cycle would start after them.
 */
function futureActuals(actuals: SeriesTable, latest: string, periodAt: ReadonlyMap<string, string>, out: FindingCollector): void {
  const limit = parsePeriodKey(latest);
  if (limit === null) return;
  const limitOrd = periodOrdinal(monthOfPeriod(limit));
  const w = actuals.periods.length;
  for (let j = 0; j < w; j++) {
    const p = parsePeriodKey(actuals.periods[j]!);
    if (p === null || periodOrdinal(monthOfPeriod(p)) <= limitOrd) continue;
    let values = 0;
    for (let k = 0; k < actuals.keys.length; k++) if (Number.isFinite(actuals.values[k * w + j]!)) values++;
    if (values === 0) continue;
    const period = actuals.periods[j]!;
    out.add({
      severity: "error",
      code: "actuals-in-future",
      role: "actuals",
      address: periodAt.get(period) ?? "",
      message: `${values.toLocaleString("en-US")} actual value(s) are dated ${period}, after ${latest}: actuals cannot come from the future, and the cycle would be planned from there. A mistyped year? Correct the period, or name the cycle to plan (sop … --cycle YYYY-MM).`,
    });
  }
}
