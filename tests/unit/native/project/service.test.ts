import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectState, ProjectStatus } from '../../../../native/api/project';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(root);
const { engine, call, failure } = testEngine(root, join(dir.path, 'data'));
afterAll(() => {
  engine.close();
  dir.cleanup();
});

const rename = (name: string, revision: number) => ({
  edit: { kind: 'command', command: { type: 'project.rename', args: { name } } },
  revision,
});

describe('the project API', () => {
  it('creates, edits, undoes, saves as, and reports status events', async () => {
    const statuses: (ProjectStatus | null)[] = [];
    const off = engine.events.subscribe(
      (event, payload) => event === 'project.status' && statuses.push(payload as ProjectStatus),
    );
    const state = await call<ProjectState>('project.new', {
      placement: { id: 'story', name: 'Story / Reel', width: 1080, height: 1920 },
    });
    expect(state).toMatchObject({ title: 'Untitled', dirty: false, revision: 0, path: null });
    expect(Object.values(state.document.canvases)[0]).toMatchObject({
      width: 1080,
      height: 1920,
      placement: 'story',
    });
    expect(await call('project.edit', rename('Launch', 0))).toMatchObject({
      revision: 1,
      undoLabels: ['Rename project'],
    });
    expect(await call('project.edit', { edit: { kind: 'undo' }, revision: 1 })).toMatchObject({
      revision: 2,
      redoLabels: ['Rename project'],
    });
    expect(await call('project.edit', { edit: { kind: 'redo' }, revision: 2 })).toMatchObject({
      revision: 3,
    });
    const saved = await call<ProjectStatus>('project.saveAs', { path: join(root, 'launch.atelier') });
    expect(saved).toMatchObject({ title: 'launch', dirty: false, path: join(root, 'launch.atelier') });
    expect(await call('recent.list')).toEqual([expect.objectContaining({ name: 'launch' })]);
    off();
    expect(statuses.at(-1)).toMatchObject({ dirty: false, title: 'launch' });
  });

  it('refuses edits out of step, edits that do not apply, and paths outside the root', async () => {
    expect((await failure('project.edit', rename('X', 0)))?.code).toBe('conflict');
    const bad = await failure('project.edit', {
      edit: { kind: 'command', command: { type: 'layer.remove', args: { layerIds: ['layer:none'] } } },
      revision: 3,
    });
    expect(bad?.message).toBe('nothing changed');
    const badArgs = await failure('project.edit', {
      edit: { kind: 'command', command: { type: 'layer.update', args: { layerId: 7 } } },
      revision: 3,
    });
    expect(badArgs?.message).toMatch(/layer\.update: args\.layerId/);
    expect((await failure('project.saveAs', { path: '/tmp/escape.atelier' }))?.code).toBe('forbidden');
    expect((await failure('project.saveAs', { path: join(root, 'wrong.txt') }))?.message).toMatch(
      /project files end in \.atelier/,
    );
  });

  it('asks before closing unsaved work, and closes when told to discard it', async () => {
    await call('project.edit', rename('Changed', 3));
    expect((await failure('project.close'))?.message).toMatch(/"launch" has unsaved changes/);
    expect((await failure('project.new'))?.message).toMatch(/unsaved changes/);
    expect(await call('project.close', { discard: true })).toEqual({ closed: true });
    expect(await call('project.current')).toBeNull();
  });

  it('opens a saved project and logs UI events into it', async () => {
    const state = await call<ProjectState>('project.open', { path: join(root, 'launch.atelier') });
    expect(state).toMatchObject({ title: 'launch', dirty: false });
    expect(state.document.name).toBe('Launch');
    expect(await call('feedback.log', { type: 'tool.changed', name: 'brush' })).toMatchObject({
      seq: expect.any(Number),
    });
    expect((await failure('feedback.log', { type: 'command' }))?.field).toBe('args.type');
    await call('project.close');
  });
});

describe('importing images into a project', () => {
  it('stores the file once by hash with its size and type, and serves its bytes back unchanged', async () => {
    const { gradientPng } = await import('../../../helpers/images');
    const { writeFileSync } = await import('node:fs');
    await call('project.new');
    const png = await gradientPng(64, 32);
    writeFileSync(join(root, 'pic.png'), png);
    const asset = await call<{
      sha256: string;
      width: number;
      height: number;
      mime: string;
      name: string;
      provenance: unknown;
    }>('project.importImage', { source: { type: 'path', path: join(root, 'pic.png') } });
    expect(asset).toMatchObject({
      width: 64,
      height: 32,
      mime: 'image/png',
      name: 'pic.png',
      provenance: { type: 'imported', fileName: 'pic.png' },
    });
    const back = await call<{ mime: string; bytes: Uint8Array }>('project.asset', { sha256: asset.sha256 });
    expect(Buffer.from(back.bytes).equals(png)).toBe(true);
    await call('project.close', { discard: true });
  });

  it('refuses bad images and paths outside the root, storing nothing', async () => {
    const { pngClaiming } = await import('../../../helpers/images');
    await call('project.new');
    const bad = (source: unknown) => failure('project.importImage', { source });
    expect(
      (await bad({ type: 'bytes', name: 'a.png', bytes: new TextEncoder().encode('text') }))?.message,
    ).toMatch(/^a\.png: not an image/);
    expect(
      (await bad({ type: 'bytes', name: 'bomb.png', bytes: new Uint8Array(pngClaiming(40000, 40000)) }))
        ?.code,
    ).toBe('too_large');
    expect((await bad({ type: 'path', path: '/etc/hostname' }))?.code).toBe('forbidden');
    expect((await failure('project.asset', { sha256: 'f'.repeat(64) }))?.code).toBe('not_found');
    await call('project.close', { discard: true });
  });
});
