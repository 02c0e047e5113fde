/**
 * Issue 8, "Nothing lost", with .xlsx files: the full cycle through the file host, with a failure
 * injected at each step of its write (building the workbook, the temporary file, the backup copy,
 * the renames), in companion mode on the bundled sample and in `--in-place` mode on a small
 * generated workbook. After each failure: the input is byte-identical, the previous output
 * (companion, or the input itself in place) is byte-identical, an earlier backup is intact or a
 * complete copy of the previous output, no stray file is left in the folder, and the error is a
 * `WorkbookWriteError` that says nothing was changed; through the CLI it is exit code 2 with that
 * sentence. A crash during the compute phase writes nothing either.
 *
 * One computed run serves every injected write failure (`computeRun` once, `commitRun` per
 * failure). Failures are injected by replacing a method of `fs.promises` (or the package
 * writer's `toBytes`) for the duration of one write; the step under test is real.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import ExcelJS from "exceljs";
import { type Io, main } from "../../src/cli/main";
import { BufferHost, type BuiltWorkbook } from "../../src/hosts/file/bufferHost";
import { FileHost, WorkbookWriteError, backupPath, companionPath } from "../../src/hosts/file/fileHost";
import { XlsxWriter } from "../../src/hosts/file/xlsxWrite";
import { parseDecisionsSheet } from "../../src/workbook/decisionsSheet";
import { isSourceError } from "../../src/workbook/host";
import { type ComputedRun, commitRun, computeRun, prepareRun, runCycle } from "../../src/workbook/runCycle";
import { readSource } from "../../src/hosts/file/xlsxWorkbook";
import { openXlsxBook } from "../../src/hosts/file/xlsxRead";
import { generateSample } from "../../scripts/sample/index";
import { NOW, RUN_SHEETS, SAMPLE, fsError, highs, patchFs, sampleCompanionRun, sha256 } from "./support";

/** The package writer, whose `toBytes` builds the file. */
const WRITER_PROTO = XlsxWriter.prototype as unknown as { toBytes: () => Uint8Array };

/** Make the package writer fail to produce the file until the returned function is called. */
function failWriteBuffer(): () => void {
  const original = WRITER_PROTO.toBytes;
  WRITER_PROTO.toBytes = () => {
    throw new Error("injected failure: out of memory while zipping");
  };
  return () => {
    WRITER_PROTO.toBytes = original;
  };
}

/**
 * Reuse the first workbook built while this is in force (the steps after the build are under
 * test; building the same sheets again gives the same bytes and costs seconds).
 */
function reuseBuild(): () => void {
  const proto = BufferHost.prototype as unknown as { build: BufferHost["build"] };
  const original = proto.build;
  let cached: BuiltWorkbook | null = null;
  proto.build = async function (this: BufferHost, ...args: Parameters<BufferHost["build"]>): Promise<BuiltWorkbook> {
    cached ??= await original.apply(this, args);
    return cached;
  };
  return () => {
    proto.build = original;
  };
}

/** A write step that fails: a name, and the injection (returns its undo). */
interface Fault {
  readonly step: string;
  readonly inject: () => () => void;
  /** The error's message must match (besides "Nothing was changed"). */
  readonly message?: RegExp;
}

/** The real `writeFile` (the tests below replace `fs.promises.writeFile`). */
const realWriteFile = fs.promises.writeFile;

/** Write half the bytes of `data` to `file`, then fail as a full disk does. */
async function halfThenFull(file: fs.PathLike | fs.promises.FileHandle, data: Uint8Array, syscall: string): Promise<never> {
  await realWriteFile(file as string, data.subarray(0, Math.floor(data.length / 2)));
  throw fsError("ENOSPC", syscall, String(file));
}

/** A rename to a destination `which` picks fails with `code`. */
function failRename(which: (to: string) => boolean, code: string): () => () => void {
  return () =>
    patchFs("rename", (original, from, to) => {
      if (which(String(to))) return Promise.reject(fsError(code, "rename", String(to)));
      return original(from, to);
    });
}

const isBackup = (file: string): boolean => /\.bak\.xlsx$/i.test(file);

/** Every step of the file host's write, failing. */
const FAULTS: readonly Fault[] = [
  { step: "building the workbook (the package writer fails to produce the file)", inject: failWriteBuffer, message: /out of memory while zipping/ },
  {
    step: "writing the temporary file: permission denied",
    inject: () => patchFs("writeFile", (_o, file) => Promise.reject(fsError("EACCES", "open", String(file)))),
    message: /EACCES/,
  },
  {
    step: "writing the temporary file: the disk fills up halfway",
    inject: () => patchFs("writeFile", (_o, file, data) => halfThenFull(file as string, data as Uint8Array, "write")),
    message: /ENOSPC/,
  },
  {
    step: "the backup copy: permission denied",
    inject: () => patchFs("copyFile", (_o, _src, dest) => Promise.reject(fsError("EACCES", "copyfile", String(dest)))),
    message: /EACCES/,
  },
  {
    step: "the backup copy: the disk fills up halfway",
    inject: () => patchFs("copyFile", async (_o, src, dest) => halfThenFull(dest as string, await fs.promises.readFile(src as string), "copyfile")),
    message: /ENOSPC/,
  },
  { step: "putting the backup in place (rename)", inject: failRename(isBackup, "EPERM"), message: /EPERM/ },
  { step: "the rename over the previous file: it is open in Excel (EBUSY)", inject: failRename((to) => !isBackup(to), "EBUSY"), message: /EBUSY.*Is the file open in Excel\?/ },
];

function capture(): { out: string[]; err: string[]; io: Io } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

/** What must not change in a folder: every file's bytes (sha256), by name. */
function folderState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = sha256(fs.readFileSync(path.join(dir, f)));
  return out;
}

/** Owner and Status typed into the first decision of `SOP Decisions` (an ExcelJS worksheet); returns its id. */
function typeIntoDecisions(ws: ExcelJS.Worksheet, owner: string, status: string): string {
  let header = 0;
  for (let r = 1; r <= 10 && header === 0; r++) if (ws.getRow(r).getCell(1).value === "ID") header = r;
  assert.ok(header > 0, "SOP Decisions has its header row");
  const col = (h: string): number => {
    const row = ws.getRow(header);
    for (let c = 1; c <= row.cellCount; c++) if (row.getCell(c).value === h) return c;
    throw new Error(`no column ${h}`);
  };
  const row = ws.getRow(header + 1);
  row.getCell(col("Owner")).value = owner;
  row.getCell(col("Status")).value = status;
  return String(row.getCell(1).value);
}

/**
 * A failed write changed nothing in `dir`: the same files, each byte-identical, except that the
 * backup of `output` may have become a complete copy of `output` as it was (the write had got that far).
 */
function checkNothingChanged(dir: string, before: Record<string, string>, output: string, label: string): void {
  const now = folderState(dir);
  assert.deepEqual(Object.keys(now), Object.keys(before), `${label}: the same files in the folder, none added`);
  const bak = path.basename(backupPath(output));
  for (const [f, h] of Object.entries(before)) {
    if (f === bak && now[f] === before[path.basename(output)]) continue;
    assert.equal(now[f], h, `${label}: ${f} changed`);
  }
}

describe("Nothing lost with .xlsx files: a failure at each write step of the file host", function () {
  this.timeout(120000);

  describe("companion mode, bundled sample, a previous companion with typed decisions", () => {
    let dir: string;
    let input: string;
    let companion: string;
    let host: FileHost;
    let computed: ComputedRun;
    let typedId: string;
    let start: Record<string, string>;

    before(async function () {
      this.timeout(120000);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "sop-faults-file-"));
      input = path.join(dir, "sop-sample.xlsx");
      fs.copyFileSync(SAMPLE, input);
      companion = companionPath(input);
      const solver = await highs();

      // The first run wrote the companion; the planner then typed an owner and a status into SOP Decisions.
      const first = await sampleCompanionRun();
      assert.equal(first.report.blocked, false);
      assert.deepEqual(first.report.written?.sheets.map((s) => s.written), RUN_SHEETS);
      fs.writeFileSync(companion, first.companion);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(companion);
      typedId = typeIntoDecisions(wb.getWorksheet("SOP Decisions")!, "Anna (Ops)", "Approved");
      await wb.xlsx.writeFile(companion);
      // An earlier backup (the companion as the run wrote it): a failed write must not damage it either.
      fs.writeFileSync(backupPath(companion), first.companion);

      host = await FileHost.open(input);
      computed = computeRun(await prepareRun(host), { now: NOW, solver });
      assert.deepEqual(computed.report.sheets.map((s) => s.name), RUN_SHEETS);
      const kept = computed.report.meeting!.decisions.find((d) => d.id === typedId)!;
      assert.equal(kept.owner, "Anna (Ops)");
      assert.equal(kept.status, "Approved");
      start = folderState(dir);
      assert.deepEqual(Object.keys(start), ["sop-sample.sop.bak.xlsx", "sop-sample.sop.xlsx", "sop-sample.xlsx"]);
    });

    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it(`a failure at each of the ${FAULTS.length} write steps: input, previous companion and earlier backup as they were, no stray file, WorkbookWriteError`, async () => {
      const undoReuse = reuseBuild();
      try {
        for (const f of FAULTS) {
          const undo = f.inject();
          let error: unknown = null;
          try {
            await commitRun(host, computed);
          } catch (e) {
            error = e;
          } finally {
            undo();
          }
          assert.ok(error instanceof WorkbookWriteError, `${f.step}: ${String(error)}`);
          assert.match(error.message, /Nothing was changed\./, f.step);
          if (f.message) assert.match(error.message, f.message, f.step);
          assert.ok(error.message.includes(companion), `${f.step}: the message names the file: ${error.message}`);
          checkNothingChanged(dir, start, companion, f.step);
        }
      } finally {
        undoReuse();
      }
    });

    it("after the failures the same host writes: the companion replaced, the previous one kept as backup, typed decisions kept, input untouched", async () => {
      const previous = fs.readFileSync(companion);
      const written = await commitRun(host, computed);
      assert.deepEqual(written?.sheets.map((s) => s.written), RUN_SHEETS);
      const after = folderState(dir);
      assert.deepEqual(Object.keys(after), Object.keys(start), "no stray file");
      assert.equal(after["sop-sample.xlsx"], start["sop-sample.xlsx"], "input byte-identical");
      assert.notEqual(after["sop-sample.sop.xlsx"], start["sop-sample.sop.xlsx"]);
      assert.deepEqual(fs.readFileSync(backupPath(companion)), previous, "the backup is the previous companion");
      const g = await readSource(await openXlsxBook(new Uint8Array(fs.readFileSync(companion))), { sheet: "SOP Decisions" });
      assert.ok(!isSourceError(g));
      const row = parseDecisionsSheet(g).find((r) => r.id === typedId);
      assert.equal(row?.owner, "Anna (Ops)");
      assert.equal(row?.status, "Approved");
    });
  });

  describe("--in-place, and the CLI (a small generated workbook)", () => {
    let dir: string;
    let input: string;

    before(async function () {
      this.timeout(120000);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "sop-faults-inplace-"));
      input = path.join(dir, "plan.xlsx");
      await generateSample({ items: 16, months: 24, out: input });
      // A first run in place: the add-in's sheets are in the workbook, and the original is the backup.
      const first = await runCycle(await FileHost.open(input, { inPlace: true }), { now: NOW, solver: await highs() });
      assert.deepEqual(first.written?.sheets.map((s) => s.written), RUN_SHEETS);
      assert.ok(fs.existsSync(backupPath(input)));
    });

    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it(`in place, a failure at each of the ${FAULTS.length} write steps leaves the input byte-identical`, async () => {
      const host = await FileHost.open(input, { inPlace: true });
      const computed = computeRun(await prepareRun(host), { now: NOW, solver: await highs() });
      const before = folderState(dir);
      const undoReuse = reuseBuild();
      try {
        for (const f of FAULTS) {
          const undo = f.inject();
          try {
            await assert.rejects(commitRun(host, computed), (e: unknown) => {
              assert.ok(e instanceof WorkbookWriteError, `${f.step}: ${String(e)}`);
              assert.match(e.message, /Nothing was changed\./);
              if (f.message) assert.match(e.message, f.message, f.step);
              return true;
            });
          } finally {
            undo();
          }
          checkNothingChanged(dir, before, input, `in place, ${f.step}`);
        }
      } finally {
        undoReuse();
      }
    });

    it("in place, a crash in the compute phase (a step throws) writes nothing", async () => {
      const host = await FileHost.open(input, { inPlace: true });
      const before = folderState(dir);
      for (const at of ["Checking the data", "Forecasting item", "Solving the constrained supply plan", "Writing the output sheets"]) {
        let seen = false;
        const progress = (_f: number, label: string): void => {
          if (!seen && label.toLowerCase().includes(at.toLowerCase())) {
            seen = true;
            throw new Error(`injected crash at '${label}'`);
          }
        };
        await assert.rejects(runCycle(host, { now: NOW, solver: await highs(), progress }), /injected crash/, at);
        assert.ok(seen, `the run reports '${at}'`);
        checkNothingChanged(dir, before, input, `crash at '${at}'`);
      }
    });

    it("the CLI: a failed write is exit code 2 with a sentence, and changes nothing (companion and in place)", async () => {
      for (const [args, fault] of [
        [["run", input, "--quiet"], FAULTS[0]!],
        [["run", input, "--quiet", "--in-place"], FAULTS[FAULTS.length - 1]!],
      ] as const) {
        const before = folderState(dir);
        const c = capture();
        const undo = fault.inject();
        let code: number;
        try {
          code = await main(args, c.io);
        } finally {
          undo();
        }
        const err = c.err.join("\n");
        assert.equal(code, 2, `${args.join(" ")}, ${fault.step}: ${err}`);
        assert.match(err, new RegExp(`^sop ${args[0]}: Could not save .*Nothing was changed\\.`, "m"));
        assert.doesNotMatch(err, /\n\s+at /, "a sentence, not a stack trace");
        checkNothingChanged(dir, before, args.includes("--in-place") ? input : companionPath(input), `CLI ${args.join(" ")}: ${fault.step}`);
      }
    });
  });
});
