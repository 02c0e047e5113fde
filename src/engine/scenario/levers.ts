/**
 * Reading the planner's scenario rows (`Scenario | Lever | Scope | From | To | Value | Notes`,
 * DESIGN.md §3 role `scenarios`, §6) into levers, with a finding per problem.
 *
 * Rules:
 * - lever names are matched on meaning: case, spaces and punctuation ignored, `percent`, `pct`
 *   = `%`, `hrs`, `hr`, `h` = `hours`, `unit`, `pcs`, `qty` = `units`, `outsource(d)`,
 *   `subcontracting` = `outsourcing`, a few filler words (change, increase, extra, max, allowed,
 *   per month…) ignored: `Demand (%)`, `demand percent`, `Capacity hrs`, `Overtime`, `Outsourced
 *   qty`, `Unit cost %`, `Strategy`. `price` alone or `demand` alone are ambiguous: unknown;
 * - scope `All` (or `*`, `Total`; blank = All, with a warning except for a strategy), a family, an
 *   item or a resource, matched case- and space-insensitively against the context's lists; a
 *   resource also by its code when that is unique (`WC-20` = `WC-20 Machining`). The kind must fit
 *   the lever: demand, price and unit cost → All, a family or an item; capacity and overtime → All
 *   or a resource; outsourcing → a family or an item; strategy → All;
 * - From / To: `YYYY-MM` (also `YYYY-M`, `YYYY/MM`, a date `YYYY-MM-DD` → its month) or blank
 *   (open); From after To is an error; a range covering no plan period is a warning;
 * - value: a number, a numeric text (`15`, `15 %`, `2,5`) or a formula over the drivers
 *   (formula.ts); a strategy's value is `level`, `chase` or `optimal`. Overtime and outsourcing
 *   must be ≥ 0, percentages ≥ −100;
 * - notes: a cost (`cost 45 € per hour`, `cost 38 € per unit`, `20,000 €`), see types.ts for how
 *   each lever uses it. A cost without "per" is per hour (overtime, capacity) or per unit
 *   (outsourcing) for those levers, a lump sum for the others.
 * Errors make the lever unusable and its scenario is not run; warnings are applied as stated.
 *
 * Never throws. Pure; no I/O.
 */
import { parsePeriodKey } from "../period";
import { evaluateFormula } from "./formula";
import type {
  Lever,
  LeverContext,
  LeverCost,
  LeverKind,
  LeverScope,
  ParsedLevers,
  ProductionStrategyName,
  ScenarioDefinition,
  ScenarioField,
  ScenarioIssue,
  ScenarioIssueCode,
  ScenarioRow,
  ScopeKind,
} from "./types";

/** Case- and space-insensitive key of a name. */
export function scopeKey(name: string): string {
  let k = scopeKeys.get(name);
  if (k === undefined) {
    k = name.toLowerCase().replace(/\s+/g, "");
    if (scopeKeys.size >= SCOPE_KEYS_LIMIT) scopeKeys.clear();
    scopeKeys.set(name, k);
  }
  return k;
}

/** Scope keys already made (a scenario compares every item's name with its levers' scopes). */
const scopeKeys = new Map<string, string>();
const SCOPE_KEYS_LIMIT = 200_000;

const FILLER = new Set(["change", "increase", "decrease", "extra", "additional", "added", "add", "max", "maximum", "allowed", "per", "month", "monthly", "plan", "production", "lever", "in", "of", "the"]);
const HOURS = new Set(["hours", "hour", "hrs", "hr", "h"]);
const UNITS = new Set(["units", "unit", "pcs", "pieces", "qty", "quantity", "volume"]);
const OUTSOURCING = new Set(["outsourcing", "outsource", "outsourced", "subcontracting", "subcontract", "subcontracted"]);

/**
 * The lever kind a planner's spelling means, or null when it is not understood.
 * `Demand %`, `demand percent`, `Capacity hrs`, `Overtime`, `Outsourcing`, `unit cost %`, `Strategy`.
 */
export function leverKindOf(text: string): LeverKind | null {
  const s = text
    .toLowerCase()
    .replace(/per\s*cent(age)?|percent(age)?|pct/g, " % ")
    .replace(/unit\s*costs?/g, " unitcost ")
    .replace(/%/g, " % ")
    .replace(/[^a-z%]+/g, " ")
    .trim();
  const tokens = s === "" ? [] : s.split(" ");
  const subjects: string[] = [];
  let measure: "%" | "hours" | "units" | null = null;
  let measures = 0;
  for (const t of tokens) {
    if (t === "%") {
      measure = "%";
      measures++;
    } else if (HOURS.has(t)) {
      measure = "hours";
      measures++;
    } else if (UNITS.has(t)) {
      measure = "units";
      measures++;
    } else if (OUTSOURCING.has(t)) subjects.push("outsourcing");
    else if (t === "demand" || t === "capacity" || t === "overtime" || t === "price" || t === "strategy") subjects.push(t);
    else if (t === "unitcost" || t === "cost" || t === "costs") subjects.push("unitcost");
    else if (!FILLER.has(t)) return null;
  }
  if (subjects.length !== 1 || measures > 1) return null;
  switch (subjects[0]) {
    case "demand":
      return measure === "%" ? "demand %" : measure === "units" ? "demand units" : null;
    case "capacity":
      return measure === "%" ? "capacity %" : measure === "hours" || measure === "units" ? "capacity hours" : null;
    case "overtime":
      return measure === null || measure === "hours" || measure === "units" ? "overtime hours" : null;
    case "outsourcing":
      return measure === null || measure === "units" ? "outsourcing units" : null;
    case "price":
      return measure === "%" ? "price %" : null;
    case "unitcost":
      return measure === "%" ? "unit cost %" : null;
    case "strategy":
      return measure === null ? "production strategy" : null;
    default:
      return null;
  }
}

/** Scope kinds each lever accepts, in order of preference when a name matches several. */
const SCOPES: Readonly<Record<LeverKind, readonly ScopeKind[]>> = {
  "demand %": ["all", "family", "item"],
  "demand units": ["all", "family", "item"],
  "price %": ["all", "family", "item"],
  "unit cost %": ["all", "family", "item"],
  "capacity hours": ["all", "resource"],
  "capacity %": ["all", "resource"],
  "overtime hours": ["all", "resource"],
  "outsourcing units": ["family", "item"],
  "production strategy": ["all"],
};

const ALL_WORDS = new Set(["all", "*", "total", "everything", "allitems", "allfamilies", "allresources", "allproducts"]);

const KIND_WORD: Readonly<Record<ScopeKind, string>> = { all: "All", family: "a family", item: "an item", resource: "a resource" };

/** "All, a family or an item". */
function kindList(kinds: readonly ScopeKind[]): string {
  const words = kinds.map((k) => KIND_WORD[k]);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

/** Name lookups of the context. */
interface ScopeIndex {
  readonly family: ReadonlyMap<string, string>;
  readonly item: ReadonlyMap<string, string>;
  readonly resource: ReadonlyMap<string, string>;
}

function indexScopes(context: LeverContext): ScopeIndex {
  const map = (names: readonly string[]): Map<string, string> => {
    const m = new Map<string, string>();
    for (const n of names) if (!m.has(scopeKey(n))) m.set(scopeKey(n), n);
    return m;
  };
  const resource = map(context.resources);
  // A resource's code (first word) when unique: `WC-20` for `WC-20 Machining`.
  const codes = new Map<string, string | null>();
  for (const n of context.resources) {
    const code = scopeKey(n.trim().split(/\s+/)[0] ?? "");
    if (code === "" || code === scopeKey(n)) continue;
    codes.set(code, codes.has(code) ? null : n);
  }
  for (const [code, n] of codes) if (n !== null && !resource.has(code)) resource.set(code, n);
  return { family: map(context.families), item: map(context.items), resource };
}

/** A period text → `YYYY-MM`, null for blank, undefined when not understood. */
export function parseLeverPeriod(text: string | null): string | null | undefined {
  if (text === null) return null;
  const s = text.trim();
  if (s === "") return null;
  const m = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?$/.exec(s);
  if (!m) return undefined;
  const key = `${m[1]}-${m[2]!.padStart(2, "0")}`;
  return parsePeriodKey(key)?.kind === "month" ? key : undefined;
}

/** A number in notes text: `45`, `45,5`, `1,200`, `20 000`, `1.234,50`, `20k`. */
function readAmount(digits: string, k: boolean): number | null {
  let s = digits.replace(/[\s\u00a0\u202f']/g, "");
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? "." : ",";
    const thou = dec === "." ? "," : ".";
    s = s.split(thou).join("").replace(dec, ".");
  } else if (lastComma >= 0) {
    const groups = s.split(",");
    s = groups.length > 2 || (groups.length === 2 && groups[1]!.length === 3) ? groups.join("") : s.replace(",", ".");
  } else if ((s.match(/\./g) ?? []).length > 1) s = s.split(".").join("");
  const x = Number(s);
  if (!Number.isFinite(x)) return null;
  return k ? x * 1000 : x;
}

const CURRENCY = String.raw`(?:€|eur(?:os?)?|\$|usd|£|gbp|chf)`;
const NUMBER = String.raw`(\d{1,3}(?:[\s\u00a0\u202f.,']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)`;
const PER = String.raw`(?:\s*(?:per|\/|an?|each|every)\s*(hours?|hrs?|h|units?|pcs|pieces?|items?|pc)\b)?`;
const AFTER_COST = new RegExp(String.raw`\bcosts?\b\s*(?:of|:|=|at|is)?\s*(?:${CURRENCY}\s*)?${NUMBER}\s*(k\b)?\s*(?:${CURRENCY})?${PER}`, "i");
const WITH_CURRENCY = new RegExp(String.raw`(?:${CURRENCY}\s*${NUMBER}\s*(k\b)?|${NUMBER}\s*(k\b)?\s*${CURRENCY})${PER}`, "i");

/**
 * The cost stated in a lever's notes: after the word "cost" (`cost 45 € per hour`), else an
 * amount with a currency (`€38/unit`). Null when the notes state none; "unreadable" when they
 * mention a cost that cannot be read.
 */
export function parseNotesCost(notes: string | null): LeverCost | null | "unreadable" {
  if (notes === null || notes.trim() === "") return null;
  const per = (word: string | undefined): LeverCost["per"] => {
    if (word === undefined) return "total";
    return /^h/i.test(word) ? "hour" : "unit";
  };
  const a = AFTER_COST.exec(notes);
  if (a) {
    const amount = readAmount(a[1]!, a[2] !== undefined);
    return amount === null ? "unreadable" : { amount, per: per(a[3]) };
  }
  const c = WITH_CURRENCY.exec(notes);
  if (c) {
    const digits = c[1] ?? c[3];
    const amount = digits === undefined ? null : readAmount(digits, (c[2] ?? c[4]) !== undefined);
    return amount === null ? "unreadable" : { amount, per: per(c[5]) };
  }
  return /\bcosts?\b/i.test(notes) ? "unreadable" : null;
}

/** A strategy value → its name. */
function strategyOf(value: number | string): ProductionStrategyName | null {
  if (typeof value !== "string") return null;
  const s = value.trim().toLowerCase().replace(/[^a-z]+/g, " ").trim();
  if (/^(level|levelled|leveled|level production|levelling|leveling)$/.test(s)) return "level";
  if (/^(chase|chase demand|chasing)$/.test(s)) return "chase";
  if (/^(optimal|optimum|optimised|optimized|lp|optimal lp|best)$/.test(s)) return "optimal";
  return null;
}

const NUMERIC_TEXT = /^[-+]?\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*%?$/;

/** Collects findings for one row. */
class RowIssues {
  readonly list: ScenarioIssue[] = [];
  constructor(
    private readonly row: number,
    private readonly scenario: string,
  ) {}
  add(severity: ScenarioIssue["severity"], code: ScenarioIssueCode, field: ScenarioField | null, message: string): void {
    this.list.push({ severity, code, row: this.row, field, scenario: this.scenario, message });
  }
  get hasError(): boolean {
    return this.list.some((i) => i.severity === "error");
  }
}

/** Resolves the scope text for a lever kind; adds the findings. */
function resolveScope(text: string, kind: LeverKind, index: ScopeIndex, issues: RowIssues): LeverScope | null {
  const allowed = SCOPES[kind];
  const key = scopeKey(text);
  if (key === "") {
    if (!allowed.includes("all")) {
      issues.add("error", "blank-scope", "scope", `The scope is blank: a ${kind} lever needs ${kindList(allowed)}.`);
      return null;
    }
    if (kind !== "production strategy") issues.add("warning", "blank-scope", "scope", `The scope is blank: the ${kind} lever applies to All.`);
    return { kind: "all", name: null };
  }
  if (ALL_WORDS.has(key)) {
    if (allowed.includes("all")) return { kind: "all", name: null };
    issues.add("error", "scope-kind", "scope", `A ${kind} lever needs ${kindList(allowed)}, not All.`);
    return null;
  }
  const found: [ScopeKind, string][] = [];
  for (const k of ["resource", "family", "item"] as const) {
    const name = index[k].get(key);
    if (name !== undefined) found.push([k, name]);
  }
  const fit = found.find(([k]) => allowed.includes(k));
  if (fit) return { kind: fit[0], name: fit[1] };
  if (found.length > 0) {
    const [k, name] = found[0]!;
    issues.add("error", "scope-kind", "scope", `'${name}' is ${KIND_WORD[k]}: a ${kind} lever needs ${kindList(allowed)}.`);
    return null;
  }
  const what = allowed.filter((k) => k !== "all").map((k) => (k === "family" ? "families" : `${k}s`));
  issues.add("error", "unknown-scope", "scope", `Scope '${text.trim()}' is not ${what.length > 0 ? `one of the ${what.join(" or ")}` : "All"} of the plan.`);
  return null;
}

/** The value of a numeric lever; adds the findings. */
function resolveValue(value: number | string, kind: LeverKind, context: LeverContext, issues: RowIssues): { value: number; formula: string | null } | null {
  let v: number;
  let formula: string | null = null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      issues.add("error", "bad-value", "value", `The value is not a finite number.`);
      return null;
    }
    v = value;
  } else {
    const s = value.trim();
    if (s === "") {
      issues.add("error", "bad-value", "value", `The value is blank: a ${kind} lever needs a number or a formula.`);
      return null;
    }
    if (NUMERIC_TEXT.test(s)) v = Number(s.replace(/[\s%]/g, "").replace(",", "."));
    else {
      const r = evaluateFormula(s, context.drivers ?? {});
      if (!r.ok) {
        issues.add("error", "bad-formula", "value", `The value '${s}' is not a number${s.startsWith("=") || /[a-z(]/i.test(s) ? ` or a usable formula: ${r.reason}` : ""}.`);
        return null;
      }
      v = r.value;
      formula = s;
    }
  }
  if ((kind === "overtime hours" || kind === "outsourcing units") && v < 0) {
    issues.add("error", "bad-value", "value", `A ${kind} lever needs a value ≥ 0 (a maximum per month), not ${v}.`);
    return null;
  }
  if (kind.endsWith("%") && v < -100) {
    issues.add("error", "bad-value", "value", `${v} % would make the ${kind.replace(" %", "")} negative: a percentage lever needs a value ≥ −100.`);
    return null;
  }
  return { value: v, formula };
}

/** The cost of a lever from its notes; adds the findings. */
function resolveCost(notes: string | null, kind: LeverKind, issues: RowIssues): LeverCost | null {
  const c = parseNotesCost(notes);
  if (c === null) return null;
  if (c === "unreadable") {
    issues.add("warning", "bad-cost", "notes", `The notes mention a cost that could not be read ('${(notes ?? "").trim()}'): ${kind === "overtime hours" || kind === "outsourcing units" ? "the default cost of the supply settings is used" : "no cost is counted"}.`);
    return null;
  }
  if (c.amount < 0) {
    issues.add("warning", "bad-cost", "notes", `A negative cost in the notes is ignored.`);
    return null;
  }
  const perHourKinds: readonly LeverKind[] = ["overtime hours", "capacity hours", "capacity %"];
  if (c.per === "total" && (perHourKinds.includes(kind) || kind === "outsourcing units")) {
    const per = kind === "outsourcing units" ? "unit" : "hour";
    issues.add("info", "bad-cost", "notes", `The cost ${c.amount} in the notes is read as a cost per ${per}.`);
    return { amount: c.amount, per };
  }
  if (c.per === "total") return c;
  if (kind === "outsourcing units" && c.per === "hour") {
    issues.add("warning", "bad-cost", "notes", `Outsourcing needs a cost per unit, the notes give one per hour: the default cost is used.`);
    return null;
  }
  if (!perHourKinds.includes(kind) && kind !== "outsourcing units") {
    issues.add("warning", "bad-cost", "notes", `A cost per ${c.per} does not apply to a ${kind} lever: ignored (state a lump sum to count a cost).`);
    return null;
  }
  return c;
}

/**
 * Reads scenario rows into levers, grouped by scenario, with a finding per problem (row index =
 * position in `rows`). Never throws.
 */
export function parseLevers(rows: readonly ScenarioRow[], context: LeverContext): ParsedLevers {
  const index = indexScopes(context);
  const levers: Lever[] = [];
  const issues: ScenarioIssue[] = [];
  const order: string[] = [];
  const byScenario = new Map<string, { levers: Lever[]; issues: ScenarioIssue[] }>();
  const periods = context.periods ?? [];
  rows.forEach((r, row) => {
    const scenario = (r.scenario ?? "").trim();
    const leverText = (r.lever ?? "").trim();
    const valueBlank = typeof r.value === "string" && r.value.trim() === "";
    if (scenario === "" && leverText === "" && (r.scope ?? "").trim() === "" && valueBlank) return;
    const ri = new RowIssues(row, scenario);
    let group = byScenario.get(scenario);
    if (scenario === "") ri.add("error", "no-scenario", "scenario", "The scenario name is blank: the row is not used.");
    else if (group === undefined) {
      group = { levers: [], issues: [] };
      byScenario.set(scenario, group);
      order.push(scenario);
    }
    const kind = leverKindOf(leverText);
    if (kind === null) {
      ri.add("error", "unknown-lever", "lever", `Lever '${leverText}' is not known: use demand %, demand units, capacity hours, capacity %, overtime hours, outsourcing units, price %, unit cost % or production strategy.`);
    }
    const scope = kind === null ? null : resolveScope(r.scope ?? "", kind, index, ri);
    const from = parseLeverPeriod(r.from);
    const to = parseLeverPeriod(r.to);
    if (from === undefined) ri.add("error", "bad-period", "from", `From '${String(r.from).trim()}' is not a month (YYYY-MM) or blank.`);
    if (to === undefined) ri.add("error", "bad-period", "to", `To '${String(r.to).trim()}' is not a month (YYYY-MM) or blank.`);
    if (typeof from === "string" && typeof to === "string" && from > to) ri.add("error", "period-order", "from", `From ${from} is after To ${to}.`);
    let value: { value: number; formula: string | null } | null = null;
    let strategy: ProductionStrategyName | null = null;
    if (kind === "production strategy") {
      strategy = strategyOf(r.value);
      if (strategy === null) ri.add("error", "bad-value", "value", `A production strategy is level, chase or optimal, not '${String(r.value).trim()}'.`);
      if (from !== null || to !== null) ri.add("warning", "not-applied", from !== null ? "from" : "to", "A production strategy applies to the whole horizon: From and To are ignored.");
      if (group?.levers.some((l) => l.kind === "production strategy")) ri.add("warning", "duplicate-strategy", "lever", `The scenario already has a production strategy: the last one (row ${row + 1}) is used.`);
    } else if (kind !== null) value = resolveValue(r.value, kind, context, ri);
    const cost = kind === null ? null : resolveCost(r.notes, kind, ri);
    if (kind !== null && kind !== "production strategy" && from !== undefined && to !== undefined && !(from !== null && to !== null && from > to) && periods.length > 0 && !periods.some((p) => (from === null || p >= from) && (to === null || p <= to))) {
      ri.add("warning", "outside-horizon", from !== null ? "from" : "to", `The range ${from ?? "…"} – ${to ?? "…"} covers no plan period (${periods[0]} … ${periods[periods.length - 1]}): the lever changes nothing.`);
    }
    issues.push(...ri.list);
    group?.issues.push(...ri.list);
    if (ri.hasError || kind === null || scope === null || from === undefined || to === undefined || group === undefined) return;
    if (kind !== "production strategy" && value === null) return;
    const lever: Lever = {
      scenario,
      row,
      kind,
      scope,
      from: kind === "production strategy" ? null : from,
      to: kind === "production strategy" ? null : to,
      value: value?.value ?? 0,
      formula: value?.formula ?? null,
      strategy,
      cost,
    };
    levers.push(lever);
    group.levers.push(lever);
  });
  const scenarios: ScenarioDefinition[] = order.map((name) => {
    const g = byScenario.get(name)!;
    return { name, levers: g.levers, issues: g.issues, valid: !g.issues.some((i) => i.severity === "error") };
  });
  return { levers, scenarios, issues };
}
