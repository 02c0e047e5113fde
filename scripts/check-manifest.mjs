#!/usr/bin/env node
// `npm run manifest:check`: offline validation of manifest.xml (and of dist/manifest.xml,
// the production copy, when a build exists). Never touches the network; the online
// validator stays a manual script (`npm run manifest:validate-online`).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { checkManifest } from "./manifest-check-lib.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const targets = [{ path: join(root, "manifest.xml"), root }];
if (existsSync(join(root, "dist", "manifest.xml"))) targets.push({ path: join(root, "dist", "manifest.xml"), root: join(root, "dist"), production: true });

let failed = false;
for (const t of targets) {
  // The production copy points at the production host; its icons are the ones in dist/.
  const r = await checkManifest(t.path, { root: t.root, production: t.production === true });
  const name = t.path.slice(root.length + 1);
  if (r.ok) console.log(`${name}: valid (${r.info.join("; ")})`);
  else {
    failed = true;
    console.error(`${name}: ${r.errors.length} problem(s)`);
    for (const e of r.errors) console.error(`  - ${e}`);
  }
}
process.exitCode = failed ? 1 : 0;
