/**
 * The bad-input corpus through the Office.js host: every readable malformed workbook of
 * `test/fixtures/bad` is put into the fake Excel (its sheets, hidden rows, tables and names as
 * Excel would hold them) and checked through `ExcelHost` with the same expectations as the
 * file host: the same findings with the same addresses, blocked or not, nothing written by a
 * check. Cases whose file cannot be opened (exit 2) have no Excel equivalent: Excel itself
 * refuses them.
 *
 * It also keeps the host's reads proportionate: a sheet whose used range is the whole grid
 * (one stray value in XFD1048576) is read by its occupied areas, not as 17 billion cells.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CorpusCase, ExpectedFinding } from "../../scripts/generate-bad-corpus";
import { ExcelHost, rowBands } from "../../src/hosts/excel/excelHost";
import type { Finding } from "../../src/workbook/findings";
import { parseMapping } from "../../src/workbook/mapping";
import { runCycle } from "../../src/workbook/runCycle";
import { FakeExcel, fileWorkbook } from "../hosts/excel/fakeExcel";
import { fakeHashes } from "../reliability/support";

const CORPUS = resolve(__dirname, "../fixtures/bad");
const manifest = JSON.parse(readFileSync(join(CORPUS, "cases.json"), "utf8")) as { cases: CorpusCase[] };

/**
 * Findings that only the file host can give: what an .xlsx file holds but Excel never shows
 * through Office.js. Keyed by case id, the codes the Excel host does not report: Excel
 * calculates every formula, so it never has a formula without a result.
 */
const FILE_ONLY: Readonly<Record<string, readonly string[]>> = { "formulas-not-calculated": ["formula-not-calculated"] };

function matches(f: Finding, e: ExpectedFinding): boolean {
  return f.code === e.code && f.severity === e.severity && f.address === e.address && f.role === e.role && new RegExp(e.message).test(f.message);
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.severity} ${f.code} ${f.role} ${f.address} | ${f.message}`).join("\n");
}

describe("bad-input corpus through the Office.js host (fake Excel)", function () {
  this.timeout(120000);

  for (const c of manifest.cases) {
    if (c.exit === 2) continue;
    it(`${c.id}: ${c.covers}`, async () => {
      const fake = FakeExcel.fromWorkbook(await fileWorkbook(readFileSync(join(CORPUS, c.file))), { platform: "desktop" });
      const before = fakeHashes(fake);
      let mapping;
      if (c.mappingFile) {
        const parsed = parseMapping(JSON.parse(readFileSync(join(CORPUS, c.mappingFile), "utf8")));
        assert.deepEqual(parsed.problems, []);
        mapping = parsed.mapping;
      }
      const host = new ExcelHost(fake.run, { supports: fake.supports, platform: fake.platform, label: c.file, runId: () => "c0ffee" });
      const report = await runCycle(host, { checkOnly: true, ...(mapping ? { mapping } : {}) });
      const list = describeFindings(report.findings);
      const skip = new Set(FILE_ONLY[c.id] ?? []);
      for (const e of c.findings) {
        if (skip.has(e.code)) continue;
        assert.ok(report.findings.some((f) => matches(f, e)), `${c.id}: expected ${e.severity} ${e.code} ${e.role} at ${e.address} /${e.message}/, got:\n${list}`);
      }
      for (const code of c.absent ?? []) {
        assert.ok(!report.findings.some((f) => f.code === code), `${c.id}: no '${code}' expected, got:\n${list}`);
      }
      assert.equal(report.blocked, c.exit === 1, `${c.id}: blocked ${report.blocked}\n${list}`);
      // Reads stay proportionate to the data, not to a used range stretched by a stray cell.
      const cellsRead = fake.syncs.reduce((a, x) => a + x.cellsRead, 0);
      assert.ok(cellsRead <= 1_000_000, `${c.id}: ${cellsRead.toLocaleString("en-US")} cells read`);
      assert.deepEqual(fakeHashes(fake), before, `${c.id}: a check writes nothing into the workbook`);
    });
  }

  it("row bands: occupied areas whose rows overlap share a band; a stray cell far below gets its own", () => {
    const a = (top: number, left: number, rows: number, cols: number): { top: number; left: number; rows: number; cols: number } => ({ top, left, rows, cols });
    assert.deepEqual(rowBands([]), []);
    // A table in A1:N100 split by blanks into areas, a note in P3, a stray value in XFD1048576.
    assert.deepEqual(rowBands([a(1048575, 16383, 1, 1), a(0, 0, 1, 14), a(1, 0, 99, 5), a(1, 6, 99, 8), a(2, 15, 1, 1)]), [a(0, 0, 100, 16), a(1048575, 16383, 1, 1)]);
    // Touching rows join (a header and its body); a gap of one row parts; empty areas are ignored.
    assert.deepEqual(rowBands([a(0, 0, 2, 3), a(2, 10, 2, 1), a(5, 0, 1, 4), a(5, 0, 0, 9)]), [a(0, 0, 4, 11), a(5, 0, 1, 4)]);
  });
});
