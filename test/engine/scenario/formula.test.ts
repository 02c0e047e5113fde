import assert from "node:assert/strict";
import { evaluateFormula, restrictedMath } from "../../../src/engine/scenario/formula";

const DRIVERS = { growth: 4, inflation: 2.5 };

/** The formula is refused, with a reason matching `re`. */
function refused(text: string, re: RegExp): void {
  const r = evaluateFormula(text, DRIVERS);
  assert.equal(r.ok, false, `'${text}' should be refused`);
  if (!r.ok) assert.match(r.reason, re, `'${text}': ${r.reason}`);
}

/** The formula gives `value`. */
function gives(text: string, value: number, drivers: Readonly<Record<string, number>> = DRIVERS): void {
  const r = evaluateFormula(text, drivers);
  assert.ok(r.ok, `'${text}' refused: ${r.ok ? "" : r.reason}`);
  if (r.ok) assert.ok(Math.abs(r.value - value) < 1e-12, `'${text}' = ${r.value}, expected ${value}`);
}

describe("scenario: formula values (mathjs, restricted scope)", () => {
  describe("forbidden constructs are refused with their reason", () => {
    it("import", () => refused("import({evil: 1}, {override: true})", /function 'import' is disabled/));
    it("createUnit", () => refused("createUnit('foo')", /function 'createUnit' is disabled/));
    it("evaluate", () => refused("evaluate('growth')", /function 'evaluate' is disabled/));
    it("parse", () => refused("parse('1 + 1')", /function 'parse' is disabled/));
    it("simplify", () => refused("simplify('2 * x')", /function 'simplify' is disabled/));
    it("derivative", () => refused("derivative('x^2', 'x')", /function 'derivative' is disabled/));
    it("a function definition: f(x) = x^2", () => refused("f(x) = x^2", /^function definitions are not allowed$/));
    it("an assignment: a = 1", () => refused("a = 1", /^assignments are not allowed$/));
    it("property access: obj.prop", () => refused("obj.prop", /^property access is not allowed$/));
    it("indexing: x[1]", () => refused("x[1]", /^property access is not allowed$/));
    it("an object: {a: 1}", () => refused("{a: 1}", /^objects are not allowed$/));
    it("an array or matrix: [1, 2]", () => refused("[1, 2]", /^arrays and matrices are not allowed$/));
    it("several statements: a; b", () => refused("growth; inflation", /several statements are not allowed/));
    it("a conditional: growth > 3 ? 1 : 2", () => refused("growth > 3 ? 1 : 2", /conditional expressions .* are not allowed/));
    it("a range: 1:3", () => refused("1:3", /ranges .* are not allowed/));
    it("a string", () => refused('"growth"', /text .* is not allowed/));
    it("a unit: 5 cm", () => refused("5 cm", /units are not allowed \('cm'\)/));
    it("an unknown symbol", () => refused("=margin * 2", /^unknown driver 'margin'$/));
    it("Infinity", () => refused("Infinity", /Infinity is not a finite number/));
    it("a result that is not finite (1/0, 10^400, sqrt(-1))", () => {
      refused("1/0", /not a finite number/);
      refused("10^400", /not a finite number/);
      refused("sqrt(-1)", /not a finite number/);
    });
    it("functions outside the allowed list, comparisons, factorials, booleans", () => {
      refused("cos(0)", /function 'cos' is not allowed/);
      refused("growth == 4", /operator '==' is not allowed/);
      refused("3!", /operator '!' is not allowed/);
      refused("true", /true\/false is not allowed/);
      refused("max", /function 'max' needs arguments/);
      refused("", /empty/);
      refused("=", /empty/);
      refused("growth *", /not a formula/);
    });
  });

  it("the private instance's expression functions are disabled (security guide)", () => {
    const m = restrictedMath() as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ["import", "createUnit", "evaluate", "parse", "simplify", "derivative", "compile", "resolve", "reviver"]) {
      assert.throws(() => m[name]!("1"), /is disabled/, name);
    }
  });

  describe("allowed formulas, values by hand", () => {
    it("=growth * 1.5 with growth 4 → 6 (the sample's promotion)", () => gives("=growth * 1.5", 6));
    it("max(inflation, 2) * 0.8 with inflation 2.5 → 2", () => gives("max(inflation, 2) * 0.8", 2));
    it("=inflation * 0.8 → 2 (the sample's unit cost lever)", () => gives("=inflation * 0.8", 2));
    it("operators, unary signs, parentheses, precedence", () => {
      gives("-growth + +3", -1);
      gives("(growth + 1) * 2 ^ 2", 20);
      gives("10 mod 3", 1);
      gives("2 growth", 8);
    });
    it("every allowed function", () => {
      gives("abs(-3) + min(1, 2, 3) + max(4, 5)", 9);
      gives("round(2.567, 2)", 2.57);
      gives("floor(2.7) + ceil(2.1)", 5);
      gives("sqrt(16) + pow(2, 10) + mod(10, 4)", 1030);
      gives("exp(log(5))", 5);
    });
    it("drivers match case-insensitively; a Map works too", () => {
      gives("=Growth * 2", 8);
      const r = evaluateFormula("growth + inflation", new Map([["GROWTH", 1], ["Inflation", 2]]));
      assert.deepEqual(r, { ok: true, value: 3, drivers: ["growth", "inflation"] });
    });
    it("reports the drivers used", () => {
      const r = evaluateFormula("=growth * 1.5", DRIVERS);
      assert.deepEqual(r, { ok: true, value: 6, drivers: ["growth"] });
    });
  });
});
