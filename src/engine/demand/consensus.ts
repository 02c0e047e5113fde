/**
 * The consensus forecast (DESIGN.md §2 step 2): the statistical forecast and the planner's
 * forecast versions (Sales, Marketing, …: the contributors) made into one number per item
 * and plan period, with the rule that made each number.
 *
 * Definitions:
 * - a contributor's entry for an item and period: the sum of the version's rows of that item
 *   (one per customer or region) where at least one cell holds a value; a blank cell is no
 *   entry, a 0 is an entry of 0. Weekly versions are summed into months (`series.ts`);
 * - rule "replace" (default): the statistical forecast, replaced by the contributor's entry
 *   where there is one; the mean of the entries when several contributors have one;
 * - rule "weighted": Σ wᵥ·Fᵥ / Σ wᵥ over the statistical forecast and the contributors with
 *   an entry, wᵥ the weight of version v (the statistical forecast's under "Statistical");
 *   a missing weight is 1; versions with a weight ≤ 0 are left out, unless all present are,
 *   in which case all count equally. Weight names match case-insensitively;
 * - a new item has no history (flagged `new item` in the statistical forecast, or found only
 *   in contributors' tables, even on rows left blank): its statistical zeros are not a
 *   forecast, so only entries count; with none it gets 0 and the flag "new item without any
 *   forecast";
 * - a period with neither an entry nor a statistical figure gets 0 (rule `none`), flagged.
 * Versions named Statistical or Consensus are not contributors and are ignored here.
 *
 * Pure; no I/O. Never NaN in the output.
 */
import type { SeriesTable } from "../inputs";
import { itemRows, monthlyTable, sumRows } from "./series";
import { type Consensus, type ConsensusFamily, type ConsensusItem, type ConsensusRule, type ConsensusRuleCode, type ItemStatForecast, NO_FAMILY, type StatisticalForecast } from "./types";

/** Name of the statistical forecast among the weights. */
export const STATISTICAL = "Statistical";

/** Input of `buildConsensus`. */
export interface ConsensusInput {
  readonly statistical: StatisticalForecast;
  /** Forecast versions other than Statistical and Consensus, by name, stacked (one table per version). */
  readonly contributors: ReadonlyMap<string, SeriesTable>;
  /** Plan periods (normally `statistical.periods`). */
  readonly periods: readonly string[];
  readonly rule?: "replace" | "weighted";
  /** Weight per version name (and "Statistical"), for the weighted rule. */
  readonly weights?: ReadonlyMap<string, number>;
}

/** One contributor's entries: per item, a value per plan period (NaN = no entry). */
interface Contribution {
  readonly name: string;
  /** Items with at least one entry in the plan periods. */
  readonly byItem: Map<string, Float64Array>;
  /** Every item of the version (with or without entries) and its family. */
  readonly families: Map<string, string>;
}

const isReserved = (name: string): boolean => {
  const n = name.trim().toLowerCase();
  return n === "statistical" || n === "consensus";
};

/** Normalised weight as a short number: 0.6, 0.33, 1. */
const shortNumber = (w: number): string => String(Number(w.toFixed(2)));

function readContribution(name: string, t: SeriesTable, periods: readonly string[]): Contribution {
  const table = monthlyTable(t);
  const colOf = new Map<string, number>();
  table.periods.forEach((p, j) => colOf.set(p, j));
  const cols = periods.map((p) => colOf.get(p) ?? -1);
  const groups = itemRows(table);
  const byItem = new Map<string, Float64Array>();
  const families = new Map<string, string>();
  // Every item's entries in one buffer (item k's are a view of it, not an array of its own).
  const w = periods.length;
  const buffer = new Float64Array(groups.items.length * w).fill(Number.NaN);
  // Indexed loops: this runs per item and plan period of every version.
  for (let k = 0; k < groups.items.length; k++) {
    const item = groups.items[k]!;
    const rows = groups.rows[k]!;
    const v = buffer.subarray(k * w, (k + 1) * w);
    let any = false;
    for (let j = 0; j < cols.length; j++) {
      const col = cols[j]!;
      if (col < 0) continue;
      const s = sumRows(table, rows, col);
      if (Number.isFinite(s)) {
        v[j] = s;
        any = true;
      }
    }
    families.set(item, groups.families[k]!);
    if (any) byItem.set(item, v);
  }
  return { name, byItem, families };
}

/** The contributors with an entry in period `j` (`own[ci]`: contributor ci's entries for the item) and their entries. */
function entriesAt(own: readonly (Float64Array | undefined)[], contributions: readonly Contribution[], j: number): { present: Contribution[]; values: number[] } {
  const present: Contribution[] = [];
  const values: number[] = [];
  for (let ci = 0; ci < own.length; ci++) {
    const x = own[ci]?.[j];
    if (x !== undefined && Number.isFinite(x)) {
      present.push(contributions[ci]!);
      values.push(x);
    }
  }
  return { present, values };
}

/** Weight lookup: exact name, then case-insensitive; missing or not finite → 1. */
function weightLookup(weights: ReadonlyMap<string, number> | undefined): (name: string) => number {
  const lower = new Map<string, number>();
  if (weights) for (const [k, v] of weights) if (!lower.has(k.trim().toLowerCase())) lower.set(k.trim().toLowerCase(), v);
  return (name: string): number => {
    const w = weights?.get(name) ?? lower.get(name.trim().toLowerCase());
    return w !== undefined && Number.isFinite(w) ? w : 1;
  };
}

/**
 * The consensus forecast per item and plan period, with the rule of each figure, counts per
 * rule, flags for new items, and family totals. See the module header for the rules.
 * Never throws; never NaN.
 */
export function buildConsensus(input: ConsensusInput): Consensus {
  const rule = input.rule ?? "replace";
  const periods = input.periods;
  const h = periods.length;
  const stat = input.statistical;
  const statColOf = new Map<string, number>();
  stat.periods.forEach((p, j) => statColOf.set(p, j));
  const statCols = periods.map((p) => statColOf.get(p) ?? -1);
  const weightOf = weightLookup(input.weights);

  const names = [...input.contributors.keys()].filter((n) => !isReserved(n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const contributions = names.map((n) => readContribution(n, input.contributors.get(n)!, periods));

  // Items: the statistical forecast's, then those only contributors have (new items).
  const statByItem = new Map<string, ItemStatForecast>();
  for (const f of stat.items) if (!statByItem.has(f.item)) statByItem.set(f.item, f);
  const order: { item: string; family: string }[] = [...statByItem.values()].map((f) => ({ item: f.item, family: f.family }));
  const seen = new Set(statByItem.keys());
  for (const c of contributions) {
    for (const item of c.families.keys()) {
      if (seen.has(item)) continue;
      seen.add(item);
      // A new item's family: the first contributor that names one.
      const named = contributions.map((x) => x.families.get(item)).find((f) => f !== undefined && f !== NO_FAMILY);
      order.push({ item, family: named ?? NO_FAMILY });
    }
  }

  // Each rule is made once, by label, and known by its index in `rules` (`counts`: the figures it made).
  const ruleCache = new Map<string, number>();
  const rules: ConsensusRule[] = [];
  const counts: number[] = [];
  const ruleOf = (code: ConsensusRuleCode, label: string): number => {
    let i = ruleCache.get(label);
    if (i === undefined) {
      i = rules.length;
      rules.push({ code, label });
      counts.push(0);
      ruleCache.set(label, i);
    }
    return i;
  };
  const STAT_RULE = ruleOf("statistical", "statistical");
  const NONE_RULE = ruleOf("none", "no forecast");
  /** A contributor's own rule. */
  const contributorRules = contributions.map((c) => ruleOf("contributor", c.name));

  const items: ConsensusItem[] = [];
  // Every item's consensus in one buffer (item o's is a view of it, not an array of its own).
  const consensusBuffer = new Float64Array(order.length * h);
  const own: (Float64Array | undefined)[] = new Array<Float64Array | undefined>(contributions.length);
  // Indexed loops: the loop below runs per item and plan period.
  for (let o = 0; o < order.length; o++) {
    const { item, family } = order[o]!;
    const sf = statByItem.get(item);
    const isNew = sf === undefined || sf.flags.includes("new item");
    for (let ci = 0; ci < contributions.length; ci++) own[ci] = contributions[ci]!.byItem.get(item);
    const consensus = consensusBuffer.subarray(o * h, (o + 1) * h);
    const itemRules: ConsensusRule[] = new Array<ConsensusRule>(h);
    // The versions whose entries a new item's figures are (its flags name them).
    const used = isNew ? new Set<string>() : null;
    let noneCount = 0;
    for (let j = 0; j < h; j++) {
      const sc = statCols[j]!;
      const statV = !isNew && sc >= 0 ? sf.point[sc]! : Number.NaN;
      const hasStat = Number.isFinite(statV);
      // The entries of the period: counted here; listed (`entriesAt`) only when there are several.
      let np = 0;
      let firstAt = -1;
      let firstV = 0;
      for (let ci = 0; ci < own.length; ci++) {
        const x = own[ci]?.[j];
        if (x !== undefined && Number.isFinite(x)) {
          if (np === 0) {
            firstAt = ci;
            firstV = x;
          }
          np++;
        }
      }
      let value: number;
      let r: number;
      if (rule === "weighted" && np + (hasStat ? 1 : 0) >= 2) {
        const { present, values } = entriesAt(own, contributions, j);
        const members = [...(hasStat ? [{ name: STATISTICAL, v: statV }] : []), ...present.map((c, i) => ({ name: c.name, v: values[i]! }))];
        const raw = members.map((m) => weightOf(m.name));
        const anyPositive = raw.some((w) => w > 0);
        const w = raw.map((x) => (anyPositive ? (x > 0 ? x : 0) : 1));
        const kept = members.map((m, i) => ({ ...m, w: w[i]! })).filter((m) => m.w > 0);
        if (kept.length === 1) {
          const only = kept[0]!;
          value = only.v;
          r = only.name === STATISTICAL && hasStat ? STAT_RULE : ruleOf("contributor", only.name);
        } else {
          const sw = kept.reduce((s, m) => s + m.w, 0);
          value = kept.reduce((s, m) => s + m.w * m.v, 0) / sw;
          r = ruleOf("weighted", `weighted: ${kept.map((m) => `${m.name} ${shortNumber(m.w / sw)}`).join(", ")}`);
        }
        if (used !== null) for (const m of kept) if (!(m.name === STATISTICAL && hasStat)) used.add(m.name);
      } else if (np === 1) {
        value = firstV;
        r = contributorRules[firstAt]!;
        used?.add(contributions[firstAt]!.name);
      } else if (np > 1) {
        const { present, values } = entriesAt(own, contributions, j);
        value = values.reduce((s, x) => s + x, 0) / values.length;
        r = ruleOf("mean", `mean of ${present.map((c) => c.name).join(", ")}`);
        if (used !== null) for (const c of present) used.add(c.name);
      } else if (hasStat) {
        value = statV;
        r = STAT_RULE;
      } else {
        value = 0;
        r = NONE_RULE;
        noneCount++;
      }
      consensus[j] = Number.isFinite(value) ? value : 0;
      itemRules[j] = rules[r]!;
      counts[r]!++;
    }
    const flags: string[] = [];
    if (used !== null) {
      if (used.size === 0) flags.push("new item without any forecast");
      else {
        const list = [...used].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        flags.push(`new item: ${list.join(", ")} ${list.length === 1 ? "entry" : "entries"}`);
        if (noneCount > 0) flags.push(`no forecast in ${noneCount} of ${h} periods: 0`);
      }
    } else if (noneCount > 0) flags.push(`no forecast in ${noneCount} of ${h} periods: 0`);
    items.push({ item, family, isNew, consensus, rules: itemRules, flags });
  }

  const famMap = new Map<string, { family: string; items: number; consensus: Float64Array }>();
  const total = { family: "(total)", items: 0, consensus: new Float64Array(h) };
  for (const it of items) {
    let f = famMap.get(it.family);
    if (f === undefined) {
      f = { family: it.family, items: 0, consensus: new Float64Array(h) };
      famMap.set(it.family, f);
    }
    for (const acc of [f, total]) {
      acc.items++;
      for (let j = 0; j < h; j++) acc.consensus[j]! += it.consensus[j]!;
    }
  }
  const families: ConsensusFamily[] = [...famMap.values()];
  // Rules that made at least one figure (the reserved ones and a silent contributor's may have made none).
  const ruleCounts = rules.flatMap((r, i) => (counts[i]! > 0 ? [{ code: r.code, label: r.label, count: counts[i]! }] : []));
  const codeCounts: Record<ConsensusRuleCode, number> = { statistical: 0, contributor: 0, mean: 0, weighted: 0, none: 0 };
  for (const c of ruleCounts) codeCounts[c.code] += c.count;
  ruleCounts.sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return { rule, periods: [...periods], items, families, total, ruleCounts, codeCounts, contributors: names };
}
