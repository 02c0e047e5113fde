// Offline check of the add-in's XML manifest (no network):
//  0. office-addin-manifest reads it (what `office-addin-manifest info` shows);
//  1. XSD validation against Microsoft's published task-pane schemas in
//     ../shared/schemas/office-manifest, patched in memory exactly as that folder's README
//     describes (https → http XSD namespace, the lazy quantifier, two stub schemas), with
//     xmllint-wasm;
//  2. what XSDs cannot check: every resid is defined, every icon file exists with the pixel
//     size its id or attribute says, every URL is https, the Id is a GUID, the permissions
//     are ReadWriteDocument.
// Used by `npm run manifest:check` (scripts/check-manifest.mjs) and the tests.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { validateXML } from "xmllint-wasm";

const require = createRequire(import.meta.url);
const { OfficeAddinManifest } = require("office-addin-manifest");

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, "..");

/** Where the schemas live: ../shared next to the repo (also in CI's clone). */
export function defaultSchemaDir() {
  return resolve(ROOT, "..", "shared", "schemas", "office-manifest");
}

/** The XSDs, patched in memory as the schemas README says; the files are not changed. */
function patchedSchemas(schemaDir) {
  const files = readdirSync(schemaDir).filter((f) => f.endsWith(".xsd"));
  const out = files.map((f) => ({
    fileName: f,
    contents: readFileSync(join(schemaDir, f), "utf8")
      .replace(/https:\/\/www\.w3\.org\//g, "http://www.w3.org/")
      .replace(/\{0,3\}\?"/g, '{0,3}"'),
  }));
  for (const [ns, file] of [
    ["contentappversionoverrides", "ContentAppVersionOverridesV1_0"],
    ["mailappversionoverrides/1.1", "MailAppVersionOverridesV1_1"],
  ]) {
    out.push({
      fileName: `${file}.xsd`,
      contents: `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://schemas.microsoft.com/office/${ns}"><xs:element name="VersionOverrides"/></xs:schema>\n`,
    });
  }
  return out;
}

/** Width and height of a PNG from its IHDR chunk, or null when the file is not a PNG. */
export function pngSize(bytes) {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || sig.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const attr = (tag, name) => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : undefined;
};

/**
 * Check a manifest. `root` is the folder that `https://<host>/` maps to for icon files
 * (the project root: assets/icons/…). `production: true` (the dist/ copy) also requires that
 * no localhost URL is left. Returns { ok, errors: string[], info: string[] }.
 */
export async function checkManifest(manifestPath, { root = ROOT, schemaDir = defaultSchemaDir(), production = false } = {}) {
  const errors = [];
  const info = [];
  if (!existsSync(manifestPath)) return { ok: false, errors: [`${manifestPath} does not exist`], info };
  const xml = readFileSync(manifestPath, "utf8");

  // 0. What `office-addin-manifest info` reads (offline): the manifest must parse.
  try {
    const m = await OfficeAddinManifest.readManifestFile(manifestPath);
    info.push(`${m.displayName ?? "?"} ${m.version ?? "?"} for ${(m.hosts ?? []).join(", ")}`);
  } catch (e) {
    errors.push(`office-addin-manifest cannot read it: ${String(e instanceof Error ? e.message : e).split("\n")[0]}`);
    return { ok: false, errors, info };
  }

  // 1. XSD.
  if (!existsSync(join(schemaDir, "OfficeAppManifestV1_1.xsd"))) {
    errors.push(`schemas not found in ${schemaDir}`);
  } else {
    const schemas = patchedSchemas(schemaDir);
    const entry = schemas.find((s) => s.fileName === "OfficeAppManifestV1_1.xsd");
    const result = await validateXML({
      xml: [{ fileName: "manifest.xml", contents: xml }],
      schema: [entry],
      preload: schemas.filter((s) => s !== entry),
    });
    if (result.valid) info.push("XSD: valid against OfficeAppManifestV1_1 (task pane set)");
    for (const e of result.errors) errors.push(`XSD: ${e.rawMessage ?? e.message}${e.loc ? ` (line ${e.loc.lineNumber})` : ""}`);
  }

  // 2. What the XSDs cannot see.
  const id = /<Id>([^<]*)<\/Id>/.exec(xml)?.[1];
  if (!id || !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(id)) errors.push(`Id '${id ?? ""}' is not a GUID`);
  const perm = /<Permissions>([^<]*)<\/Permissions>/.exec(xml)?.[1];
  if (perm !== "ReadWriteDocument") errors.push(`Permissions is '${perm ?? ""}'; the add-in needs exactly ReadWriteDocument`);
  if (!/<Host Name="Workbook"\s*\/>/.test(xml)) errors.push("the manifest does not declare <Host Name=\"Workbook\"/> (Excel)");

  const defined = new Map();
  for (const m of xml.matchAll(/<bt:(Image|Url|String)\b[^>]*>/g)) {
    const idv = attr(m[0], "id");
    if (idv) defined.set(idv, { kind: m[1], value: attr(m[0], "DefaultValue") ?? "" });
  }
  for (const m of xml.matchAll(/\bresid="([^"]*)"/g)) {
    if (!defined.has(m[1])) errors.push(`resid '${m[1]}' is used but not defined in <Resources>`);
  }

  const urls = [...xml.matchAll(/DefaultValue="(https?:\/\/[^"]*)"/g)].map((m) => m[1]);
  for (const u of [...xml.matchAll(/<AppDomain>([^<]*)<\/AppDomain>/g)].map((m) => m[1])) urls.push(u);
  for (const u of urls) if (!u.startsWith("https://")) errors.push(`URL ${u} is not https`);
  if (production) {
    for (const u of urls) if (/^https?:\/\/(localhost|127\.0\.0\.1)([:/]|$)/i.test(u)) errors.push(`URL ${u} still points at localhost in the production manifest`);
  }

  // Icons: the file behind each icon URL must exist with the declared pixel size.
  const icons = [];
  for (const m of xml.matchAll(/<(IconUrl|HighResolutionIconUrl)\s+DefaultValue="([^"]*)"/g)) icons.push({ url: m[2], size: m[1] === "IconUrl" ? 32 : 64, what: m[1] });
  for (const [idv, d] of defined) {
    if (d.kind !== "Image") continue;
    const s = /(\d+)x\1/.exec(idv);
    icons.push({ url: d.value, size: s ? Number(s[1]) : null, what: `bt:Image ${idv}` });
  }
  // `root` is the folder of the task pane page (SourceLocation), so that a production URL with a
  // path (https://host/sop/) maps https://host/sop/assets/… to <root>/assets/….
  const source = /<SourceLocation\s+DefaultValue="([^"]*)"/.exec(xml)?.[1] ?? "";
  const siteBase = source.slice(0, source.lastIndexOf("/") + 1);
  for (const icon of icons) {
    let path;
    try {
      const rel = siteBase && icon.url.startsWith(siteBase) ? `/${icon.url.slice(siteBase.length).replace(/[?#].*$/, "")}` : new URL(icon.url).pathname;
      path = join(root, decodeURIComponent(rel));
    } catch {
      errors.push(`${icon.what}: '${icon.url}' is not a URL`);
      continue;
    }
    if (!existsSync(path)) {
      errors.push(`${icon.what}: icon file ${path} is missing`);
      continue;
    }
    const size = pngSize(readFileSync(path));
    if (size === null) errors.push(`${icon.what}: ${path} is not a PNG`);
    else if (icon.size !== null && (size.width !== icon.size || size.height !== icon.size)) {
      errors.push(`${icon.what}: ${path} is ${size.width}×${size.height}, expected ${icon.size}×${icon.size}`);
    }
  }
  if (errors.length === 0) info.push(`resources, ${icons.length} icons and ${urls.length} URLs checked`);
  return { ok: errors.length === 0, errors, info };
}
