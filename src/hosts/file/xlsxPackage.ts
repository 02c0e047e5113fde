/**
 * The base package of an .xlsx write (the previous companion, the planner's workbook in place,
 * or an empty package): its parts, relationships, content types and sheet list, read without
 * touching the content of anything the writer keeps, and the bookkeeping of a zip-level merge
 * (which parts a replaced sheet takes with it, new part names, content types).
 *
 * Browser-safe and pure.
 */
import { entryText, PackageMergeError, readZipEntries, type ZipEntry, type ZipWriter } from "./xlsxPackageZip";
import { attrOf, elementPrefix, findElement, listElements, startTag } from "./xlsxPackageXml";
import { freshPackageParts } from "./xlsxPackageFresh";

export { PackageMergeError };

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
/** Relationship types (the last segment of the type URI). */
export const REL_TYPE_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/** One relationship of a part. */
export interface Rel {
  readonly id: string;
  /** The full type URI. */
  readonly type: string;
  /** The target as written. */
  readonly target: string;
  /** The target's part path (no leading slash); "" for an external target. */
  readonly part: string;
  readonly external: boolean;
  /** The `<Relationship …/>` element as written. */
  readonly xml: string;
}

/** The last segment of a relationship type (`worksheet`, `sharedStrings`). */
export function relKind(type: string): string {
  return type.slice(type.lastIndexOf("/") + 1);
}

/** A part path resolved against a folder (`xl` + `worksheets/sheet1.xml`, `/xl/x.xml`, `../tables/t.xml`). */
export function resolvePath(dir: string, target: string): string {
  const parts = target.startsWith("/") ? [] : dir.split("/").filter((p) => p !== "");
  for (const p of target.replace(/^\//, "").split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return parts.join("/");
}

/** The folder of a part path (`xl/worksheets` of `xl/worksheets/sheet1.xml`). */
export function folderOf(part: string): string {
  const i = part.lastIndexOf("/");
  return i < 0 ? "" : part.slice(0, i);
}

/** The relationships part of a part (`xl/worksheets/_rels/sheet1.xml.rels`; `_rels/.rels` for the package, ""). */
export function relsPathOf(part: string): string {
  const i = part.lastIndexOf("/");
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** A target for a part, relative to the folder of the part that refers to it. */
export function relativeTarget(fromDir: string, part: string): string {
  const from = fromDir === "" ? [] : fromDir.split("/");
  const to = part.split("/");
  let k = 0;
  while (k < from.length && k < to.length - 1 && from[k] === to[k]) k++;
  return [...from.slice(k).map(() => ".."), ...to.slice(k)].join("/");
}

/** Parse a relationships part; `source` is the part it belongs to ("" for the package). */
export function parseRels(xml: string, source: string): Rel[] {
  const dir = folderOf(source);
  const out: Rel[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*\/?>/g)) {
    const tag = m[0];
    const id = attrOf(tag, "Id");
    if (id === undefined) continue;
    const type = attrOf(tag, "Type") ?? "";
    const target = attrOf(tag, "Target") ?? "";
    const external = attrOf(tag, "TargetMode") === "External";
    out.push({ id, type, target, part: external ? "" : resolvePath(dir, target), external, xml: tag });
  }
  return out;
}

/** A relationships part from its elements. */
export function relsXml(elements: readonly string[]): string {
  return `${XML_HEAD}<Relationships xmlns="${PKG_RELS}">${elements.join("")}</Relationships>`;
}

/** A `<Relationship/>` element. */
export function relElement(id: string, kind: string, target: string): string {
  return `<Relationship Id="${id}" Type="${REL_TYPE_BASE}${kind}" Target="${target}"/>`;
}

/** `[Content_Types].xml`: defaults by extension and overrides by part. */
export class ContentTypes {
  private readonly p: string;
  private readonly head: string;
  private readonly defaults: string[] = [];
  /** Lower-case part path (no leading slash) → override element. */
  private readonly overrides = new Map<string, string>();

  constructor(xml: string) {
    const p = elementPrefix(xml, "Types");
    if (p === null) throw new PackageMergeError("the workbook's [Content_Types].xml is damaged");
    const root = findElement(xml, p, "Types")!;
    this.head = xml.slice(0, root.innerStart).replace(/\/>$/, ">");
    const inner = xml.slice(root.innerStart, root.innerEnd);
    for (const d of listElements(inner, p, "Default")) this.defaults.push(d);
    for (const o of listElements(inner, p, "Override")) {
      const part = (attrOf(startTag(o), "PartName") ?? "").replace(/^\//, "");
      this.overrides.set(part.toLowerCase(), o);
    }
    this.p = p;
  }

  /** The content type of a part (override, else its extension's default), or undefined. */
  typeOf(part: string): string | undefined {
    const o = this.overrides.get(part.toLowerCase());
    if (o !== undefined) return attrOf(startTag(o), "ContentType");
    const ext = part.slice(part.lastIndexOf(".") + 1).toLowerCase();
    for (const d of this.defaults) if ((attrOf(startTag(d), "Extension") ?? "").toLowerCase() === ext) return attrOf(startTag(d), "ContentType");
    return undefined;
  }

  remove(part: string): void {
    this.overrides.delete(part.toLowerCase());
  }

  set(part: string, contentType: string): void {
    this.overrides.set(part.toLowerCase(), `<${this.p}Override PartName="/${part}" ContentType="${contentType}"/>`);
  }

  toXml(): string {
    return `${this.head}${this.defaults.join("")}${[...this.overrides.values()].join("")}</${this.p}Types>`;
  }
}

/** One sheet of the base workbook, in tab order. */
export interface BaseSheet {
  readonly name: string;
  /** The `<sheet …/>` element as written in workbook.xml. */
  readonly element: string;
  readonly relId: string;
  /** The sheet's part (no leading slash), "" when its relationship is missing. */
  readonly part: string;
  readonly hidden: boolean;
}

/** A table part of the base package. */
export interface BaseTable {
  readonly part: string;
  readonly id: number;
  readonly names: readonly string[];
}

/** The base of a write: a zip package (bytes) or the parts of an empty one (texts). */
export class BasePackage {
  /** Lower-case path → entry (zip base). */
  private readonly entries = new Map<string, ZipEntry>();
  /** Path → text (empty base). */
  private readonly texts: Map<string, string>;
  /** Every part path as written, in package order. */
  readonly paths: readonly string[];
  readonly contentTypes: ContentTypes;
  readonly workbookPath: string;
  readonly workbookXml: string;
  readonly workbookRels: readonly Rel[];
  readonly sheets: readonly BaseSheet[];
  readonly tables: readonly BaseTable[];
  /** Relationships of every part that has some (source part → rels). */
  readonly rels: ReadonlyMap<string, readonly Rel[]>;

  private constructor(
    private readonly bytes: Uint8Array | null,
    texts: Map<string, string> | null,
  ) {
    this.texts = texts ?? new Map();
    const paths: string[] = [];
    if (bytes) {
      for (const e of readZipEntries(bytes)) {
        const key = e.name.toLowerCase();
        if (this.entries.has(key)) throw new PackageMergeError(`the workbook holds the part ${e.name} twice`);
        this.entries.set(key, e);
        paths.push(e.name);
      }
    } else paths.push(...this.texts.keys());
    this.paths = paths;

    const ct = this.text("[Content_Types].xml");
    if (ct === null) throw new PackageMergeError("the workbook has no [Content_Types].xml part");
    this.contentTypes = new ContentTypes(ct);

    const rels = new Map<string, Rel[]>();
    for (const path of paths) {
      const m = /^(.*?)_rels\/([^/]*)\.rels$/i.exec(path);
      if (!m) continue;
      const source = `${m[1]}${m[2]}`;
      rels.set(source.toLowerCase(), parseRels(this.text(path) ?? "", source));
    }
    this.rels = rels;
    const root = rels.get("") ?? [];
    const office = root.find((r) => relKind(r.type) === "officeDocument" && !r.external);
    if (!office) throw new PackageMergeError("the workbook has no main part (officeDocument relationship)");
    this.workbookPath = this.actualPath(office.part);
    const wb = this.text(this.workbookPath);
    if (wb === null) throw new PackageMergeError(`the workbook's main part ${office.part} is missing`);
    if (/purl\.oclc\.org\/ooxml\//.test(wb.slice(0, 2000))) {
      throw new PackageMergeError("the workbook is saved as Strict Open XML; save it as an Excel Workbook (.xlsx) first");
    }
    this.workbookXml = wb;
    this.workbookRels = rels.get(this.workbookPath.toLowerCase()) ?? [];

    const p = elementPrefix(wb, "workbook");
    if (p === null) throw new PackageMergeError("the workbook's main part has no workbook element");
    const sheetsSpan = findElement(wb, p, "sheets");
    if (!sheetsSpan) throw new PackageMergeError("the workbook's main part has no sheet list");
    const relPrefix = this.relPrefix();
    const sheets: BaseSheet[] = [];
    for (const element of listElements(wb.slice(sheetsSpan.innerStart, sheetsSpan.innerEnd), p, "sheet")) {
      const tag = startTag(element);
      const name = attrOf(tag, "name");
      const relId = attrOf(tag, `${relPrefix}id`) ?? "";
      if (name === undefined) throw new PackageMergeError("a sheet of the workbook has no name");
      const rel = this.workbookRels.find((r) => r.id === relId);
      const state = attrOf(tag, "state");
      sheets.push({ name, element, relId, part: rel && !rel.external ? this.actualPath(rel.part) : "", hidden: state === "hidden" || state === "veryHidden" });
    }
    this.sheets = sheets;

    const tables: BaseTable[] = [];
    for (const path of paths) {
      const type = this.contentTypes.typeOf(path) ?? "";
      if (!/spreadsheetml\.table\+xml$/.test(type)) continue;
      const xml = this.text(path) ?? "";
      const tp = elementPrefix(xml, "table");
      const tag = tp === null ? "" : (findElement(xml, tp, "table")?.tag ?? "");
      const names = [attrOf(tag, "name"), attrOf(tag, "displayName")].filter((n): n is string => n !== undefined);
      tables.push({ part: path, id: Number(attrOf(tag, "id") ?? 0) || 0, names });
    }
    this.tables = tables;
  }

  /** Open a base package from its bytes, or an empty package when there are none. Throws `PackageMergeError` when it cannot be merged safely. */
  static open(bytes: Uint8Array | null, creator: string, now: string): BasePackage {
    return bytes ? new BasePackage(bytes, null) : new BasePackage(null, freshPackageParts(creator, now));
  }

  /** The namespace prefix for relationship ids in workbook.xml (`r:`), "" when none is declared. */
  relPrefix(): string {
    const root = /<(?:\w+:)?workbook\b[^>]*>/.exec(this.workbookXml)?.[0] ?? "";
    const m = /\sxmlns:(\w+)\s*=\s*["']http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships["']/.exec(root);
    return m ? `${m[1]}:` : "";
  }

  /** A part's path as the package spells it (part names compare case-insensitively). */
  actualPath(part: string): string {
    if (this.bytes) return this.entries.get(part.toLowerCase())?.name ?? part;
    for (const k of this.texts.keys()) if (k.toLowerCase() === part.toLowerCase()) return k;
    return part;
  }

  has(part: string): boolean {
    return this.bytes ? this.entries.has(part.toLowerCase()) : [...this.texts.keys()].some((k) => k.toLowerCase() === part.toLowerCase());
  }

  /** A part's text, or null when the package has no such part. */
  text(part: string): string | null {
    if (this.bytes) {
      const e = this.entries.get(part.toLowerCase());
      return e ? entryText(this.bytes, e) : null;
    }
    return this.texts.get(this.actualPath(part)) ?? null;
  }

  /** Copy a part into the new package unchanged (still compressed when it comes from a zip). */
  copy(out: ZipWriter, part: string): void {
    if (this.bytes) {
      const e = this.entries.get(part.toLowerCase());
      if (e) out.addRaw(this.bytes, e);
      return;
    }
    const t = this.texts.get(this.actualPath(part));
    if (t !== undefined) out.addText(this.actualPath(part), t);
  }

  /** A workbook relationship of one kind (`styles`, `sharedStrings`), or undefined. */
  workbookRel(kind: string): Rel | undefined {
    return this.workbookRels.find((r) => relKind(r.type) === kind && !r.external);
  }

  /**
   * Parts that go when the given parts are removed: those parts, every part only they lead
   * to (tables, drawings, comments, printer settings of a replaced sheet), and the
   * relationships parts of all of them. Parts the package never refers to are kept.
   */
  dependentParts(removed: readonly string[]): Set<string> {
    const gone = new Set(removed.map((p) => p.toLowerCase()));
    const reach = (skip: ReadonlySet<string>): Set<string> => {
      const seen = new Set<string>();
      const stack = [""];
      while (stack.length > 0) {
        const part = stack.pop()!;
        for (const r of this.rels.get(part) ?? []) {
          if (r.external) continue;
          const t = r.part.toLowerCase();
          if (skip.has(t) || seen.has(t)) continue;
          seen.add(t);
          stack.push(t);
        }
      }
      return seen;
    };
    const before = reach(new Set());
    const after = reach(gone);
    const out = new Set<string>();
    for (const p of before) if (!after.has(p)) out.add(p);
    for (const p of gone) out.add(p);
    for (const p of [...out]) out.add(relsPathOf(p).toLowerCase());
    return out;
  }
}
