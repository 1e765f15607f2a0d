// `npm run bench [-- <name>…]`: runs tests/bench/<name>.bench.ts, writes
// tests/bench/results/<name>.json and prints a table. Timing lives here, never in unit tests.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Metrics } from './metrics';

const here = import.meta.dirname;
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}

const results = join(here, 'results');
mkdirSync(results, { recursive: true });
let failed = false;
for (const name of wanted.length > 0 ? wanted : available) {
  process.stderr.write(`bench ${name}…\n`);
  const module = (await import(join(here, `${name}.bench.ts`))) as { default: () => Promise<Metrics> };
  let metrics: Metrics;
  try {
    metrics = await module.default();
  } catch (error) {
    failed = true;
    process.stderr.write(`bench ${name} failed: ${(error as Error).stack}\n`);
    continue;
  }
  const record = {
    bench: name,
    machine: { cpus: cpus().length, node: process.versions.node },
    date: new Date().toISOString(),
    metrics,
  };
  writeFileSync(join(results, `${name}.json`), JSON.stringify(record, null, 2) + '\n');
  const rows = Object.entries(metrics).map(([metric, m]) => {
    const meets =
      m.target === undefined
        ? ''
        : (m.better === 'lower' ? m.value <= m.target : m.value >= m.target)
          ? 'yes'
          : 'NO';
    return [
      metric,
      `${m.value} ${m.unit}`,
      m.target === undefined ? '' : `${m.better === 'lower' ? '≤' : '≥'} ${m.target}`,
      meets,
      m.peer ? `${m.peer.name}: ${m.peer.value}` : '',
    ];
  });
  const header = ['metric', 'value', 'target', 'met', 'peer'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${name}  →  tests/bench/results/${name}.json`);
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}
process.exit(failed ? 1 : 0);
