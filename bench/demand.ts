/**
 * `npm run bench:demand`: the statistical forecast of every item on a generated planner's
 * workbook — accuracy on held-out months with and without the family's seasonality, and time.
 *
 * Generates the sample (scripts/sample) with `--items` (default 320) and `--months` (default 48),
 * reads it through the .xlsx host, holds out the last `--holdout` months (default 12), forecasts
 * every item from the months before with `statisticalForecast` (auto), and prints WAPE by family
 * and in total for: auto per item alone, and auto with the family's seasonality borrowed (the
 * default). Then times `statisticalForecast` on the full history (the run's own call).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { statisticalForecast } from "../src/engine/demand/statisticalForecast";
import type { SeriesTable } from "../src/engine/inputs";
import { BufferHost } from "../src/hosts/file/bufferHost";
import { runCycle } from "../src/workbook/runCycle";
import { generateSample } from "../scripts/sample/index";

const { values } = parseArgs({ options: { items: { type: "string", default: "320" }, months: { type: "string", default: "48" }, holdout: { type: "string", default: "12" } } });
const ITEMS = Number(values.items);
const MONTHS = Number(values.months);
const H = Number(values.holdout);

function truncate(a: SeriesTable, cut: number): SeriesTable {
  const w = a.periods.length;
  const values = new Float64Array(a.keys.length * cut);
  for (let i = 0; i < a.keys.length; i++) for (let j = 0; j < cut; j++) values[i * cut + j] = a.values[i * w + j]!;
  return { ...a, periods: a.periods.slice(0, cut), values };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sop-bench-demand-"));
  try {
    const file = join(dir, "sample.xlsx");
    let t = performance.now();
    await generateSample({ items: ITEMS, months: MONTHS, out: file });
    const host = await BufferHost.open(new Uint8Array(readFileSync(file)), "sample.xlsx", null);
    const report = await runCycle(host, { checkOnly: true });
    const actuals = report.inputs!.actuals;
    console.log(`generated and read ${ITEMS} items × ${MONTHS} months in ${((performance.now() - t) / 1000).toFixed(1)} s; holding out the last ${H} months\n`);

    const w = actuals.periods.length;
    const cut = w - H;
    const train = truncate(actuals, cut);
    const row = new Map(actuals.keys.map((k, i) => [k, i]));
    const score = (familySeasonality: boolean): { byFamily: Map<string, [number, number]>; total: [number, number]; borrowed: number; ms: number } => {
      const t0 = performance.now();
      const sf = statisticalForecast(train, actuals.periods[cut]!, H, { familySeasonality });
      const ms = performance.now() - t0;
      const byFamily = new Map<string, [number, number]>();
      const total: [number, number] = [0, 0];
      for (const it of sf.items) {
        const i = row.get(it.item)!;
        for (let k = 0; k < H; k++) {
          const a = actuals.values[i * w + cut + k]!;
          if (!Number.isFinite(a)) continue;
          const f = byFamily.get(it.family) ?? [0, 0];
          f[0] += Math.abs(it.point[k]! - a);
          f[1] += Math.abs(a);
          byFamily.set(it.family, f);
          total[0] += Math.abs(it.point[k]! - a);
          total[1] += Math.abs(a);
        }
      }
      return { byFamily, total, borrowed: sf.items.filter((x) => /seasonality of its family/.test(x.reason)).length, ms };
    };
    const own = score(false);
    const fam = score(true);
    const pct = (x: [number, number]): string => `${((100 * x[0]) / x[1]).toFixed(1)} %`.padStart(8);
    console.log(`${"family".padEnd(14)}${"own season".padStart(12)}${"+ family".padStart(12)}`);
    for (const [f, v] of own.byFamily) console.log(`${f.padEnd(14)}${pct(v).padStart(12)}${pct(fam.byFamily.get(f)!).padStart(12)}`);
    console.log(`${"total WAPE".padEnd(14)}${pct(own.total).padStart(12)}${pct(fam.total).padStart(12)}   (${fam.borrowed} items borrowed their family's seasonality)`);

    t = performance.now();
    const full = statisticalForecast(actuals, report.cycle, report.horizon);
    console.log(`\nstatisticalForecast on the full history: ${full.items.length} items × ${report.horizon} months in ${((performance.now() - t) / 1000).toFixed(2)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
