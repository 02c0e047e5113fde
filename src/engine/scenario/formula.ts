/**
 * Formula values of scenario levers (DESIGN.md §6): `=growth * 1.5` over named drivers, evaluated
 * with mathjs in a restricted scope.
 *
 * Two fences, following the mathjs security guide (https://mathjs.org/docs/expressions/security.html):
 * 1. a private mathjs instance (`create(all)`, predictable: a square root of a negative number is
 *    NaN, not a complex number) in which `import`, `createUnit`, `evaluate`, `parse`, `compile`,
 *    `simplify`, `derivative`, `resolve`, `reviver` and the other expression-level functions are
 *    replaced by functions that throw;
 * 2. the text is parsed (with the parser kept aside before it was disabled) and the node tree is
 *    walked before anything is evaluated. Accepted: numbers (ConstantNode), drivers (SymbolNode),
 *    + − * / ^ mod, unary − and +, parentheses, and calls of abs, min, max, round, floor, ceil,
 *    sqrt, exp, log, pow, mod. Everything else is refused with its reason: function definitions,
 *    assignments, property access and indexing, objects, arrays and matrices, several statements,
 *    conditionals, ranges, comparisons, strings, booleans, units and unknown names.
 * A leading `=` is allowed and ignored. The result must be a finite number.
 *
 * Driver names match case-insensitively (Excel names do). `evaluateFormula` never throws. Pure;
 * the mathjs instance is created once, on first use.
 */
// @ts-expect-error TS1479 (module Node16): mathjs' type declarations are ES-module format; at run time
// `require("mathjs")` loads its CommonJS build (package exports), so the import works in tsx, mocha and webpack.
import { all, create, type MathJsInstance, type MathNode } from "mathjs";
import type { DriverValues, FormulaResult } from "./types";

/** Functions a formula may call. */
export const ALLOWED_FUNCTIONS: readonly string[] = ["abs", "min", "max", "round", "floor", "ceil", "sqrt", "exp", "log", "pow", "mod"];

/** Operators a formula may use (mathjs operator function names). */
const ALLOWED_OPERATORS: ReadonlySet<string> = new Set(["add", "subtract", "multiply", "divide", "pow", "mod", "unaryMinus", "unaryPlus"]);

/** Functions of the instance replaced by ones that throw (the security guide's list and their relatives). */
const DISABLED: readonly string[] = [
  "import",
  "createUnit",
  "reviver",
  "evaluate",
  "parse",
  "compile",
  "parser",
  "simplify",
  "simplifyConstant",
  "simplifyCore",
  "rationalize",
  "derivative",
  "resolve",
  "symbolicEqual",
  "leafCount",
  "chain",
];

/** Longest formula text accepted. */
const MAX_LENGTH = 500;

interface Restricted {
  readonly math: MathJsInstance;
  readonly parse: (text: string) => MathNode;
}

let restricted: Restricted | null = null;

/** The private mathjs instance with the dangerous functions disabled, and its parser kept aside. */
function instance(): Restricted {
  if (restricted !== null) return restricted;
  const math = create(all ?? {}, { predictable: true });
  const parse = math.parse.bind(math) as (text: string) => MathNode;
  const blocked: Record<string, () => never> = {};
  for (const name of DISABLED) {
    blocked[name] = () => {
      throw new Error(`function ${name} is disabled`);
    };
  }
  math.import(blocked, { override: true });
  restricted = { math, parse: (text: string) => parse(text) };
  return restricted;
}

/** The restricted mathjs instance (for tests: its disabled functions throw). */
export function restrictedMath(): MathJsInstance {
  return instance().math;
}

/** Reads one property of a node (mathjs nodes are plain objects with typed fields per node type). */
function field(node: MathNode, name: string): unknown {
  return (node as unknown as Record<string, unknown>)[name];
}

function childNodes(node: MathNode): MathNode[] {
  const out: MathNode[] = [];
  node.forEach((child) => {
    out.push(child);
  });
  return out;
}

/** Looks a driver up: exact name first, then case-insensitively. */
function findDriver(drivers: DriverValues, name: string): number | undefined {
  const entries: [string, number][] = drivers instanceof Map ? [...drivers.entries()] : Object.entries(drivers as Readonly<Record<string, number>>);
  const exact = entries.find(([k]) => k === name);
  if (exact) return exact[1];
  const lower = name.toLowerCase();
  return entries.find(([k]) => k.trim().toLowerCase() === lower)?.[1];
}

/** Why a node is refused, or null when it and its children are acceptable; collects the driver values used. */
function check(node: MathNode, drivers: DriverValues, scope: Map<string, number>, math: MathJsInstance): string | null {
  switch (node.type) {
    case "ConstantNode": {
      const v = field(node, "value");
      if (typeof v === "number") return Number.isFinite(v) ? null : `${String(v)} is not a finite number`;
      if (typeof v === "string") return `text ("${v}") is not allowed: only numbers and drivers`;
      if (typeof v === "boolean") return `true/false is not allowed: only numbers and drivers`;
      return `${String(v)} is not allowed: only numbers and drivers`;
    }
    case "SymbolNode": {
      const name = String(field(node, "name"));
      const value = findDriver(drivers, name);
      if (value !== undefined) {
        if (!Number.isFinite(value)) return `driver '${name}' is not a finite number`;
        scope.set(name, value);
        return null;
      }
      if (name === "Infinity" || name === "NaN") return `${name} is not a finite number`;
      if (ALLOWED_FUNCTIONS.includes(name)) return `function '${name}' needs arguments in parentheses`;
      if (math.Unit.isValuelessUnit(name)) return `units are not allowed ('${name}')`;
      return `unknown driver '${name}'`;
    }
    case "OperatorNode": {
      const fn = String(field(node, "fn"));
      const op = String(field(node, "op"));
      if (!ALLOWED_OPERATORS.has(fn)) return `operator '${op}' is not allowed (only + - * / ^ mod)`;
      break;
    }
    case "ParenthesisNode":
      break;
    case "FunctionNode": {
      const fn = field(node, "fn") as MathNode;
      const name = fn.type === "SymbolNode" ? String(field(fn, "name")) : "";
      if (name === "") return "only calls of named functions are allowed";
      if (DISABLED.includes(name)) return `function '${name}' is disabled`;
      if (!ALLOWED_FUNCTIONS.includes(name)) return `function '${name}' is not allowed (allowed: ${ALLOWED_FUNCTIONS.join(", ")})`;
      const args = field(node, "args") as MathNode[];
      if (args.length === 0) return `function '${name}' needs arguments`;
      for (const a of args) {
        const r = check(a, drivers, scope, math);
        if (r !== null) return r;
      }
      return null;
    }
    case "FunctionAssignmentNode":
      return "function definitions are not allowed";
    case "AssignmentNode":
      return "assignments are not allowed";
    case "AccessorNode":
    case "IndexNode":
      return "property access is not allowed";
    case "ObjectNode":
      return "objects are not allowed";
    case "ArrayNode":
      return "arrays and matrices are not allowed";
    case "BlockNode":
      return "several statements are not allowed: one expression only";
    case "ConditionalNode":
      return "conditional expressions (a ? b : c) are not allowed";
    case "RangeNode":
      return "ranges (a:b) are not allowed";
    case "RelationalNode":
      return "comparisons are not allowed";
    default:
      return `${node.type} is not allowed`;
  }
  for (const child of childNodes(node)) {
    const r = check(child, drivers, scope, math);
    if (r !== null) return r;
  }
  return null;
}

/**
 * Evaluates a lever's formula value over named drivers, in the restricted scope described above.
 * Returns the finite number and the drivers used, or the reason the formula was refused. Never throws.
 */
export function evaluateFormula(text: string, drivers: DriverValues = {}): FormulaResult {
  let body = text.trim();
  if (body.startsWith("=")) body = body.slice(1).trim();
  if (body === "") return { ok: false, reason: "the formula is empty" };
  if (body.length > MAX_LENGTH) return { ok: false, reason: `the formula is longer than ${MAX_LENGTH} characters` };
  try {
    const { math, parse } = instance();
    let node: MathNode;
    try {
      node = parse(body);
    } catch (err) {
      return { ok: false, reason: `not a formula: ${err instanceof Error ? err.message : String(err)}` };
    }
    const scope = new Map<string, number>();
    const refused = check(node, drivers, scope, math);
    if (refused !== null) return { ok: false, reason: refused };
    const value: unknown = node.compile().evaluate(scope);
    if (typeof value !== "number") return { ok: false, reason: "the result is not a number" };
    if (!Number.isFinite(value)) return { ok: false, reason: `the result is not a finite number (${String(value)})` };
    return { ok: true, value: Object.is(value, -0) ? 0 : value, drivers: [...scope.keys()] };
  } catch (err) {
    return { ok: false, reason: `the formula could not be evaluated: ${err instanceof Error ? err.message : String(err)}` };
  }
}
