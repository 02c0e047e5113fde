/**
 * The mark that tells the add-in's sheets from the planner's, and the names of the
 * temporary sheets a write uses. Pure; no Office.js.
 *
 * The mark is a worksheet custom property `SOP.Owner` (ExcelApi 1.12) or, on older
 * Excel, the comment of a worksheet-scoped name `SOP_OWNED`. Its value records the
 * sheet name the add-in gave the sheet: a sheet is the add-in's only while it still
 * carries that name, so a copy the planner makes (`SOP Dashboard (2)`) or a sheet the
 * planner renames to keep it is the planner's from then on and is never replaced.
 */

export const OWNER = "sop-planner";
/** Worksheet custom property holding the mark (ExcelApi 1.12). */
export const OWNER_PROPERTY = "SOP.Owner";
/** Worksheet-scoped name whose comment holds the mark (fallback before ExcelApi 1.12). */
export const OWNER_NAME = "SOP_OWNED";
/** Prefix of the sheets a write works in before it swaps them in (never a planner's name in practice). */
export const TEMP_PREFIX = "~SOP ";

export interface OwnerMark {
  readonly owner: typeof OWNER;
  /** The name the add-in gave the sheet. */
  readonly sheet: string;
  /** The write that created it. */
  readonly run: string;
}

/** The mark's text (JSON, well under the 255 characters a custom property holds). */
export function markText(sheet: string, run: string): string {
  return JSON.stringify({ owner: OWNER, sheet, run });
}

/** Parse a mark; null when the text is not the add-in's mark. */
export function parseMark(text: unknown): OwnerMark | null {
  if (typeof text !== "string" || text === "") return null;
  try {
    const o = JSON.parse(text) as unknown;
    if (typeof o !== "object" || o === null) return null;
    const r = o as Record<string, unknown>;
    if (r.owner !== OWNER || typeof r.sheet !== "string" || typeof r.run !== "string") return null;
    return { owner: OWNER, sheet: r.sheet, run: r.run };
  } catch {
    return null;
  }
}

/** True when a temporary or backup name of the add-in's writes. */
export function isTempName(name: string): boolean {
  return name.startsWith(TEMP_PREFIX);
}

/**
 * True when a sheet carrying `mark` and named `name` is the add-in's: the mark's name is
 * the sheet's name (Excel compares names case-insensitively), or the sheet is a leftover
 * temporary sheet of an interrupted write.
 */
export function ownsSheet(mark: OwnerMark | null, name: string): boolean {
  if (!mark) return false;
  return mark.sheet.toLowerCase() === name.toLowerCase() || isTempName(name);
}

/** Name of the i-th new sheet of a write while it is being written. */
export function tempSheetName(run: string, i: number): string {
  return `${TEMP_PREFIX}new ${run} ${i + 1}`;
}

/** Name an old sheet carries between the swap and its deletion in the last sync. */
export function backupSheetName(run: string, i: number): string {
  return `${TEMP_PREFIX}old ${run} ${i + 1}`;
}

/** A short random id for one write (6 hex digits). */
export function newRunId(): string {
  return Math.floor(Math.random() * 0x1000000)
    .toString(16)
    .padStart(6, "0");
}
