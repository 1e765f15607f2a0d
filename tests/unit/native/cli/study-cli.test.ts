import { captureOutput } from '../../../helpers/capture';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../../native/cli/main';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
afterAll(() => dir.cleanup());
afterEach(() => vi.restoreAllMocks());

const line = (seq: number, type: string, condition: string) =>
  JSON.stringify({
    v: 1,
    seq,
    wallTime: 1000 + seq,
    monoTime: seq * 10,
    sessionId: 'session:one',
    participantId: 'P1',
    condition,
    type,
    name: null,
    targetIds: [],
    args: {},
    durationMs: null,
  });

describe('atelier study analyze', () => {
  it('analyzes a JSONL log into an output folder', async () => {
    const log = join(dir.path, 'one.jsonl');
    writeFileSync(
      log,
      [line(1, 'session.started', 'A'), line(2, 'command', 'A'), line(3, 'session.ended', 'A')].join('\n') +
        '\n',
    );
    const io = captureOutput();
    const out = join(dir.path, 'out');
    expect(await main(['study', 'analyze', log, '--out', out])).toBe(0);
    expect(io.err()).toMatch(/analyzed 3 events of 1 sessions \(1 conditions\)/);
    expect(readdirSync(out)).toContain('report.html');
    // The temporary folder is gone.
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.writing'))).toEqual([]);
  });

  it('leaves out sessions without a participant id when some have one, and says how many', async () => {
    const log = join(dir.path, 'mixed.jsonl');
    const stray = JSON.parse(line(1, 'session.started', 'A'));
    writeFileSync(
      log,
      [
        line(1, 'session.started', 'A'),
        JSON.stringify({ ...stray, sessionId: 'session:stray', participantId: null, condition: null }),
      ].join('\n') + '\n',
    );
    const io = captureOutput();
    const out = join(dir.path, 'mixed-out');
    expect(await main(['study', 'analyze', log, '--out', out])).toBe(0);
    expect(io.err()).toMatch(/of 1 sessions .*left out 1 session\(s\) without a participant id/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(
      '1 session(s) without a participant id left out',
    );
  });

  it('exits 2 on bad arguments and 1 on unreadable logs, leaving no output', async () => {
    const io = captureOutput();
    expect(await main(['study'])).toBe(2);
    expect(await main(['study', 'analyze', '--out', join(dir.path, 'x')])).toBe(2);
    expect(await main(['study', 'analyze', dir.path])).toBe(2);
    expect(
      await main(['study', 'analyze', join(dir.path, 'missing.jsonl'), '--out', join(dir.path, 'x')]),
    ).toBe(1);
    const bad = join(dir.path, 'bad.jsonl');
    writeFileSync(bad, line(1, 'session.started', 'A') + '\n{not json\n');
    expect(await main(['study', 'analyze', bad, '--out', join(dir.path, 'y')])).toBe(1);
    expect(io.err()).toMatch(/bad\.jsonl line 2: not JSON/);
    expect(io.err()).not.toContain(dir.path);
    expect(existsSync(join(dir.path, 'y'))).toBe(false);
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.writing'))).toEqual([]);
  });
});
