/** Small builders for the demand-plan tests: a series table from readable rows. */
import type { SeriesTable } from "../../../src/engine/inputs";

/** Consecutive month keys from `from` (`YYYY-MM`), `n` of them. */
export function months(from: string, n: number): string[] {
  const [y, m] = from.split("-").map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const o = y * 12 + m - 1 + i;
    return `${Math.floor(o / 12)}-${String((o % 12) + 1).padStart(2, "0")}`;
  });
}

/** A table: rows of [key, family or null, values (null = blank)]; attribute "Family" unless `attributeName` says otherwise. */
export function table(
  periods: readonly string[],
  rows: readonly (readonly [string, string | null, readonly (number | null)[]])[],
  options: { kind?: "month" | "week"; attributeName?: string | null } = {},
): SeriesTable {
  const w = periods.length;
  const values = new Float64Array(rows.length * w).fill(Number.NaN);
  rows.forEach(([, , vs], i) => vs.forEach((v, j) => (values[i * w + j] = v ?? Number.NaN)));
  const attr = options.attributeName === undefined ? "Family" : options.attributeName;
  return {
    kind: options.kind ?? "month",
    periods,
    keys: rows.map((r) => r[0]),
    attributeNames: attr === null ? [] : [attr],
    attributes: rows.map((r) => (attr === null ? [] : [r[1]])),
    values,
  };
}

/** Every number finite, in any of the arrays. */
export function allFinite(...arrays: ArrayLike<number>[]): boolean {
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}
