/**
 * The fictitious company's catalogue: families, regions, managers, customers,
 * resources and the items themselves (codes, descriptions, demand parameters,
 * life cycle, prices). Deterministic for a seed; an item's own numbers come from
 * a stream keyed by (family, index in family), so `PMP-1001` is the same item
 * whatever the total number of items.
 */
import { Rng } from "./rng";

export type Region = "EU" | "NA" | "APAC";
export const REGIONS: readonly Region[] = ["EU", "NA", "APAC"];

export interface RegionSpec {
  readonly region: Region;
  readonly share: number;
  readonly manager: string;
  /** Multiplicative over-forecast of the region's sales manager (0.12 = +12 %). */
  readonly salesBias: number;
  /** Extra log-sd of the manager's error (APAC is noisier). */
  readonly salesNoise: number;
}

export const REGION_SPECS: readonly RegionSpec[] = [
  { region: "EU", share: 0.45, manager: "Sophie Martin", salesBias: 0.12, salesNoise: 0 },
  { region: "NA", share: 0.35, manager: "James Carter", salesBias: -0.08, salesNoise: 0 },
  { region: "APAC", share: 0.2, manager: "Kenji Watanabe", salesBias: 0.25, salesNoise: 0.1 },
];

export const KEY_ACCOUNT_MANAGER = "Laura Bianchi";
export const KEY_ACCOUNT_BIAS = 0.05;
export const KEY_ACCOUNT_CUSTOMERS: readonly string[] = [
  "Nordhavn Utilities A/S",
  "Cascade Water Authority",
  "Pacific Rim Industrial Ltd",
  "Helvetia Chemie AG",
  "Great Lakes Agri Co-op",
  "Sunbelt HVAC Supply Inc.",
];

export function regionSpec(region: Region): RegionSpec {
  const spec = REGION_SPECS.find((r) => r.region === region);
  if (!spec) throw new Error(`unknown region ${region}`);
  return spec;
}

export interface FamilySpec {
  readonly name: string;
  readonly prefix: string;
  /** Share of the catalogue's items. */
  readonly share: number;
  /** Median monthly units of an item. */
  readonly medianUnits: number;
  /** Log-sd of item levels around the median. */
  readonly levelSigma: number;
  readonly trendPerYear: number;
  /** Amplitude of the yearly cosine (0 = flat). */
  readonly seasonAmplitude: number;
  /** Month of the peak, 1..12. */
  readonly peakMonth: number;
  /** Coefficient of variation of the month-to-month noise. */
  readonly noiseCv: number;
  /** Share of the family's items with intermittent (lumpy) demand. */
  readonly intermittentShare: number;
  readonly priceMedianEur: number;
  readonly priceSigma: number;
  /** Days of supply the planners aim at. */
  readonly targetDays: number;
  /** Ambition of the budget over the expected trend. */
  readonly budgetUplift: number;
}

export const FAMILIES: readonly FamilySpec[] = [
  { name: "Pumps", prefix: "PMP", share: 0.14, medianUnits: 110, levelSigma: 0.75, trendPerYear: 0.06, seasonAmplitude: 0.45, peakMonth: 7, noiseCv: 0.14, intermittentShare: 0, priceMedianEur: 850, priceSigma: 0.6, targetDays: 45, budgetUplift: 1.08 },
  { name: "Valves", prefix: "VLV", share: 0.16, medianUnits: 240, levelSigma: 0.8, trendPerYear: 0.02, seasonAmplitude: 0.05, peakMonth: 3, noiseCv: 0.16, intermittentShare: 0, priceMedianEur: 180, priceSigma: 0.6, targetDays: 30, budgetUplift: 1.04 },
  { name: "Motors", prefix: "MTR", share: 0.1, medianUnits: 70, levelSigma: 0.7, trendPerYear: -0.03, seasonAmplitude: 0.12, peakMonth: 3, noiseCv: 0.18, intermittentShare: 0, priceMedianEur: 620, priceSigma: 0.55, targetDays: 60, budgetUplift: 1.02 },
  { name: "Controllers", prefix: "CTL", share: 0.1, medianUnits: 90, levelSigma: 0.7, trendPerYear: 0.12, seasonAmplitude: 0.08, peakMonth: 11, noiseCv: 0.22, intermittentShare: 0, priceMedianEur: 390, priceSigma: 0.5, targetDays: 45, budgetUplift: 1.1 },
  { name: "Filters", prefix: "FLT", share: 0.14, medianUnits: 420, levelSigma: 0.8, trendPerYear: 0.04, seasonAmplitude: 0.25, peakMonth: 4, noiseCv: 0.14, intermittentShare: 0, priceMedianEur: 38, priceSigma: 0.5, targetDays: 30, budgetUplift: 1.05 },
  { name: "Seals", prefix: "SEL", share: 0.12, medianUnits: 900, levelSigma: 0.9, trendPerYear: 0, seasonAmplitude: 0.15, peakMonth: 6, noiseCv: 0.12, intermittentShare: 0, priceMedianEur: 9, priceSigma: 0.6, targetDays: 20, budgetUplift: 1.03 },
  { name: "Spare Parts", prefix: "SPR", share: 0.16, medianUnits: 6, levelSigma: 0.9, trendPerYear: 0.01, seasonAmplitude: 0, peakMonth: 1, noiseCv: 0.5, intermittentShare: 0.8, priceMedianEur: 65, priceSigma: 0.8, targetDays: 90, budgetUplift: 1.02 },
  { name: "Accessories", prefix: "ACC", share: 0.08, medianUnits: 160, levelSigma: 0.8, trendPerYear: 0.08, seasonAmplitude: 0.3, peakMonth: 12, noiseCv: 0.24, intermittentShare: 0.1, priceMedianEur: 45, priceSigma: 0.6, targetDays: 30, budgetUplift: 1.06 },
];

export interface LifeCycle {
  /** First month with sales (months before it are blank in the history); absent for established items. */
  readonly launch?: number;
  /** Last month with sales of a discontinued item, and how the months after it look in the ERP export. */
  readonly lastSale?: number;
  readonly tail?: "zeros" | "blanks";
}

export interface Item {
  readonly code: string;
  readonly description: string;
  readonly family: FamilySpec;
  readonly familyIndex: number;
  readonly indexInFamily: number;
  /** Stable numeric identity for random streams. */
  readonly key: number;
  readonly region: Region;
  /** Monthly units at the last actual month, before season and noise (the rate for intermittent items). */
  readonly baseUnits: number;
  readonly trendPerYear: number;
  readonly seasonAmplitude: number;
  readonly peakMonth: number;
  readonly noiseCv: number;
  /** Probability of a month with demand (intermittent items only). */
  readonly occurrence?: number;
  readonly life: LifeCycle;
  /** A one-off month with a large order, inside the history. */
  readonly spikeMonth?: number;
  readonly priceEur: number;
  readonly unitCostEur: number;
}

/** Items per family, by largest remainder, at least one each. */
export function familyCounts(total: number): number[] {
  const n = Math.max(total, FAMILIES.length);
  const raw = FAMILIES.map((f) => f.share * n);
  const counts = raw.map((r) => Math.max(1, Math.floor(r)));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const o = order[k];
    if (o) counts[o.i] = (counts[o.i] ?? 0) + 1;
  }
  while (left < 0) {
    // more families than share allowed: take from the largest
    let big = 0;
    counts.forEach((c, i) => {
      if (c > (counts[big] ?? 0)) big = i;
    });
    counts[big] = (counts[big] ?? 1) - 1;
    left++;
  }
  return counts;
}

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function describe(family: FamilySpec, rng: Rng): string {
  switch (family.prefix) {
    case "PMP":
      return `${rng.pick(["Centrifugal", "Submersible", "Booster", "Circulator", "Multistage", "Dosing", "End-suction"])} pump ${rng.pick(["0.75", "1.1", "1.5", "2.2", "3.0", "4.0", "5.5", "7.5", "11"])} kW DN${rng.pick([25, 32, 40, 50, 65, 80, 100])}`;
    case "VLV":
      return `${rng.pick(["Ball", "Gate", "Butterfly", "Check", "Globe", "Pressure-relief"])} valve DN${rng.pick([15, 20, 25, 32, 40, 50, 80, 100, 150])} PN${rng.pick([10, 16, 25, 40])} ${rng.pick(["cast iron", "stainless", "brass", "ductile iron"])}`;
    case "MTR":
      return `IE${rng.pick([3, 3, 4])} motor ${rng.pick(["0.55", "1.1", "2.2", "4.0", "7.5", "11", "15", "22"])} kW ${rng.pick([2, 4, 4, 6])}-pole`;
    case "CTL":
      return `${rng.pick(["Pump", "Level", "PID", "Pressure", "Booster-set", "Variable-speed drive"])} controller ${rng.pick([4, 8, 16, 32])} I/O${rng.chance(0.3) ? " Modbus" : ""}`;
    case "FLT":
      return `${rng.pick(["Cartridge", "Bag", "Basket", "Y-strainer", "Self-cleaning", "Sediment"])} filter ${rng.pick([1, 5, 10, 25, 50, 100, 200])} µm`;
    case "SEL":
      return `${rng.pick(["O-ring", "Mechanical seal", "Flat gasket", "Lip seal", "Spiral-wound gasket"])} ${rng.int(8, 120)}x${rng.pick(["2", "2.5", "3", "3.5", "5"])} ${rng.pick(["NBR", "EPDM", "FKM", "PTFE", "HNBR"])}`;
    case "SPR":
      return `${rng.pick(["Impeller", "Bearing kit", "Shaft sleeve", "Wear ring", "Terminal box", "Fan cover", "Coupling", "Rotor", "Display module", "Diaphragm"])} for ${rng.pick(["PMP", "MTR", "CTL", "VLV"])}-${rng.int(1001, 1060)}`;
    default:
      return `${rng.pick(["Mounting bracket kit", "Pressure gauge 0-10 bar", "Flange adapter", "Cable gland set", "Float switch", "Base plate", "Non-return kit", "Pressure tank 24 l"])}${rng.chance(0.4) ? ` ${rng.pick(["stainless", "galvanised", "compact"])}` : ""}`;
  }
}

export interface CatalogOptions {
  readonly seed: number;
  readonly items: number;
  /** First and last month of the history (month indexes). */
  readonly firstActual: number;
  readonly lastActual: number;
}

/** The catalogue, grouped by family in family order, codes ascending. */
export function buildCatalog(opts: CatalogOptions): Item[] {
  const counts = familyCounts(opts.items);
  const history = opts.lastActual - opts.firstActual + 1;
  const items: Item[] = [];
  FAMILIES.forEach((family, fi) => {
    const n = counts[fi] ?? 0;
    // New launches take the highest codes (codes are issued in sequence).
    const launches = Math.max(1, Math.round(n * 0.05));
    const famRng = Rng.derive(opts.seed, 7001, fi);
    const discontinued = new Set<number>();
    const wantDisc = n >= 6 ? Math.max(1, Math.round(n * 0.03)) : 0;
    let guard = 0;
    while (discontinued.size < wantDisc && guard++ < 1000) {
      discontinued.add(famRng.int(0, Math.max(0, n - launches - 1)));
    }
    for (let j = 0; j < n; j++) {
      const key = fi * 100000 + j;
      const rng = Rng.derive(opts.seed, 1, key);
      const regionDraw = rng.next();
      const region: Region = regionDraw < 0.45 ? "EU" : regionDraw < 0.8 ? "NA" : "APAC";
      const baseUnits = Math.max(0.5, rng.logNormal(family.medianUnits, family.levelSigma));
      const intermittent = rng.chance(family.intermittentShare);
      const isLaunch = j >= n - launches && history >= 4;
      let life: LifeCycle = {};
      if (isLaunch) {
        const back = Math.min(history - 1, rng.int(3, 9));
        life = { launch: opts.lastActual - back + 1 };
      } else if (discontinued.has(j)) {
        life = {
          lastSale: opts.lastActual - Math.min(history - 2, rng.int(2, 6)),
          tail: rng.chance(0.5) ? "zeros" : "blanks",
        };
      }
      const spike = !isLaunch && rng.chance(0.03) ? opts.firstActual + rng.int(0, history - 1) : undefined;
      const price = rng.logNormal(family.priceMedianEur, family.priceSigma);
      const priceEur = price >= 100 ? roundTo(price, 1) : roundTo(price, 0.05);
      const margin = rng.uniform(0.2, 0.55);
      const descRng = Rng.derive(opts.seed, 2, key);
      const item: Item = {
        code: `${family.prefix}-${1001 + j}`,
        description: describe(family, descRng),
        family,
        familyIndex: fi,
        indexInFamily: j,
        key,
        region,
        baseUnits,
        trendPerYear: family.trendPerYear + rng.normal() * 0.03,
        seasonAmplitude: Math.max(0, family.seasonAmplitude * rng.uniform(0.7, 1.3)),
        peakMonth: family.peakMonth,
        noiseCv: family.noiseCv * rng.uniform(0.8, 1.25),
        ...(intermittent ? { occurrence: rng.uniform(0.15, 0.55) } : {}),
        life,
        ...(spike !== undefined ? { spikeMonth: spike } : {}),
        priceEur: Math.round(priceEur * 100) / 100,
        unitCostEur: Math.round(priceEur * (1 - margin) * 100) / 100,
      };
      items.push(item);
    }
  });
  return items;
}
