/**
 * Formula injection (issue 8, security; DESIGN.md §7): text from the planner's data that starts
 * with `=`, `+`, `-`, `@`, a tab or a carriage return is written as text, never as a formula, in
 * every sheet the add-in writes, by both hosts.
 *
 * The bundled sample is made hostile: item codes, descriptions, families, regions, customers,
 * managers, resources, scenario names and notes, the forecast tabs' names, a forecast version
 * name and the workbook's file name start with formula characters (`=HYPERLINK("http://evil",…)`,
 * `=1+1`, `+1+1`, `-1+1`, `@SUM(1,1)`, `=cmd|' /C calc'!A0`, tab / CR prefixes). The cycle runs
 * three times through the real runner, the .xlsx host and HiGHS: a first run (every SOP sheet),
 * a lock after people typed hostile Owner / Notes into `SOP Decisions` (`SOP Snapshots`,
 * `SOP Plan 2026-11`, `SOP MPS`), and the December run with November's actuals (decisions kept,
 * overdue on the agenda, adherence on the dashboard). Then, for every sheet each run wrote:
 *
 * - .xlsx host: every text cell of the sheet spec is a string cell in the file (`t="s"` or
 *   `t="inlineStr"`, no `<f>` element) holding the text; a cell with `<f>` is always one of our
 *   own `FormulaCell`s; `SOP_Settings` holds no formula at all;
 * - our formula cells carry planner data only inside well-formed string literals (quotes
 *   doubled): outside them there are only references, numbers, operators and function names;
 * - LibreOffice (one call, recalculating on load) still shows every text cell's text, exactly;
 * - Office.js host over the fake Excel (which, like Excel, turns `=…`, `+…`, `-…`, `@…` typed
 *   into a cell into a formula unless the cell is formatted as Text): every text cell is set as
 *   a value with the Text format `@`, never as a formula; formulas only where the spec has one.
 *
 * Without LibreOffice the recalculation test fails in CI (CI=true) and is skipped elsewhere.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { rawCells } from "../support/xlsxXml";
import { ExcelHost } from "../../src/hosts/excel/excelHost";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { writeXlsx } from "../../src/hosts/file/xlsxWrite";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import type { LpSolver } from "../../src/engine/supply/types";
import { sheetLink } from "../../src/workbook/decisionsSheet";
import { type Grid, cellA1 } from "../../src/workbook/grid";
import { isSourceError } from "../../src/workbook/host";
import { type Mapping, type RoleBinding, SETTINGS_SHEET } from "../../src/workbook/mapping";
import { proposalSources, proposeMapping } from "../../src/workbook/roleProposal";
import { type RunReport, runCycle } from "../../src/workbook/runCycle";
import { isFormulaCell, type FormulaCell, type SheetSpec } from "../../src/workbook/sheetSpec";
import { FakeExcel, fileWorkbook } from "../hosts/excel/fakeExcel";
import { libreOfficeAvailable, recalculateXlsx } from "../support/libreoffice";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");
/** The planner's workbook; its name shows in the sheets' subtitles. */
const WORKBOOK = "=1+1 hostile.xlsx";
const MAX_CELL_TEXT = 32767;

/** Text that a spreadsheet would take for a formula when typed: the issue's list of first characters. */
const FORMULA_START = /^[=+\-@\t\r]/;

const ITEMS: Readonly<Record<string, string>> = {
  "PMP-1001": '=HYPERLINK("http://evil","x")',
  "PMP-1002": "=1+1",
  "VLV-1009": "+1+1",
  "PMP-1030": "-1+1",
  "PMP-1003": "@SUM(1,1)",
  "PMP-1005": "=cmd|' /C calc'!A0",
  "PMP-1004": "\t=2+2",
  "PMP-1006": "\r=3+3",
};
const FAMILIES: Readonly<Record<string, string>> = {
  Pumps: '=HYPERLINK("http://evil","Pumps")',
  Valves: "+Valves+1",
  Motors: "-Motors-1",
  Accessories: "@Accessories",
};
const REGIONS: Readonly<Record<string, string>> = { NA: "=NA()", EU: "+EU", APAC: "-APAC" };
const CUSTOMERS: Readonly<Record<string, string>> = {
  "Nordhavn Utilities A/S": '=HYPERLINK("http://evil","Nordhavn")',
  "Cascade Water Authority": "@Cascade",
  "Pacific Rim Industrial Ltd": "\t=Pacific+1",
};
const MANAGERS: Readonly<Record<string, string>> = { "Sophie Martin": "=Sophie+Martin", "James Carter": "+James", "Kenji Watanabe": "@Kenji" };
const RESOURCES: Readonly<Record<string, string>> = {
  "WC-10 Assembly": "=WC10+Assembly",
  "WC-20 Machining": "@WC-20 Machining",
  "WC-30 Welding": "-WC30",
  "MAT-Castings": "+MAT-Castings",
};
const SCENARIOS: Readonly<Record<string, string>> = {
  "Summer promotion": "=Summer+promotion",
  "Add a shift on WC-20": "+Add a shift on WC-20",
  "Price increase 3 %": "-Price increase 3 %",
};
const NOTES: Readonly<Record<string, string>> = {
  "Dealer promotion agreed with marketing": "=cmd|' /C calc'!A0",
  "Accessories follow the pumps": '@HYPERLINK("http://evil","notes")',
  "List prices from January": "\r=List+prices",
};
/** Forecast tabs renamed (each still reads as a forecast by its name). */
const TABS: Readonly<Record<string, string>> = { "Sales EU": "=Sales EU", "Sales NA": "+Sales NA", "Key Accounts": "@Key Accounts", "Stat Forecast": "-Stat Forecast" };
/** The key-account tab becomes a forecast version of its own, with a hostile name. */
const KAM_VERSION = "=KAM+1";
/** What people type into `SOP Decisions` after the first run. */
const TYPED = { owner: '=HYPERLINK("http://evil","owner")', notes: "=cmd|' /C calc'!A0", notes2: "-2+3", owner2: "@owner" };
const DESCRIPTION_PREFIXES = ["=", "+", "-", "@", "\t=", "\r="];

/** Every hostile text injected, as the planner wrote it. */
const HOSTILE: readonly string[] = [
  ...[ITEMS, FAMILIES, REGIONS, CUSTOMERS, MANAGERS, RESOURCES, SCENARIOS, NOTES, TABS].flatMap((m) => Object.values(m)),
  KAM_VERSION,
  ...Object.values(TYPED),
];

// ---------------------------------------------------------------------------
// The hostile workbook

async function load(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}
async function save(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Column (1-based) of a header text in a header row. */
function headerCol(ws: ExcelJS.Worksheet, row: number, header: string): number {
  const r = ws.getRow(row);
  for (let c = 1; c <= r.cellCount; c++) if (r.getCell(c).value === header) return c;
  throw new Error(`${ws.name}: no column ${header} in row ${row}`);
}

/** The sample with hostile text in every kind of planner text the cycle shows. */
async function hostileWorkbook(): Promise<Uint8Array> {
  const wb = await load(new Uint8Array(fs.readFileSync(SAMPLE)));
  const everywhere = { ...ITEMS, ...FAMILIES, ...REGIONS, ...CUSTOMERS, ...MANAGERS, ...RESOURCES, ...SCENARIOS, ...NOTES };
  for (const ws of wb.worksheets) {
    if (ws.name === "Readme") continue;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (typeof v === "string" && Object.prototype.hasOwnProperty.call(everywhere, v)) cell.value = everywhere[v]!;
      }),
    );
  }
  // Descriptions (one per item, the same in every sheet): a formula character in front.
  const described = new Map<string, string>();
  for (const [sheet, headerRow] of [
    ["Actuals", 4],
    ["Consensus", 3],
  ] as const) {
    const ws = wb.getWorksheet(sheet)!;
    const dc = headerCol(ws, headerRow, "Description");
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const cell = ws.getRow(r).getCell(dc);
      if (typeof cell.value !== "string") continue;
      let d = described.get(cell.value);
      if (d === undefined) described.set(cell.value, (d = `${DESCRIPTION_PREFIXES[described.size % DESCRIPTION_PREFIXES.length]}${cell.value}`));
      cell.value = d;
    }
  }
  for (const [from, to] of Object.entries(TABS)) wb.getWorksheet(from)!.name = to;
  return save(wb);
}

/** The proposed mapping, with the key-account tab as a version of its own (a hostile version name). */
async function hostileMapping(input: Uint8Array): Promise<Mapping> {
  const host = await BufferHost.open(input, WORKBOOK, null);
  const info = await host.describe();
  const sources = proposalSources(info);
  const heads = await host.read(sources);
  const ok: { source: (typeof sources)[number]; grid: Grid }[] = [];
  heads.forEach((h, i) => {
    if (!isSourceError(h)) ok.push({ source: sources[i]!, grid: h });
  });
  const { mapping } = proposeMapping(info, ok);
  const kam = TABS["Key Accounts"];
  const roles: RoleBinding[] = [];
  for (const r of mapping.roles) {
    const rest = r.sources.filter((s) => s.sheet !== kam);
    if (rest.length < r.sources.length) roles.push({ role: `forecast:${KAM_VERSION}`, sources: r.sources.filter((s) => s.sheet === kam), layout: r.layout });
    if (rest.length > 0) roles.push({ ...r, sources: rest });
  }
  assert.ok(
    roles.some((r) => r.role === `forecast:${KAM_VERSION}`),
    `the key-account tab is mapped: ${mapping.roles.map((r) => `${r.role} ← ${r.sources.map((s) => s.sheet).join(", ")}`).join("; ")}`,
  );
  return { ...mapping, roles };
}

/** People fill `SOP Decisions` after the meeting: hostile Owner and Notes, approved, due before the next run. */
async function typeIntoDecisions(companion: Uint8Array): Promise<Uint8Array> {
  const wb = await load(companion);
  const ws = wb.getWorksheet("SOP Decisions")!;
  const owner = headerCol(ws, 5, "Owner");
  const notes = headerCol(ws, 5, "Notes");
  const status = headerCol(ws, 5, "Status");
  const due = headerCol(ws, 5, "Due");
  let typed = 0;
  for (let r = 6; r <= ws.rowCount && typed < 3; r++) {
    const row = ws.getRow(r);
    if (typeof row.getCell(1).value !== "string" || row.getCell(1).value === "") continue;
    row.getCell(owner).value = typed === 1 ? TYPED.owner2 : TYPED.owner;
    row.getCell(notes).value = typed === 1 ? TYPED.notes2 : TYPED.notes;
    row.getCell(status).value = "Approved";
    row.getCell(due).value = new Date(Date.UTC(2026, 10, 20));
    typed++;
  }
  assert.equal(typed, 3, "three decisions edited");
  return save(wb);
}

/** November's actuals arrive (each item sells what it sold in October). */
async function withNovemberActuals(input: Uint8Array): Promise<Uint8Array> {
  const wb = await load(input);
  const ws = wb.getWorksheet("Actuals")!;
  ws.getRow(4).getCell(41).value = new Date(Date.UTC(2026, 10, 1));
  ws.getRow(4).getCell(41).numFmt = ws.getRow(4).getCell(40).numFmt;
  for (let r = 5; r <= ws.rowCount; r++) {
    const oct = ws.getRow(r).getCell(40).value;
    if (typeof oct === "number") ws.getRow(r).getCell(41).value = oct;
  }
  return save(wb);
}

// ---------------------------------------------------------------------------
// Reading the written files

/** The text a reader sees in a cell (rich text joined), or the raw value. */
function cellText(c: ExcelJS.Cell): unknown {
  const v: unknown = c.value;
  if (v !== null && typeof v === "object" && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("");
  }
  return v;
}

const expectedText = (s: string): string => (s.length > MAX_CELL_TEXT ? s.slice(0, MAX_CELL_TEXT) : s);

// ---------------------------------------------------------------------------
// Formula text

/**
 * A formula split into its string literals and the rest (literals replaced by `""`); null when
 * a literal is not closed (planner text broke out of its quotes).
 */
function splitLiterals(formula: string): { literals: string[]; rest: string } | null {
  const literals: string[] = [];
  let rest = "";
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch !== '"') {
      rest += ch;
      i++;
      continue;
    }
    let lit = "";
    i++;
    for (;;) {
      if (i >= formula.length) return null;
      if (formula[i] === '"') {
        if (formula[i + 1] === '"') {
          lit += '"';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      lit += formula[i];
      i++;
    }
    literals.push(lit);
    rest += '""';
  }
  return { literals, rest };
}

/** What our own formulas are made of outside string literals: references, numbers, operators, function names. */
const FORMULA_REST = /^=?[A-Z0-9$:(),.+\-*/<>=&^% ""]*$/i;

// ---------------------------------------------------------------------------

interface Run {
  readonly label: string;
  readonly report: RunReport;
  /** The companion as written by this run. */
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** Specs of the sheets this run wrote, by the name each got in the file. */
  readonly sheets: ReadonlyMap<string, SheetSpec>;
}

function writtenSheets(report: RunReport): Map<string, SheetSpec> {
  const out = new Map<string, SheetSpec>();
  for (const spec of report.sheets) out.set(report.written!.sheets.find((w) => w.requested === spec.name)?.written ?? spec.name, spec);
  return out;
}

interface TextCell {
  readonly row: number;
  readonly col: number;
  readonly text: string;
}

function textCells(spec: SheetSpec): TextCell[] {
  const out: TextCell[] = [];
  spec.rows.forEach((cells, row) =>
    cells.forEach((v, col) => {
      if (typeof v === "string" && v !== "") out.push({ row, col, text: v });
    }),
  );
  return out;
}

function formulaCells(spec: SheetSpec): { row: number; col: number; cell: FormulaCell }[] {
  const out: { row: number; col: number; cell: FormulaCell }[] = [];
  spec.rows.forEach((cells, row) =>
    cells.forEach((v, col) => {
      if (isFormulaCell(v)) out.push({ row, col, cell: v });
    }),
  );
  return out;
}

/** A sheet whose names need quoting in links: an apostrophe and a double quote. */
const PROBE: SheetSpec = {
  name: "SOP Link Probe",
  rows: [
    ["Links built from names with quotes", null],
    [sheetLink({ sheet: "SOP Link Probe", cell: "A1" }, 'say "=1+1" it\'s'), '=HYPERLINK("http://evil","x")'],
    [sheetLink({ sheet: "It's \"quoted\"", cell: "A1" }, "It's \"quoted\" A1"), "@SUM(1,1)"],
  ],
};
const QUOTED_SHEET: SheetSpec = { name: "It's \"quoted\"", rows: [["target"]] };

describe("formula injection: planner text is written as text in every sheet of both hosts", function () {
  this.timeout(600000);
  const runs: Run[] = [];
  let input: Uint8Array;
  let solver: LpSolver;

  before(async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    solver = await loadHighsSolver();
    input = await hostileWorkbook();
    const mapping = await hostileMapping(input);
    const run = async (label: string, bytes: Uint8Array, companion: Uint8Array | null, day: string, lock: boolean): Promise<Run> => {
      const host = await BufferHost.open(bytes, WORKBOOK, companion);
      const report = await runCycle(host, { mapping, now: () => new Date(`${day}T08:00:00Z`), solver, ...(lock ? { lock: {} } : {}) });
      assert.equal(report.blocked, false, `${label}: ${report.findings.filter((f) => f.severity === "error").map((f) => f.message).join("; ")}`);
      assert.ok(report.written && host.outputBytes, `${label}: written`);
      return { label, report, bytes: host.outputBytes, fileName: `${label}.xlsx`, sheets: writtenSheets(report) };
    };
    const first = await run("first-run", input, null, "2026-11-05", false);
    runs.push(first);
    const locked = await run("lock", input, await typeIntoDecisions(first.bytes), "2026-11-25", true);
    assert.equal(locked.report.lock?.status, "locked");
    runs.push(locked);
    runs.push(await run("next-cycle", await withNovemberActuals(input), locked.bytes, "2026-12-03", false));
  });

  it("the hostile text reaches every kind of output sheet", function () {
    const seen = new Map<string, Set<string>>(); // hostile text (as written) → sheets with a cell starting with it
    const inside = new Map<string, Set<string>>(); // hostile text → sheets with a cell containing it
    const written = new Set<string>();
    for (const r of runs) {
      for (const [name, spec] of r.sheets) {
        written.add(spec.name);
        for (const t of textCells(spec)) {
          for (const h of HOSTILE) {
            const sheet = name.startsWith("SOP Plan ") ? "SOP Plan" : name;
            if (t.text.startsWith(h.trim())) seen.set(h, (seen.get(h) ?? new Set<string>()).add(sheet));
            if (t.text.includes(h.trim())) inside.set(h, (inside.get(h) ?? new Set<string>()).add(sheet));
          }
        }
      }
    }
    for (const s of ["SOP Data Check", "SOP Forecast", "SOP Accuracy", "SOP Capacity", "SOP Supply Plan", "SOP Financials", "SOP Scenarios", "SOP Decisions", "SOP Dashboard", "SOP Agenda", "SOP Snapshots", "SOP Plan 2026-11", "SOP MPS"]) {
      assert.ok(written.has(s), `${s} written (${[...written].join(", ")})`);
    }
    const where = (h: string): string[] => [...(seen.get(h) ?? [])].sort();
    const within = (h: string): string[] => [...(inside.get(h) ?? [])].sort();
    const report = HOSTILE.map((h) => `${JSON.stringify(h)}: ${where(h).join(", ") || "(nowhere)"}; within ${within(h).join(", ") || "(nowhere)"}`).join("\n");
    // Every item code shows in the demand, supply and frozen-plan sheets, as text.
    for (const h of Object.values(ITEMS)) for (const s of ["SOP Forecast", "SOP Accuracy", "SOP Supply Plan", "SOP Snapshots", "SOP Plan", "SOP MPS"]) assert.ok(where(h).includes(s), `${JSON.stringify(h)} in ${s}\n${report}`);
    for (const h of Object.values(RESOURCES)) assert.ok(where(h).includes("SOP Capacity"), `${JSON.stringify(h)} in SOP Capacity\n${report}`);
    for (const h of Object.values(SCENARIOS)) assert.ok(where(h).includes("SOP Scenarios"), `${JSON.stringify(h)} in SOP Scenarios\n${report}`);
    for (const h of Object.values(TABS)) assert.ok(within(h).includes("SOP Data Check"), `${JSON.stringify(h)} in SOP Data Check\n${report}`);
    for (const h of [TYPED.owner, TYPED.notes, TYPED.owner2, TYPED.notes2]) assert.ok(where(h).includes("SOP Decisions"), `${JSON.stringify(h)} in SOP Decisions\n${report}`);
    assert.ok(where(TYPED.owner).includes("SOP Agenda"), `overdue owner on the agenda\n${report}`);
    assert.ok(where(KAM_VERSION).includes("SOP Accuracy") && where(KAM_VERSION).includes("SOP Snapshots"), `version name\n${report}`);
    for (const h of Object.values(FAMILIES)) assert.ok(where(h).includes("SOP Financials"), `${JSON.stringify(h)} in SOP Financials\n${report}`);
    // The next cycle measures adherence to the frozen plan on the dashboard.
    assert.ok(runs[2]!.report.adherence, "adherence measured");
  });

  it(".xlsx host: every text cell is a string cell without <f>; only our FormulaCells are formulas", async function () {
    let checked = 0;
    let formulaStart = 0;
    for (const r of runs) {
      const raw = await rawCells(r.bytes);
      const wb = await load(r.bytes);
      for (const [name, spec] of r.sheets) {
        const cells = raw.get(name);
        const ws = wb.getWorksheet(name);
        assert.ok(cells && ws, `${r.label}: ${name} in the file`);
        const problems: string[] = [];
        for (const t of textCells(spec)) {
          const a = cellA1(t.row, t.col);
          const c = cells.get(a);
          if (!c) {
            problems.push(`${a}: missing`);
            continue;
          }
          if (/<f\b/.test(c.inner)) problems.push(`${a} ${JSON.stringify(t.text)}: written as a formula ${c.inner}`);
          if (!/\bt="(s|inlineStr)"/.test(c.attrs)) problems.push(`${a} ${JSON.stringify(t.text)}: not a string cell (${c.attrs.trim()})`);
          const back = cellText(ws.getCell(a));
          if (back !== expectedText(t.text)) problems.push(`${a}: reads back ${JSON.stringify(back)} instead of ${JSON.stringify(t.text)}`);
          checked++;
          if (FORMULA_START.test(t.text)) formulaStart++;
        }
        const formulaAt = new Set(formulaCells(spec).map((f) => cellA1(f.row, f.col)));
        for (const [a, c] of cells) if (/<f\b/.test(c.inner) && !formulaAt.has(a)) problems.push(`${a}: a formula the spec does not have: ${c.inner}`);
        assert.deepEqual(problems.slice(0, 20), [], `${r.label} ${name}: ${problems.length} problems`);
      }
      // The hidden settings sheet (sheet names, the mapping) holds no formula at all.
      const settings = raw.get(SETTINGS_SHEET);
      assert.ok(settings, `${r.label}: ${SETTINGS_SHEET} written`);
      for (const [a, c] of settings) assert.doesNotMatch(c.inner, /<f\b/, `${SETTINGS_SHEET}!${a}`);
      assert.ok([...settings.values()].some((c) => /t="(s|inlineStr)"/.test(c.attrs)), "settings text");
    }
    assert.ok(formulaStart > 500, `${formulaStart} text cells starting with a formula character (of ${checked})`);
  });

  it("our formula cells carry planner text only inside well-formed, escaped string literals", function () {
    let total = 0;
    let links = 0;
    for (const r of runs) {
      const names = new Set(r.sheets.keys());
      for (const [name, spec] of r.sheets) {
        for (const { row, col, cell } of formulaCells(spec)) {
          total++;
          const at = `${r.label} ${name}!${cellA1(row, col)} ${cell.formula}`;
          const parts = splitLiterals(cell.formula);
          assert.ok(parts, `${at}: a string literal is not closed`);
          assert.match(parts.rest, FORMULA_REST, `${at}: planner text outside a string literal`);
          const link = /^=?HYPERLINK\(""(,"")?\)$/.test(parts.rest);
          if (link) {
            links++;
            // The link goes to one of the sheets this run wrote; its label is what the cell shows.
            const [href, label] = parts.literals;
            const m = /^#'((?:[^']|'')+)'!\$?[A-Z]+\$?\d+$/.exec(href!);
            assert.ok(m, `${at}: link target`);
            const target = m[1]!.replace(/''/g, "'");
            assert.ok(names.has(target) || r.report.written!.sheets.some((w) => w.written === target) || target.startsWith("SOP "), `${at}: links to ${target}`);
            if (label !== undefined) assert.equal(label, cell.value, `${at}: label`);
          }
        }
      }
    }
    assert.ok(total > 1000, `${total} formulas`);
    assert.ok(links > 5, `${links} links`);
    // A quote in a sheet name or label is doubled: the literal closes where it should.
    const f = sheetLink({ sheet: 'It\'s "quoted"', cell: "A1" }, 'say "=1+1"') as FormulaCell;
    assert.equal(f.formula, `HYPERLINK("#'It''s ""quoted""'!A1","say ""=1+1""")`);
    assert.deepEqual(splitLiterals(f.formula)!.literals, [`#'It''s "quoted"'!A1`, 'say "=1+1"']);
    assert.equal(f.value, 'say "=1+1"');
  });

  it("LibreOffice recalculation still shows every text cell's text, not a result", async function () {
    if (!libreOfficeAvailable()) {
      const why = "LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-calc";
      if (process.env.CI === "true") assert.fail(why);
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    // The probe: links whose sheet name and label hold quotes, next to hostile text.
    const probe: Run = {
      label: "probe",
      report: runs[0]!.report,
      bytes: writeXlsx(null, [PROBE, QUOTED_SHEET], new Set()).bytes,
      fileName: "probe.xlsx",
      sheets: new Map([[PROBE.name, PROBE]]),
    };
    const all = [...runs, probe];
    const recalc = await recalculateXlsx(all.map((r) => ({ name: r.fileName, bytes: r.bytes })));
    let books: ExcelJS.Workbook[];
    try {
      books = await Promise.all(recalc.files.map((f) => load(f.bytes)));
    } finally {
      recalc.cleanup();
    }
    const problems: string[] = [];
    let hostile = 0;
    all.forEach((r, i) => {
      for (const [name, spec] of r.sheets) {
        const ws = books[i]!.getWorksheet(name);
        assert.ok(ws, `LibreOffice's ${r.label} has ${name}`);
        for (const t of textCells(spec)) {
          const a = cellA1(t.row, t.col);
          const cell = ws.getCell(a);
          const shown = cellText(cell);
          if (cell.formula) problems.push(`${r.label} ${name}!${a}: LibreOffice made a formula =${cell.formula}`);
          else if (shown !== expectedText(t.text)) problems.push(`${r.label} ${name}!${a}: shows ${JSON.stringify(shown)} instead of ${JSON.stringify(t.text)}`);
          if (FORMULA_START.test(t.text)) hostile++;
        }
      }
    });
    assert.deepEqual(problems.slice(0, 30), [], `${problems.length} text cells changed by LibreOffice`);
    assert.ok(hostile > 500, `${hostile} hostile text cells checked`);
    // The links with quotes compute to their labels (the formula parsed: quotes were doubled).
    const p = books[all.length - 1]!.getWorksheet(PROBE.name)!;
    assert.equal(p.getCell("A2").result, 'say "=1+1" it\'s');
    assert.equal(p.getCell("A3").result, "It's \"quoted\" A1");
  });

  it("Office.js host (fake Excel): text cells are values with the Text format, never formulas", async function () {
    const base = FakeExcel.fromWorkbook(await fileWorkbook(input), { platform: "desktop" });
    let checked = 0;
    for (const r of runs) {
      const fake = base.clone();
      const host = new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: WORKBOOK });
      const specs = r.report.sheets;
      const result = await host.write(specs, { version: 1, lastRun: "2026-11-05T08:00:00Z", mapping: r.report.mapping });
      const problems: string[] = [];
      for (const spec of specs) {
        const name = result.sheets.find((w) => w.requested === spec.name)?.written ?? spec.name;
        const s = fake.sheet(name);
        for (const t of textCells(spec)) {
          const a = `${name}!${cellA1(t.row, t.col)}`;
          if (s.formula(t.row, t.col) !== undefined) problems.push(`${a} ${JSON.stringify(t.text)}: became the formula ${s.formula(t.row, t.col)}`);
          if (s.value(t.row, t.col) !== expectedText(t.text)) problems.push(`${a}: holds ${JSON.stringify(s.value(t.row, t.col))} instead of ${JSON.stringify(t.text)}`);
          if (s.format(t.row, t.col) !== "@") problems.push(`${a}: number format ${s.format(t.row, t.col)}, not Text`);
          checked++;
        }
        const formulaAt = new Map(formulaCells(spec).map((f) => [`${f.row},${f.col}`, f.cell.formula]));
        for (const [k, f] of s.formulas) {
          const ours = formulaAt.get(k);
          if (ours === undefined) problems.push(`${name} (${k}): a formula the spec does not have: ${f}`);
          else if (f !== `=${ours.replace(/^\s*=/, "")}`) problems.push(`${name} (${k}): formula ${f} instead of ${ours}`);
        }
        for (const k of formulaAt.keys()) if (!s.formulas.has(k)) problems.push(`${name} (${k}): our formula is missing`);
      }
      // The planner's sheets (the hostile tabs among them) are untouched; the settings sheet holds no formula.
      for (const tab of Object.values(TABS)) assert.equal(fake.sheet(tab).formulas.size, 0, tab);
      assert.equal(fake.sheet(SETTINGS_SHEET).formulas.size, 0, SETTINGS_SHEET);
      assert.deepEqual(problems.slice(0, 20), [], `${r.label}: ${problems.length} problems`);
    }
    assert.ok(checked > 10000, `${checked} text cells checked`);
  });
});
