import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

interface CheckResult {
  ok: boolean;
  errors: string[];
  info: string[];
}
type Check = (path: string, opts?: { root?: string; production?: boolean }) => Promise<CheckResult>;

describe("manifest check (offline)", function () {
  this.timeout(60000);
  let checkManifest: Check;
  let dir: string;
  const manifest = readFileSync(join(ROOT, "manifest.xml"), "utf8");

  before(async () => {
    // An ES module script; loaded with a real dynamic import.
    const lib = (await (new Function("p", "return import(p)") as (p: string) => Promise<{ checkManifest: Check }>)(join(ROOT, "scripts/manifest-check-lib.mjs")));
    checkManifest = lib.checkManifest;
    dir = mkdtempSync(join(tmpdir(), "sop-manifest-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const variant = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("the real manifest is valid: XSD, resources, icons, https", async () => {
    const r = await checkManifest(join(ROOT, "manifest.xml"));
    assert.deepEqual(r.errors, []);
    assert.ok(r.ok);
    assert.ok(r.info.some((i) => /XSD: valid/.test(i)));
  });

  it("rejects a misspelled element (XSD)", async () => {
    const r = await checkManifest(variant("m1.xml", manifest.replace("<DisplayName ", "<DisplayNmae ")), { root: ROOT });
    assert.equal(r.ok, false);
    assert.ok(r.errors.some((e) => /DisplayNmae/.test(e)), r.errors.join("\n"));
  });

  it("rejects an Id that is not a GUID", async () => {
    const r = await checkManifest(variant("m2.xml", manifest.replace(/<Id>[^<]*<\/Id>/, "<Id>not-a-guid</Id>")), { root: ROOT });
    assert.equal(r.ok, false);
    assert.ok(r.errors.some((e) => /not-a-guid/.test(e)), r.errors.join("\n"));
  });

  it("rejects a missing icon and an undefined resid", async () => {
    const r = await checkManifest(variant("m3.xml", manifest.replace("icon-80.png", "icon-81.png").replace('resid="Taskpane.Url"', 'resid="Taskpane.Missing"')), { root: ROOT });
    assert.equal(r.ok, false);
    assert.ok(r.errors.some((e) => /icon-81\.png is missing/.test(e)), r.errors.join("\n"));
    assert.ok(r.errors.some((e) => /Taskpane\.Missing/.test(e)), r.errors.join("\n"));
  });

  it("rejects http URLs, wrong permissions and malformed XML", async () => {
    const r = await checkManifest(variant("m4.xml", manifest.replace("https://localhost:3000/taskpane.html", "http://localhost:3000/taskpane.html").replace("ReadWriteDocument", "ReadDocument")), { root: ROOT });
    assert.ok(r.errors.some((e) => /is not https/.test(e)));
    assert.ok(r.errors.some((e) => /ReadWriteDocument/.test(e)));
    const bad = await checkManifest(variant("m5.xml", manifest.slice(0, 400)), { root: ROOT });
    assert.equal(bad.ok, false);
  });

  it("asks for ReadWriteDocument and nothing more, in the manifest and in its production copy", async () => {
    const permissions = (xml: string): string[] => [...xml.matchAll(/<Permissions>([\s\S]*?)<\/Permissions>/g)].map((m) => m[1]!.trim());
    assert.deepEqual(permissions(manifest), ["ReadWriteDocument"]);
    const built = join(ROOT, "dist", "manifest.xml");
    if (existsSync(built)) assert.deepEqual(permissions(readFileSync(built, "utf8")), ["ReadWriteDocument"], "dist/manifest.xml");
    // Any other level is refused by the check.
    for (const other of ["ReadAllDocument", "WriteDocument", "Restricted"]) {
      const r = await checkManifest(variant(`perm-${other}.xml`, manifest.replace("<Permissions>ReadWriteDocument</Permissions>", `<Permissions>${other}</Permissions>`)), { root: ROOT });
      assert.equal(r.ok, false, other);
      assert.ok(r.errors.some((e) => /exactly ReadWriteDocument/.test(e)), r.errors.join("\n"));
    }
  });

  it("rejects a production copy that still points at localhost (the AppDomain too)", async () => {
    const prod = manifest.split("https://localhost:3000/").join("https://sop.example.com/");
    const r = await checkManifest(variant("m6.xml", prod), { root: ROOT, production: true });
    assert.equal(r.ok, false);
    assert.ok(r.errors.some((e) => /https:\/\/localhost:3000 still points at localhost/.test(e)), r.errors.join("\n"));
    const fixed = prod.split("https://localhost:3000").join("https://sop.example.com");
    assert.deepEqual((await checkManifest(variant("m7.xml", fixed), { root: ROOT, production: true })).errors, []);
  });
});
