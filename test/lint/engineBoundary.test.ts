/**
 * The engine stays pure (DESIGN.md §8): ESLint reports Office.js, DOM, host libraries and
 * upward imports in src/engine, and accepts plain engine code.
 */
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { ESLint } from "eslint";

const ROOT = resolve(__dirname, "../..");

describe("engine boundary (ESLint)", function () {
  this.timeout(60000);
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (code: string, file = "src/engine/probe.ts"): Promise<string[]> => {
    const [r] = await eslint.lintText(code, { filePath: resolve(ROOT, file) });
    return (r?.messages ?? []).map((m) => `${m.ruleId ?? ""}: ${m.message}`);
  };

  const forbidden: [string, string, RegExp][] = [
    ["window", "export const w = window.innerWidth;\n", /no-restricted-globals.*window/],
    ["document", "export const d = document.title;\n", /no-restricted-globals.*document/],
    ["Excel.run", "export async function f(): Promise<void> {\n  await Excel.run(async () => undefined);\n}\n", /no-restricted-globals.*Excel/],
    ["Office", "export const ready = Office.onReady();\n", /no-restricted-globals.*Office/],
    ["exceljs", 'import ExcelJS from "exceljs";\nexport const x = ExcelJS;\n', /no-restricted-imports.*exceljs/],
    ["node:fs", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n', /no-restricted-imports/],
    ["react", 'import React from "react";\nexport const x = React;\n', /no-restricted-imports.*react/],
    ["upward import", 'import { cellAt } from "../workbook/grid";\nexport const x = cellAt;\n', /never imports upwards/],
    ["any", "export function f(x: any): number {\n  return Number(x);\n}\n", /no-explicit-any/],
  ];
  for (const [what, code, re] of forbidden) {
    it(`reports ${what} in src/engine`, async () => {
      const msgs = await lint(code);
      assert.ok(msgs.some((m) => re.test(m)), `expected ${re} in:\n${msgs.join("\n")}`);
    });
  }

  it("accepts pure engine code", async () => {
    const msgs = await lint('import { periodKey } from "./period";\nexport const k = periodKey({ kind: "month", year: 2025, num: 1 });\n');
    assert.deepEqual(msgs, []);
  });

  it("reports a host import in src/workbook", async () => {
    const msgs = await lint('import { FileHost } from "../hosts/file/fileHost";\nexport const x = FileHost;\n', "src/workbook/probe.ts");
    assert.ok(msgs.some((m) => /never imports upwards/.test(m)), msgs.join("\n"));
  });
});
