// The models group of StudioApi through a real engine and job process: add a model file as a job,
// list it with its licence and provider, fill a mask with it (provenance and log name the model),
// verify and remove it; a non-commercial model asks for confirmation in a commercial project;
// bad files, folders and jobs submitted around the engine are refused with clear messages.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { JobInfo } from '../../../../native/api/jobs';
import type { ModelsList } from '../../../../native/api/models';
import type { ProjectState } from '../../../../native/api/project';
import type { Asset } from '../../../../native/model/document';
import { readEvents } from '../../../../native/feedback/log';
import { Sqlite } from '../../../../native/project/sqlite';
import { misbehavingWorker, testEngine } from '../../../helpers/engine';
import { createEngine } from '../../../../native/studio/engine';
import {
  HOLE_VALUE,
  lama512StandIn,
  miganStandIn,
  lama4chStandIn,
  unrelatedStandIn,
  writeModel,
} from '../../../helpers/onnx-standins';
import { tempDir } from '../../../helpers/temp';

const dir = tempDir();
const root = join(dir.path, 'home');
const userData = join(dir.path, 'data');
mkdirSync(root);
const { engine, call, failure, finished } = testEngine(root, userData);
const changes: ModelsList[] = [];
engine.events.subscribe((event, payload) => {
  if (event === 'models.changed') changes.push(payload as ModelsList);
});
afterEach(async () => {
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

async function addModel(file: string, extra: object = {}): Promise<JobInfo> {
  const { jobId } = await call<{ jobId: string }>('models.add', { path: file, ...extra });
  return finished(jobId);
}

const W = 64;
const H = 48;
/** A grey 64×48 artboard with a mask over x 16..31, y 8..23, in a commercial or private project. */
async function maskedArtboard(commercial: boolean): Promise<string> {
  const state = await call<ProjectState>('project.new', {
    placement: { id: 'banner', name: 'Banner', width: W, height: H },
    commercial,
  });
  const canvasId = state.document.canvasOrder[0]!;
  const data = Buffer.alloc(W * H);
  for (let y = 8; y < 24; y++) data.fill(255, y * W + 16, y * W + 32);
  const png = await sharp(data, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
  const asset = await call<Asset>('project.importMask', { canvasId, bytes: new Uint8Array(png) });
  const current = await call<ProjectState>('project.current');
  await call('project.edit', {
    edit: {
      kind: 'gesture',
      label: 'Paint mask',
      commands: [
        { type: 'asset.add', args: { asset } },
        { type: 'mask.set', args: { canvasId, assetId: asset.id } },
      ],
    },
    revision: current.revision,
  });
  return canvasId;
}

describe('the models folder through StudioApi', () => {
  it('starts empty in the default folder, with the providers this installation has', async () => {
    const list = await call<ModelsList>('models.list');
    expect(list.folder).toBe(join(userData, 'models'));
    expect(list.isDefault).toBe(true);
    expect(list.models).toEqual([]);
    expect(list.providers.find((p) => p.name === 'cpu')?.available).toBe(true);
  });

  it('adds a model file as a job: listed with its family, licence and the provider it would use', async () => {
    const file = writeModel(root, 'migan_pipeline_v2.onnx', miganStandIn());
    const before = changes.length;
    const info = await addModel(file);
    expect(info.state).toBe('done');
    expect(info.label).toBe('Add model migan_pipeline_v2.onnx');
    expect(info.result).toEqual({ id: 'migan-pipeline-v2', name: 'migan_pipeline_v2', family: 'migan' });
    const list = await call<ModelsList>('models.list');
    expect(list.models).toHaveLength(1);
    expect(list.models[0]).toMatchObject({
      id: 'migan-pipeline-v2',
      family: 'migan',
      licence: { name: 'MIT', commercialUse: true },
      addedFrom: 'file',
      problem: null,
      provider: 'cpu',
      lastProvider: null,
    });
    // The panel hears of it without asking.
    await expect.poll(() => changes.length).toBeGreaterThan(before);
    expect(changes.at(-1)!.models.map((m) => m.id)).toContain('migan-pipeline-v2');
  });

  it('fills a mask with the model: one variant, the provider that ran, provenance naming the model', async () => {
    const canvasId = await maskedArtboard(true);
    const { jobId } = await call<{ jobId: string }>('project.generateFill', {
      canvasId,
      engine: 'model:migan-pipeline-v2',
      variants: 3,
      seed: 5,
    });
    const info = await finished(jobId);
    expect(info.state).toBe('done');
    expect(info.label).toBe('Fill with migan-pipeline-v2 (3 variants)');
    const result = info.result as {
      box: { x: number; y: number; width: number; height: number };
      variants: { png: Uint8Array; engine: string }[];
      provider: string;
    };
    expect(result.provider).toBe('cpu');
    expect(result.box).toEqual({ x: 16, y: 8, width: 16, height: 16 });
    // Deterministic: one variant, whatever was asked for.
    expect(result.variants.map((v) => v.engine)).toEqual(['migan']);
    const { data } = await sharp(result.variants[0]!.png).raw().toBuffer({ resolveWithObject: true });
    // The stand-in writes 200 into the hole: the hole is what came back, opaque.
    expect([data[0], data[1], data[2], data[3]]).toEqual([HOLE_VALUE, HOLE_VALUE, HOLE_VALUE, 255]);

    const accepted = await call<{ asset: Asset }>('project.acceptVariant', { jobId, index: 0 });
    const list = await call<ModelsList>('models.list');
    const model = list.models[0]!;
    expect(accepted.asset.provenance).toMatchObject({
      type: 'generated',
      modelId: 'model:migan-pipeline-v2',
      modelSha256: model.sha256,
      parameters: { engine: 'model:migan-pipeline-v2', family: 'migan' },
    });
    expect(model.lastProvider).toBe('cpu');

    const path = join(root, 'fill.atelier');
    await call('project.saveAs', { path });
    const db = new Sqlite(path, { readonly: true });
    const events = readEvents(db).filter((e) => e.type.startsWith('generation.'));
    db.close();
    expect(events[0]).toMatchObject({
      type: 'generation.requested',
      name: 'migan',
      args: { engine: 'model', family: 'migan', modelSha256: model.sha256, commercialUse: true },
    });
    expect(events[1]).toMatchObject({ type: 'generation.finished', args: { provider: 'cpu' } });
  });

  it('downloads a model from a URL as a job, checked against its SHA-256; a wrong hash is refused', async () => {
    const bytes = Buffer.from(lama4chStandIn());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(bytes.length) });
      res.end(bytes);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big-lama.onnx`;
    try {
      const wrong = await finished(
        (await call<{ jobId: string }>('models.download', { url, sha256: 'ab'.repeat(32) })).jobId,
      );
      expect(wrong.state).toBe('failed');
      expect(wrong.error?.message).toMatch(/SHA-256/);
      const { jobId } = await call<{ jobId: string }>('models.download', {
        url,
        sha256: sha256.toUpperCase(),
        name: 'Big LaMa',
      });
      const info = await finished(jobId);
      expect(info.label).toBe('Download model Big LaMa');
      expect(info.result).toEqual({ id: 'big-lama', name: 'Big LaMa', family: 'lama-4ch' });
      const model = (await call<ModelsList>('models.list')).models.find((m) => m.id === 'big-lama');
      expect(model).toMatchObject({ addedFrom: 'download', sourceUrl: url, sha256 });
      expect((await call<ModelsList>('models.remove', { id: 'big-lama' })).models.map((m) => m.id)).toEqual([
        'migan-pipeline-v2',
      ]);
      expect((await failure('models.download', { url: 'file:///etc/passwd', sha256 }))?.message).toMatch(
        /http/,
      );
    } finally {
      server.close();
    }
  });

  it('refuses the same file twice, naming the model it already is', async () => {
    const copy = writeModel(root, 'copy.onnx', miganStandIn());
    const info = await addModel(copy);
    expect(info.state).toBe('failed');
    expect(info.error?.message).toMatch(/already in the models folder as "migan_pipeline_v2"/);
    expect((await call<ModelsList>('models.list')).models).toHaveLength(1);
  });

  it('asks before a non-commercial model is used in a commercial project, and logs the confirmation', async () => {
    const file = writeModel(root, 'lama.onnx', lama512StandIn());
    const added = await addModel(file, {
      name: 'Research LaMa',
      licence: { name: 'CC-BY-NC-4.0', commercialUse: false },
    });
    expect(added.result).toEqual({ id: 'research-lama', name: 'Research LaMa', family: 'lama-512' });
    const canvasId = await maskedArtboard(true);
    const refused = await failure('project.generateFill', { canvasId, engine: 'model:research-lama' });
    expect(refused?.code).toBe('conflict');
    expect(refused?.message).toBe(
      '"Research LaMa" is licensed CC-BY-NC-4.0, which does not allow commercial use, and this ' +
        'project is marked commercial: confirm to use it anyway',
    );
    const { jobId } = await call<{ jobId: string }>('project.generateFill', {
      canvasId,
      engine: 'model:research-lama',
      confirmLicence: true,
    });
    expect((await finished(jobId)).state).toBe('done');
    const path = join(root, 'nc.atelier');
    await call('project.saveAs', { path });
    const db = new Sqlite(path, { readonly: true });
    const requested = readEvents(db).find((e) => e.type === 'generation.requested');
    db.close();
    expect(requested?.args).toMatchObject({
      family: 'lama-512',
      commercialUse: false,
      licenceConfirmed: true,
    });

    // A private project needs no confirmation.
    await call('project.close', { discard: true });
    const own = await maskedArtboard(false);
    const ok = await call<{ jobId: string }>('project.generateFill', {
      canvasId: own,
      engine: 'model:research-lama',
    });
    expect((await finished(ok.jobId)).state).toBe('done');
  });

  it('refuses files that are not models, and unknown models, with messages naming them', async () => {
    const text = join(root, 'notes.onnx');
    writeFileSync(text, 'not a model at all');
    const corrupt = await addModel(text);
    expect(corrupt.state).toBe('failed');
    expect(corrupt.error?.message).toMatch(/notes\.onnx/);
    const unrelated = await addModel(writeModel(root, 'classifier.onnx', unrelatedStandIn()));
    expect(unrelated.state).toBe('failed');
    expect(unrelated.error?.message).toMatch(/classifier\.onnx/);
    expect((await failure('models.add', { path: join(root, 'photo.png') }))?.message).toMatch(
      /a model is an \.onnx file/,
    );
    expect((await failure('models.add', { path: '/etc/passwd.onnx' }))?.code).toBe('forbidden');
    expect((await failure('models.verify', { id: 'nothing-here' }))?.code).toBe('not_found');
    expect((await failure('models.remove', { id: '../escape' }))?.code).toBe('invalid_argument');
    const canvasId = await maskedArtboard(false);
    expect((await failure('project.generateFill', { canvasId, engine: 'model:nothing-here' }))?.code).toBe(
      'not_found',
    );
    // Nothing half-written: no staging folders in the list, the models still there.
    const list = await call<ModelsList>('models.list');
    expect(list.models.map((m) => m.id)).toEqual(['migan-pipeline-v2', 'research-lama']);
  });

  it('model jobs are started by the engine only: jobs.submit refuses them', async () => {
    const folder = join(userData, 'models');
    const refused = await failure('jobs.submit', {
      kind: 'model-add',
      args: { folder: '/tmp', path: '/etc/hostname' },
    });
    expect(refused?.message).toBe('adding a model is started with models.add, not jobs.submit');
    expect(
      (await failure('jobs.submit', { kind: 'model-verify', args: { folder, id: 'research-lama' } }))?.code,
    ).toBe('invalid_argument');
    expect(
      (
        await failure('jobs.submit', {
          kind: 'music',
          args: { model: { id: 'x', dir: '/etc' }, prompt: 'a', seconds: 5, seeds: [1] },
        })
      )?.message,
    ).toBe('a soundtrack with a learned model is started with project.generateMusic, not jobs.submit');
  });

  it('verifies a model as a job, and reports a file changed since it was added', async () => {
    const ok = await finished(
      (await call<{ jobId: string }>('models.verify', { id: 'research-lama' })).jobId,
    );
    expect(ok.state).toBe('done');
    const list = await call<ModelsList>('models.list');
    const model = list.models.find((m) => m.id === 'migan-pipeline-v2')!;
    const onnx = readdirSync(join(list.folder, model.id)).find((n) => n.endsWith('.onnx'))!;
    // Same size, different bytes: only a re-hash finds it.
    const path = join(list.folder, model.id, onnx);
    const bytes = Buffer.from(miganStandIn());
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
    writeFileSync(path, bytes);
    const bad = await finished((await call<{ jobId: string }>('models.verify', { id: model.id })).jobId);
    expect(bad.state).toBe('failed');
    expect(bad.error?.message).toMatch(/has changed since it was added/);
  });

  it('never deletes a folder that is not a model, in a models folder the user pointed at', async () => {
    const list = await call<ModelsList>('models.list');
    mkdirSync(join(list.folder, 'client-photos'));
    writeFileSync(join(list.folder, 'client-photos', 'shoot.jpg'), 'precious');
    const shown = (await call<ModelsList>('models.list')).models.find((m) => m.id === 'client-photos');
    expect(shown).toMatchObject({ family: null, removable: false });
    expect((await failure('models.remove', { id: 'client-photos' }))?.message).toMatch(/is not a model/);
    expect(readdirSync(join(list.folder, 'client-photos'))).toEqual(['shoot.jpg']);
    rmSync(join(list.folder, 'client-photos'), { recursive: true });
  });

  it('removes a model, and moves to another folder the user picks', async () => {
    const after = await call<ModelsList>('models.remove', { id: 'migan-pipeline-v2' });
    expect(after.models.map((m) => m.id)).toEqual(['research-lama']);
    const other = join(root, 'shared-models');
    mkdirSync(other);
    await call('settings.set', { modelsDir: other });
    const moved = await call<ModelsList>('models.list');
    expect(moved).toMatchObject({ folder: other, isDefault: false, models: [] });
    expect((await failure('settings.set', { modelsDir: join(root, 'missing') }))?.message).toMatch(
      /is not a folder/,
    );
    expect((await failure('settings.set', { modelsDir: '/etc' }))?.code).toBe('forbidden');
    await call('settings.set', { modelsDir: null });
    expect((await call<ModelsList>('models.list')).isDefault).toBe(true);
  });
});

describe('cancelling a model job', () => {
  const shakyDir = tempDir();
  const shakyRoot = join(shakyDir.path, 'home');
  const shakyData = join(shakyDir.path, 'data');
  mkdirSync(shakyRoot);
  const shaky = createEngine({
    mode: 'web',
    userDataDir: shakyData,
    fileRoot: shakyRoot,
    spawnJobProcess: misbehavingWorker,
  });
  const callShaky = <T>(method: string, args?: unknown) =>
    shaky.dispatcher.call(method, args, { origin: 'test' }) as Promise<T>;
  afterAll(() => {
    shaky.close();
    shakyDir.cleanup();
  });

  it('stops an add at once; what it left half-written is never listed, and the next add clears it', async () => {
    const hang = writeModel(shakyRoot, 'hang.onnx', miganStandIn());
    const { jobId } = await callShaky<{ jobId: string }>('models.add', { path: hang });
    const folder = join(shakyData, 'models');
    await expect.poll(async () => (await callShaky<JobInfo>('jobs.get', { jobId })).stage).toBe('copying');
    expect(await callShaky('jobs.cancel', { jobId })).toEqual({ cancelled: true });
    expect((await callShaky<JobInfo>('jobs.get', { jobId })).state).toBe('cancelled');
    expect(readdirSync(folder)).toContain('.adding-killed');
    expect((await callShaky<ModelsList>('models.list')).models).toEqual([]);

    // The studio goes on: the next add works in a fresh job process, and sweeps the leftover.
    const good = writeModel(shakyRoot, 'migan.onnx', miganStandIn());
    const next = await callShaky<{ jobId: string }>('models.add', { path: good });
    for (;;) {
      const info = await callShaky<JobInfo>('jobs.get', { jobId: next.jobId });
      if (info.state === 'done') break;
      expect(info.state === 'failed' ? info.error : null).toBeNull();
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(readdirSync(folder).sort()).toEqual(['migan']);
    expect((await callShaky<ModelsList>('models.list')).models.map((m) => m.id)).toEqual(['migan']);
  });
});
