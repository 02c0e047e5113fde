/**
 * The fuzzing properties (issue 8), shared by the mocha suite and `npm run fuzz`.
 *
 * Each property is a generator of cases and a check that throws an `Error` listing every broken
 * invariant; an exception escaping the code under test fails it too. `propertyDefs` names them,
 * with the number of cases each gets in the suite and its share of `npm run fuzz`. A case that
 * fails only because of a known issue (`KNOWN_ISSUES`, bugs described in regressions.test.ts)
 * is counted apart, not failed.
 */
import fc from "fast-check";
import { type Period, dateToSerial, isoWeeksInYear, parsePeriodKey, periodKey } from "../../src/engine/period";
import type { LpSolver } from "../../src/engine/supply/types";
import type { Grid } from "../../src/workbook/grid";
import { type ReadResult, isSourceError } from "../../src/workbook/host";
import type { Mapping, RunParameters } from "../../src/workbook/mapping";
import { runCycle } from "../../src/workbook/runCycle";
import { parsePeriodHeader, parsePeriodHeaderRow } from "../../src/workbook/periodHeader";
import { mappingSources, readInputs } from "../../src/workbook/readInputs";
import { proposalSources, proposeMapping } from "../../src/workbook/roleProposal";
import {
  type CycleCase,
  type CycleOutcome,
  type Mutation,
  type ParserCase,
  type Sample,
  FuzzHost,
  KNOWN_ISSUES,
  KnownIssue,
  NOW,
  arbParameters,
  applyMutation,
  asKnown,
  arbCellWild,
  arbCycleCase,
  arbFormat,
  arbMutation,
  arbParserCase,
  cycleProblems,
  findingProblems,
  runCase,
} from "./fuzzSupport";
import { arbTableCase, tableWorkbook } from "./tableGrids";

function fail(what: string, problems: readonly string[]): void {
  if (problems.length > 0) throw new Error(`${what}:\n  ${problems.slice(0, 12).join("\n  ")}${problems.length > 12 ? `\n  … ${problems.length - 12} more` : ""}`);
}

// ---------------------------------------------------------------------------
// (1) The grid parser on random grids

/** ±Infinity anywhere in parsed inputs (NaN means "no value" in series, so it is allowed). */
function infinities(value: unknown, at: string, out: string[] = [], depth = 0): string[] {
  if (out.length > 5 || depth > 8) return out;
  if (typeof value === "number") {
    if (value === Infinity || value === -Infinity) out.push(`${at}: ${value}`);
  } else if (value instanceof Float64Array) {
    for (let i = 0; i < value.length; i++) if (value[i] === Infinity || value[i] === -Infinity) out.push(`${at}[${i}]: ${value[i]}`);
  } else if (value instanceof Map) {
    for (const [k, v] of value) infinities(v, `${at}.${String(k)}`, out, depth + 1);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => infinities(v, `${at}[${i}]`, out, depth + 1));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) infinities(v, `${at}.${k}`, out, depth + 1);
  }
  return out;
}

/** A message that shows `undefined`, `NaN`, `Infinity` or `[object Object]` that no cell of the grids holds. */
export function shownUndefined(findings: readonly { message: string }[], grids: readonly Grid[]): string[] {
  const out: string[] = [];
  let texts: string | null = null;
  for (const f of findings) {
    // A sentence that explains a non-finite result ("the result is not a finite number (Infinity)") says it on purpose.
    const m = /\b(undefined|NaN|Infinity)\b|\[object Object\]/.exec(f.message.replace(/not a finite number \((-?Infinity|NaN)\)/g, ""));
    if (!m) continue;
    texts ??= grids.map((g) => g.values.map((r) => r.map((c) => (c !== null && typeof c === "object" ? c.error : String(c))).join("\u0001")).join("\u0001")).join("\u0001");
    if (!texts.includes(m[0])) out.push(`message shows ${m[0]}: ${f.message.slice(0, 200)}`);
  }
  return out;
}

/** readInputs never throws on any grid, and its findings are well formed and point inside the grids. */
export function checkParserCase(c: ParserCase): void {
  const r = readInputs(c.mapping, c.reads);
  const grids = c.reads.filter((x): x is Grid => !isSourceError(x));
  const problems = findingProblems(r.findings, grids);
  if (r.inputs === null && !r.findings.some((f) => f.severity === "error")) problems.push("no inputs but no error finding");
  if (r.inputs !== null && r.findings.some((f) => f.severity === "error")) problems.push("inputs despite an error finding");
  if (r.inputs !== null) {
    problems.push(...infinities(r.inputs, "inputs"));
    for (const [name, t] of [["actuals", r.inputs.actuals], ...[...r.inputs.forecasts].map(([v, f]) => [`forecast ${v}`, f] as const)] as const) {
      if (t.values.length !== t.keys.length * t.periods.length) problems.push(`${name}: ${t.values.length} values for ${t.keys.length} keys × ${t.periods.length} periods`);
      if (t.periods.some((p) => parsePeriodKey(p) === null)) problems.push(`${name}: a period key that does not parse`);
    }
  }
  problems.push(...shownUndefined(r.findings, grids));
  fail("readInputs", problems);
}

/** A header row of weird cells: parsePeriodHeaderRow never throws and agrees with itself. */
export function checkHeaderRow(row: readonly unknown[], formats: readonly (string | null)[] | null, date1904: boolean): void {
  const r = parsePeriodHeaderRow(row as never, formats, date1904);
  const problems: string[] = [];
  if (r.periods.length !== row.length) problems.push(`periods ${r.periods.length} ≠ cells ${row.length}`);
  const found = r.periods.filter((p) => p !== null);
  if (found.length !== r.count) problems.push(`count ${r.count} ≠ ${found.length}`);
  if (found.some((p) => p!.kind !== r.kind)) problems.push(`mixed kinds returned with kind ${r.kind}`);
  for (const p of found) if (parsePeriodKey(periodKey(p!)) === null) problems.push(`invalid period ${JSON.stringify(p)}`);
  fail("parsePeriodHeaderRow", problems);
}

export const arbHeaderRow = fc.record({
  row: fc.array(arbCellWild, { maxLength: 20 }),
  formats: fc.option(fc.array(arbFormat, { maxLength: 20 }), { nil: null }),
  date1904: fc.boolean(),
});

/** (1) readInputs on random mappings of random grids, and parsePeriodHeaderRow on a random header row. */
export const gridParserCase = fc.tuple(fc.oneof({ arbitrary: arbParserCase, weight: 1 }, { arbitrary: arbTableCase, weight: 3 }), arbHeaderRow);
export function checkGridParserCase([c, h]: [ParserCase, { row: unknown[]; formats: (string | null)[] | null; date1904: boolean }]): void {
  checkParserCase(c);
  checkHeaderRow(h.row, h.formats, h.date1904);
}

// ---------------------------------------------------------------------------
// (1b) The role proposal and the parser on mutated sample grids

export async function checkSampleParse(sample: Sample, mutations: readonly Mutation[]): Promise<void> {
  const wb = sample.workbook();
  for (const m of mutations) applyMutation(wb.sheets, m);
  const host = new FuzzHost(wb.sheets, null, wb.names);
  // The saved mapping over the mutated sheets.
  const reads = await host.read(mappingSources(sample.mapping).map((f) => f.source));
  checkParserCase({ mapping: sample.mapping, reads });
  // The proposal from the mutated sheets' head rows, then the proposed mapping read in full.
  const info = await host.describe();
  const sources = proposalSources(info);
  const heads = await host.read(sources);
  const proposal = proposeMapping(info, heads.flatMap((g, i) => (isSourceError(g) ? [] : [{ source: sources[i]!, grid: g }])));
  const problems: string[] = [];
  for (const p of proposal.proposals) {
    if (!(p.confidence >= 0 && p.confidence <= 1)) problems.push(`confidence ${p.confidence} for ${p.role}`);
    if (p.source.sheet !== undefined && wb.sheets[p.source.sheet] === undefined) problems.push(`proposal names a missing sheet '${p.source.sheet}'`);
  }
  fail("proposeMapping", problems);
  if (JSON.stringify(proposal.mapping) === JSON.stringify(sample.mapping)) return;
  const proposedReads = await host.read(mappingSources(proposal.mapping).map((f) => f.source));
  checkParserCase({ mapping: proposal.mapping, reads: proposedReads });
}

/** (1b) Mutations of the sample for the parser property. */
export const sampleParserCase = fc.array(arbMutation, { minLength: 1, maxLength: 10 });

// ---------------------------------------------------------------------------
// (2) The whole cycle on mutated sample grids

/** Every invariant of a cycle run: `cycleProblems`, and no `undefined` / `NaN` / `Infinity` shown in a finding or an output text unless a cell holds it. */
function runProblems(c: CycleCase, outcome: CycleOutcome): string[] {
  const problems = cycleProblems(c, outcome);
  const grids: Grid[] = Object.entries(outcome.host.sheets).map(([sheet, s]) => ({ sheet, top: 0, left: 0, values: s.values }));
  problems.push(...shownUndefined(outcome.report.findings, grids));
  const texts = outcome.report.sheets.flatMap((sh) => sh.rows.flatMap((r) => r.filter((v): v is string => typeof v === "string").map((message) => ({ message: `'${sh.name}': ${message}` }))));
  problems.push(...shownUndefined(texts, grids));
  problems.push(...forecastBlowUp(outcome.report));
  return problems;
}

/**
 * A statistical forecast far beyond anything in the history is a method blowing up (multiplicative
 * seasonality over near-zero values gave 1e103 from actuals of at most 62,285): every statistical
 * figure stays within 1,000 × the largest |actual| (+ 1,000).
 */
function forecastBlowUp(report: CycleOutcome["report"]): string[] {
  const a = report.inputs?.actuals;
  const sheet = report.sheets.find((s) => s.name === "SOP Forecast");
  if (!a || !sheet) return [];
  let maxActual = 0;
  for (const v of a.values) if (Number.isFinite(v) && Math.abs(v) > maxActual) maxActual = Math.abs(v);
  const limit = 1000 * maxActual + 1000;
  const out: string[] = [];
  for (const row of sheet.rows) {
    if (row[0] !== "Item" || row[3] !== "Statistical") continue;
    for (const v of row.slice(9)) {
      if (typeof v === "number" && Math.abs(v) > limit) {
        out.push(`statistical forecast of ${String(row[2])} reaches ${v.toExponential(3)}, the largest actual is ${maxActual} (${String(row[5])})`);
        break;
      }
    }
    if (out.length >= 3) break;
  }
  return out;
}

export async function checkCycleCase(sample: Sample, c: CycleCase, solver: LpSolver | null): Promise<void> {
  const outcome = await runCase(sample, c, solver);
  const problems = runProblems(c, outcome);
  if (problems.length > 0) {
    // Problems that are all of a known kind, or a failure that goes away once a known cause is
    // taken out of the grids, are that known issue.
    for (const k of KNOWN_ISSUES) {
      if (k.problem && problems.every((p) => k.problem!.test(p))) throw new KnownIssue(k.id, problems[0]!);
    }
    for (const k of KNOWN_ISSUES) {
      if (k.neutralise && runProblems(c, await runCase(sample, c, solver, k.neutralise)).length === 0) throw new KnownIssue(k.id, problems[0]!);
    }
  }
  fail(`runCycle (${outcome.report.blocked ? "blocked" : "ran"})`, problems);
}

// ---------------------------------------------------------------------------
// (2b) The whole cycle on plausible random tables (weekly data, long layouts, transactions)

export const tableCycleCase = fc.record({
  tables: arbTableCase,
  parameters: fc.oneof({ arbitrary: fc.constant({}), weight: 2 }, { arbitrary: arbParameters, weight: 1 }),
  action: fc.oneof({ arbitrary: fc.constant("run" as const), weight: 4 }, { arbitrary: fc.constantFrom("check" as const, "lock" as const), weight: 1 }),
});

export async function checkTableCycleCase(c: { tables: { mapping: Mapping; reads: ReadResult[] }; parameters: RunParameters; action: "run" | "check" | "lock" }, solver: LpSolver | null): Promise<void> {
  const { sheets, mapping } = tableWorkbook(c.tables);
  const host = new FuzzHost(sheets, null, []);
  const report = await runCycle(host, {
    now: NOW,
    mapping,
    parameters: c.parameters,
    solver,
    ...(c.action === "check" ? { checkOnly: true } : c.action === "lock" ? { lock: {} } : {}),
  });
  const cycleCase: CycleCase = { mutations: [], mode: "explicit", previous: false, previousMutations: [], action: c.action, parameters: c.parameters, layouts: [] };
  fail(`runCycle on tables (${report.blocked ? "blocked" : "ran"})`, runProblems(cycleCase, { report, host }));
}

// ---------------------------------------------------------------------------
// (3) Period headers round-trip

const MONTH_NAMES = [
  ["Jan", "January", "Januar", "janvier", "enero", "gennaio"],
  ["Feb", "February", "Februar", "février", "febrero", "febbraio"],
  ["Mar", "March", "März", "mars", "marzo", "Maart"],
  ["Apr", "April", "avril", "abril", "aprile", "APR"],
  ["May", "Mai", "mayo", "mei", "maggio", "MAY"],
  ["Jun", "June", "Juni", "juin", "junio", "giugno"],
  ["Jul", "July", "Juli", "juillet", "julio", "luglio"],
  ["Aug", "August", "août", "agosto", "Augustus", "AUG"],
  ["Sep", "Sept", "September", "septembre", "septiembre", "settembre"],
  ["Oct", "October", "Oktober", "octobre", "octubre", "ottobre"],
  ["Nov", "November", "novembre", "noviembre", "novembro", "NOV"],
  ["Dec", "December", "Dezember", "décembre", "diciembre", "dicembre"],
] as const;

const pad = (n: number): string => String(n).padStart(2, "0");

/** A header cell (value, format) that names a period, in one of the documented forms. */
export const arbPeriodHeader: fc.Arbitrary<{ period: Period; value: string | number; format: string | null }> = fc.oneof(
  fc
    .record({ year: fc.integer({ min: 1900, max: 2099 }), num: fc.integer({ min: 1, max: 12 }), form: fc.nat(9), name: fc.nat(5), day: fc.integer({ min: 1, max: 28 }) })
    .map(({ year, num, form, name, day }) => {
      const period: Period = { kind: "month", year, num };
      const n = MONTH_NAMES[num - 1]![name]!;
      const yy = year >= 2000 ? pad(year % 100) : String(year);
      const forms: [string | number, string | null][] = [
        [`${year}-${pad(num)}`, null],
        [`${pad(num)}/${year}`, null],
        [`${n}-${yy}`, null],
        [`${n} ${year}`, null],
        [`${year}M${pad(num)}`, null],
        [`M${pad(num)} ${year}`, null],
        [year * 100 + num, "General"],
        [dateToSerial(year, num, day), "mmm-yy"],
        [`${year}-${pad(num)}-${pad(day)}`, null],
        [`${year} ${n}`, null],
      ];
      const [value, format] = forms[form]!;
      return { period, value, format };
    }),
  fc
    .record({ year: fc.integer({ min: 1900, max: 2099 }), week: fc.integer({ min: 1, max: 53 }), form: fc.nat(4) })
    .filter(({ year, week }) => week <= isoWeeksInYear(year))
    .map(({ year, week, form }) => {
      const period: Period = { kind: "week", year, num: week };
      const forms = [`${year}-W${pad(week)}`, `KW${pad(week)} ${year}`, `W${pad(week)} ${year}`, `Week ${week} ${year}`, `${year} KW ${pad(week)}`];
      return { period, value: forms[form]!, format: null };
    }),
);

/** (3) A period header in one of the documented forms, upper-cased and padded or not. */
export const periodCase = fc.tuple(arbPeriodHeader, fc.boolean());
export function checkPeriodCase([h, spaced]: [{ period: Period; value: string | number; format: string | null }, boolean]): void {
  const value = spaced && typeof h.value === "string" ? `  ${h.value.toUpperCase()} ` : h.value;
  const got = parsePeriodHeader(value, h.format);
  if (got === null || periodKey(got) !== periodKey(h.period)) throw new Error(`${JSON.stringify(value)} (${h.format}) read as ${got ? periodKey(got) : "nothing"}, expected ${periodKey(h.period)}`);
  const back = parsePeriodKey(periodKey(h.period));
  if (back === null || periodKey(back) !== periodKey(h.period)) throw new Error(`periodKey round trip of ${periodKey(h.period)}`);
}

/** A property: cases and the check that throws on a broken invariant. */
export interface PropertyDef<T> {
  readonly arb: fc.Arbitrary<T>;
  readonly check: (value: T) => void | Promise<void>;
  /** Cases in the mocha suite (500 in all). */
  readonly suiteRuns: number;
  /** Share of the cases of `npm run fuzz`. */
  readonly share: number;
  readonly title: string;
}

export type PropertyName = "grid" | "sample-parse" | "period" | "cycle" | "cycle-highs" | "table-cycle";

/** Every property, given the reduced sample and the HiGHS solver. */
export function propertyDefs(sample: Sample, solver: LpSolver | null): Record<PropertyName, PropertyDef<never>> {
  const def = <T>(d: PropertyDef<T>): PropertyDef<never> => d as unknown as PropertyDef<never>;
  return {
    grid: def({ title: "readInputs on random grids", arb: gridParserCase, check: checkGridParserCase, suiteRuns: 180, share: 0.2 }),
    "sample-parse": def({ title: "proposal and readInputs on mutated sample grids", arb: sampleParserCase, check: (ms) => checkSampleParse(sample, ms), suiteRuns: 70, share: 0.1 }),
    period: def({ title: "period header round trip", arb: periodCase, check: checkPeriodCase, suiteRuns: 35, share: 0.05 }),
    cycle: def({ title: "runCycle on mutated sample grids, no solver", arb: arbCycleCase(8), check: (c) => checkCycleCase(sample, c, null), suiteRuns: 160, share: 0.45 }),
    "table-cycle": def({ title: "runCycle on random tables (weekly, long, transactions), HiGHS", arb: tableCycleCase, check: (c) => checkTableCycleCase(c, solver), suiteRuns: 40, share: 0.15 }),
    "cycle-highs": def({ title: "runCycle on mutated sample grids, HiGHS", arb: arbCycleCase(4), check: (c) => checkCycleCase(sample, c, solver), suiteRuns: 15, share: 0.05 }),
  };
}

/** Cases of each known issue met by strict properties in this process (the suite prints them). */
export const knownMet = new Map<string, number>();

/**
 * The strict property of a definition: a broken invariant fails it (fast-check then shrinks).
 * A case failing only because of a known issue (`KNOWN_ISSUES`) passes and is counted.
 */
export function strictProperty<T>(d: PropertyDef<T>): fc.IAsyncPropertyWithHooks<[T]> {
  return fc.asyncProperty(d.arb, async (v) => {
    try {
      await d.check(v);
    } catch (e) {
      const k = asKnown(e);
      if (k === null) throw e;
      knownMet.set(k.id, (knownMet.get(k.id) ?? 0) + 1);
    }
  });
}
