import assert from "node:assert/strict";
import { formatLpNumber, sanitizeLpName, writeLp, type LpModel } from "../../../src/engine/supply/lpFormat";

const INF = Number.POSITIVE_INFINITY;

describe("supply: CPLEX LP writer", () => {
  it("writes a tiny model exactly: objective, rows (merged and zero terms), bounds, sanitised names", () => {
    const model: LpModel = {
      sense: "maximize",
      objectiveName: "obj",
      comments: ["tiny\nmodel"],
      variables: [
        { name: "x", lower: 0, upper: INF, cost: 3 },
        { name: "y var", lower: 0, upper: 4, cost: 2 },
        { name: "z", lower: -INF, upper: INF, cost: 0 },
        { name: "2nd", lower: 1, upper: INF, cost: -1 },
        { name: "w", lower: -2, upper: 2.5, cost: 0.1 },
        { name: "k", lower: 7, upper: 7, cost: 0 },
      ],
      constraints: [
        { name: "c1", vars: [0, 1], coefs: [1, 2], sense: "<=", rhs: 10 },
        { name: "st", vars: [0, 1, 2], coefs: [1, -1, 0], sense: ">=", rhs: -1 },
        { name: "eq", vars: [0, 2, 0, 3], coefs: [1, 1, 1, -0.5], sense: "=", rhs: 3 },
        { name: "empty", vars: [], coefs: [], sense: "<=", rhs: 1 },
      ],
    };
    const out = writeLp(model);
    assert.equal(
      out.text,
      [
        "\\ tiny model",
        "Maximize",
        " obj: 3 x + 2 y_var - _2nd + 0.1 w",
        "Subject To",
        " c1: x + 2 y_var <= 10",
        " _st: x - y_var >= -1",
        " eq: 2 x + z - 0.5 _2nd = 3",
        "Bounds",
        " y_var <= 4",
        " z free",
        " _2nd >= 1",
        " -2 <= w <= 2.5",
        " k = 7",
        "End",
        "",
      ].join("\n"),
    );
    assert.deepEqual(out.columnNames, ["x", "y_var", "z", "_2nd", "w", "k"]);
    assert.deepEqual(out.rowNames, ["c1", "_st", "eq", "empty"]);
    assert.equal(out.nonZeros, 7);
  });

  it("wraps long rows, 8 terms a line", () => {
    const variables = Array.from({ length: 10 }, (_, i) => ({ name: `x${i}`, lower: 0, upper: INF, cost: 0 }));
    const out = writeLp({ sense: "minimize", objectiveName: "cost", variables, constraints: [{ name: "sum", vars: variables.map((_, i) => i), coefs: variables.map(() => 1), sense: ">=", rhs: 1 }] });
    assert.equal(out.text, ["Minimize", " cost: 0 x0", "Subject To", " sum: x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7", "   + x8 + x9 >= 1", "End", ""].join("\n"));
  });

  it("sanitises names both readers accept, and makes them unique", () => {
    assert.equal(sanitizeLpName("WC-10 Assembly"), "WC_10_Assembly");
    assert.equal(sanitizeLpName("e1"), "_e1");
    assert.equal(sanitizeLpName("E2x"), "_E2x");
    assert.equal(sanitizeLpName("eq"), "eq");
    assert.equal(sanitizeLpName("End"), "_End");
    assert.equal(sanitizeLpName(".5"), "_.5");
    assert.equal(sanitizeLpName(""), "_");
    assert.equal(sanitizeLpName("Pumpe–Größe"), "Pumpe_Gr__e");
    assert.equal(sanitizeLpName("x".repeat(300)).length, 240);
    const out = writeLp({
      sense: "maximize",
      objectiveName: "a_b",
      variables: [
        { name: "a b", lower: 0, upper: INF, cost: 1 },
        { name: "a_b", lower: 0, upper: INF, cost: 1 },
        { name: "A-B", lower: 0, upper: INF, cost: 1 },
      ],
      constraints: [],
    });
    assert.deepEqual(out.columnNames, ["a_b_2", "a_b_3", "A_B_4"]);
  });

  it("formats numbers so that they read back exactly; never NaN", () => {
    assert.equal(formatLpNumber(0.1 + 0.2), "0.30000000000000004");
    assert.equal(Number(formatLpNumber(1 / 3)), 1 / 3);
    assert.equal(formatLpNumber(1e-7), "1e-7");
    assert.equal(formatLpNumber(-0), "0");
    assert.equal(formatLpNumber(Number.NaN), "0");
  });
});
