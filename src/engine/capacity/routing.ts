/**
 * Routing resolution for rough-cut capacity (DESIGN.md §3 role `resources`, the bill of
 * resources): which lines load which resource for a given item.
 *
 * Rules:
 * - an item's own lines (ResourceRow.item equal to the item code, surrounding spaces ignored)
 *   replace ALL the lines of its family; a line naming both an item and a family is an item line;
 * - otherwise the family's lines apply (ResourceRow.item null, family matched case- and
 *   space-insensitively: `Spare Parts` = `spare parts` = `SpareParts`);
 * - an item with neither is unrouted;
 * - resources are matched the same way as families (case and spaces ignored);
 * - lines with hours (units) per unit ≤ 0 or not a number, and lines with neither item nor
 *   family, are ignored and counted; a lead offset is rounded to whole periods, a negative or
 *   missing one counts as 0 (counted);
 * - lines of one item on the same resource with the same lead offset add up (same demand,
 *   same period: one line with the summed per-unit figure).
 *
 * Pure; no I/O.
 */
import type { ResourceRow } from "../inputs";
import { type CapacityIssueCounter, example } from "./issues";

/** Case- and space-insensitive key of a family or resource name. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/\s+/g, "");
}

/** A usable routing line. */
export interface RoutingLine {
  /** Index of the line in the input `resources`. */
  readonly line: number;
  /** `nameKey` of the resource. */
  readonly resourceKey: string;
  /** The resource as spelled on the line. */
  readonly resourceName: string;
  readonly perUnit: number;
  /** Whole periods ≥ 0. */
  readonly lead: number;
}

/** The resolved load path of an item: resource (by key), lead and summed per-unit figure. */
export interface ResolvedLine {
  readonly resourceKey: string;
  readonly lead: number;
  readonly perUnit: number;
}

/** The bill of resources indexed by item and by family. */
export interface Routing {
  /** Usable lines in input order (for resource names in order of first appearance). */
  readonly lines: readonly RoutingLine[];
  readonly byItem: ReadonlyMap<string, readonly RoutingLine[]>;
  /** By `nameKey` of the family. */
  readonly byFamily: ReadonlyMap<string, readonly RoutingLine[]>;
}

/** Indexes the usable routing lines; counts the unusable ones in `issues`. */
export function indexRouting(resources: readonly ResourceRow[], issues: CapacityIssueCounter): Routing {
  const lines: RoutingLine[] = [];
  const byItem = new Map<string, RoutingLine[]>();
  const byFamily = new Map<string, RoutingLine[]>();
  resources.forEach((r, i) => {
    const item = r.item === null ? "" : r.item.trim();
    const family = r.family === null ? "" : nameKey(r.family);
    const ex = example({ resource: r.resource, item: r.item, family: r.family, line: i });
    if (item === "" && family === "") {
      issues.note("routing-line-without-key", ex);
      return;
    }
    if (!(r.perUnit > 0) || !Number.isFinite(r.perUnit)) {
      issues.note("bad-per-unit", ex);
      return;
    }
    let lead = Number.isFinite(r.leadOffset) ? Math.round(r.leadOffset) : 0;
    if (lead < 0) lead = 0;
    if (lead !== r.leadOffset) issues.note("bad-lead-offset", ex);
    const rl: RoutingLine = { line: i, resourceKey: nameKey(r.resource), resourceName: r.resource.trim(), perUnit: r.perUnit, lead };
    lines.push(rl);
    const map = item !== "" ? byItem : byFamily;
    const key = item !== "" ? item : family;
    const list = map.get(key);
    if (list) list.push(rl);
    else map.set(key, [rl]);
  });
  return { lines, byItem, byFamily };
}

/** Sums lines with the same resource and lead offset; order of first appearance kept. */
function merge(lines: readonly RoutingLine[]): ResolvedLine[] {
  const out: { resourceKey: string; lead: number; perUnit: number }[] = [];
  for (const l of lines) {
    const same = out.find((o) => o.resourceKey === l.resourceKey && o.lead === l.lead);
    if (same) same.perUnit += l.perUnit;
    else out.push({ resourceKey: l.resourceKey, lead: l.lead, perUnit: l.perUnit });
  }
  return out;
}

/**
 * Resolves items to their load paths, caching family resolutions (an item without lines of
 * its own shares its family's).
 */
export class RoutingResolver {
  private readonly familyCache = new Map<string, readonly ResolvedLine[] | null>();
  /** The same by the family's text as given (its key made once per text). */
  private readonly familyTextCache = new Map<string, readonly ResolvedLine[] | null>();

  constructor(private readonly routing: Routing) {}

  /** The item's lines (its own, else its family's), merged; null when it has neither. */
  resolve(item: string, family: string): readonly ResolvedLine[] | null {
    const own = this.routing.byItem.get(item.trim());
    if (own) return merge(own);
    const byText = this.familyTextCache.get(family);
    if (byText !== undefined) return byText;
    const key = nameKey(family);
    let cached = this.familyCache.get(key);
    if (cached === undefined) {
      const lines = this.routing.byFamily.get(key);
      cached = lines ? merge(lines) : null;
      this.familyCache.set(key, cached);
    }
    this.familyTextCache.set(family, cached);
    return cached;
  }
}
