/**
 * The `sop` CLI end to end, on real .xlsx files: the bundled sample, a small generated
 * workbook, and broken copies. In-process through `main()` (fast), plus the real binary once.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { main } from "../../src/cli/main";
import { generateSample } from "../../scripts/sample/index";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NODE_FLAGS, HEAP_FLAGS, compileFlags } = require("../../bin/nodeFlags.js") as { NODE_FLAGS: readonly string[]; HEAP_FLAGS: readonly string[]; compileFlags: (cores?: number) => string[] };

const ROOT = resolve(__dirname, "../..");
const SAMPLE = join(ROOT, "assets/sample/sop-sample.xlsx");

function capture(): { out: string[]; err: string[]; io: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

const sha = (p: string): string => createHash("sha256").update(readFileSync(p)).digest("hex");

describe("sop CLI", function () {
  this.timeout(120000);
  let dir: string;
  let small: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "sop-cli-"));
    small = join(dir, "small.xlsx");
    await generateSample({ items: 40, months: 24, out: small });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("lock: exit 0 and rows appended; again: exit 1, refused, nothing written; --force: exit 0, no duplicates; a bad --consensus: exit 2", async () => {
    const input = join(dir, "lock.xlsx");
    copyFileSync(small, input);
    const out = join(dir, "lock.sop.xlsx");
    const before = sha(input);
    const c1 = capture();
    assert.equal(await main(["lock", input, "--quiet"], c1.io), 0, c1.err.join("\n"));
    assert.match(c1.out.join("\n"), /Cycle \d{4}-\d{2} locked: [\d,]+ rows appended to SOP Snapshots/);
    const rows = async (): Promise<number> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      return wb.getWorksheet("SOP Snapshots")!.actualRowCount;
    };
    const n = await rows();
    assert.ok(n > 1);
    const stamp = statSync(out).mtimeMs;
    const c2 = capture();
    assert.equal(await main(["lock", input, "--quiet"], c2.io), 1);
    assert.match(c2.err.join("\n"), /already locked .* Use --force to replace its rows\. Nothing was written\./);
    assert.equal(statSync(out).mtimeMs, stamp, "the companion is not rewritten");
    const c3 = capture();
    assert.equal(await main(["lock", input, "--quiet", "--force"], c3.io), 0, c3.err.join("\n"));
    assert.match(c3.out.join("\n"), /locked again/);
    assert.equal(await rows(), n, "replaced, not duplicated");
    assert.equal(sha(input), before, "the input is never written");
    const c4 = capture();
    assert.equal(await main(["run", input, "--quiet", "--consensus", "average"], c4.io), 2);
    assert.match(c4.err.join("\n"), /--consensus takes 'replace' or 'weighted'/);
  });

  it("check on the bundled sample: exit 0, every role found where the sample keeps it", async () => {
    const c = capture();
    const before = sha(SAMPLE);
    const code = await main(["check", SAMPLE, "--quiet"], c.io);
    const text = c.out.join("\n");
    assert.equal(code, 0, text + c.err.join("\n"));
    const line = (role: string): string => text.split("\n").find((l) => l.trimStart().startsWith(role + " ")) ?? "";
    assert.match(line("actuals"), /Actuals!A1:/);
    assert.match(line("forecast:Sales"), /'Sales EU'.*'Sales NA'.*'Sales APAC'/);
    assert.match(line("forecast:Statistical"), /table tblStatForecast/);
    assert.match(line("forecast:Consensus"), /Consensus!/);
    for (const role of ["snapshots", "capacity", "resources", "inventory", "prices", "budget", "scenarios"]) assert.notEqual(line(role), "", `role ${role} missing:\n${text}`);
    assert.match(text, /Cycle 2026-11 \(last actual 2026-10\), horizon 18 months/);
    assert.match(text, /Findings: 0 error\(s\)/);
    assert.equal(sha(SAMPLE), before, "check never writes");
    assert.equal(existsSync(SAMPLE.replace(/\.xlsx$/, ".sop.xlsx")), false);
  });

  it("run writes the companion workbook with SOP Data Check and hidden SOP_Settings; the input is byte-identical", async () => {
    const input = join(dir, "run.xlsx");
    copyFileSync(small, input);
    const before = sha(input);
    const mtime = statSync(input).mtimeMs;
    const c = capture();
    const code = await main(["run", input], c.io);
    assert.equal(code, 0, c.out.join("\n") + c.err.join("\n"));
    assert.equal(sha(input), before);
    assert.equal(statSync(input).mtimeMs, mtime);
    const companion = join(dir, "run.sop.xlsx");
    assert.ok(existsSync(companion));
    assert.match(c.out.join("\n"), /Wrote SOP Data Check, SOP Forecast, SOP Accuracy, SOP Capacity, SOP Supply Plan, SOP Financials, SOP Scenarios, SOP Decisions, SOP Dashboard, SOP Agenda to .*run\.sop\.xlsx/);
    assert.ok(c.err.some((l) => /\[ *\d+%\] Reading the mapped ranges/.test(l)), "progress on stderr");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(companion);
    const dc = wb.getWorksheet("SOP Data Check");
    assert.ok(dc);
    assert.equal(dc.getCell("A1").value, "S&OP Data Check");
    assert.equal(wb.getWorksheet("SOP_Settings")?.state, "hidden");
    // Second run: the saved mapping is used and the previous companion is backed up.
    const c2 = capture();
    assert.equal(await main(["run", input, "--quiet"], c2.io), 0);
    assert.match(c2.out.join("\n"), /Mapping \(saved in SOP_Settings\)/);
    assert.ok(readdirSync(dir).some((f) => /^run\.sop\.bak\.xlsx$/.test(f)), readdirSync(dir).join(", "));
  });

  it("a broken workbook: exit 1, the finding printed with its address, no output written, input byte-identical", async () => {
    const broken = join(dir, "broken.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(small);
    const ws = wb.getWorksheet("Actuals")!;
    // Find the header row and duplicate its first period header into the next period column.
    let hdr = 0;
    ws.eachRow((row, n) => {
      if (hdr === 0 && row.getCell(1).value === "Item") hdr = n;
    });
    assert.ok(hdr > 0);
    const row = ws.getRow(hdr);
    row.getCell(6).value = row.getCell(5).value;
    await wb.xlsx.writeFile(broken);
    const before = sha(broken);
    const c = capture();
    const code = await main(["run", broken, "--quiet"], c.io);
    const text = c.out.join("\n") + "\n" + c.err.join("\n");
    assert.equal(code, 1, text);
    assert.match(text, new RegExp(`ERROR +actuals +Actuals!F${hdr} +Period .* appears twice`));
    assert.match(text, /nothing was written/);
    assert.equal(existsSync(join(dir, "broken.sop.xlsx")), false);
    assert.equal(sha(broken), before);
  });

  it("--map overrides the proposal; a bad mapping file is a usage error", async () => {
    const map = join(dir, "map.json");
    writeFileSync(map, JSON.stringify({ actuals: "Actuals", "forecast:Sales": ["Sales EU", "Sales NA"] }));
    const c = capture();
    assert.equal(await main(["check", small, "--map", map, "--quiet"], c.io), 0, c.err.join("\n"));
    const text = c.out.join("\n");
    assert.match(text, /Mapping \(from --map\)/);
    assert.doesNotMatch(text, /^\s+capacity /m);
    writeFileSync(map, JSON.stringify({ actualz: "Actuals" }));
    const c2 = capture();
    assert.equal(await main(["check", small, "--map", map], c2.io), 2);
    assert.match(c2.err.join("\n"), /unknown role 'actualz'/);
  });

  it("map prints the proposed mapping as JSON that --map accepts", async () => {
    const c = capture();
    assert.equal(await main(["map", small], c.io), 0);
    const json = JSON.parse(c.out.join("\n")) as Record<string, unknown>;
    assert.equal(json.actuals, "Actuals");
    const file = join(dir, "proposed.json");
    writeFileSync(file, JSON.stringify(json));
    assert.equal(await main(["check", small, "--map", file, "--quiet"], capture().io), 0);
  });

  it("usage errors and unreadable files exit 2 with a sentence", async () => {
    const cases: [string[], RegExp][] = [
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["check"], /a workbook file is required/],
      [["check", join(dir, "nope.xlsx")], /does not exist|not found|no such/i],
      [["run", small, "--cycle", "2026-13"], /not a month in the form YYYY-MM/],
      [["run", small, "--horizon", "6"], /12 to 24/],
      [["check", small, "--out", "x.xlsx"], /--out is not an option of 'sop check'/],
      [["run", small, "--bogus"], /Unknown option '--bogus'/],
      // A folder that cannot be made (a file of that name): a missing folder is made (see the demo on a fresh clone).
      [["run", small, "--quiet", "--out", join(dir, "a-file", "x.xlsx")], /Could not save .*Nothing was changed/],
    ];
    writeFileSync(join(dir, "a-file"), "not a folder");
    for (const [args, re] of cases) {
      const c = capture();
      const code = await main(args, c.io);
      assert.equal(code, 2, `${args.join(" ")} → ${code}`);
      assert.match(c.err.join("\n"), re, args.join(" "));
    }
    const notXlsx = join(dir, "notes.xlsx");
    writeFileSync(notXlsx, "hello, this is not a workbook");
    const c = capture();
    assert.equal(await main(["check", notXlsx], c.io), 2);
  });

  it("--in-place writes into a plain workbook (backup kept) and refuses one whose charts it would lose", async () => {
    const plain = join(dir, "inplace.xlsx");
    copyFileSync(small, plain);
    const c = capture();
    assert.equal(await main(["run", plain, "--in-place", "--quiet"], c.io), 0, c.err.join("\n"));
    assert.ok(existsSync(join(dir, "inplace.bak.xlsx")));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(plain);
    assert.ok(wb.getWorksheet("SOP Data Check"));
    assert.ok(wb.getWorksheet("Actuals"), "the planner's sheets are still there");
    // A workbook with a chart: refused, untouched.
    const zip = await JSZip.loadAsync(readFileSync(small));
    zip.file("xl/charts/chart1.xml", "<c:chartSpace/>");
    const charted = join(dir, "charted.xlsx");
    writeFileSync(charted, await zip.generateAsync({ type: "nodebuffer" }));
    const before = sha(charted);
    const c2 = capture();
    assert.equal(await main(["run", charted, "--in-place", "--quiet"], c2.io), 2);
    assert.match(c2.err.join("\n"), /chart/i);
    assert.equal(sha(charted), before);
    assert.equal(existsSync(join(dir, "charted.bak.xlsx")), false);
  });

  it("--in-place never takes over a planner's sheet named like ours, run after run", async () => {
    const input = join(dir, "clash.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(small);
    wb.addWorksheet("SOP Data Check").getCell("A1").value = "my own notes";
    await wb.xlsx.writeFile(input);
    for (let run = 1; run <= 2; run++) {
      const c = capture();
      assert.equal(await main(["run", input, "--in-place", "--quiet"], c.io), 0, c.err.join("\n"));
      const back = new ExcelJS.Workbook();
      await back.xlsx.readFile(input);
      assert.equal(back.getWorksheet("SOP Data Check")!.getCell("A1").value, "my own notes", `run ${run}`);
      assert.equal(back.getWorksheet("SOP Data Check (2)")!.getCell("A1").value, "S&OP Data Check", `run ${run}`);
      assert.equal(back.getWorksheet("SOP Data Check (3)"), undefined, `run ${run}`);
    }
  });

  it("--help works for every command", async () => {
    for (const cmd of ["check", "run", "map"]) {
      const c = capture();
      assert.equal(await main([cmd, "--help"], c.io), 0);
      assert.match(c.out.join("\n"), new RegExp(`^sop ${cmd} <workbook.xlsx>`));
    }
    const c = capture();
    assert.equal(await main(["--help"], c.io), 0);
    assert.match(c.out.join("\n"), /Exit codes/);
  });

  it("the installed binary bin/sop.js runs and returns the exit code", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/sop.js"), "check", small, "--quiet"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Findings: 0 error/);
    const bad = spawnSync(process.execPath, [join(ROOT, "bin/sop.js"), "check"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
  });

  it("bin/sop.js runs the CLI in a Node started with the heap flags, once, keeping the caller's Node options", () => {
    // A preload that reports each process's Node options: the first process has none of the
    // flags, the one that runs the command has them and the caller's --require (and no third).
    const probe = join(dir, "probe.cjs");
    writeFileSync(probe, `process.stderr.write("EXECARGV " + JSON.stringify(process.execArgv) + " " + (process.env.SOP_RESPAWNED || "-") + "\\n");\n`);
    const r = spawnSync(process.execPath, ["--require", probe, join(ROOT, "bin/sop.js"), "check", small, "--quiet"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const seen = [...r.stderr.matchAll(/^EXECARGV (.*) (\S+)$/gm)].map((m) => ({ argv: JSON.parse(m[1]!) as string[], respawned: m[2] }));
    assert.equal(seen.length, 2, r.stderr);
    assert.deepEqual(seen[0], { argv: ["--require", probe], respawned: "-" });
    assert.deepEqual(seen[1], { argv: [...NODE_FLAGS, "--require", probe], respawned: "1" });
    assert.match(r.stdout, /Findings: 0 error/);
    // Given the flags (or SOP_RESPAWN=0), it runs in place: one process.
    const direct = spawnSync(process.execPath, ["--min-semi-space-size=8", "--max-semi-space-size=32", "--require", probe, join(ROOT, "bin/sop.js"), "check", small, "--quiet"], { encoding: "utf8" });
    assert.equal(direct.status, 0, direct.stderr);
    assert.equal([...direct.stderr.matchAll(/^EXECARGV/gm)].length, 1);
    const off = spawnSync(process.execPath, ["--require", probe, join(ROOT, "bin/sop.js"), "check"], { encoding: "utf8", env: { ...process.env, SOP_RESPAWN: "0" } });
    assert.equal(off.status, 2);
    assert.equal([...off.stderr.matchAll(/^EXECARGV/gm)].length, 1);
  });

  it("the flags: the heap settings everywhere; no background compiler on two cores or fewer, kept with more", () => {
    assert.deepEqual(HEAP_FLAGS, ["--min-semi-space-size=16", "--max-semi-space-size=64"]);
    assert.deepEqual(compileFlags(1), ["--no-concurrent-recompilation"]);
    assert.deepEqual(compileFlags(2), ["--no-concurrent-recompilation"]);
    assert.deepEqual(compileFlags(4), []);
    assert.deepEqual(NODE_FLAGS, [...HEAP_FLAGS, ...compileFlags(availableParallelism())]);
    // Node itself accepts every flag (a typo would stop `sop` at start-up).
    const r = spawnSync(process.execPath, [...HEAP_FLAGS, ...compileFlags(1), "-e", "process.stdout.write('ok')"], { encoding: "utf8" });
    assert.equal(r.stdout, "ok", r.stderr);
  });

  it("bin/sop.js passes the exit code and the message of a failed run through the second Node", () => {
    const bad = join(dir, "not-a-workbook.xlsx");
    writeFileSync(bad, "Item,Qty\nA,1\n");
    const r = spawnSync(process.execPath, [join(ROOT, "bin/sop.js"), "run", bad, "--quiet"], { encoding: "utf8" });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /csv|not an? \.?xlsx|could not/i);
  });
});
