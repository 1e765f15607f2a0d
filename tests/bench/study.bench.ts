// Analysis of a study: 1,000 sessions and 2 M events (JSON-lines exports, generated off the
// clock), analyzed end to end into every table, Parquet and the report; peak RSS measured in a
// fresh child process.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStudy } from '../../native/feedback/analysis/analyze';
import { findLogFiles } from '../../native/feedback/analysis/read';
import { tempDir } from '../helpers/temp';
import { round, type Metrics } from './metrics';

const SESSIONS = 1_000;
const EVENTS_PER_SESSION = 2_000;
const FILES = 10;
const HASH = 'a'.repeat(64);

function generate(dir: string): void {
  for (let f = 0; f < FILES; f++) {
    const fd = openSync(join(dir, `log-${f}.jsonl`), 'w');
    for (let s = f; s < SESSIONS; s += FILES) {
      const condition = s % 2 === 0 ? 'A' : 'B';
      const sessionId = `session:bench${s}`;
      const lines: string[] = [];
      for (let i = 1; i <= EVENTS_PER_SESSION; i++) {
        const job = `job:b${s}-${Math.floor(i / 20)}`;
        const k = i % 20;
        const type =
          i === 1
            ? 'session.started'
            : i === EVENTS_PER_SESSION
              ? 'session.ended'
              : k === 0
                ? 'generation.requested'
                : k === 1
                  ? 'generation.finished'
                  : k < 5
                    ? 'variant.shown'
                    : k === 5
                      ? s % 2 === 0 || i % 40 === 5
                        ? 'variant.accepted'
                        : 'variant.rejected'
                      : k % 7 === 0
                        ? 'undo'
                        : 'command';
        const variant = type.startsWith('variant.');
        lines.push(
          JSON.stringify({
            v: 1,
            seq: i,
            wallTime: 1_700_000_000_000 + s * 10_000_000 + i * 1000,
            monoTime: i * 1000.5,
            sessionId,
            participantId: `P-${s}`,
            condition,
            type,
            name: type === 'command' ? 'layer.update' : null,
            targetIds: variant || type.startsWith('generation') ? [job] : ['layer:l1'],
            args: variant
              ? { index: k < 5 ? k - 2 : 0, seed: k }
              : type === 'command'
                ? { layerId: 'layer:l1', patch: { transform: { x: i, y: k } } }
                : {},
            durationMs: type === 'command' ? 3 : null,
            prevHash: HASH,
            hash: HASH,
          }),
        );
      }
      writeSync(fd, lines.join('\n') + '\n');
    }
    closeSync(fd);
  }
}

export default async function bench(): Promise<Metrics> {
  const dir = tempDir('atelier-bench-study-');
  try {
    generate(dir.path);
    const files = findLogFiles([dir.path]);
    const started = performance.now();
    const result = analyzeStudy(files, join(dir.path, 'out'));
    const seconds = (performance.now() - started) / 1000;
    if (result.events !== SESSIONS * EVENTS_PER_SESSION) throw new Error(`read ${result.events} events`);
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { analyzeStudy } = await import(${JSON.stringify(join(import.meta.dirname, '../../native/feedback/analysis/analyze.ts'))});
         analyzeStudy(${JSON.stringify(files)}, ${JSON.stringify(join(dir.path, 'out2'))});
         process.stdout.write(String(process.resourceUsage().maxRSS));`,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
    return {
      analyze_2m_events_s: { value: round(seconds), unit: 's', better: 'lower', target: 10 },
      analyze_peak_rss_mb: {
        value: round(Number(child.stdout) / 1024, 0),
        unit: 'MB',
        better: 'lower',
        target: 1024,
      },
    };
  } finally {
    dir.cleanup();
  }
}
