/**
 * The .xlsx writer of the file host: the add-in's output sheets (`SheetSpec`s) written straight
 * into a package, merged at the zip level into a base workbook (the previous companion, or the
 * planner's workbook in place) or into a new one.
 *
 * Everything of the base that is not a replaced sheet is kept: the planner's sheets and the
 * add-in's carried-over sheets byte for byte (still compressed), themes, document properties,
 * custom XML, drawings, charts, comments and tables of kept sheets. The writer edits only the
 * sheet list (replaced sheets stay in their tab position), the workbook's relationships and
 * content types, appends its entries to the style and shared-string tables (the base's keep their
 * indices), gives its tables workbook-unique ids, names and parts, and drops calcChain.xml.
 * A base it cannot merge safely is refused with `PackageMergeError` rather than damaged.
 *
 * Browser-safe (the standalone page runs it in a Web Worker): no `fs`, no `Buffer`, no zlib.
 */
import { freeSheetName, isFormulaCell, safeSheetName, type SheetSpec } from "../../workbook/sheetSpec";
import {
  BasePackage,
  type BaseSheet,
  folderOf,
  PackageMergeError,
  relElement,
  relKind,
  relsPathOf,
  relsXml,
  relativeTarget,
} from "./xlsxPackage";
import { attrOf, elementPrefix, findElement, listElements, setAttr, startTag } from "./xlsxPackageXml";
import { ZipWriter } from "./xlsxPackageZip";
import { plannedTableCount, writeSheetXml } from "./xlsxSheetXml";
import { EMPTY_STYLES_XML, StyleTable } from "./xlsxStyleTable";
import { SharedStrings } from "./xlsxWriteStrings";
import { escapeAttr } from "./xlsxWriteText";

export { PackageMergeError };

const CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
const CT_WORKSHEET = `${CT}worksheet+xml`;
const CT_TABLE = `${CT}table+xml`;
const CT_STYLES = `${CT}styles+xml`;
const CT_SST = `${CT}sharedStrings+xml`;
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/** The `calcId` written with `fullCalcOnLoad` when the base has no calcPr (what ExcelJS wrote). */
const CALC_ID = "171027";

/** Which name a requested sheet got. */
export interface WrittenSheet {
  readonly requested: string;
  readonly written: string;
}

/** A sheet of the output, in tab order: a kept base sheet, a replaced one, or a new one. */
interface Slot {
  name: string;
  readonly base: BaseSheet | null;
  spec: SheetSpec | null;
  /** When the spec was placed (table names are given in this order, as the ExcelJS writer did). */
  placed: number;
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Options of a new writer. */
export interface XlsxWriterOptions {
  /** Creator and application of a new package's document properties. */
  readonly creator?: string;
  /** Time stamp of a new package's document properties (default: now). */
  readonly now?: Date;
}

/**
 * Writes sheet specs into a package. `putSheets` places sheets (cheap); `toBytes` builds the
 * package. The base bytes are never changed.
 */
export class XlsxWriter {
  private readonly slots: Slot[];
  private fullCalc = false;
  private placements = 0;

  private constructor(private readonly base: BasePackage) {
    this.slots = base.sheets.map((s) => ({ name: s.name, base: s, spec: null, placed: -1 }));
  }

  /** A writer over a base package (null: a new workbook). Throws `PackageMergeError` when the base cannot be merged safely. */
  static open(base: Uint8Array | null, options: XlsxWriterOptions = {}): XlsxWriter {
    const now = (options.now ?? new Date()).toISOString();
    return new XlsxWriter(BasePackage.open(base, options.creator ?? "S&OP Planner for Excel", now));
  }

  /** Names of the output's sheets in tab order. */
  get sheetNames(): string[] {
    return this.slots.map((s) => s.name);
  }

  /**
   * Place sheet specs. A sheet of the same name that the add-in owns (`owned`, lower case) is
   * replaced in its tab position; a planner's sheet of that name is left untouched and the spec
   * gets a free name (`SOP Data Check (2)`); a free name that is itself an owned sheet from an
   * earlier run is reused; other sheets go at the end. Throws on invalid or duplicate names.
   */
  putSheets(sheets: readonly SheetSpec[], owned: ReadonlySet<string>): WrittenSheet[] {
    const ownedNow = new Set<string>([...owned].map(lower));
    const requestedSeen = new Set<string>();
    for (const s of sheets) {
      if (requestedSeen.has(lower(s.name))) throw new Error(`two output sheets are named '${s.name}'`);
      requestedSeen.add(lower(s.name));
    }
    const writtenNow = new Set<string>();
    const results: WrittenSheet[] = [];
    for (const spec of sheets) {
      if (safeSheetName(spec.name) !== spec.name) {
        throw new Error(`'${spec.name}' is not a valid sheet name (at most 31 characters, none of \\ / ? * [ ] :)`);
      }
      // Excel reserves "History" (the change history of a shared workbook); ExcelJS refused it too.
      if (lower(spec.name) === "history") throw new Error(`The name "${spec.name}" is protected. Please use a different name.`);
      const plannerNames = this.slots.map((s) => s.name).filter((n) => !ownedNow.has(lower(n)));
      const target = freeSheetName(spec.name, [...plannerNames, ...writtenNow]);
      const existing = this.slots.find((s) => s.name === target) ?? this.slots.find((s) => lower(s.name) === lower(target));
      const placed = this.placements++;
      if (existing) {
        existing.name = target;
        existing.spec = spec;
        existing.placed = placed;
      } else this.slots.push({ name: target, base: null, spec, placed });
      ownedNow.add(lower(target));
      writtenNow.add(target);
      results.push({ requested: spec.name, written: target });
    }
    // Formulas written without a cached result are computed when Excel opens the file.
    if (sheets.some((s) => s.rows.some((r) => r.some((v) => isFormulaCell(v))))) this.fullCalc = true;
    return results;
  }

  /** Build the package. */
  toBytes(): Uint8Array {
    const base = this.base;
    const written = this.slots.filter((s) => s.spec !== null);
    const replaced = written.filter((s) => s.base !== null && s.base.part !== "");
    const calcChain = base.workbookRel("calcChain");
    const removed = base.dependentParts([...replaced.map((s) => s.base!.part), ...(calcChain ? [calcChain.part] : [])]);
    const taken = new Set(base.paths.map(lower));
    const wbDir = folderOf(base.workbookPath);
    /** A free part name `folder/stemN.xml` (or `folder/stem.xml` first when `plain`). */
    const newPath = (folder: string, stem: string, plain = false): string => {
      for (let i = plain ? 0 : 1; ; i++) {
        const p = `${folder === "" ? "" : `${folder}/`}${stem}${i === 0 ? "" : i}.xml`;
        if (!taken.has(lower(p))) {
          taken.add(lower(p));
          return p;
        }
      }
    };

    // Relationship ids of the workbook part.
    const relIds = new Set(base.workbookRels.map((r) => r.id));
    const newRelId = (): string => {
      for (let i = 1; ; i++) {
        if (!relIds.has(`rId${i}`)) {
          relIds.add(`rId${i}`);
          return `rId${i}`;
        }
      }
    };
    const wbRels: string[] = base.workbookRels.filter((r) => r.external || !removed.has(lower(r.part)) || replaced.some((s) => s.base!.relId === r.id)).map((r) => r.xml);

    // Parts of the written sheets: a replaced sheet keeps its part name and relationship.
    interface Target {
      readonly slot: Slot;
      readonly part: string;
      readonly relId: string;
      readonly tableParts: string[];
    }
    const targets: Target[] = written.map((slot) => {
      const kept = slot.base !== null && slot.base.part !== "";
      const part = kept ? slot.base!.part : newPath(`${wbDir === "" ? "" : `${wbDir}/`}worksheets`, "sheet");
      // A base sheet whose relationship is missing gets a new one, as a new sheet does.
      const relId = kept ? slot.base!.relId : newRelId();
      if (!kept) wbRels.push(relElement(relId, "worksheet", relativeTarget(wbDir, part)));
      const tableParts: string[] = [];
      for (let i = plannedTableCount(slot.spec!); i > 0; i--) tableParts.push(newPath(`${wbDir === "" ? "" : `${wbDir}/`}tables`, "table"));
      return { slot, part, relId, tableParts };
    });

    // Styles and shared strings: the base's, then ours.
    const stylesRel = base.workbookRel("styles");
    const stylesPath = stylesRel ? base.actualPath(stylesRel.part) : newPath(wbDir, "styles", true);
    const styles = new StyleTable((stylesRel && base.text(stylesPath)) || EMPTY_STYLES_XML);
    if (!stylesRel) wbRels.push(relElement(newRelId(), "styles", relativeTarget(wbDir, stylesPath)));
    const sstRel = base.workbookRel("sharedStrings");
    const sstPath = sstRel ? base.actualPath(sstRel.part) : newPath(wbDir, "sharedStrings", true);
    const sstText = sstRel ? base.text(sstPath) : null;
    const strings = new SharedStrings(sstText);
    if (!sstRel) wbRels.push(relElement(newRelId(), "sharedStrings", relativeTarget(wbDir, sstPath)));

    // Content types.
    const ct = base.contentTypes;
    for (const p of removed) ct.remove(p);
    for (const t of targets) {
      ct.set(t.part, CT_WORKSHEET);
      for (const p of t.tableParts) ct.set(p, CT_TABLE);
    }
    ct.set(stylesPath, CT_STYLES);
    ct.set(sstPath, CT_SST);

    // Table names (unique in the workbook, with the defined names) and ids.
    const tableNames = this.tableNamer();
    let nextTableId = Math.max(0, ...base.tables.map((t) => t.id)) + 1;

    const out = new ZipWriter();
    out.addText("[Content_Types].xml", ct.toXml());
    const rewritten = new Set<string>([
      "[content_types].xml",
      lower(base.workbookPath),
      lower(relsPathOf(base.workbookPath)),
      lower(stylesPath),
      lower(sstPath),
      ...targets.flatMap((t) => [lower(t.part), lower(relsPathOf(t.part))]),
    ]);
    for (const p of base.paths) if (!removed.has(lower(p)) && !rewritten.has(lower(p))) base.copy(out, p);

    out.addText(base.workbookPath, this.workbookXml(targets.map((t) => ({ slot: t.slot, relId: t.relId }))));
    out.addText(relsPathOf(base.workbookPath), relsXml(wbRels));

    for (const t of [...targets].sort((a, b) => a.slot.placed - b.slot.placed)) {
      const stream = out.addStream(t.part);
      const parts = writeSheetXml(t.slot.spec!, { strings, styles, newTable: (wanted) => ({ name: tableNames(wanted, t.slot), id: nextTableId++ }) }, (chunk) => stream.push(chunk));
      stream.end();
      if (parts.tables.length !== t.tableParts.length) throw new Error(`sheet '${t.slot.name}': ${parts.tables.length} tables written, ${t.tableParts.length} planned`);
      parts.tables.forEach((tp, i) => out.addText(t.tableParts[i]!, tp.xml));
      if (parts.tables.length > 0) {
        const dir = folderOf(t.part);
        out.addText(relsPathOf(t.part), relsXml(t.tableParts.map((p, i) => relElement(`rId${i + 1}`, "table", relativeTarget(dir, p)))));
      }
    }
    if (styles.unchanged && stylesRel && base.has(stylesPath)) base.copy(out, stylesPath);
    else out.addText(stylesPath, styles.toXml());
    if (strings.unchanged && sstRel && base.has(sstPath)) base.copy(out, sstPath);
    else out.addText(sstPath, strings.toXml());
    return out.finish();
  }

  /**
   * Table names as the ExcelJS writer gave them: valid, unique (case-insensitive) among the
   * workbook's defined names and the tables present when the table is written (base tables of
   * sheets not replaced yet, and tables written before it).
   */
  private tableNamer(): (wanted: string, slot: Slot) => string {
    const base = this.base;
    const definedNames: string[] = [];
    const p = elementPrefix(base.workbookXml, "workbook") ?? "";
    const dn = findElement(base.workbookXml, p, "definedNames");
    if (dn) {
      for (const el of listElements(base.workbookXml.slice(dn.innerStart, dn.innerEnd), p, "definedName")) {
        const name = attrOf(startTag(el), "name");
        if (name !== undefined && !name.startsWith("_xlnm.")) definedNames.push(lower(name));
      }
    }
    // Base tables by sheet part.
    const tablesOf = new Map<string, string[]>();
    for (const s of base.sheets) {
      const names: string[] = [];
      for (const r of base.rels.get(lower(s.part)) ?? []) {
        if (relKind(r.type) !== "table" || r.external) continue;
        const t = base.tables.find((x) => lower(x.part) === lower(r.part));
        if (t) names.push(...t.names.map(lower));
      }
      tablesOf.set(lower(s.part), names);
    }
    const ours: string[] = [];
    return (wanted: string, slot: Slot): string => {
      const taken = new Set<string>([...definedNames, ...ours]);
      for (const s of this.slots) {
        if (s.base === null) continue;
        const gone = s.spec !== null && s.placed <= slot.placed;
        if (!gone) for (const n of tablesOf.get(lower(s.base.part)) ?? []) taken.add(n);
      }
      const name = tableName(wanted, taken);
      ours.push(lower(name));
      return name;
    };
  }

  /** workbook.xml with the new sheet list, `fullCalcOnLoad`, and names and views that referred to replaced sheets fixed. */
  private workbookXml(targets: readonly { slot: Slot; relId: string }[]): string {
    let xml = this.base.workbookXml;
    const p = elementPrefix(xml, "workbook") ?? "";
    const rp = this.base.relPrefix();
    const relOf = new Map(targets.map((t) => [t.slot, t.relId]));
    let nextSheetId = 1;
    for (const s of this.base.sheets) nextSheetId = Math.max(nextSheetId, Number(attrOf(startTag(s.element), "sheetId") ?? 0) + 1);

    const elements = this.slots.map((slot) => {
      const hidden = slot.spec?.hidden === true;
      if (slot.base !== null && slot.spec === null) return slot.base.element;
      if (slot.base !== null) {
        let tag = startTag(slot.base.element);
        tag = setAttr(tag, "name", escapeAttr(slot.name), true);
        tag = setAttr(tag, "state", hidden ? "hidden" : null);
        if (slot.base.part === "") {
          // Its relationship was missing: it points to the new part now.
          tag = setAttr(tag, `${rp === "" ? "r:" : rp}id`, relOf.get(slot)!);
          if (rp === "") tag = setAttr(tag, "xmlns:r", REL_NS);
        }
        return tag.endsWith("/>") ? tag : tag.replace(/\s*>$/, "/>");
      }
      const ns = rp === "" ? ` xmlns:r="${REL_NS}"` : "";
      return `<${p}sheet name="${escapeAttr(slot.name)}" sheetId="${nextSheetId++}"${hidden ? ' state="hidden"' : ""}${ns} ${rp === "" ? "r:" : rp}id="${relOf.get(slot)!}"/>`;
    });
    const sheets = findElement(xml, p, "sheets")!;
    xml = `${xml.slice(0, sheets.start)}<${p}sheets>${elements.join("")}</${p}sheets>${xml.slice(sheets.end)}`;

    // Print areas, print titles and filter ranges of a replaced sheet go with it (the ExcelJS writer dropped them too).
    const replacedIndex = new Set<number>();
    this.slots.forEach((s, i) => {
      if (s.base !== null && s.spec !== null) replacedIndex.add(i);
    });
    const dn = findElement(xml, p, "definedNames");
    if (dn && !dn.selfClosing && replacedIndex.size > 0) {
      const names = listElements(xml.slice(dn.innerStart, dn.innerEnd), p, "definedName").filter((el) => {
        const tag = startTag(el);
        const local = attrOf(tag, "localSheetId");
        return !((attrOf(tag, "name") ?? "").startsWith("_xlnm.") && local !== undefined && replacedIndex.has(Number(local)));
      });
      xml = names.length > 0 ? `${xml.slice(0, dn.innerStart)}${names.join("")}${xml.slice(dn.innerEnd)}` : `${xml.slice(0, dn.start)}${xml.slice(dn.end)}`;
    }

    if (this.fullCalc) {
      const calc = findElement(xml, p, "calcPr");
      if (calc) xml = `${xml.slice(0, calc.start)}${setAttr(calc.tag, "fullCalcOnLoad", "1")}${xml.slice(calc.innerStart)}`;
      else {
        let at = -1;
        for (const name of ["sheets", "functionGroups", "externalReferences", "definedNames"]) {
          const span = findElement(xml, p, name);
          if (span) at = Math.max(at, span.end);
        }
        xml = `${xml.slice(0, at)}<${p}calcPr calcId="${CALC_ID}" fullCalcOnLoad="1"/>${xml.slice(at)}`;
      }
    }

    // The active tab must be a visible sheet.
    const visible = this.slots.map((s) => (s.spec !== null ? s.spec.hidden !== true : s.base !== null && !s.base.hidden));
    const firstVisible = Math.max(0, visible.indexOf(true));
    xml = xml.replace(new RegExp(`<${p}workbookView\\b[^>]*>`, "g"), (tag) => {
      const active = Number(attrOf(tag, "activeTab") ?? 0);
      let t = tag;
      if (!visible[active]) t = setAttr(t, "activeTab", firstVisible === 0 ? null : String(firstVisible));
      const first = Number(attrOf(t, "firstSheet") ?? 0);
      if (first >= this.slots.length) t = setAttr(t, "firstSheet", null);
      return t;
    });
    return xml;
  }
}

/** A valid, workbook-unique table name (letters, digits, `_`, `.`; not a cell address); `taken` is lower case. */
export function tableName(wanted: string, taken: ReadonlySet<string>): string {
  let base = wanted.replace(/[^A-Za-z0-9_.\\]/g, "_");
  if (!/^[A-Za-z_\\]/.test(base)) base = `_${base}`;
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(base) || /^[RrCc]$/.test(base) || /^[Rr][0-9]*[Cc][0-9]*$/.test(base)) base = `_${base}`;
  base = base.slice(0, 250);
  let name = base;
  for (let i = 2; taken.has(lower(name)); i++) name = `${base}_${i}`;
  return name;
}

/**
 * Write sheet specs into a base workbook (null: a new one) and return the new package and the
 * name each sheet got; see `XlsxWriter.putSheets` for how names are given.
 */
export function writeXlsx(base: Uint8Array | null, sheets: readonly SheetSpec[], owned: ReadonlySet<string>, options: XlsxWriterOptions = {}): { bytes: Uint8Array; sheets: WrittenSheet[] } {
  const w = XlsxWriter.open(base, options);
  const written = w.putSheets(sheets, owned);
  return { bytes: w.toBytes(), sheets: written };
}
