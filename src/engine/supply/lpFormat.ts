/**
 * A small writer of CPLEX LP text (the format HiGHS and GLPK's `glpsol --lp` both read).
 *
 * A model is plain data: variables with bounds and an objective coefficient, and linear
 * constraints `Σ coef × x  (<= | >= | =)  rhs`. The writer emits, in this order: comment
 * lines (`\ …`), `Maximize`/`Minimize` with the objective, `Subject To` with one named row
 * per constraint, `Bounds` for every bound other than the default [0, +∞), and `End`.
 *
 * Names are sanitised so that both readers accept them: only letters, digits, `_` and `.`;
 * never a leading digit or `.`, never `e`/`E` followed by a digit (exponent confusion), never
 * a keyword (`st`, `end`, `free`, `inf`, …), at most 240 characters, and unique (`_2`, `_3`
 * suffixes). Terms of one variable in a row are merged; zero terms are dropped; long rows are
 * wrapped. Numbers are written in the shortest form that reads back exactly; a non-finite
 * coefficient or right-hand side is written as 0 (callers never pass one).
 *
 * Pure; no I/O.
 */

/** A variable: bounds (lower default 0; ±Infinity allowed) and its objective coefficient. */
export interface LpVariable {
  readonly name: string;
  readonly lower: number;
  readonly upper: number;
  readonly cost: number;
}

/** A linear constraint Σ coefs[k] × x[vars[k]] (sense) rhs; `vars` are indices into the model's variables. */
export interface LpConstraint {
  readonly name: string;
  readonly vars: readonly number[];
  readonly coefs: readonly number[];
  readonly sense: "<=" | ">=" | "=";
  readonly rhs: number;
}

/** A linear program as plain data. */
export interface LpModel {
  readonly sense: "maximize" | "minimize";
  readonly objectiveName: string;
  readonly variables: readonly LpVariable[];
  readonly constraints: readonly LpConstraint[];
  /** Lines written as comments at the top. */
  readonly comments?: readonly string[];
}

/** The LP text and the names actually written (sanitised, unique), by index. */
export interface LpText {
  readonly text: string;
  readonly columnNames: readonly string[];
  readonly rowNames: readonly string[];
  /** Number of non-zero constraint coefficients written. */
  readonly nonZeros: number;
}

const MAX_NAME = 240;
const TERMS_PER_LINE = 8;
const KEYWORDS = new Set([
  "max", "maximize", "maximise", "maximum", "min", "minimize", "minimise", "minimum",
  "st", "s.t.", "st.", "subject", "such", "that", "to", "bound", "bounds", "free", "inf", "infinity",
  "gen", "general", "generals", "bin", "binary", "binaries", "semi", "semis", "semi-continuous",
  "sos", "end",
]);

/**
 * A name both LP readers accept, close to `name`: other characters become `_`; a leading digit
 * or `.`, an exponent-like start (`e1`) or a keyword gets a `_` prefix; empty becomes `_`.
 * Uniqueness is the writer's business (`writeLp`).
 */
export function sanitizeLpName(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_.]/g, "_");
  if (s === "") s = "_";
  if (/^[0-9.]/.test(s) || /^[eE][0-9eE]/.test(s) || KEYWORDS.has(s.toLowerCase())) s = `_${s}`;
  return s.length > MAX_NAME ? s.slice(0, MAX_NAME) : s;
}

/** Shortest text that reads back as exactly `x`; non-finite becomes 0, −0 becomes 0. */
export function formatLpNumber(x: number): string {
  if (!Number.isFinite(x) || x === 0) return "0";
  return String(x);
}

/** Unique sanitised names, in order; clashes get `_2`, `_3`, … suffixes. */
function uniqueNames(names: readonly string[], taken: Set<string>): string[] {
  return names.map((n) => {
    const base = sanitizeLpName(n);
    let s = base;
    for (let k = 2; taken.has(s.toLowerCase()); k++) s = `${base.slice(0, MAX_NAME - 8)}_${k}`;
    taken.add(s.toLowerCase());
    return s;
  });
}

/** One term: ` + 2.5 x`, ` - x`; the first term of a line without a leading `+`. */
function term(coef: number, name: string, first: boolean): string {
  const sign = coef < 0 ? "-" : "+";
  const a = Math.abs(coef);
  const body = a === 1 ? name : `${formatLpNumber(a)} ${name}`;
  if (first) return sign === "-" ? `- ${body}` : body;
  return ` ${sign} ${body}`;
}

/** Terms as wrapped lines (the caller prefixes the first line). */
function termLines(vars: readonly number[], coefs: readonly number[], names: readonly string[]): string[] {
  const lines: string[] = [];
  let line = "";
  let n = 0;
  for (let k = 0; k < vars.length; k++) {
    const c = coefs[k] ?? 0;
    const name = names[vars[k] ?? -1];
    if (c === 0 || !Number.isFinite(c) || name === undefined) continue;
    if (n > 0 && n % TERMS_PER_LINE === 0) {
      lines.push(line);
      line = "  ";
    }
    line += term(c, name, n === 0);
    n++;
  }
  if (n > 0) lines.push(line);
  return lines;
}

/** Merge repeated variables of one row (sums their coefficients), keeping first-seen order. */
function mergeTerms(vars: readonly number[], coefs: readonly number[]): { vars: readonly number[]; coefs: readonly number[] } {
  const seen = new Set<number>();
  let dup = false;
  for (const v of vars) {
    if (seen.has(v)) {
      dup = true;
      break;
    }
    seen.add(v);
  }
  if (!dup) return { vars, coefs };
  const sum = new Map<number, number>();
  vars.forEach((v, k) => sum.set(v, (sum.get(v) ?? 0) + (coefs[k] ?? 0)));
  return { vars: [...sum.keys()], coefs: [...sum.values()] };
}

function boundLine(name: string, lower: number, upper: number): string | null {
  const lo = Number.isNaN(lower) ? 0 : lower;
  const up = Number.isNaN(upper) ? Number.POSITIVE_INFINITY : upper;
  if (lo === 0 && up === Number.POSITIVE_INFINITY) return null;
  if (lo === Number.NEGATIVE_INFINITY && up === Number.POSITIVE_INFINITY) return ` ${name} free`;
  if (lo === up) return ` ${name} = ${formatLpNumber(lo)}`;
  const left = lo === Number.NEGATIVE_INFINITY ? "-inf" : formatLpNumber(lo);
  const right = up === Number.POSITIVE_INFINITY ? "+inf" : formatLpNumber(up);
  if (up === Number.POSITIVE_INFINITY) return ` ${name} >= ${left}`;
  if (lo === 0) return ` ${name} <= ${right}`;
  return ` ${left} <= ${name} <= ${right}`;
}

/**
 * CPLEX LP text of `model`. Rows without any non-zero term are left out when `0 (sense) rhs`
 * holds, and written with a zero term of the first variable when it does not (so that the
 * reader sees the infeasibility).
 */
export function writeLp(model: LpModel): LpText {
  const taken = new Set<string>();
  const objName = uniqueNames([model.objectiveName], taken)[0] ?? "obj";
  const columnNames = uniqueNames(model.variables.map((v) => v.name), taken);
  const rowNames = uniqueNames(model.constraints.map((c) => c.name), taken);
  const out: string[] = [];
  for (const c of model.comments ?? []) out.push(`\\ ${c.replace(/[\r\n]+/g, " ")}`);
  out.push(model.sense === "maximize" ? "Maximize" : "Minimize");

  const objVars: number[] = [];
  const objCoefs: number[] = [];
  model.variables.forEach((v, i) => {
    if (v.cost !== 0 && Number.isFinite(v.cost)) {
      objVars.push(i);
      objCoefs.push(v.cost);
    }
  });
  const objLines = termLines(objVars, objCoefs, columnNames);
  if (objLines.length === 0 && columnNames.length > 0) objLines.push(`0 ${columnNames[0]}`);
  out.push(` ${objName}: ${objLines.join("\n")}`.trimEnd());

  out.push("Subject To");
  let nonZeros = 0;
  model.constraints.forEach((c, r) => {
    const { vars, coefs } = mergeTerms(c.vars, c.coefs);
    const lines = termLines(vars, coefs, columnNames);
    nonZeros += coefs.filter((x) => x !== 0 && Number.isFinite(x)).length;
    const rhs = Number.isFinite(c.rhs) ? c.rhs : 0;
    if (lines.length === 0) {
      const holds = c.sense === "<=" ? 0 <= rhs : c.sense === ">=" ? 0 >= rhs : rhs === 0;
      if (holds || columnNames.length === 0) return;
      lines.push(`0 ${columnNames[0]}`);
    }
    const last = lines.length - 1;
    lines[last] = `${lines[last]} ${c.sense} ${formatLpNumber(rhs)}`;
    out.push(` ${rowNames[r]}: ${lines.join("\n")}`);
  });

  const bounds: string[] = [];
  model.variables.forEach((v, i) => {
    const b = boundLine(columnNames[i] ?? "_", v.lower, v.upper);
    if (b !== null) bounds.push(b);
  });
  if (bounds.length > 0) out.push("Bounds", ...bounds);
  out.push("End", "");
  return { text: out.join("\n"), columnNames, rowNames, nonZeros };
}
