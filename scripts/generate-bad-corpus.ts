/**
 * Generates the bad-input corpus: small malformed workbooks under `test/fixtures/bad`,
 * each with the findings (code, severity, exact address, message) or the open error the
 * `sop` command must give, listed in `test/fixtures/bad/cases.json`.
 *
 *   npm run corpus            (npx tsx scripts/generate-bad-corpus.ts [--out DIR])
 *
 * Deterministic: fixed document dates and zip timestamps, no randomness, so that the
 * files can be committed and a rerun gives the same bytes. `test/corpus/badInput.test.ts`
 * runs every case through the CLI and the runner.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { stampZipEntries } from "./sample/workbook";

/** Fixed timestamp of every generated file. */
const STAMP = new Date(Date.UTC(2026, 0, 15, 9, 0, 0));
export const DEFAULT_CORPUS_DIR = "test/fixtures/bad";

// ---------------------------------------------------------------------------
// The manifest

export interface ExpectedFinding {
  readonly code: string;
  readonly severity: "error" | "warning" | "info";
  /** Exact address as the finding gives it (`'Sales EU'!F17`, `Actuals!A1:N5`, `Gone (whole sheet)`). */
  readonly address: string;
  /** Regular expression (source) the message must match. */
  readonly message: string;
  /** Input role (`actuals`, `forecast:Sales`, …). */
  readonly role: string;
}

export interface CorpusCase {
  readonly id: string;
  /** File name in the corpus folder. */
  readonly file: string;
  /** What the case covers, in a few words. */
  readonly covers: string;
  readonly command: "check" | "run";
  /** Mapping file next to the workbook (`<id>.mapping.json`), passed with --map. */
  readonly mappingFile?: string;
  readonly exit: 0 | 1 | 2;
  /** Findings that must be present (exit 0 or 1). */
  readonly findings: readonly ExpectedFinding[];
  /** Finding codes that must not be present. */
  readonly absent?: readonly string[];
  /** Exit 2: regular expression (source) the error sentence must match. */
  readonly error?: string;
  /** Expected role summary: role, number of keys read, period span. */
  readonly summary?: { readonly role: string; readonly rows?: number; readonly periods?: string };
}

interface CaseDef extends Omit<CorpusCase, "file" | "mappingFile" | "findings"> {
  /** File extension (default .xlsx). */
  readonly ext?: string;
  readonly findings?: readonly ExpectedFinding[];
  readonly mapping?: unknown;
  build(): Promise<Uint8Array>;
}

// ---------------------------------------------------------------------------
// Building workbooks

type Value = number | string | boolean | null | Date | { error: string } | { formula: string; result?: number | string | { error: string } };
/** A cell: a value, or a value with a number format. */
type CellSpec = Value | { v: Value; fmt: string };

interface SheetSpec {
  readonly name: string;
  readonly rows: readonly (readonly CellSpec[])[];
  /** 1-based row of the first spec row (default 1). */
  readonly startRow?: number;
  /** 1-based column of the first spec column (default 1). */
  readonly startCol?: number;
  readonly merges?: readonly string[];
  /** 1-based sheet rows to hide. */
  readonly hidden?: readonly number[];
  readonly state?: "visible" | "hidden";
  /** Extra cells by address. */
  readonly cells?: Readonly<Record<string, CellSpec>>;
  /** An Excel table over the rows (header = first row). */
  readonly table?: { readonly name: string; readonly totalsRow?: boolean };
  readonly rightToLeft?: boolean;
}

function isFormatted(c: CellSpec): c is { v: Value; fmt: string } {
  return typeof c === "object" && c !== null && !(c instanceof Date) && "fmt" in c;
}

function setCell(cell: ExcelJS.Cell, spec: CellSpec): void {
  const v = isFormatted(spec) ? spec.v : spec;
  if (v === null) return;
  cell.value = v as ExcelJS.CellValue;
  if (isFormatted(spec)) cell.numFmt = spec.fmt;
  else if (v instanceof Date) cell.numFmt = "mmm-yy";
}

function excelValue(c: CellSpec): ExcelJS.CellValue {
  const v = isFormatted(c) ? c.v : c;
  return v as ExcelJS.CellValue;
}

/** An .xlsx from sheet specs, with fixed dates and zip timestamps. */
async function book(sheets: readonly SheetSpec[], opts: { date1904?: boolean; definedNames?: readonly [string, string][] } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "S&OP Planner bad-input corpus";
  wb.lastModifiedBy = "S&OP Planner bad-input corpus";
  wb.created = STAMP;
  wb.modified = STAMP;
  if (opts.date1904) wb.properties.date1904 = true;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { ...(s.rightToLeft ? { views: [{ rightToLeft: true }] } : {}), ...(s.state ? { state: s.state } : {}) });
    const r0 = s.startRow ?? 1;
    const c0 = s.startCol ?? 1;
    if (s.table) {
      const header = s.rows[0]!;
      ws.addTable({
        name: s.table.name,
        ref: `${colName(c0)}${r0}`,
        headerRow: true,
        totalsRow: s.table.totalsRow === true,
        columns: header.map((h, i) => ({ name: String(excelValue(h)), filterButton: true, ...(s.table!.totalsRow ? (i === 0 ? { totalsRowLabel: "Total" } : { totalsRowFunction: "sum" as const }) : {}) })),
        rows: s.rows.slice(1).map((r) => header.map((_, i) => excelValue(r[i] ?? null))),
      });
    } else {
      s.rows.forEach((row, i) => {
        row.forEach((c, j) => setCell(ws.getCell(r0 + i, c0 + j), c));
      });
    }
    for (const [addr, c] of Object.entries(s.cells ?? {})) setCell(ws.getCell(addr), c);
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const r of s.hidden ?? []) ws.getRow(r).hidden = true;
  }
  for (const [name, ref] of opts.definedNames ?? []) wb.definedNames.add(ref, name);
  const raw = await wb.xlsx.writeBuffer();
  const buf = Buffer.from(raw as ArrayBuffer);
  stampZipEntries(buf, STAMP);
  return buf;
}

function colName(c: number): string {
  let n = c;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `2025-01` … for `n` months from `start` (`YYYY-MM`). */
function months(n: number, start = "2025-01"): string[] {
  const [y0, m0] = start.split("-").map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = y0 * 12 + (m0 - 1) + i;
    out.push(`${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`);
  }
  return out;
}

/** A deterministic quantity for item i in month j. */
function qty(i: number, j: number): number {
  return 100 + 10 * i + ((j * 7 + i * 3) % 11) * 4;
}

const ITEMS = ["P-100", "P-101", "P-102", "P-103"];
const FAMILIES = ["Pumps", "Pumps", "Valves", "Valves"];

/** Wide actuals rows: Item, Family, 12 monthly columns from 2025-01 (C … N). */
function actualsRows(n = 4, periods = months(12)): CellSpec[][] {
  const rows: CellSpec[][] = [["Item", "Family", ...periods]];
  for (let i = 0; i < n; i++) rows.push([ITEMS[i] ?? `P-${100 + i}`, FAMILIES[i] ?? "Pumps", ...periods.map((_, j) => qty(i, j))]);
  return rows;
}

/** Wide forecast rows for 2026-01 … (6 months). */
function forecastRows(n = 4): CellSpec[][] {
  const periods = months(6, "2026-01");
  const rows: CellSpec[][] = [["Item", ...periods]];
  for (let i = 0; i < n; i++) rows.push([ITEMS[i] ?? `P-${100 + i}`, ...periods.map((_, j) => qty(i, j + 12))]);
  return rows;
}

/** Replace cells of a row array by A1 address relative to A1 (rows start at 1). */
function patch(rows: CellSpec[][], cells: Record<string, CellSpec>): CellSpec[][] {
  const out = rows.map((r) => [...r]);
  for (const [addr, v] of Object.entries(cells)) {
    const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
    const c = m[1]!.split("").reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
    const r = Number(m[2]) - 1;
    while (out.length <= r) out.push([]);
    const row = out[r]!;
    while (row.length <= c) row.push(null);
    row[c] = v;
  }
  return out;
}

const F = (code: string, severity: ExpectedFinding["severity"], address: string, message: string, role: string): ExpectedFinding => ({ code, severity, address, message, role });
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// ---------------------------------------------------------------------------
// Raw files that are not workbooks

/** A minimal but well-formed OLE compound file with the given streams (each padded to 4096 bytes). */
function compoundFile(streams: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const SECTOR = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const FATSECT = 0xfffffffd;
  const NOSTREAM = 0xffffffff;
  const padded = streams.map((s) => {
    const size = Math.max(4096, Math.ceil(s.data.length / SECTOR) * SECTOR);
    const d = new Uint8Array(size);
    d.set(s.data);
    return { name: s.name, data: d, size: s.data.length < 4096 ? 4096 : s.data.length };
  });
  const dirSectors = Math.ceil(((streams.length + 1) * 128) / SECTOR);
  const dataSectors = padded.reduce((n, s) => n + s.data.length / SECTOR, 0);
  const total = 1 + dirSectors + dataSectors;
  const out = new Uint8Array(SECTOR * (1 + total));
  const view = new DataView(out.buffer);
  // Header.
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  view.setUint16(0x18, 0x003e, true); // minor version
  view.setUint16(0x1a, 0x0003, true); // major version 3
  view.setUint16(0x1c, 0xfffe, true); // little-endian
  view.setUint16(0x1e, 9, true); // 512-byte sectors
  view.setUint16(0x20, 6, true); // 64-byte mini sectors
  view.setUint32(0x2c, 1, true); // one FAT sector
  view.setUint32(0x30, 1, true); // first directory sector
  view.setUint32(0x38, 4096, true); // mini stream cutoff
  view.setUint32(0x3c, END, true); // no mini FAT
  view.setUint32(0x40, 0, true);
  view.setUint32(0x44, END, true); // no DIFAT sectors
  view.setUint32(0x48, 0, true);
  view.setUint32(0x4c, 0, true); // DIFAT[0] = sector 0
  for (let i = 1; i < 109; i++) view.setUint32(0x4c + 4 * i, FREE, true);
  // FAT (sector 0).
  const fat = (i: number, v: number): void => view.setUint32(SECTOR + 4 * i, v, true);
  for (let i = 0; i < SECTOR / 4; i++) fat(i, FREE);
  fat(0, FATSECT);
  for (let i = 0; i < dirSectors; i++) fat(1 + i, i === dirSectors - 1 ? END : 2 + i);
  let next = 1 + dirSectors;
  const starts: number[] = [];
  for (const s of padded) {
    const n = s.data.length / SECTOR;
    starts.push(next);
    for (let i = 0; i < n; i++) fat(next + i, i === n - 1 ? END : next + i + 1);
    out.set(s.data, SECTOR * (1 + next));
    next += n;
  }
  // Directory: the root, then the streams as a chain of right siblings (all black).
  const entry = (i: number, name: string, type: number, start: number, size: number, child: number, right: number): void => {
    const at = SECTOR * 2 + 128 * i;
    for (let k = 0; k < name.length; k++) view.setUint16(at + 2 * k, name.charCodeAt(k), true);
    view.setUint16(at + 64, (name.length + 1) * 2, true);
    out[at + 66] = type;
    out[at + 67] = 1; // black
    view.setUint32(at + 68, NOSTREAM, true); // left
    view.setUint32(at + 72, right, true);
    view.setUint32(at + 76, child, true);
    view.setUint32(at + 116, start, true);
    view.setUint32(at + 120, size, true);
  };
  entry(0, "Root Entry", 5, END, 0, padded.length > 0 ? 1 : NOSTREAM, NOSTREAM);
  padded.forEach((s, i) => entry(1 + i, s.name, 2, starts[i]!, s.size, NOSTREAM, i + 2 <= padded.length ? i + 2 : NOSTREAM));
  return out;
}

async function zipOf(files: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, data] of Object.entries(files)) zip.file(name, data, { date: STAMP });
  const buf = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  stampZipEntries(buf, STAMP);
  return buf;
}

/** An .xlsx turned into a macro-enabled .xlsm: content type and a (dummy) VBA project. */
async function toXlsm(xlsx: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(xlsx);
  const ct = await zip.file("[Content_Types].xml")!.async("string");
  zip.file(
    "[Content_Types].xml",
    ct
      .replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
      .replace("<Default Extension=\"xml\"", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml"'),
    { date: STAMP },
  );
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  zip.file(
    "xl/_rels/workbook.xml.rels",
    rels.replace("</Relationships>", '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
    { date: STAMP },
  );
  zip.file("xl/vbaProject.bin", compoundFile([{ name: "dir", data: new TextEncoder().encode("Attribute VB_Name = \"Module1\"\r\nSub Refresh()\r\nEnd Sub\r\n") }]), { date: STAMP });
  for (const f of Object.values(zip.files)) f.date = STAMP;
  const buf = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  stampZipEntries(buf, STAMP);
  return buf;
}

// ---------------------------------------------------------------------------
// The cases

const ACT = "actuals";
const periods12 = months(12);

function cases(): CaseDef[] {
  const list: CaseDef[] = [];
  const add = (c: CaseDef): void => {
    list.push(c);
  };

  // --- Quantity cells -------------------------------------------------------
  add({
    id: "text-in-quantity",
    covers: "text in quantity cells ('n/a', 'tbd', '-', a word)",
    command: "check",
    exit: 0,
    findings: [
      F("text-in-number", "warning", "Actuals!D2", "Text 'n/a' where a quantity was expected; read as no value", ACT),
      F("text-in-number", "warning", "Actuals!F3", "Text 'tbd'", ACT),
      F("text-in-number", "warning", "Actuals!H4", "Text '-'", ACT),
      F("text-in-number", "warning", "Actuals!N5", "Text 'see comment'", ACT),
    ],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { D2: "n/a", F3: "tbd", H4: "-", N5: "see comment" }) }]),
  });

  const ERRORS = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"];
  {
    // One error per cell, row by row from C2: 15 errors over rows 2–3 (12 period columns).
    const cells: Record<string, CellSpec> = {};
    const expected: ExpectedFinding[] = [];
    ERRORS.forEach((e, k) => {
      const addr = `${colName(3 + (k % 12))}${2 + Math.floor(k / 12)}`;
      cells[addr] = { error: e };
      expected.push(F("excel-error", "warning", `Actuals!${addr}`, `Excel error ${esc(e)} where a quantity was expected`, ACT));
    });
    add({
      id: "excel-error-values",
      covers: "every Excel error value (#N/A … #NULL!, #SPILL!, #CALC!, #GETTING_DATA and the data-type errors) in quantity cells",
      command: "check",
      exit: 0,
      findings: expected,
      build: () => book([{ name: "Actuals", rows: patch(actualsRows(), cells) }]),
    });
  }

  add({
    id: "formula-errors",
    covers: "formula cells whose cached result is an error (=1/0, a VLOOKUP miss, a deleted reference)",
    command: "run",
    exit: 0,
    findings: [
      F("excel-error", "warning", "Actuals!E2", "Excel error #DIV/0!", ACT),
      F("excel-error", "warning", "Actuals!G3", "Excel error #N/A", ACT),
      F("excel-error", "warning", "Actuals!J4", "Excel error #REF!", ACT),
    ],
    build: () =>
      book([
        {
          name: "Actuals",
          rows: patch(actualsRows(), {
            D2: { formula: "C2*1", result: qty(0, 1) },
            E2: { formula: "D2/0", result: { error: "#DIV/0!" } },
            G3: { formula: "VLOOKUP(A3,Lookup!A:B,2,FALSE)", result: { error: "#N/A" } },
            J4: { formula: "#REF!+I4", result: { error: "#REF!" } },
          }),
        },
      ]),
  });

  add({
    id: "formulas-not-calculated",
    covers: "formula cells with no calculated result saved (a workbook written by a program, never opened in Excel)",
    command: "check",
    exit: 0,
    findings: [F("formula-not-calculated", "warning", "Actuals!D2", "^3 formula cell\\(s\\) in Actuals!A1:[A-Z]+\\d+ have no calculated result saved in the file, so they read as empty\\. Open the workbook in Excel", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { D2: { formula: "C2*1" }, E3: { formula: "D3+1" }, F4: { formula: "SUM(C4:E4)" } }) }]),
  });

  add({
    id: "dates-in-quantity",
    covers: "quantities Excel turned into dates (1/5 typed in a quantity cell became 5 January), and a small quantity shown with a date format",
    command: "check",
    exit: 0,
    findings: [F("date-in-number", "warning", "Actuals!E3", "^Date 2026-01-05 where a quantity was expected \\(Excel turns a number typed as 1/5 or 3-4 into a date; the cell holds 46,027\\); read as no value\\.$", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { E3: { v: new Date(Date.UTC(2026, 0, 5)), fmt: "d-mmm" }, F4: { v: 12, fmt: "d-mmm" } }) }]),
  });

  add({
    id: "numbers-as-text",
    covers: "numbers stored as text ('1234', ' 56 ', '+7', '(12)')",
    command: "check",
    exit: 0,
    findings: [
      F("number-as-text", "info", "Actuals!C2", "Number stored as text '1234'; read as 1234", ACT),
      F("number-as-text", "info", "Actuals!D2", "Number stored as text '56'; read as 56", ACT),
      F("number-as-text", "info", "Actuals!E3", "read as 7\\.$", ACT),
      F("negative", "warning", "Actuals!F3", "Negative quantity -12; kept as returns", ACT),
    ],
    absent: ["text-in-number"],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { C2: "1234", D2: " 56 ", E3: "+7", F3: "(12)" }) }]),
  });

  add({
    id: "thousands-separators",
    covers: "thousands separators in text ('1,234', '1.234.567', '12 345', \"1'250\")",
    command: "check",
    exit: 0,
    findings: [
      F("number-as-text", "info", "Actuals!C2", "'1,234'; read as 1234\\.$", ACT),
      F("number-as-text", "info", "Actuals!D2", "'1\\.234\\.567'; read as 1234567\\.$", ACT),
      F("number-as-text", "info", "Actuals!E2", "'12 345'; read as 12345\\.$", ACT),
      F("number-as-text", "info", "Actuals!F2", "'1'250'; read as 1250\\.$", ACT),
    ],
    absent: ["text-in-number"],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { C2: "1,234", D2: "1.234.567", E2: "12 345", F2: "1'250" }) }]),
  });

  add({
    id: "decimal-commas",
    covers: "decimal commas in text ('12,5', '1.234,5', '0,75')",
    command: "check",
    exit: 0,
    findings: [
      F("number-as-text", "info", "Actuals!C3", "'12,5'; read as 12\\.5\\.$", ACT),
      F("number-as-text", "info", "Actuals!D3", "'1\\.234,5'; read as 1234\\.5\\.$", ACT),
      F("number-as-text", "info", "Actuals!E3", "'0,75'; read as 0\\.75\\.$", ACT),
    ],
    absent: ["text-in-number"],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { C3: "12,5", D3: "1.234,5", E3: "0,75" }) }]),
  });

  add({
    id: "negative-actuals",
    covers: "negative quantities in actuals (returns are kept)",
    command: "check",
    exit: 0,
    findings: [F("negative", "warning", "Actuals!G2", "Negative quantity -40; kept as returns", ACT), F("negative", "warning", "Actuals!K5", "Negative quantity -3\\.5", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { G2: -40, K5: -3.5 }) }]),
  });

  add({
    id: "negative-forecast",
    covers: "negative quantities in a forecast (read as 0)",
    command: "check",
    exit: 0,
    findings: [F("negative", "warning", "'Sales Forecast'!C3", "Negative value -25 where a quantity was expected; read as 0", "forecast:Sales")],
    build: () => book([{ name: "Actuals", rows: actualsRows() }, { name: "Sales Forecast", rows: patch(forecastRows(), { C3: -25 }) }]),
  });

  add({
    id: "absurd-values",
    covers: "absurd values (1e300, -1e300, 1e13) in quantity cells",
    command: "check",
    exit: 0,
    findings: [
      F("absurd-value", "warning", "Actuals!C2", "Value 1e\\+300 is implausibly large", ACT),
      F("absurd-value", "warning", "Actuals!D3", "Value -1e\\+300", ACT),
      F("absurd-value", "warning", "Actuals!E4", "Value 10000000000000", ACT),
    ],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { C2: 1e300, D3: -1e300, E4: 1e13 }) }]),
  });

  add({
    id: "booleans-in-quantity",
    covers: "TRUE / FALSE where a quantity is expected",
    command: "check",
    exit: 0,
    findings: [F("text-in-number", "warning", "Actuals!C2", "^Logical value TRUE where a quantity was expected", ACT), F("text-in-number", "warning", "Actuals!D2", "^Logical value FALSE", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { C2: true, D2: false }) }]),
  });

  // --- Table shape ----------------------------------------------------------
  add({
    id: "blank-rows-inside",
    covers: "blank rows inside the table",
    command: "check",
    exit: 0,
    findings: [F("blank-row-skipped", "info", "Actuals!A1:N7", "^2 blank row\\(s\\) inside Actuals!A1:N7 skipped", ACT)],
    summary: { role: ACT, rows: 4 },
    build: () => {
      const r = actualsRows();
      return book([{ name: "Actuals", rows: [r[0]!, r[1]!, [], r[2]!, [], r[3]!, r[4]!] }]);
    },
  });

  add({
    id: "blank-columns-inside",
    covers: "blank columns inside the table (between the key and the periods, and between two periods)",
    command: "check",
    exit: 0,
    findings: [],
    absent: ["periods-gap", "key-column-missing", "no-periods"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const r = actualsRows();
      // Item, Family, (blank), 2025-01 … 2025-06, (blank), 2025-07 … 2025-12
      const rows = r.map((row) => [row[0]!, row[1]!, null, ...row.slice(2, 8), null, ...row.slice(8)]);
      return book([{ name: "Actuals", rows }]);
    },
  });

  add({
    id: "merged-year-header",
    covers: "merged header cells: a year merged over its months (Jan … Dec under 2025), a merged title",
    command: "check",
    exit: 0,
    findings: [],
    absent: ["header-not-found", "no-periods", "periods-gap"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      const r = actualsRows();
      const rows: CellSpec[][] = [["Shipments by item (units)"], [null, null, 2025], ["Item", "Family", ...names], ...r.slice(1)];
      return book([{ name: "Actuals", rows, merges: ["A1:N1", "C2:N2"] }]);
    },
  });

  add({
    id: "merged-period-header",
    covers: "a period header cell merged across two columns with figures under both",
    command: "check",
    exit: 0,
    findings: [
      F("column-without-header", "warning", "Actuals!D2:D5", "^Column D of Actuals!A1:N5 has figures but no header \\(4 cell\\(s\\); a merged or deleted header\\?\\); it is not read", ACT),
      F("periods-gap", "warning", "Actuals!A1:N1", "^1 period\\(s\\) between 2025-01 and 2025-12 have no column", ACT),
    ],
    build: () => {
      const r = actualsRows();
      // C1:D1 merged: D1's own header (2025-02) is gone; its figures stay.
      return book([{ name: "Actuals", rows: r, merges: ["C1:D1"] }]);
    },
  });

  add({
    id: "merged-key-cells",
    covers: "merged key cells: a family merged down its items, an item merged over two rows: every row of a merge is read with its value",
    command: "check",
    exit: 0,
    findings: [
      F("merged-cells-filled", "info", "Actuals!A2:A3", "^3 merged cell block\\(s\\) of Actuals!A1:N5 \\(Item, Family\\) span several rows; every row is read with the value of the block's first row\\.$", ACT),
      F("duplicate-key", "warning", "Actuals!A3", "^Item P-100 appears again at Actuals!A3 \\(first at Actuals!A2\\); the rows are added together\\.$", ACT),
    ],
    absent: ["row-without-key"],
    summary: { role: ACT, rows: 3 },
    build: () => book([{ name: "Actuals", rows: actualsRows(), merges: ["B2:B3", "B4:B5", "A2:A3"] }]),
  });

  add({
    id: "merged-two-row-header",
    covers: "a two-row header: Item and Family merged down both rows, the year merged over its months",
    command: "check",
    exit: 0,
    findings: [F("text-in-number", "warning", "Actuals!E4", "Text 'n/a'", ACT)],
    absent: ["header-not-found", "key-column-missing", "periods-gap"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      const r = patch(actualsRows(), { E3: "n/a" });
      const rows: CellSpec[][] = [["Item", "Family", 2025], [null, null, ...names], ...r.slice(1)];
      return book([{ name: "Actuals", rows, merges: ["A1:A2", "B1:B2", "C1:N1"] }]);
    },
  });

  add({
    id: "repeated-header-rows",
    covers: "header rows repeated inside the data (an ERP report with one header per page)",
    command: "check",
    exit: 0,
    findings: [F("repeated-header-skipped", "info", "Actuals!A4", "^Row 4 of Actuals!A1:N6 repeats the header row; skipped", ACT)],
    absent: ["text-in-number", "duplicate-key"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const r = actualsRows();
      return book([{ name: "Actuals", rows: [r[0]!, r[1]!, r[2]!, r[0]!, r[3]!, r[4]!] }]);
    },
  });

  add({
    id: "header-lower",
    covers: "header row lower than expected (row 8, under a title block); addresses stay true",
    command: "check",
    exit: 0,
    findings: [F("text-in-number", "warning", "Actuals!E10", "Text 'x'", ACT)],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () =>
      book([
        {
          name: "Actuals",
          rows: [["Aquila Flow Systems"], ["Shipments history"], ["Extracted 2026-01-05 from ERP"], [], ["Units"], [], [], ...patch(actualsRows(), { E3: "x" })],
        },
      ]),
  });

  add({
    id: "header-too-low",
    covers: "header row below row 30: not found, the run stops",
    command: "run",
    exit: 1,
    findings: [F("header-not-found", "error", "Actuals!A1:N30", "No header row found in the first 30 rows of Actuals!A1:N", ACT)],
    mapping: { actuals: "Actuals" },
    build: () => book([{ name: "Actuals", rows: [["Shipments history"], ...Array.from({ length: 33 }, () => []), ...actualsRows()] }]),
  });

  add({
    id: "data-offset",
    covers: "a table that starts in C5 (blank columns and rows before it)",
    command: "check",
    exit: 0,
    findings: [F("text-in-number", "warning", "Actuals!F6", "Text 'n/a'", ACT)],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { D2: "n/a" }), startRow: 5, startCol: 3 }]),
  });

  add({
    id: "duplicate-items",
    covers: "the same item twice in one range (rows added), and in two stacked ranges",
    command: "check",
    exit: 0,
    findings: [
      F("duplicate-key", "warning", "Actuals!A6", "Item P-101 appears again at Actuals!A6 \\(first at Actuals!A3\\); the rows are added together", ACT),
      F("duplicate-key", "warning", "'Actuals 2'!A2", "Item P-100 at 'Actuals 2'!A2 also has figures for the same periods in another range \\(Actuals!A2\\)", ACT),
    ],
    mapping: { actuals: ["Actuals", "Actuals 2"] },
    build: () => {
      const r = actualsRows();
      return book([
        { name: "Actuals", rows: [...r, ["P-101", "Pumps", ...periods12.map(() => 1)]] },
        { name: "Actuals 2", rows: [r[0]!, r[1]!] },
      ]);
    },
  });

  add({
    id: "duplicate-period",
    covers: "a period column twice in the header: the run stops",
    command: "run",
    exit: 1,
    findings: [F("duplicate-period", "error", "Actuals!G1", "Period 2025-04 appears twice in the header of Actuals!A1:N5: Actuals!F1 and Actuals!G1", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { G1: "2025-04" }) }]),
  });

  add({
    id: "duplicate-period-formats",
    covers: "the same month twice under two spellings (2025-03 and Mar 2025): the run stops",
    command: "run",
    exit: 1,
    findings: [F("duplicate-period", "error", "Actuals!F1", "appears twice in the header of Actuals!A1:N5: Actuals!E1 and Actuals!F1", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { F1: "Mar 2025" }) }]),
  });

  add({
    id: "missing-periods",
    covers: "missing periods (two months without a column)",
    command: "check",
    exit: 0,
    findings: [F("periods-gap", "warning", "Actuals!A1:L1", "^2 period\\(s\\) between 2025-01 and 2025-12 have no column", ACT)],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const r = actualsRows();
      return book([{ name: "Actuals", rows: r.map((row) => row.filter((_, j) => j !== 5 && j !== 9)) }]);
    },
  });

  add({
    id: "periods-out-of-order",
    covers: "out-of-order periods (newest first)",
    command: "check",
    exit: 0,
    findings: [F("periods-out-of-order", "info", "Actuals!C1:N1", "not in calendar order", ACT)],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const r = actualsRows();
      return book([{ name: "Actuals", rows: r.map((row) => [row[0]!, row[1]!, ...row.slice(2).reverse()]) }]);
    },
  });

  add({
    id: "periods-mixed-formats",
    covers: "periods in mixed formats: date cells, yyyymm numbers, 2025-03, Apr-25, May 2025, 06/2025, 2025M07, M08 2025, ISO date-time text, August…",
    command: "check",
    exit: 0,
    findings: [],
    absent: ["periods-gap", "duplicate-period", "mixed-period-kinds", "no-periods"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const header: CellSpec[] = [
        "Item",
        "Family",
        { v: new Date(Date.UTC(2025, 0, 1)), fmt: "mmm-yy" },
        202502,
        "2025-03",
        "Apr-25",
        "May 2025",
        "06/2025",
        "2025M07",
        "M08 2025",
        "2025-09-01T00:00:00",
        "October 2025",
        "Nov. 2025",
        { v: new Date(Date.UTC(2025, 11, 1)), fmt: "yyyy-mm-dd" },
      ];
      const r = actualsRows();
      return book([{ name: "Actuals", rows: [header, ...r.slice(1)] }]);
    },
  });

  add({
    id: "weeks-mixed-with-months",
    covers: "weeks mixed with months in one header row: the run stops",
    command: "run",
    exit: 1,
    findings: [F("mixed-period-kinds", "error", "Actuals!A1:N1", "^The header row of Actuals!A1:N5 mixes months and weeks \\('2025-W40' at Actuals!L1 among months\\)", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { L1: "2025-W40", M1: "2025-W44", N1: "2025-W48" }) }]),
  });

  add({
    id: "weeks-and-months-ranges",
    covers: "weekly actuals in one range and monthly in another, stacked: the run stops",
    command: "run",
    exit: 1,
    mapping: { actuals: ["Actuals", "Weekly"] },
    findings: [F("mixed-period-kinds", "error", "Weekly!A1:H3", "Weekly!A1:H3 has weekly periods but Actuals!A1:N5 has monthly periods", ACT)],
    build: () =>
      book([
        { name: "Actuals", rows: actualsRows() },
        { name: "Weekly", rows: [["Item", "Family", "2026-W01", "2026-W02", "2026-W03", "2026-W04", "2026-W05", "2026-W06"], ["P-100", "Pumps", 5, 6, 7, 8, 9, 10], ["P-101", "Pumps", 1, 2, 3, 4, 5, 6]] },
      ]),
  });

  add({
    id: "long-mixed-period-kinds",
    covers: "a long table whose Period column mixes months and weeks: the run stops",
    command: "run",
    exit: 1,
    findings: [F("mixed-period-kinds", "error", "Actuals!B5", "Actuals!A1:C7 mixes months and weeks in its Period column", ACT)],
    build: () =>
      book([
        {
          name: "Actuals",
          rows: [["Item", "Period", "Quantity"], ["P-100", "2025-01", 10], ["P-100", "2025-02", 11], ["P-100", "2025-03", 12], ["P-100", "2025-W14", 3], ["P-101", "2025-01", 20], ["P-101", "2025-02", 21]],
        },
      ]),
  });

  add({
    id: "totals-and-subtotals",
    covers: "subtotal rows per family, a grand total row, a Total column",
    command: "check",
    exit: 0,
    findings: [
      F("total-row-skipped", "info", "Actuals!A4", "Total row 'Subtotal Pumps' skipped", ACT),
      F("total-row-skipped", "info", "Actuals!A7", "Total row 'Valves total' skipped", ACT),
      F("total-row-skipped", "info", "Actuals!A8", "Total row 'Grand total' skipped", ACT),
    ],
    absent: ["duplicate-key", "text-in-number"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const r = actualsRows();
      const sum = (rows: CellSpec[][]): CellSpec[] => periods12.map((_, j) => rows.reduce((s, row) => s + (row[2 + j] as number), 0));
      const withTotal = (row: CellSpec[]): CellSpec[] => [...row, (row.slice(2) as number[]).reduce((a, b) => a + b, 0)];
      const rows: CellSpec[][] = [
        [...r[0]!, "Total"],
        withTotal(r[1]!),
        withTotal(r[2]!),
        withTotal(["Subtotal Pumps", null, ...sum([r[1]!, r[2]!])]),
        withTotal(r[3]!),
        withTotal(r[4]!),
        withTotal(["Valves total", null, ...sum([r[3]!, r[4]!])]),
        withTotal(["Grand total", null, ...sum(r.slice(1))]),
      ];
      return book([{ name: "Actuals", rows }]);
    },
  });

  add({
    id: "hidden-rows",
    covers: "hidden rows inside the table (read like visible rows)",
    command: "check",
    exit: 0,
    findings: [F("hidden-rows", "info", "Actuals!A1:N5", "^2 hidden row\\(s\\) in Actuals!A1:N5 are read like visible rows", ACT)],
    summary: { role: ACT, rows: 4 },
    build: () => book([{ name: "Actuals", rows: actualsRows(), hidden: [3, 5] }]),
  });

  add({
    id: "row-without-key",
    covers: "a row with figures but no item",
    command: "check",
    exit: 0,
    findings: [F("row-without-key", "warning", "Actuals!A4", "Row 4 of Actuals!A1:N5 has figures but no Item; skipped", ACT)],
    summary: { role: ACT, rows: 3 },
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { A4: null, B4: null }) }]),
  });

  add({
    id: "error-in-key",
    covers: "an item looked up by a formula that failed (#N/A in the item column)",
    command: "check",
    exit: 0,
    findings: [F("row-without-key", "warning", "Actuals!A3", "^Row 3 of Actuals!A1:N5 has figures but its Item is the Excel error #N/A; skipped", ACT)],
    summary: { role: ACT, rows: 3 },
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { A3: { formula: "VLOOKUP(Z3,Codes!A:B,2,FALSE)", result: { error: "#N/A" } } }) }]),
  });

  add({
    id: "hidden-history-sheet",
    covers: "the history on a hidden sheet (an ERP export hidden to keep the workbook tidy), a forecast tab visible: the hidden sheet is proposed for actuals",
    command: "check",
    exit: 0,
    findings: [],
    absent: ["role-missing"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () =>
      book([
        { name: "Sales forecast", rows: forecastRows() },
        { name: "ERP export", rows: actualsRows(), state: "hidden" },
      ]),
  });

  add({
    id: "period-typo",
    covers: "a mistyped year in one period header (2052-06 among 2025): actuals from the future stop the run (the cycle would be 2052-07), the gap is reported",
    command: "check",
    exit: 1,
    findings: [
      F("actuals-in-future", "error", "Actuals!H1", "^4 actual value\\(s\\) are dated 2052-06, after \\d{4}-\\d\\d: actuals cannot come from the future, and the cycle would be planned from there\\. A mistyped year\\?", ACT),
      F("periods-gap", "warning", "Actuals!A1:N1", "^318 period\\(s\\) between 2025-01 and 2052-06 have no column in Actuals!A1:N5; they are read as having no value\\. The widest gap is between 2025-12 \\(Actuals!N1\\) and 2052-06 \\(Actuals!H1\\): a mistyped year\\?$", ACT),
    ],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2052-06" },
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { H1: "2052-06" }) }]),
  });

  add({
    id: "no-item-column",
    covers: "no item column (headers the add-in cannot place): the run stops",
    command: "run",
    exit: 1,
    mapping: { actuals: "Actuals" },
    findings: [F("key-column-missing", "error", "Actuals!A1:N1", "The header row of Actuals!A1:N5 has no item column", ACT)],
    build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { A1: "Thing", B1: "Region" }) }]),
  });

  add({
    id: "header-only",
    covers: "a header row and no data: the run stops",
    command: "run",
    exit: 1,
    mapping: { actuals: "Actuals" },
    findings: [F("range-empty", "error", "Actuals!A1:N1", "Actuals!A1:N1 has a header row but no data rows", ACT)],
    build: () => book([{ name: "Actuals", rows: [actualsRows()[0]!] }]),
  });

  add({
    id: "excel-table-totals",
    covers: "an Excel table with a totals row and a blank row inside",
    command: "check",
    exit: 0,
    findings: [F("blank-row-skipped", "info", "table tblActuals on 'Actuals'", "^1 blank row\\(s\\) inside table tblActuals on 'Actuals' skipped", ACT)],
    absent: ["total-row-skipped", "duplicate-key"],
    summary: { role: ACT, rows: 3 },
    build: () => {
      const r = actualsRows();
      return book([{ name: "Actuals", rows: [r[0]!, r[1]!, ["", "", ...periods12.map(() => null)], r[2]!, r[3]!], table: { name: "tblActuals", totalsRow: true } }]);
    },
  });

  // --- Long layout ----------------------------------------------------------
  add({
    id: "long-bad-periods",
    covers: "a long table with unreadable periods ('Q1 2025', 'sometime', 2025-13)",
    command: "check",
    exit: 0,
    findings: [
      F("bad-period", "warning", "Actuals!B4", "'Q1 2025' is not a period", ACT),
      F("bad-period", "warning", "Actuals!B5", "'sometime' is not a period", ACT),
      F("bad-period", "warning", "Actuals!B6", "'2025-13' is not a period", ACT),
    ],
    build: () =>
      book([
        {
          name: "Actuals",
          rows: [["Item", "Period", "Quantity"], ["P-100", "2025-01", 10], ["P-100", "2025-02", 11], ["P-100", "Q1 2025", 12], ["P-101", "sometime", 3], ["P-101", "2025-13", 20], ["P-101", "2025-02", 21]],
        },
      ]),
  });

  add({
    id: "long-duplicates",
    covers: "a long table with the same item and month twice",
    command: "check",
    exit: 0,
    findings: [F("duplicate-key", "warning", "Actuals!A4", "P-100 2025-01 appears again at Actuals!A4 \\(first at Actuals!A2\\); the quantities are added together", ACT)],
    build: () => book([{ name: "Actuals", rows: [["Item", "Period", "Quantity"], ["P-100", "2025-01", 10], ["P-100", "2025-02", 11], ["P-100", "2025-01", 5], ["P-101", "2025-01", 20], ["P-101", "2025-02", 21]] }]),
  });

  add({
    id: "transactions-daily",
    covers: "ERP order lines with daily dates, several per month, one with text in the quantity",
    command: "check",
    exit: 0,
    findings: [
      F("transactions-aggregated", "info", "Orders!A1:C9", "^7 transaction lines in Orders!A1:C9 summed into monthly buckets", ACT),
      F("text-in-number", "warning", "Orders!C6", "Text 'cancelled'", ACT),
    ],
    summary: { role: ACT, rows: 2, periods: "2025-01 … 2025-03" },
    mapping: { actuals: "Orders" },
    build: () => {
      const d = (m: number, day: number): CellSpec => ({ v: new Date(Date.UTC(2025, m - 1, day)), fmt: "dd.mm.yyyy" });
      return book([
        {
          name: "Orders",
          rows: [
            ["Material no.", "Order date", "Qty (units)"],
            ["P-100", d(1, 3), 4],
            ["P-100", d(1, 17), 6],
            ["P-101", d(1, 20), 2],
            ["P-100", d(2, 2), 5],
            ["P-101", d(2, 14), "cancelled"],
            [],
            ["P-100", d(3, 9), 8],
            ["P-101", d(3, 30), 1],
          ],
        },
      ]);
    },
  });

  // --- Roles and mappings ---------------------------------------------------
  add({
    id: "empty-role-sheet",
    covers: "an empty role: the mapping points actuals at an empty sheet",
    command: "run",
    exit: 1,
    mapping: { actuals: "Actuals", "forecast:Sales": "Sales Forecast" },
    findings: [F("range-empty", "error", "Actuals!A1", "Actuals!A1 is empty", ACT)],
    build: () => book([{ name: "Actuals", rows: [] }, { name: "Sales Forecast", rows: forecastRows() }]),
  });

  add({
    id: "empty-role-mapping",
    covers: "an empty role in the mapping file (actuals: []): a usage error",
    command: "check",
    exit: 2,
    mapping: { actuals: [], "forecast:Sales": "Sales Forecast" },
    findings: [],
    error: "role actuals has no source",
    build: () => book([{ name: "Actuals", rows: actualsRows() }, { name: "Sales Forecast", rows: forecastRows() }]),
  });

  add({
    id: "no-actuals-found",
    covers: "no role can be proposed (only notes and an empty sheet): actuals missing, the run stops",
    command: "run",
    exit: 1,
    findings: [F("role-missing", "error", "", "No range is mapped to actuals", ACT)],
    build: () => book([{ name: "Notes", rows: [["Meeting notes"], ["Bring the numbers next time"]] }, { name: "Sheet2", rows: [] }]),
  });

  add({
    id: "deleted-sheet",
    covers: "a role pointing at a deleted sheet: the run stops, the sheets present are named",
    command: "run",
    exit: 1,
    mapping: { actuals: "Actuals", "forecast:Sales": "Sales EU" },
    findings: [F("source-unreadable", "error", "'Sales EU' (whole sheet)", "sheet 'Sales EU' does not exist \\(sheets: Actuals, Sales NA\\)", "forecast:Sales")],
    build: () => book([{ name: "Actuals", rows: actualsRows() }, { name: "Sales NA", rows: forecastRows() }]),
  });

  add({
    id: "deleted-table-and-name",
    covers: "roles pointing at a deleted table and a deleted defined name",
    command: "run",
    exit: 1,
    mapping: { actuals: "Actuals", "forecast:Sales": "table:tblSales", budget: "name:BudgetRange" },
    findings: [
      F("source-unreadable", "error", "table tblSales", "^table tblSales not found \\(tables: tblPrices\\)", "forecast:Sales"),
      F("source-unreadable", "error", "name BudgetRange", "^name BudgetRange not found \\(names: OldBudget\\)", "budget"),
    ],
    build: () =>
      book(
        [
          { name: "Actuals", rows: actualsRows() },
          { name: "Prices", rows: [["Item", "Price"], ["P-100", 120], ["P-101", 95]], table: { name: "tblPrices" } },
        ],
        { definedNames: [["OldBudget", "Prices!$A$1:$B$3"]] },
      ),
  });

  add({
    id: "bad-range-mapping",
    covers: "a mapping whose range is not an address (Actuals!A0:N5)",
    command: "run",
    exit: 1,
    mapping: { actuals: "Actuals!A0:N5" },
    findings: [F("source-unreadable", "error", "Actuals!A0:N5", "range 'A0:N5' on sheet 'Actuals' is not an A1 address", ACT)],
    build: () => book([{ name: "Actuals", rows: actualsRows() }]),
  });

  add({
    id: "forecast-item-not-in-actuals",
    covers: "a forecast item that has no history",
    command: "check",
    exit: 0,
    findings: [F("forecast-item-not-in-actuals", "warning", "'Sales Forecast'!A6", "Item P-999 is in the Sales forecast but not in actuals", "forecast:Sales")],
    build: () => book([{ name: "Actuals", rows: actualsRows() }, { name: "Sales Forecast", rows: [...forecastRows(), ["P-999", 1, 2, 3, 4, 5, 6]] }]),
  });

  add({
    id: "list-roles-bad-cells",
    covers: "list roles: text price, negative on-hand stock, an error in unit cost, capacity efficiency 95",
    command: "check",
    exit: 0,
    findings: [
      F("text-in-number", "warning", "Prices!B3", "Text 'call us'", "prices"),
      F("excel-error", "warning", "Prices!C4", "Excel error #VALUE!", "prices"),
      F("negative", "warning", "Inventory!B2", "Negative .*-30", "inventory"),
      F("efficiency-out-of-range", "info", "Capacity!A2", "Efficiency 95 of Assembly read as 95%", "capacity"),
    ],
    build: () =>
      book([
        { name: "Actuals", rows: actualsRows() },
        { name: "Prices", rows: [["Item", "Price", "Unit cost"], ["P-100", 120, 70], ["P-101", "call us", 80], ["P-102", 99, { error: "#VALUE!" }], ["P-103", 150, 90]] },
        { name: "Inventory", rows: [["Item", "On hand", "Safety stock"], ["P-100", -30, 10], ["P-101", 40, 10]] },
        { name: "Capacity", rows: [["Resource", "Efficiency", ...months(6, "2026-01")], ["Assembly", 95, 160, 160, 168, 150, 160, 160]] },
        { name: "Routing", rows: [["Item", "Resource", "Hours per unit"], ["P-100", "Assembly", 0.5], ["P-101", "Assembly", 0.4]] },
      ]),
  });

  add({
    id: "snapshots-bad-rows",
    covers: "a snapshot ledger with an unreadable cycle, a duplicated row, an item without actuals and a repeated header",
    command: "check",
    exit: 0,
    findings: [
      F("bad-period", "warning", "Snapshots!A3", "^'last month' is not a period; snapshot row skipped", "snapshots"),
      F("duplicate-key", "warning", "Snapshots!C5", "^Snapshot 2025-11 Sales P-100 2025-12 appears again at Snapshots!C5 \\(first at Snapshots!C2\\)", "snapshots"),
      F("repeated-header-skipped", "info", "Snapshots!A6", "^Row 6 of Snapshots!A1:E8 repeats the header row", "snapshots"),
      F("snapshot-not-used", "warning", "Snapshots!C7", "^Snapshot rows for item P-777, which has no actuals", "snapshots"),
    ],
    mapping: { actuals: "Actuals", snapshots: "Snapshots" },
    build: () => {
      const header = ["Cycle", "Version", "Item", "Period", "Quantity"];
      return book([
        { name: "Actuals", rows: actualsRows() },
        {
          name: "Snapshots",
          rows: [header, ["2025-11", "Sales", "P-100", "2025-12", 120], ["last month", "Sales", "P-101", "2025-12", 80], ["2025-11", "Sales", "P-101", "2025-12", 85], ["2025-11", "Sales", "P-100", "2025-12", 125], header, ["2025-11", "Sales", "P-777", "2025-12", 5], ["2025-11", "Sales", "P-102", "2025-12", 60]],
        },
      ]);
    },
  });

  // --- Sizes, names, scripts ------------------------------------------------
  add({
    id: "full-height-sheet",
    covers: "a sheet whose used range reaches row 1,048,576 (a stray number in the last row)",
    command: "check",
    exit: 0,
    findings: [
      F("blank-row-skipped", "info", "Actuals!A1:N1048576", "^1,048,570 blank row\\(s\\) inside Actuals!A1:N1048576 skipped", ACT),
      F("row-without-key", "warning", "Actuals!A1048576", "^Row 1048576 of Actuals!A1:N1048576 has figures but no Item; skipped", ACT),
    ],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => book([{ name: "Actuals", rows: actualsRows(), cells: { N1048576: 1 } }]),
  });

  add({
    id: "full-size-sheet",
    covers: "a sheet whose used range is the whole grid, A1:XFD1048576 (a stray number in the last cell)",
    command: "check",
    exit: 0,
    findings: [
      F("column-without-header", "warning", "Actuals!XFD1048576", "^Column XFD of Actuals!A1:XFD1048576 has figures but no header \\(1 cell\\(s\\)", ACT),
      F("blank-row-skipped", "info", "Actuals!A1:XFD1048576", "^1,048,570 blank row\\(s\\) inside Actuals!A1:XFD1048576 skipped", ACT),
    ],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => book([{ name: "Actuals", rows: actualsRows(), cells: { XFD1048576: 42 } }]),
  });

  {
    const long = "Pump ".repeat(6553) + "XY"; // 32,767 characters: Excel's limit
    const longNote = "n/a because ".repeat(2730) + "abcdefg"; // 32,767 characters
    add({
      id: "very-long-text",
      covers: "very long text (32,767 characters, Excel's limit) in an item, a quantity cell and a header",
      command: "check",
      exit: 0,
      findings: [F("text-in-number", "warning", "Actuals!E3", "^Text 'n/a because n/a because n/a because n\\.\\.\\.' where a quantity was expected", ACT)],
      summary: { role: ACT, rows: 4 },
      build: () => book([{ name: "Actuals", rows: patch(actualsRows(), { A2: long, E3: longNote, O1: "Comment " + long.slice(8), O2: long }) }]),
    });
  }

  add({
    id: "non-ascii-rtl-names",
    covers: "non-ASCII and right-to-left names: an Arabic sheet (right-to-left view), Hebrew and accented items, Arabic text in a quantity cell",
    command: "check",
    exit: 0,
    findings: [
      F("text-in-number", "warning", "'مبيعات'!D3", "Text 'غير متوفر'", ACT),
      F("duplicate-key", "warning", "'مبيعات'!A5", "^Item משאבה appears again at 'مبيعات'!A5 \\(first at 'مبيعات'!A2\\)", ACT),
    ],
    summary: { role: ACT, rows: 3 },
    build: () => {
      const r = actualsRows(4);
      const rows = patch(r, { A2: "משאבה", A3: "שסתום", A4: "Ventil Größe Ø 50 – Çelik", A5: "משאבה", B5: "Pumps", D3: "غير متوفر" });
      return book([{ name: "مبيعات", rows, rightToLeft: true }]);
    },
  });

  add({
    id: "quote-in-sheet-name",
    covers: "an apostrophe and spaces in the sheet name (address quoting)",
    command: "check",
    exit: 0,
    findings: [F("text-in-number", "warning", "'O''Brien Sales'!C2", "Text 'n/a'", ACT)],
    mapping: { actuals: "'O''Brien Sales'" },
    build: () => book([{ name: "O'Brien Sales", rows: patch(actualsRows(), { C2: "n/a" }) }]),
  });

  add({
    id: "date-1904",
    covers: "a workbook in the 1904 date system with date headers",
    command: "check",
    exit: 0,
    findings: [],
    absent: ["periods-gap", "duplicate-period"],
    summary: { role: ACT, rows: 4, periods: "2025-01 … 2025-12" },
    build: () => {
      const r = actualsRows();
      const header: CellSpec[] = ["Item", "Family", ...periods12.map((_, j) => ({ v: new Date(Date.UTC(2025, j, 1)), fmt: "mmm-yy" }))];
      return book([{ name: "Actuals", rows: [header, ...r.slice(1)] }], { date1904: true });
    },
  });

  add({
    id: "macro-workbook",
    covers: "a macro-enabled .xlsm: read like an .xlsx; the companion is a plain .xlsx, the input is untouched",
    ext: ".xlsm",
    command: "run",
    exit: 0,
    findings: [F("text-in-number", "warning", "Actuals!C2", "Text 'n/a'", ACT)],
    build: async () => toXlsm(await book([{ name: "Actuals", rows: patch(actualsRows(), { C2: "n/a" }) }])),
  });

  // --- Unreadable files -----------------------------------------------------
  add({
    id: "encrypted",
    covers: "a password-protected (encrypted) workbook",
    command: "check",
    exit: 2,
    error: "encrypted\\.xlsx is password-protected",
    build: async () =>
      compoundFile([
        { name: "EncryptionInfo", data: new Uint8Array([4, 0, 4, 0, 0x40, 0, 0, 0]) },
        { name: "EncryptedPackage", data: new Uint8Array(4096).map((_, i) => (i * 37 + 11) % 256) },
      ]),
  });

  add({
    id: "corrupt-truncated",
    covers: "a corrupt workbook: an .xlsx cut in half",
    command: "run",
    exit: 2,
    error: "corrupt-truncated\\.xlsx could not be read as an \\.xlsx workbook \\(the file may be damaged\\)",
    build: async () => {
      const full = await book([{ name: "Actuals", rows: actualsRows() }]);
      return full.slice(0, Math.floor(full.length / 2));
    },
  });

  add({
    id: "zip-not-workbook",
    covers: "a zip package that is not a workbook (a Word document renamed .xlsx)",
    command: "run",
    exit: 2,
    error: "zip-not-workbook\\.xlsx is not an Excel workbook",
    build: () =>
      zipOf({
        "[Content_Types].xml":
          '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
      }),
  });

  add({
    id: "empty-file",
    covers: "an empty file (0 bytes) named .xlsx",
    command: "check",
    exit: 2,
    error: "empty-file\\.xlsx is empty \\(0 bytes\\)",
    build: async () => new Uint8Array(0),
  });

  add({
    id: "legacy-xls",
    covers: "an Excel 97-2003 workbook (.xls) renamed .xlsx",
    command: "check",
    exit: 2,
    error: "legacy-xls\\.xlsx is an Excel 97-2003 workbook \\(\\.xls\\)",
    build: async () => compoundFile([{ name: "Workbook", data: new Uint8Array([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]) }]),
  });

  add({
    id: "csv-renamed",
    covers: "a .csv file renamed .xlsx",
    command: "run",
    exit: 2,
    error: "csv-renamed\\.xlsx is not an \\.xlsx workbook: it is a text \\(CSV\\) file",
    build: async () => new TextEncoder().encode(["Item;Family;2025-01;2025-02;2025-03", "P-100;Pumps;120;130;125", "P-101;Pumps;80;85;90", ""].join("\r\n")),
  });

  add({
    id: "html-renamed",
    covers: "an HTML page saved as .xlsx (a 'download to Excel' export)",
    command: "check",
    exit: 2,
    error: "html-renamed\\.xlsx is not an \\.xlsx workbook: it is a web page \\(HTML\\)",
    build: async () => new TextEncoder().encode("<html><body><table><tr><td>Item</td><td>2025-01</td></tr><tr><td>P-100</td><td>12</td></tr></table></body></html>\n"),
  });

  return list;
}

// ---------------------------------------------------------------------------
// Writing the corpus

/** Write every case and the manifest into `dir` (emptied of earlier corpus files first). */
export async function generateBadCorpus(dir = DEFAULT_CORPUS_DIR): Promise<{ dir: string; cases: CorpusCase[]; bytes: number }> {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  for (const f of readdirSync(out)) if (/\.(xlsx|xlsm|json)$/.test(f)) rmSync(join(out, f));
  const manifest: CorpusCase[] = [];
  let bytes = 0;
  const ids = new Set<string>();
  for (const c of cases()) {
    if (ids.has(c.id)) throw new Error(`duplicate case id ${c.id}`);
    ids.add(c.id);
    const file = `${c.id}${c.ext ?? ".xlsx"}`;
    const data = await c.build();
    writeFileSync(join(out, file), data);
    bytes += data.length;
    let mappingFile: string | undefined;
    if (c.mapping !== undefined) {
      mappingFile = `${c.id}.mapping.json`;
      const text = JSON.stringify(c.mapping, null, 2) + "\n";
      writeFileSync(join(out, mappingFile), text);
      bytes += text.length;
    }
    manifest.push({
      id: c.id,
      file,
      covers: c.covers,
      command: c.command,
      ...(mappingFile ? { mappingFile } : {}),
      exit: c.exit,
      findings: c.findings ?? [],
      ...(c.absent ? { absent: c.absent } : {}),
      ...(c.error ? { error: c.error } : {}),
      ...(c.summary ? { summary: c.summary } : {}),
    });
  }
  const text = JSON.stringify({ description: "Malformed workbooks and what `sop` must say about each. Generated by scripts/generate-bad-corpus.ts (npm run corpus); do not edit by hand.", cases: manifest }, null, 2) + "\n";
  writeFileSync(join(out, "cases.json"), text);
  bytes += text.length;
  return { dir: out, cases: manifest, bytes };
}

if (require.main === module) {
  const i = process.argv.indexOf("--out");
  const dir = i >= 0 ? process.argv[i + 1] : undefined;
  generateBadCorpus(dir).then(
    (r) => {
      process.stdout.write(`wrote ${r.cases.length} cases to ${r.dir} (${(r.bytes / 1024).toFixed(0)} KB)\n`);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
