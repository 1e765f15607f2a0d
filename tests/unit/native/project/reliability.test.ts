// Crash safety: a process saving, autosaving and appending to the log is killed with SIGKILL at
// random moments, again and again. Every time, the file must open, hold the last committed
// document (or the one being committed), and its log must verify.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { canonicalJson } from '../../../../native/feedback/hash';
import { verifyLog } from '../../../../native/feedback/verify';
import { inspectProjectFile } from '../../../../native/project/project-file';
import { ProjectSession } from '../../../../native/project/session';
import { Sqlite } from '../../../../native/project/sqlite';
import { tempDir } from '../../../helpers/temp';

const ROUNDS = 200;
const root = join(import.meta.dirname, '../../../..');
const childJs = join(root, 'tests', 'artifacts', 'crash-child.mjs');
const dir = tempDir('atelier-crash-');

beforeAll(async () => {
  mkdirSync(join(root, 'tests', 'artifacts'), { recursive: true });
  await build({
    entryPoints: [join(root, 'tests/helpers/crash-child.ts')],
    outfile: childJs,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'error',
  });
});
afterAll(() => dir.cleanup());

/**
 * Runs the child until it has printed a line matching `startOn` (its first finished step),
 * waits `waitMs` more while it keeps working, then kills it with SIGKILL.
 */
function runAndKill(args: string[], waitMs: number, startOn: RegExp): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && startOn.test(out)) timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // 'close', not 'exit': every line the child wrote before it died is read first.
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (${code}): ${err}`));
      else resolve(out.split('\n').filter(Boolean));
    });
  });
}

const hashOf = (doc: unknown) => createHash('sha256').update(canonicalJson(doc)).digest('hex');

describe('SIGKILL at random moments', () => {
  it(`during saves and autosaves, ${ROUNDS} times: the file opens with a committed document and its log verifies`, async () => {
    const userData = join(dir.path, 'userdata');
    const path = join(dir.path, 'crash.atelier');
    const first = ProjectSession.createNew(
      { userDataDir: userData, appVersion: 'test' },
      { name: 'Crash', canvas: { name: 'A', width: 500, height: 500, placement: null } },
    );
    await first.saveAs(path);
    first.close();
    let saves = 0;
    let autosaves = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const lines = await runAndKill(['save', path, userData, String(round)], (round * 7) % 25, /^done /m);
      const ready = lines[0]!.split(' ')[1]!;
      let committed = ready;
      let inFlight: string | null = null;
      const autosaved = new Set<string>();
      for (const line of lines.slice(1)) {
        const [what, op, hash] = line.split(' ');
        if (op === 'save') {
          if (what === 'begin') {
            inFlight = hash!;
          } else {
            committed = hash!;
            inFlight = null;
            saves++;
          }
        } else if (op === 'autosave') {
          autosaved.add(hash!);
          if (what === 'done') autosaves++;
        }
      }
      const stored = inspectProjectFile(path);
      expect([committed, inFlight]).toContain(hashOf(stored.doc));
      const db = new Sqlite(path, { readonly: true });
      expect(verifyLog(db)).toMatchObject({ ok: true });
      db.close();
      // The recovery point left behind opens and holds one of the snapshots taken in this round.
      for (const entry of ProjectSession.listRecoverable(userData)) {
        const snapshot = inspectProjectFile(entry.recoveryPath, 'atelier-recovery');
        expect(autosaved.has(hashOf(snapshot.doc)) || hashOf(snapshot.doc) === ready).toBe(true);
        ProjectSession.discardRecovery(entry.recoveryPath, userData);
      }
    }
    // Every round finished at least one save or autosave before its kill, so kills landed mid-work.
    expect(saves + autosaves).toBeGreaterThanOrEqual(ROUNDS);
    expect(saves).toBeGreaterThan(0);
    expect(autosaves).toBeGreaterThan(0);
    // What is left holds nothing to recover (everything had been saved) and is not offered.
    expect(ProjectSession.listRecoverable(userData)).toEqual([]);
    expect(ProjectSession.pruneRecovery(userData, 0)).toBeGreaterThan(0);
    expect(readdirSync(join(userData, 'recovery')).filter((f) => f.endsWith('.atelier-recovery'))).toEqual(
      [],
    );
  }, 600_000);

  it(`during log appends, ${ROUNDS} times: the log verifies and at most the event being written is missing`, async () => {
    const path = join(dir.path, 'append.atelier');
    const first = ProjectSession.createNew(
      { userDataDir: join(dir.path, 'ud2'), appVersion: 'test' },
      { name: 'Append' },
    );
    await first.saveAs(path);
    first.close({ discard: true });
    for (let round = 0; round < ROUNDS; round++) {
      const lines = await runAndKill(['append', path, String(round)], (round * 3) % 15, /^seq /m);
      const announced = lines.filter((l) => l.startsWith('seq ')).map((l) => Number(l.slice(4)));
      const lastAnnounced = announced.at(-1) ?? Number(lines[0]!.split(' ')[1]);
      const db = new Sqlite(path, { readonly: true });
      const result = verifyLog(db);
      db.close();
      expect(result.ok).toBe(true);
      // Every event the child finished writing is there; only the one in progress may be missing.
      expect(result.count).toBeGreaterThanOrEqual(lastAnnounced);
      expect(result.count).toBeLessThanOrEqual(lastAnnounced + 1);
    }
  }, 600_000);
});
