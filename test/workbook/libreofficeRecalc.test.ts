/**
 * Every formula the add-in writes, recalculated by another spreadsheet engine.
 *
 * The cycle runs on the bundled sample with the in-memory .xlsx host and HiGHS; the companion
 * .xlsx goes to LibreOffice (headless, a private profile that recalculates on load, and the
 * cached results stripped from the copy it opens, so every value it reports is its own) and is
 * saved again. For every output sheet (`SOP …`) and every formula cell of the sheet specs the
 * run rendered, LibreOffice's value must equal the value the engine cached. The test walks the
 * specs, not a list of sheets, so a new output sheet is covered as soon as the cycle writes it.
 * A small probe workbook, written by the same writer and recalculated in the same LibreOffice
 * call, covers what the sample does not reach: functions newer than Excel 2007 (the file needs
 * `_xlfn.STDEV.S`, a spec says `STDEV.S`), results of 0, "" and FALSE, formulas in a table.
 *
 * A second test reads the written files: every formula cell carries its cached result (0, FALSE
 * and "" included), so a reader that does not recalculate sees the engine's numbers.
 *
 * Without LibreOffice the recalculation test fails in CI (CI=true) and is skipped elsewhere.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { rawCells } from "../support/xlsxXml";
import { BufferHost } from "../../src/hosts/file/bufferHost";
import { writeXlsx } from "../../src/hosts/file/xlsxWrite";
import { loadHighsSolver } from "../../src/solver/highsSolver";
import { cellA1 } from "../../src/workbook/grid";
import { runCycle } from "../../src/workbook/runCycle";
import { isFormulaCell, type FormulaCell, type OutCell, type SheetSpec } from "../../src/workbook/sheetSpec";
import { libreOfficeAvailable, recalculateXlsx } from "../support/libreoffice";

const SAMPLE = path.resolve(__dirname, "../../assets/sample/sop-sample.xlsx");
const REL_TOL = 1e-9;
const ABS_TOL = 1e-6;

type Scalar = number | string | boolean | null | { error: string };

/** A written workbook and the specs of its output sheets (by the name each sheet got in the file). */
interface Written {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly sheets: ReadonlyMap<string, SheetSpec>;
}

interface Located {
  readonly row: number;
  readonly col: number;
  readonly cell: FormulaCell;
}

function formulaCells(spec: SheetSpec): Located[] {
  const list: Located[] = [];
  spec.rows.forEach((cells, row) =>
    cells.forEach((cell, col) => {
      if (isFormulaCell(cell)) list.push({ row, col, cell });
    }),
  );
  return list;
}

/** Output sheets (`SOP …`) of a write, by written name. */
function outputSheets(specs: readonly SheetSpec[], written: readonly { requested: string; written: string }[]): Map<string, SheetSpec> {
  const out = new Map<string, SheetSpec>();
  for (const spec of specs) {
    if (!spec.name.startsWith("SOP ")) continue;
    out.set(written.find((w) => w.requested === spec.name)?.written ?? spec.name, spec);
  }
  return out;
}

// ---------------------------------------------------------------------------
// The probe: formulas the sample does not reach, with the values Excel gives.

const f = (formula: string, value: FormulaCell["value"]): FormulaCell => ({ formula, value });
const PROBE: SheetSpec = {
  name: "SOP Formula Probe",
  rows: [
    ["Probe", null, null, null, "Item", "Zero", "Share"],
    [1, null, f("=STDEV.S(A2:A5)", Math.sqrt(5 / 3)), null, "x", f("A2-A2", 0), f("IF(A2>5,A2/A5,\"\")", "")],
    [2, null, f("IFNA(A2,0)", 1), null, "y", f("A3-2*A2", 0), f("IF(A3>1,A3/A5,\"\")", 0.5)],
    [3, null, f("CONCAT(A2,A3)", "12")],
    [4, null, f("MAXIFS(A2:A5,A2:A5,\"<3\")", 2)],
    [null, null, f("NORM.S.DIST(1,TRUE)", 0.8413447460685429)],
    [null, null, f("IFS(A2>1,1,TRUE,2)", 2)],
    [null, null, f("A2-1", 0)],
    [null, null, f("IF(A2>5,1,\"\")", "")],
    [null, null, f("A2>5", false)],
    [null, null, f("SUM(A2:A5)", 10)],
    [null, null, f("IF(stdev.s(A2:A5)>1,\"STDEV.S(x)\",\"\")", "STDEV.S(x)")],
  ] as OutCell[][],
  tables: [{ name: "ProbeTable", row: 0, col: 4, rows: 3, cols: 3 }],
};

async function probeWorkbook(): Promise<Written> {
  const { bytes, sheets: written } = writeXlsx(null, [PROBE], new Set());
  return { name: "probe.xlsx", bytes, sheets: outputSheets([PROBE], written) };
}

// ---------------------------------------------------------------------------
// Reading values and raw cells

/** The value a reader sees in a cell: a formula's cached result, else the value itself. */
function cellScalar(c: ExcelJS.Cell): Scalar | undefined {
  const v: unknown = c.value;
  // `value` drops a cached 0 / "" / false; `result` keeps it.
  if (v !== null && typeof v === "object" && ("formula" in v || "sharedFormula" in v)) return scalarOf(c.result);
  return scalarOf(v);
}

function scalarOf(v: unknown): Scalar | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return (v.getTime() - Date.UTC(1899, 11, 30)) / 86400000;
  if (typeof v === "object" && typeof (v as { error?: unknown }).error === "string") return { error: (v as { error: string }).error };
  if (typeof v === "object" && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join("");
  }
  return String(v);
}

function show(v: Scalar | undefined): string {
  if (v === undefined) return "(none)";
  if (v !== null && typeof v === "object") return v.error;
  return JSON.stringify(v);
}

/** Engine value vs another value: numbers within tolerance; "" and an empty cell alike; TRUE = 1. */
function agree(engine: Scalar | undefined, other: Scalar | undefined): boolean {
  const blank = (x: Scalar | undefined): boolean => x === undefined || x === null || x === "";
  if (blank(engine) || blank(other)) return blank(engine) && blank(other);
  const num = (x: Scalar | undefined): number | null => (typeof x === "number" ? x : typeof x === "boolean" ? (x ? 1 : 0) : null);
  const a = num(engine);
  const b = num(other);
  if (a !== null && b !== null) return Math.abs(a - b) <= Math.max(ABS_TOL, REL_TOL * Math.max(Math.abs(a), Math.abs(b)));
  if (typeof engine === "object" && typeof other === "object") return engine!.error === other!.error;
  return engine === other;
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const WORKSHEET_XML = /^xl\/worksheets\/[^/]+\.xml$/;
/** A formula element (`<f>…</f>` or `<f …/>`) followed by its cached result. */
const CACHED_RESULT = /(<f\b[^>]*\/>|<f\b[^>]*>[^<]*<\/f>)(?:<v\/>|<v>[^<]*<\/v>)/g;

/** The workbook without any cached formula result: whoever opens it must compute every formula. */
async function withoutCachedResults(bytes: Uint8Array): Promise<{ bytes: Uint8Array; stripped: number }> {
  const zip = await JSZip.loadAsync(bytes);
  let stripped = 0;
  for (const name of Object.keys(zip.files).filter((n) => WORKSHEET_XML.test(n))) {
    const xml = await zip.file(name)!.async("string");
    zip.file(
      name,
      xml.replace(CACHED_RESULT, (_m, formula: string) => {
        stripped++;
        return formula;
      }),
    );
  }
  return { bytes: await zip.generateAsync({ type: "uint8array" }), stripped };
}

// ---------------------------------------------------------------------------

describe("formulas the add-in writes, recalculated by LibreOffice", function () {
  this.timeout(240000);
  const files: Written[] = [];

  before(async function () {
    if (!fs.existsSync(SAMPLE)) this.skip();
    const host = await BufferHost.open(new Uint8Array(fs.readFileSync(SAMPLE)), "sop-sample.xlsx", null);
    const report = await runCycle(host, { now: () => new Date("2026-11-05T08:00:00Z"), solver: await loadHighsSolver() });
    assert.equal(report.blocked, false, "the sample runs");
    assert.ok(report.written && host.outputBytes, "the companion was written");
    files.push({ name: host.outputName, bytes: host.outputBytes, sheets: outputSheets(report.sheets, report.written.sheets) });
    files.push(await probeWorkbook());
  });

  it("LibreOffice computes every formula of every SOP sheet to the engine's value", async function () {
    if (!libreOfficeAvailable()) {
      const why = "LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-calc";
      if (process.env.CI === "true") assert.fail(why);
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    const inputs: { name: string; bytes: Uint8Array }[] = [];
    for (const w of files) {
      const bare = await withoutCachedResults(w.bytes);
      assert.ok(bare.stripped > 0, `${w.name}: cached results stripped`);
      inputs.push({ name: w.name, bytes: bare.bytes });
    }
    const t0 = Date.now();
    const recalc = await recalculateXlsx(inputs);
    const loMs = Date.now() - t0;
    let books: ExcelJS.Workbook[];
    try {
      books = await Promise.all(recalc.files.map((r) => loadWorkbook(r.bytes)));
    } finally {
      recalc.cleanup();
    }

    const mismatches: string[] = [];
    const counts = new Map<string, number>();
    files.forEach((w, i) => {
      for (const [sheet, spec] of w.sheets) {
        const list = formulaCells(spec);
        if (list.length === 0) continue;
        const ws = books[i]!.getWorksheet(sheet);
        assert.ok(ws, `LibreOffice's ${w.name} has the sheet ${sheet}`);
        for (const { row, col, cell } of list) {
          const lo = cellScalar(ws.getRow(row + 1).getCell(col + 1));
          const engine = scalarOf(cell.value);
          if (!agree(engine, lo)) mismatches.push(`${sheet}!${cellA1(row, col)} =${cell.formula.replace(/^\s*=/, "")}: engine ${show(engine)}, LibreOffice ${show(lo)}`);
        }
        assert.ok(list.length > 0, `${sheet}: formulas compared`);
        counts.set(sheet, list.length);
      }
    });
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(`      ${total} formulas compared (${[...counts].map(([s, n]) => `${s} ${n}`).join(", ")}); LibreOffice ${loMs} ms`);
    // The sample reaches these sheets' formulas; any other sheet with formulas is compared too.
    for (const s of ["SOP Financials", "SOP Capacity", "SOP Supply Plan", "SOP Scenarios", PROBE.name]) assert.ok((counts.get(s) ?? 0) > 0, `${s}: formulas compared`);
    assert.ok(total > 1000, `${total} formulas compared`);
    const shown = mismatches.slice(0, 40).join("\n");
    assert.equal(mismatches.length, 0, `${mismatches.length} formulas disagree with LibreOffice:\n${shown}${mismatches.length > 40 ? "\n…" : ""}`);
  });

  it("the written files carry a cached result for every formula, 0, FALSE and \"\" included", async function () {
    let checked = 0;
    const kinds = new Set<string>();
    const problems: string[] = [];
    for (const w of files) {
      const raw = await rawCells(w.bytes);
      const wb = await loadWorkbook(w.bytes);
      for (const [sheet, spec] of w.sheets) {
        const xml = raw.get(sheet);
        const ws = wb.getWorksheet(sheet);
        assert.ok(xml && ws, `${w.name} has the sheet ${sheet}`);
        for (const { row, col, cell } of formulaCells(spec)) {
          const address = cellA1(row, col);
          const at = `${sheet}!${address} =${cell.formula}`;
          const engine = scalarOf(cell.value);
          checked++;
          kinds.add(engine === 0 ? "0" : engine === "" ? '""' : engine === false ? "FALSE" : typeof engine);
          const inner = xml.get(address)?.inner ?? "";
          if (!/<f\b/.test(inner)) problems.push(`${at}: not written as a formula`);
          else if (!/<v\b/.test(inner)) problems.push(`${at}: engine ${show(engine)}, no cached result`);
          else if (!agree(engine, cellScalar(ws.getCell(address)))) problems.push(`${at}: engine ${show(engine)}, cached ${show(cellScalar(ws.getCell(address)))}`);
        }
      }
    }
    assert.ok(checked > 1000, `${checked} formulas checked`);
    for (const k of ["0", '""', "FALSE", "number", "string"]) assert.ok(kinds.has(k), `a formula whose value is ${k} was checked`);
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} formulas without their cached result`);
  });
});
