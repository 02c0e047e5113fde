/**
 * Header recognition: what a column means, from the text of its header cell.
 *
 * Real headers carry extra words, abbreviations and punctuation (`Material no.`,
 * `Item #`, `SKU code`, `Product grp.`, `Std. hours/pc`, `Qty (units)`). A header is
 * normalised (case, accents, camelCase, punctuation, common abbreviations, centre /
 * center) and matched against the synonyms of DESIGN.md §3 in three steps:
 *
 * 1. exact: the normalised header is a synonym (plural `s` tolerated) → confidence 1;
 * 2. after dropping what does not change the meaning: text in parentheses, a
 *    leading "total" / "sum of", a trailing currency, unit or percent word, and for
 *    key columns a trailing no. / # / code / number / ID / name → confidence 0.8;
 * 3. fuzzy: the header contains a synonym as whole words (the longest wins, then the
 *    head noun: the rightmost match before any "per" / "of" / "by"), or is one typo
 *    away from a synonym of six letters or more → confidence 0.6. Headers holding a
 *    year or a period (`Sales 2024`, `Capacity Jan-25`) are period columns: no fuzzy match.
 *
 * The synonym that matched is returned so that the planner sees what was guessed.
 * Everything is compiled once at module load; a match is a few map look-ups.
 *
 * Pure: no I/O, no Office.js.
 */

import { parsePeriodHeader } from "./periodHeader";

/** What a column means. */
export type ColumnKind =
  | "item"
  | "description"
  | "family"
  | "resource"
  | "hoursPerUnit"
  | "unitsPerHour"
  | "quantity"
  | "period"
  | "date"
  | "version"
  | "cycle"
  | "efficiency"
  | "capacity"
  | "leadOffset"
  | "onHand"
  | "safetyStock"
  | "targetDays"
  | "price"
  | "unitCost"
  | "revenue"
  | "scenario"
  | "lever"
  | "scope"
  | "from"
  | "to"
  | "value"
  | "unit"
  | "attribute";

/** A recognised header. */
export interface HeaderMatch {
  readonly kind: ColumnKind;
  /** for attributes: the canonical attribute name (Region, Customer, Channel, Manager, Country, Segment, Plant, Warehouse…; else the header text cleaned, e.g. "Sales rep") */
  readonly attribute?: string;
  /** the synonym that matched, to show the planner */
  readonly matched: string;
  /** 1 exact synonym, 0.8 after dropping suffixes/abbreviations, 0.6 fuzzy */
  readonly confidence: number;
}

// ---------------------------------------------------------------------------
// Synonyms, in order of precedence (earlier wins on equal keys and fuzzy ties).

interface SynonymGroup {
  readonly kind: ColumnKind;
  readonly synonyms: readonly string[];
  /** Canonical attribute name (attribute groups); absent: the cleaned header text. */
  readonly attribute?: string;
}

const GROUPS: readonly SynonymGroup[] = [
  {
    kind: "description",
    synonyms: [
      "Description", "Item description", "Product description", "Product name", "Item name",
      "Material description", "Material name", "Article description", "Article name", "SKU description",
      "SKU name", "Part description", "Part name", "Designation", "Item text", "Material text",
    ],
  },
  {
    kind: "family",
    synonyms: [
      "Family", "Product family", "Item family", "Group", "Product group", "Item group", "Material group",
      "Category", "Product category", "Item category", "Brand", "Product line", "Product range", "Subfamily",
      "Sub family", "Product hierarchy",
    ],
  },
  {
    kind: "hoursPerUnit",
    synonyms: [
      "Hours per unit", "Standard hours", "Standard hours per unit", "Std hours", "Run time", "Runtime",
      "Run time per unit", "Hours/unit", "h/unit", "Hrs per unit", "Time per unit", "Time per unit (hours)",
      "Labour hours per unit", "Labor hours per unit", "Machine hours per unit", "Routing hours",
    ],
  },
  {
    kind: "unitsPerHour",
    synonyms: [
      "Units per hour", "Rate", "Rate (units/h)", "pcs/h", "Output per hour", "Throughput per hour",
      "Units/hour", "Output rate", "Production rate", "Pieces per hour", "Run rate",
    ],
  },
  {
    kind: "version",
    synonyms: ["Version", "Forecast version", "Scenario version", "Source", "Plan version", "Forecast type", "Version name"],
  },
  {
    kind: "cycle",
    synonyms: [
      "Cycle", "Snapshot", "Snapshot cycle", "Forecast cycle", "Cycle month", "Made in", "Snapshot date",
      "Snapshot month", "Planning cycle", "Cycle period", "Created in",
    ],
  },
  { kind: "efficiency", synonyms: ["Efficiency", "Eff.", "OEE", "Efficiency %", "Efficiency factor"] },
  {
    kind: "capacity",
    synonyms: [
      "Capacity", "Available hours", "Hours available", "Available capacity", "Capacity hours",
      "Capacity (hours)", "Available time", "Capacity units", "Max capacity", "Maximum capacity",
    ],
  },
  {
    kind: "leadOffset",
    synonyms: [
      "Lead offset", "Lead time offset", "Offset", "Lead (periods)", "Lead time", "Lead", "Lead periods",
      "Offset periods", "Lead time (periods)",
    ],
  },
  {
    kind: "safetyStock",
    synonyms: [
      "Safety stock", "SS", "Safety stock qty", "Min stock", "Minimum stock", "Buffer stock", "Safety inventory",
    ],
  },
  {
    kind: "targetDays",
    synonyms: [
      "Target days of supply", "Target DOS", "Days of supply target", "Target days", "Target coverage",
      "Coverage target", "Target days of cover", "Days of cover target", "Target cover", "Days of supply",
      "DOS", "Days of cover", "Coverage", "Coverage days",
    ],
  },
  {
    kind: "onHand",
    synonyms: [
      "On hand", "On-hand qty", "Stock", "Inventory", "Stock on hand", "SOH", "Current stock", "Opening stock",
      "Available stock", "Opening inventory", "Stock level", "Inventory on hand", "Beginning inventory",
      "Free stock", "Unrestricted stock",
    ],
  },
  {
    kind: "unitCost",
    synonyms: [
      "Unit cost", "Cost", "Standard cost", "Std cost", "COGS per unit", "Cost per unit", "Unit COGS",
      "Cost price", "Product cost", "Manufacturing cost", "Variable cost",
    ],
  },
  {
    kind: "price",
    synonyms: [
      "Price", "Unit price", "Selling price", "ASP", "Average selling price", "List price", "Net price",
      "Sales price", "Price per unit", "Net unit price",
    ],
  },
  {
    kind: "revenue",
    synonyms: [
      "Revenue", "Sales value", "Net sales", "Gross sales", "Turnover", "Budget revenue", "Amount",
      "Sales amount", "Net revenue", "Revenue budget", "Sales revenue", "Net sales value", "Invoiced amount",
    ],
  },
  {
    kind: "date",
    synonyms: [
      "Date", "Order date", "Ship date", "Shipment date", "Shipping date", "Invoice date", "Posting date",
      "Delivery date", "Document date", "Transaction date", "Requested date", "Due date", "Billing date",
      "Goods issue date", "Dispatch date",
    ],
  },
  {
    kind: "period",
    synonyms: [
      "Period", "Month", "Week", "Bucket", "Fiscal period", "Year-month", "Time bucket", "Posting period",
      "Calendar month", "Fiscal month", "Month year", "Year week", "Calendar week",
    ],
  },
  {
    kind: "quantity",
    synonyms: [
      "Qty", "Quantity", "Units", "Volume", "Sales qty", "Sales units", "Sales volume", "Shipments",
      "Shipped qty", "Shipped units", "Orders", "Order qty", "Ordered qty", "Demand", "Demand qty", "Forecast",
      "Forecast qty", "Actual", "Actuals", "Actual qty", "Actual sales", "Actual demand", "Sales",
      "Invoiced qty", "Delivered qty", "Deliveries", "Consumption", "Usage", "Net qty", "Billed qty",
    ],
  },
  {
    kind: "item",
    synonyms: ["Item", "SKU", "Product", "Material", "Part", "Article", "Stock code", "Stock item"],
  },
  {
    kind: "resource",
    synonyms: [
      "Resource", "Work center", "Work centre", "WC", "Line", "Production line", "Machine", "Cell",
      "Workcenter", "Resource ID", "Workstation", "Work station", "Equipment", "Production resource",
      "Manufacturing line", "Packing line", "Filling line", "Production cell", "Bottleneck",
    ],
  },
  { kind: "scenario", synonyms: ["Scenario", "Scenario name"] },
  { kind: "lever", synonyms: ["Lever", "Driver", "Change type", "Lever type", "Type of change", "Adjustment type"] },
  { kind: "scope", synonyms: ["Scope", "Applies to", "Applied to"] },
  {
    kind: "from",
    synonyms: ["From", "Start", "From period", "Start period", "Start month", "From month", "Valid from", "Start date", "Begin"],
  },
  {
    kind: "to",
    synonyms: ["To", "End", "To period", "End period", "End month", "To month", "Valid to", "Until", "End date", "Through"],
  },
  { kind: "value", synonyms: ["Value", "Change", "Adjustment", "Delta", "Change value", "Lever value"] },
  {
    kind: "unit",
    synonyms: ["UoM", "Unit of measure", "Unit", "Base unit", "Base unit of measure", "Sales unit", "Measure unit"],
  },
  {
    kind: "attribute",
    attribute: "Region",
    synonyms: ["Region", "Area", "Sales region", "Sales area", "Territory", "Sales territory"],
  },
  {
    kind: "attribute",
    attribute: "Country",
    synonyms: ["Country", "Country code", "Destination country", "Ship-to country"],
  },
  {
    kind: "attribute",
    attribute: "Customer",
    synonyms: [
      "Customer", "Account", "Key account", "Client", "Sold-to", "Ship-to", "Sold-to party", "Ship-to party",
      "Customer name",
    ],
  },
  {
    kind: "attribute",
    attribute: "Channel",
    synonyms: ["Channel", "Sales channel", "Distribution channel", "Trade channel"],
  },
  {
    kind: "attribute",
    attribute: "Manager",
    synonyms: [
      "Manager", "Sales manager", "Account manager", "Key account manager", "KAM", "Product manager",
      "Area manager", "Regional manager",
    ],
  },
  {
    kind: "attribute",
    attribute: "Segment",
    synonyms: ["Segment", "Customer segment", "Market segment", "Business segment"],
  },
  {
    kind: "attribute",
    attribute: "Plant",
    synonyms: ["Plant", "Site", "Factory", "Production site", "Manufacturing site"],
  },
  {
    kind: "attribute",
    attribute: "Warehouse",
    synonyms: ["Warehouse", "Location", "DC", "Distribution centre", "Stock location", "Storage location", "Depot"],
  },
  {
    kind: "attribute",
    attribute: "ABC",
    synonyms: ["ABC", "ABC class", "ABC classification", "ABC category", "ABC code"],
  },
  {
    // Known attribute words without a canonical name: the header text is the attribute.
    kind: "attribute",
    synonyms: [
      "Market", "Planner", "Demand planner", "Supply planner", "Sales rep", "Sales representative",
      "Salesperson", "Class", "Status", "Sales organisation", "Sales office", "Sales group", "Sales district",
      "Division", "Business unit", "Cost centre", "Profit centre", "Supplier", "Vendor", "Buyer", "Life cycle",
      "Lifecycle status", "XYZ", "XYZ class",
    ],
  },
];

/** Synonyms too generic to be found inside longer headers: only an exact (or 0.8) match counts. */
const EXACT_ONLY: ReadonlySet<string> = new Set([
  "From", "To", "Start", "End", "Begin", "Until", "Through", "Value", "Change", "Delta", "Unit", "Source",
  "Cell", "Offset", "Lead", "Rate", "Made in", "Created in", "Class", "Bucket", "Account", "Area",
]);

/** Headers (normalised) that name no column kind even though they contain a synonym. */
const STOP: ReadonlySet<string> = new Set([
  "cycle time", "line number", "line item", "order number", "sales order", "sales order number",
  "invoice number", "document number", "delivery number", "row number", "number", "total", "subtotal",
  "sub total", "grand total", "comment", "comments", "note", "notes", "remark", "remarks",
]);

// ---------------------------------------------------------------------------
// Normalisation.

/** Word → replacement (abbreviations, spellings). Applied to whole words only. */
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ["no", "number"], ["nr", "number"], ["nbr", "number"], ["num", "number"], ["n", "number"],
  ["qty", "quantity"], ["qtty", "quantity"], ["qnty", "quantity"], ["qt", "quantity"],
  ["std", "standard"], ["stnd", "standard"],
  ["hrs", "hours"], ["hr", "hours"], ["h", "hours"],
  ["pc", "units"], ["pcs", "units"], ["pce", "units"], ["ea", "units"], ["pieces", "units"], ["piece", "units"],
  ["grp", "group"],
  ["desc", "description"], ["descr", "description"],
  ["cat", "category"], ["categ", "category"],
  ["prod", "product"],
  ["mat", "material"], ["matl", "material"], ["mtl", "material"],
  ["wc", "work centre"], ["workcenter", "work centre"], ["workcentre", "work centre"], ["center", "centre"],
  ["uom", "unit of measure"],
  ["eff", "efficiency"], ["effcy", "efficiency"],
  ["inv", "inventory"],
  ["oh", "on hand"], ["onhand", "on hand"],
  ["ss", "safety stock"],
  ["fcst", "forecast"], ["fc", "forecast"], ["fct", "forecast"], ["frcst", "forecast"],
  ["avail", "available"], ["avl", "available"],
  ["cap", "capacity"],
  ["dos", "days of supply"],
  ["soh", "stock on hand"],
  ["rev", "revenue"], ["amt", "amount"], ["vol", "volume"],
  ["ver", "version"], ["vers", "version"],
  ["cust", "customer"], ["mgr", "manager"], ["loc", "location"],
  ["whse", "warehouse"], ["wh", "warehouse"],
  ["yr", "year"], ["mth", "month"], ["wk", "week"],
  ["ctry", "country"],
  ["lt", "lead time"],
  ["pn", "part number"],
  ["org", "organisation"], ["organization", "organisation"],
  ["tgt", "target"],
  ["pct", "percent"],
  ["labor", "labour"],
  ["yearmonth", "year month"], ["yearweek", "year week"],
  ["lifecycle", "life cycle"],
  ["salesperson", "sales person"],
]);

/** Words next to a `/` that make it "per" (`hours/pc`, `pcs/h`); otherwise `/` separates. */
const PER_WORDS: ReadonlySet<string> = new Set(["hours", "hour", "units", "unit", "minute", "minutes", "min", "day", "days", "shift"]);

const UOM_WORD = /\bUoM\b/g;
const CAMEL_LOWER_UPPER = /([a-z])([A-Z])/g;
const CAMEL_ACRONYM = /([A-Z]+)([A-Z][a-z])/g;
const NON_ASCII = /[^\u0020-\u007e\t\n\r]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const SYMBOLS = /[€$£¥#%&/]/g;
const SYMBOL_WORDS: Readonly<Record<string, string>> = {
  "€": " eur ", "$": " usd ", "£": " gbp ", "¥": " jpy ", "#": " number ", "%": " percent ", "&": " and ", "/": " / ",
};
const NON_WORD = /[^a-z0-9/]+/g;
const PARENTHESES = /\([^)]*\)|\[[^\]]*\]/g;
const SPACES = /\s+/g;
const TRAILING_PUNCTUATION = /[\s:.]+$/;

function normalizeWords(text: string): string[] {
  let s = text.replace(UOM_WORD, "UOM").replace(CAMEL_LOWER_UPPER, "$1 $2").replace(CAMEL_ACRONYM, "$1 $2");
  s = s.toLowerCase();
  if (NON_ASCII.test(s)) s = s.normalize("NFD").replace(COMBINING_MARKS, "");
  s = s.replace(SYMBOLS, (c) => SYMBOL_WORDS[c] ?? " ").replace(NON_WORD, " ");
  const out: string[] = [];
  for (const w of s.split(" ")) {
    if (w === "") continue;
    const x = ABBREVIATIONS.get(w);
    if (x === undefined) out.push(w);
    else for (const y of x.split(" ")) out.push(y);
  }
  // A slash between a measure and a unit of time or count reads "per"; otherwise it only separates.
  const words: string[] = [];
  for (let i = 0; i < out.length; i++) {
    const w = out[i]!;
    if (w !== "/") words.push(w);
    else if (PER_WORDS.has(out[i - 1] ?? "") || PER_WORDS.has(out[i + 1] ?? "")) words.push("per");
  }
  return words;
}

/**
 * Normalise a header for matching: lower case, accents removed, camelCase split,
 * punctuation → space, spaces collapsed, common abbreviations expanded (no./nr/# →
 * number, qty → quantity, std → standard, h/hr/hrs → hours, pc/pcs/ea → units,
 * grp → group, desc → description, cat → category, prod → product, mat → material,
 * wc → work centre, uom → unit of measure, eff → efficiency, inv → inventory,
 * oh → on hand, ss → safety stock, fcst/fc → forecast, soh → stock on hand,
 * dos → days of supply, …), center → centre, and `/` → "per" between a measure and a
 * unit (`hours/pc` → "hours per units"). `Std. hours/pc` → "standard hours per units".
 */
export function normalizeHeader(text: string): string {
  return normalizeWords(text).join(" ");
}

/** Plural-tolerant form of a word for matching (`hours` → `hour`, `quantities` → `quantity`). */
function stem(w: string): string {
  if (w.length >= 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length >= 4 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) return w.slice(0, -1);
  return w;
}

// ---------------------------------------------------------------------------
// Compiled synonym tables.

interface Entry {
  readonly kind: ColumnKind;
  readonly matched: string;
  readonly attribute?: string;
  /** Stemmed words. */
  readonly words: readonly string[];
  /** Stemmed words joined by spaces. */
  readonly key: string;
  readonly fuzzy: boolean;
  /** Position in the precedence order. */
  readonly rank: number;
}

/** Synonym as written (lower case, single spaces) → entry: shows the synonym the planner wrote. */
const RAW = new Map<string, Entry>();
const EXACT = new Map<string, Entry>();
const EXACT_STEMMED = new Map<string, Entry>();
/** First stemmed word → entries (for whole-word containment). */
const BY_FIRST_WORD = new Map<string, Entry[]>();
const ALL_ENTRIES: Entry[] = [];

for (const g of GROUPS) {
  for (const raw of g.synonyms) {
    const words = normalizeWords(raw);
    const stemmed = words.map(stem);
    const entry: Entry = {
      kind: g.kind,
      matched: raw,
      ...(g.attribute !== undefined ? { attribute: g.attribute } : {}),
      words: stemmed,
      key: stemmed.join(" "),
      fuzzy: !EXACT_ONLY.has(raw),
      rank: ALL_ENTRIES.length,
    };
    ALL_ENTRIES.push(entry);
    const key = words.join(" ");
    const rawKey = raw.toLowerCase();
    if (!RAW.has(rawKey)) RAW.set(rawKey, entry);
    if (!EXACT.has(key)) EXACT.set(key, entry);
    if (!EXACT_STEMMED.has(entry.key)) EXACT_STEMMED.set(entry.key, entry);
    const first = stemmed[0]!;
    const list = BY_FIRST_WORD.get(first);
    if (list) list.push(entry);
    else BY_FIRST_WORD.set(first, [entry]);
  }
}

/** Kinds that name a key or a label, which may carry an identifier suffix (no., code, ID, name). */
const KEY_KINDS: ReadonlySet<ColumnKind> = new Set<ColumnKind>([
  "item", "description", "family", "resource", "attribute", "scenario", "version", "cycle", "lever", "scope",
  "unit", "period", "date",
]);
const ID_SUFFIX: ReadonlySet<string> = new Set(["number", "code", "id", "key", "ref", "reference"]);
const NAME_SUFFIX: ReadonlySet<string> = new Set(["name", "description", "text", "label", "designation"]);
const CURRENCY: ReadonlySet<string> = new Set([
  "eur", "usd", "gbp", "chf", "jpy", "cny", "sek", "nok", "dkk", "pln", "czk", "huf", "cad", "aud", "inr",
  "brl", "mxn", "zar", "keur", "kusd", "meur", "musd", "currency", "lc", "dollar", "dollars", "euro", "euros",
]);
const PERCENT: ReadonlySet<string> = new Set(["percent", "percentage"]);
/** Trailing unit words that may be dropped, and the kinds they may qualify. */
const QUANTITY_KINDS: readonly ColumnKind[] = ["quantity", "onHand", "safetyStock", "capacity"];
const UNIT_SUFFIX: ReadonlyMap<string, readonly ColumnKind[]> = new Map<string, readonly ColumnKind[]>([
  ["units", QUANTITY_KINDS], ["unit", QUANTITY_KINDS], ["kg", QUANTITY_KINDS], ["tons", QUANTITY_KINDS],
  ["tonnes", QUANTITY_KINDS], ["t", QUANTITY_KINDS], ["cases", QUANTITY_KINDS], ["pallets", QUANTITY_KINDS],
  ["litres", QUANTITY_KINDS], ["liters", QUANTITY_KINDS], ["l", QUANTITY_KINDS], ["lbs", QUANTITY_KINDS],
  ["volume", QUANTITY_KINDS], ["quantity", ["onHand", "safetyStock"]],
  ["hours", ["capacity", "efficiency"]],
  ["periods", ["leadOffset"]], ["months", ["leadOffset"]], ["weeks", ["leadOffset", "targetDays"]],
  ["days", ["targetDays"]],
]);
const LEADING_NOISE: ReadonlySet<string> = new Set(["total", "sum", "of"]);
/** Words after which a match is no longer the head noun ("price per unit", "revenue by region"). */
const PREPOSITIONS: ReadonlySet<string> = new Set(["per", "of", "by", "for", "in"]);
/** Generic family words that, qualified by an attribute word, name an attribute ("Customer group"). */
const GENERIC_FAMILY: ReadonlySet<string> = new Set(["group", "category", "class", "type"]);

function lookup(words: readonly string[]): Entry | undefined {
  if (words.length === 0) return undefined;
  return EXACT.get(words.join(" ")) ?? EXACT_STEMMED.get(words.map(stem).join(" "));
}

/** Header text as the planner wrote it, trimmed, white space collapsed, trailing colon or dot removed. */
function cleanText(text: string): string {
  return text.replace(SPACES, " ").trim().replace(TRAILING_PUNCTUATION, "");
}

function result(e: Entry, text: string, confidence: number, kind: ColumnKind = e.kind): HeaderMatch {
  if (kind !== "attribute") return { kind, matched: e.matched, confidence };
  return { kind, attribute: e.attribute ?? cleanText(text), matched: e.matched, confidence };
}

/** Step 2: drop parentheses, leading totals and trailing qualifiers, then look up again. */
function matchStripped(text: string, full: readonly string[]): HeaderMatch | null {
  let words = full;
  let currency = false;
  let stripped = false;
  const parens = text.match(PARENTHESES);
  if (parens !== null) {
    for (const p of parens) for (const w of normalizeWords(p)) if (CURRENCY.has(w)) currency = true;
    words = normalizeWords(text.replace(PARENTHESES, " "));
    stripped = true;
  }
  let start = 0;
  while (start < words.length - 1 && LEADING_NOISE.has(words[start]!)) start++;
  let idSuffix = false;
  // "No. article", "N° article": a leading number word is an identifier prefix.
  if (start < words.length - 1 && words[start] === "number" && words[start + 1] !== "of") {
    start++;
    idSuffix = true;
  }
  if (start > 0) {
    words = words.slice(start);
    stripped = true;
  }
  let nameSuffix = false;
  let percent = false;
  let unitKinds: ColumnKind[] | null = null;
  for (let guard = 0; guard < 4 && words.length > 0; guard++) {
    const e = stripped ? lookup(words) : undefined;
    if (e !== undefined) {
      let kind = e.kind;
      let ok = true;
      if ((idSuffix || nameSuffix) && !KEY_KINDS.has(kind)) ok = false;
      if (nameSuffix && kind === "item") kind = "description";
      if (percent && kind !== "efficiency" && kind !== "value") ok = false;
      if (unitKinds !== null && !unitKinds.includes(kind)) ok = false;
      if (currency && kind === "quantity") kind = "revenue";
      if (ok) return result(e, text, 0.8, kind);
    }
    if (words.length < 2) break;
    const last = words[words.length - 1]!;
    const unit = UNIT_SUFFIX.get(last);
    if (ID_SUFFIX.has(last)) idSuffix = true;
    else if (NAME_SUFFIX.has(last)) nameSuffix = true;
    else if (CURRENCY.has(last)) currency = true;
    else if (PERCENT.has(last)) percent = true;
    else if (unit !== undefined) unitKinds = unitKinds === null ? [...unit] : unitKinds.filter((k) => unit.includes(k));
    else break;
    words = words.slice(0, -1);
    stripped = true;
  }
  return null;
}

/** Editing distance at most 1 (one insertion, deletion, substitution or swap of neighbours). */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const TYPO_MIN_LENGTH = 6;
const YEARLIKE = /^(19|20)\d\d$|^(19|20)\d\d(0[1-9]|1[0-2])$/;

/** Step 3: a synonym found as whole words inside the header, or one typo away. */
function matchFuzzy(text: string, full: readonly string[]): HeaderMatch | null {
  for (const w of full) if (YEARLIKE.test(w)) return null; // "Sales 2024": a period column, not a key
  // "Capacity Jan-25", "Jan-25 fcst": a period with a qualifier is a period column, not a key.
  for (let i = 1; i <= 2 && i < full.length; i++) {
    if (parsePeriodHeader(full.slice(i).join(" ")) !== null || parsePeriodHeader(full.slice(0, full.length - i).join(" ")) !== null) return null;
  }
  const words = full.map(stem);
  let prep = words.length;
  for (let i = 1; i < words.length; i++) {
    if (PREPOSITIONS.has(words[i]!)) {
      prep = i;
      break;
    }
  }
  let best: { e: Entry; start: number; len: number } | null = null;
  let attributeSeen: Entry | null = null;
  for (let i = 0; i < words.length; i++) {
    const list = BY_FIRST_WORD.get(words[i]!);
    if (list === undefined) continue;
    for (const e of list) {
      if (!e.fuzzy || i + e.words.length > words.length) continue;
      let ok = true;
      for (let k = 1; k < e.words.length; k++) {
        if (words[i + k] !== e.words[k]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (e.kind === "attribute") attributeSeen ??= e;
      const len = e.words.length;
      if (best === null) {
        best = { e, start: i, len };
        continue;
      }
      const headNow = i + len <= prep;
      const headBest = best.start + best.len <= prep;
      const better =
        len !== best.len ? len > best.len
        : headNow !== headBest ? headNow
        : i !== best.start ? i > best.start
        : e.rank < best.e.rank;
      if (better) best = { e, start: i, len };
    }
  }
  if (best !== null) {
    const e = best.e;
    const last = full[full.length - 1]!;
    if (ID_SUFFIX.has(last) && !KEY_KINDS.has(e.kind)) return null; // "Order number" is not a quantity
    if (e.kind === "family" && attributeSeen !== null && e.words.length === 1 && GENERIC_FAMILY.has(e.words[0]!)) {
      return { kind: "attribute", attribute: cleanText(text), matched: attributeSeen.matched, confidence: 0.6 };
    }
    return result(e, text, 0.6);
  }
  // One typo away from a synonym of at least six letters ("Quantiy", "Famliy"; not "Level" → "Lever").
  const key = words.join(" ");
  if (key.length < TYPO_MIN_LENGTH) return null;
  for (const e of ALL_ENTRIES) {
    if (e.fuzzy && e.key.length >= TYPO_MIN_LENGTH && withinOneEdit(key, e.key)) return result(RAW.get(e.key) ?? e, text, 0.6);
  }
  return null;
}

/**
 * What a header names, or null for blank, period-like (`Jan 2025`: the caller tries
 * `parsePeriodHeader` first) or unrecognised text. The caller treats unrecognised text
 * columns as attributes itself; kind "attribute" is returned only for known attribute
 * words (Region, Customer, Channel, Manager, …), with the canonical name or the header
 * text as `attribute`.
 */
export function matchHeader(text: string): HeaderMatch | null {
  const full = normalizeWords(text);
  if (full.length === 0) return null;
  const key = full.join(" ");
  if (STOP.has(key)) return null;
  const exact = RAW.get(cleanText(text).toLowerCase()) ?? lookup(full);
  if (exact !== undefined) return result(exact, text, 1);
  if (parsePeriodHeader(text) !== null) return null;
  return matchStripped(text, full) ?? matchFuzzy(text, full);
}
