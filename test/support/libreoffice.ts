/**
 * Recalculate an .xlsx file with LibreOffice (headless), for tests that check the formulas
 * the add-in writes against the values the engine cached.
 *
 * LibreOffice ignores `fullCalcOnLoad` and keeps cached values unless told otherwise, so each
 * call uses a private profile whose `registrymodifications.xcu` sets the OOXML and ODF
 * "recalculation on load" modes to 0 (always recalculate) – see TOOLCHAIN.md. The profile
 * also keeps the test away from any LibreOffice instance or profile of the machine's user.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

/** Where `soffice` is: the first hit on PATH, else `/usr/bin/soffice`; null when neither exists. */
export function sofficePath(): string | null {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter((d) => d !== "");
  for (const d of [...dirs, "/usr/bin"]) {
    const p = path.join(d, "soffice");
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** True when LibreOffice (`soffice`) can be run. */
export function libreOfficeAvailable(): boolean {
  return sofficePath() !== null;
}

/** The private profile's settings: recalculate every formula when loading .xlsx and .ods files. */
const REGISTRY = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export interface RecalculatedFile {
  /** The file name given (the recalculated copy has the same name). */
  readonly name: string;
  /** The recalculated workbook LibreOffice wrote (inside `dir`). */
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface Recalculated {
  /** The recalculated workbooks, in the order given. */
  readonly files: readonly RecalculatedFile[];
  /** The temporary folder holding the profile, the input copies and the outputs. */
  readonly dir: string;
  /** Remove `dir`. */
  cleanup(): void;
}

/** A workbook to recalculate: its bytes (with a file name) or a path. */
export type XlsxInput = string | { readonly name: string; readonly bytes: Uint8Array };

export interface RecalcOptions {
  /** Kill LibreOffice after this many milliseconds (default 120 000). */
  readonly timeoutMs?: number;
}

function run(cmd: string, args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * Open .xlsx workbooks in LibreOffice with a private profile that recalculates every formula on
 * load, and save each again as .xlsx – all in one LibreOffice start (about a second or two).
 * Returns the files it wrote; the caller removes them with `cleanup()`. Throws when LibreOffice
 * is missing, fails, or writes nothing.
 */
export async function recalculateXlsx(inputs: XlsxInput | readonly XlsxInput[], options: RecalcOptions = {}): Promise<Recalculated> {
  const soffice = sofficePath();
  if (!soffice) throw new Error("LibreOffice (soffice) is not installed: apt-get install -y --no-install-recommends libreoffice-calc");
  const list: readonly XlsxInput[] = Array.isArray(inputs) ? inputs : [inputs as XlsxInput];
  if (list.length === 0) throw new Error("no workbook to recalculate");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sop-lo-"));
  const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const profile = path.join(dir, ".lo-profile");
    fs.mkdirSync(path.join(profile, "user"), { recursive: true });
    fs.writeFileSync(path.join(profile, "user", "registrymodifications.xcu"), REGISTRY);
    const inDir = path.join(dir, "in");
    const outDir = path.join(dir, "out");
    fs.mkdirSync(inDir);
    fs.mkdirSync(outDir);
    const names: string[] = [];
    for (const input of list) {
      const name = typeof input === "string" ? path.basename(input) : path.basename(input.name);
      if (!/\.xlsx$/i.test(name)) throw new Error(`${name}: only .xlsx files`);
      if (names.some((n) => n.toLowerCase() === name.toLowerCase())) throw new Error(`two workbooks named ${name}`);
      names.push(name);
      const inFile = path.join(inDir, name);
      if (typeof input === "string") fs.copyFileSync(input, inFile);
      else fs.writeFileSync(inFile, input.bytes);
    }
    const args = [
      `-env:UserInstallation=${pathToFileURL(profile).href}`,
      "--headless",
      "--norestore",
      "--convert-to",
      "xlsx",
      "--outdir",
      outDir,
      ...names.map((n) => path.join(inDir, n)),
    ];
    // HOME inside the folder: nothing of the machine's user is read or written.
    await run(soffice, args, options.timeoutMs ?? 120000, { ...process.env, HOME: dir });
    const files = names.map((name): RecalculatedFile => {
      const outFile = path.join(outDir, name);
      if (!fs.existsSync(outFile)) throw new Error(`LibreOffice wrote no ${name} in ${outDir}`);
      return { name, path: outFile, bytes: new Uint8Array(fs.readFileSync(outFile)) };
    });
    return { files, dir, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
