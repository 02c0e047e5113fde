/**
 * Formulas as an .xlsx file stores them, for the .xlsx writer: no leading `=`, and the
 * `_xlfn.` prefix before functions added to Excel after 2007.
 *
 * Browser-safe and pure.
 */

/**
 * Functions added to Excel after 2007. A file stores them with the `_xlfn.` prefix
 * (`_xlfn.STDEV.S(…)`); without it Excel and LibreOffice both show #NAME?. Sheet specs
 * hold formulas as typed in Excel (what Office.js takes), so the file writer adds it.
 */
const XLFN_FUNCTIONS = new Set(
  (
    "ACOT ACOTH AGGREGATE ARABIC BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR " +
    "BITRSHIFT BITXOR CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST COMBINA CONCAT " +
    "CONFIDENCE.NORM CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL ERF.PRECISE ERFC.PRECISE EXPON.DIST " +
    "F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY " +
    "FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE GAUSS HYPGEOM.DIST IFNA IFS " +
    "ISFORMULA ISOWEEKNUM LOGNORM.DIST LOGNORM.INV MAXIFS MINIFS MODE.MULT MODE.SNGL NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST " +
    "NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC " +
    "PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC RANK.AVG RANK.EQ RRI SEC SECH SHEET SHEETS SKEW.P STDEV.P STDEV.S " +
    "SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TEXTJOIN UNICHAR UNICODE VAR.P VAR.S WEIBULL.DIST WORKDAY.INTL " +
    "XLOOKUP XMATCH XOR Z.TEST"
  ).split(" "),
);

/**
 * A formula as a file stores it: no leading `=`, `_xlfn.` before newer functions (outside
 * string literals and quoted sheet names; never twice).
 *
 * @example fileFormula("=STDEV.S(A1:A9)") // "_xlfn.STDEV.S(A1:A9)"
 */
export function fileFormula(formula: string): string {
  const f = formula.replace(/^\s*=/, "");
  // Split into quoted parts ("text", 'Sheet name') and the rest; only the rest holds function names.
  return f.replace(/("(?:[^"]|"")*"|'(?:[^']|'')*')|([^"']+)/g, (_m, quoted: string | undefined, code: string | undefined) =>
    quoted !== undefined ? quoted : (code ?? "").replace(/(?<![\w.$!])([A-Za-z][A-Za-z0-9.]*)(?=\()/g, (name: string) => (XLFN_FUNCTIONS.has(name.toUpperCase()) ? `_xlfn.${name.toUpperCase()}` : name)),
  );
}
