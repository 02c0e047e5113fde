/**
 * Generates the bundled sample workbook (a fictitious manufacturer's S&OP file).
 *
 *   npx tsx scripts/generate-sample.ts [--items N] [--months M] [--seed S] [--out path] [--end YYYY-MM]
 *                                      [--max-lag L] [--snapshot-cycles C] [--streaming | --no-streaming]
 *
 * Defaults: 320 items, 36 months of history to 2026-10, seed 42, assets/sample/sop-sample.xlsx.
 */
import { statSync } from "node:fs";
import { generateSample, type SampleOptions } from "./sample/index";

function usage(): never {
  process.stderr.write(
    "usage: generate-sample [--items N] [--months M] [--seed S] [--out path] [--end YYYY-MM] [--max-lag L] [--snapshot-cycles C] [--streaming|--no-streaming]\n",
  );
  process.exit(2);
}

function parseArgs(argv: readonly string[]): SampleOptions {
  const opts: { -readonly [K in keyof SampleOptions]: SampleOptions[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) usage();
      return v;
    };
    const int = (): number => {
      const v = Number(next());
      if (!Number.isInteger(v)) usage();
      return v;
    };
    switch (arg) {
      case "--items":
        opts.items = int();
        break;
      case "--months":
        opts.months = int();
        break;
      case "--seed":
        opts.seed = int();
        break;
      case "--out":
        opts.out = next();
        break;
      case "--end":
        opts.end = next();
        break;
      case "--max-lag":
        opts.snapshotMaxLag = int();
        break;
      case "--snapshot-cycles":
        opts.snapshotCycles = int();
        break;
      case "--streaming":
        opts.streaming = true;
        break;
      case "--no-streaming":
        opts.streaming = false;
        break;
      case "-h":
      case "--help":
        usage();
        break;
      default:
        process.stderr.write(`unknown argument ${arg}\n`);
        usage();
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const result = await generateSample(parseArgs(process.argv.slice(2)));
  const size = statSync(result.path).size;
  process.stdout.write(`wrote ${result.path} (${(size / 1048576).toFixed(2)} MB, ${result.streaming ? "streaming" : "in-memory"} writer)\n`);
  for (const s of result.summary) {
    process.stdout.write(`  ${s.name.padEnd(20)} ${String(s.rows).padStart(7)} rows × ${String(s.cols).padStart(3)} cols  ${s.description}\n`);
  }
  process.stdout.write(`${result.sheets.length} sheets in ${result.seconds.toFixed(2)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
