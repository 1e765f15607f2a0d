// The models folder: adding an ONNX file recognises its family and records a manifest; bad files,
// duplicates and cancels leave the folder as it was; the list reports broken models instead of
// failing; verify catches a file changed on disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStudioError } from '../../../../native/api/errors';
import {
  addModelFile,
  defaultModelsDir,
  listModels,
  MANIFEST_FILE,
  ModelManifestSchema,
  readModel,
  removeModel,
  resolveModelsDir,
  slugify,
  verifyModel,
  type ModelProgress,
} from '../../../../native/inference/models';
import {
  graphlessModel,
  lama4chStandIn,
  lama512StandIn,
  miganStandIn,
  unrelatedStandIn,
  writeModel,
} from '../../../helpers/onnx-standins';
import { tempDir } from '../../../helpers/temp';

const sources = tempDir('atelier-model-sources-');
const scratch = tempDir('atelier-models-');
let migan: string;
let lama: string;
let lama4ch: string;
let folderCount = 0;

beforeAll(() => {
  migan = writeModel(sources.path, 'migan_pipeline_v2.onnx', miganStandIn());
  lama = writeModel(sources.path, 'lama_fp32.onnx', lama512StandIn());
  lama4ch = writeModel(sources.path, 'big-lama.onnx', lama4chStandIn());
});
afterAll(() => {
  sources.cleanup();
  scratch.cleanup();
});

/** A fresh models folder (not created yet: adding creates it). */
function modelsFolder(): string {
  folderCount += 1;
  return join(scratch.path, `models-${folderCount}`);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** How a call failed, as the user would read it. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { code: isStudioError(error) ? error.code : 'plain', message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

/** Everything in the folder, hidden entries included. */
function contents(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

describe('adding a model file', () => {
  it('a MI-GAN export is recognised, copied in and described by its manifest', async () => {
    const folder = modelsFolder();
    const progress: ModelProgress[] = [];
    const manifest = await addModelFile(folder, migan, { onProgress: (p) => progress.push(p) });

    const bytes = readFileSync(migan);
    expect(manifest.family).toBe('migan');
    expect(manifest.id).toBe('migan-pipeline-v2');
    expect(manifest.name).toBe('migan_pipeline_v2');
    expect(manifest.files).toEqual([
      { name: 'migan_pipeline_v2.onnx', sha256: sha256(bytes), bytes: bytes.length },
    ]);
    expect(manifest.licence).toMatchObject({ name: 'MIT', commercialUse: true });
    expect(manifest.source).toEqual({ addedFrom: 'file' });
    expect(manifest.signature.inputs).toEqual([
      { name: 'image', type: 'uint8', dims: [1, 3, 'height', 'width'] },
      { name: 'mask', type: 'uint8', dims: [1, 1, 'height', 'width'] },
    ]);
    expect(manifest.signature.outputs).toEqual([
      { name: 'result', type: 'uint8', dims: [1, 3, 'height', 'width'] },
    ]);

    // On disk: exactly one model folder with the manifest and a byte-identical copy.
    expect(contents(folder)).toEqual(['migan-pipeline-v2']);
    const dir = join(folder, 'migan-pipeline-v2');
    expect(readdirSync(dir).sort()).toEqual(['migan_pipeline_v2.onnx', MANIFEST_FILE]);
    expect(readFileSync(join(dir, 'migan_pipeline_v2.onnx')).equals(bytes)).toBe(true);
    const written = ModelManifestSchema.parse(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')));
    expect(written).toEqual(manifest);

    // Progress counted the copied bytes up to the whole file, then the check.
    const copying = progress.filter((p) => p.stage === 'copying');
    expect(copying.at(-1)).toEqual({ stage: 'copying', bytes: bytes.length, total: bytes.length });
    expect(progress.at(-1)?.stage).toBe('checking');

    const listed = await listModels(folder);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: manifest.id, name: manifest.name, problem: null, manifest });
    expect(listed[0]!.path).toBe(join(dir, 'migan_pipeline_v2.onnx'));
    expect((await readModel(folder, manifest.id)).path).toBe(listed[0]!.path);
  });

  it('both LaMa exports are recognised and default to Apache-2.0; the given name and licence win', async () => {
    const folder = modelsFolder();
    const fixed = await addModelFile(folder, lama);
    expect(fixed.family).toBe('lama-512');
    expect(fixed.licence).toMatchObject({ name: 'Apache-2.0', commercialUse: true });
    expect(fixed.signature.inputs.map((i) => i.dims)).toEqual([
      [1, 3, 512, 512],
      [1, 1, 512, 512],
    ]);

    const dynamic = await addModelFile(folder, lama4ch, {
      name: 'Big LaMa (4 channels)',
      licence: { name: 'CC-BY-NC-4.0', commercialUse: false },
    });
    expect(dynamic).toMatchObject({
      family: 'lama-4ch',
      id: 'big-lama-4-channels',
      name: 'Big LaMa (4 channels)',
      licence: { name: 'CC-BY-NC-4.0', commercialUse: false },
    });
    expect((await listModels(folder)).map((e) => e.name)).toEqual(['Big LaMa (4 channels)', 'lama_fp32']);
  });

  it('a MI-GAN export with a float32 mask is refused naming the input, and nothing is left', async () => {
    const folder = modelsFolder();
    const bad = writeModel(
      sources.path,
      'migan-float-mask.onnx',
      miganStandIn({ mask: { type: 'float32' } }),
    );
    const { code, message } = await failure(addModelFile(folder, bad));
    expect(code).toBe('invalid_argument');
    expect(message).toContain('migan-float-mask.onnx');
    expect(message).toContain('input "mask": expected uint8, found float32');
    expect(message).not.toContain('.adding-');
    expect(contents(folder)).toEqual([]);
  });

  it('a model of no known family is refused with what it has and what is expected', async () => {
    const folder = modelsFolder();
    const other = writeModel(sources.path, 'other.onnx', unrelatedStandIn());
    const { code, message } = await failure(addModelFile(folder, other));
    expect(code).toBe('invalid_argument');
    expect(message).toMatch(/other\.onnx is not a known inpainting model: it has inputs x: float32/);
    expect(message).toContain('migan (');
    expect(contents(folder)).toEqual([]);
  });

  it('a given family is checked instead of recognised', async () => {
    const folder = modelsFolder();
    const { message } = await failure(addModelFile(folder, migan, { family: 'lama-512' }));
    expect(message).toContain('does not match the lama-512 signature');
    expect(contents(folder)).toEqual([]);
  });

  it('a corrupt or graphless file is refused as not a valid ONNX model, and nothing is left', async () => {
    const folder = modelsFolder();
    const corrupt = join(sources.path, 'corrupt.onnx');
    writeFileSync(corrupt, randomBytes(4096));
    const first = await failure(addModelFile(folder, corrupt));
    expect(first.code).toBe('invalid_argument');
    expect(first.message).toContain(corrupt);
    expect(first.message).toContain('is not a valid ONNX model');
    expect(contents(folder)).toEqual([]);

    const graphless = writeModel(sources.path, 'graphless.onnx', graphlessModel());
    const second = await failure(addModelFile(folder, graphless));
    expect(second.code).toBe('invalid_argument');
    expect(second.message).toContain('graphless.onnx');
    expect(contents(folder)).toEqual([]);
  });

  it('a missing file, a folder, an empty file and a file that is not .onnx are refused up front', async () => {
    const folder = modelsFolder();
    expect(await failure(addModelFile(folder, join(sources.path, 'nope.onnx')))).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('nope.onnx does not exist'),
    });
    const dirOnnx = join(sources.path, 'dir.onnx');
    mkdirSync(dirOnnx, { recursive: true });
    expect((await failure(addModelFile(folder, dirOnnx))).message).toContain('is not a file');
    const empty = join(sources.path, 'empty.onnx');
    writeFileSync(empty, '');
    expect((await failure(addModelFile(folder, empty))).message).toContain('is empty');
    const text = join(sources.path, 'notes.txt');
    writeFileSync(text, 'hello');
    expect((await failure(addModelFile(folder, text))).message).toBe('notes.txt is not an .onnx file');
    expect(contents(folder)).toEqual([]);
  });

  it('the same model twice is refused naming the model already there', async () => {
    const folder = modelsFolder();
    await addModelFile(folder, migan, { name: 'MI-GAN v2' });
    const renamed = writeModel(sources.path, 'same-bytes.onnx', readFileSync(migan));
    const { code, message } = await failure(addModelFile(folder, renamed));
    expect(code).toBe('conflict');
    expect(message).toBe(
      `${renamed} is already in the models folder as "MI-GAN v2" (mi-gan-v2): same SHA-256`,
    );
    expect(contents(folder)).toEqual(['mi-gan-v2']);
  });

  it('two different models with the same name get different ids', async () => {
    const folder = modelsFolder();
    const a = await addModelFile(folder, migan, { name: 'Fill' });
    const b = await addModelFile(folder, lama, { name: 'Fill' });
    expect([a.id, b.id]).toEqual(['fill', 'fill-2']);
  });

  it('a cancel during the copy leaves nothing behind', async () => {
    const folder = modelsFolder();
    // Large enough to arrive in several chunks; the cancel comes with the first one.
    const big = join(sources.path, 'big.onnx');
    writeFileSync(big, randomBytes(6 * 1024 * 1024));
    const controller = new AbortController();
    let calls = 0;
    const { code, message } = await failure(
      addModelFile(folder, big, {
        signal: controller.signal,
        onProgress: () => {
          calls += 1;
          controller.abort();
        },
      }),
    );
    expect(code).toBe('cancelled');
    expect(message).toBe('adding big.onnx was cancelled');
    expect(calls).toBeGreaterThan(0);
    expect(contents(folder)).toEqual([]);
  });

  it('an already cancelled signal adds nothing', async () => {
    const folder = modelsFolder();
    const controller = new AbortController();
    controller.abort();
    expect((await failure(addModelFile(folder, migan, { signal: controller.signal }))).code).toBe(
      'cancelled',
    );
    expect(contents(folder)).toEqual([]);
  });
});

describe('listing the models folder', () => {
  it('a folder that does not exist yet has no models', async () => {
    expect(await listModels(join(scratch.path, 'never-made'))).toEqual([]);
  });

  it('broken manifests, missing files and wrong sizes are listed with their problem, not thrown', async () => {
    const folder = modelsFolder();
    const good = await addModelFile(folder, lama, { name: 'A good model' });
    const gone = await addModelFile(folder, migan, { name: 'B file gone' });
    const shrunk = await addModelFile(folder, lama4ch, { name: 'C shrunk' });
    writeFileSync(join(folder, gone.id + '.txt'), 'a stray file beside the model folders is ignored');

    // A manifest that is not JSON, one that breaks the schema, a folder without one.
    mkdirSync(join(folder, 'd-not-json'));
    writeFileSync(join(folder, 'd-not-json', MANIFEST_FILE), '{ "id": ');
    mkdirSync(join(folder, 'e-bad-schema'));
    writeFileSync(
      join(folder, 'e-bad-schema', MANIFEST_FILE),
      JSON.stringify({ ...good, id: 'e-bad-schema', family: 'sd15', files: [] }),
    );
    mkdirSync(join(folder, 'f-no-manifest'));
    // The model file of one goes, the other loses most of its bytes.
    rmSync(join(folder, gone.id, gone.files[0]!.name));
    const shrunkFile = join(folder, shrunk.id, shrunk.files[0]!.name);
    writeFileSync(shrunkFile, readFileSync(shrunkFile).subarray(0, 10));

    const listed = await listModels(folder);
    expect(listed.map((e) => [e.id, e.problem])).toEqual([
      [good.id, null],
      [gone.id, `the file ${gone.files[0]!.name} is missing`],
      [
        shrunk.id,
        `the file ${shrunk.files[0]!.name} is 10 bytes, the manifest says ${shrunk.files[0]!.bytes}`,
      ],
      ['d-not-json', expect.stringMatching(/^model\.json is not valid JSON \(/)],
      ['e-bad-schema', expect.stringMatching(/^model\.json is not a valid manifest: .*family.*files/)],
      ['f-no-manifest', 'model.json is missing'],
    ]);
    const broken = listed.find((e) => e.id === 'd-not-json')!;
    expect(broken).toMatchObject({ name: 'd-not-json', manifest: null, path: null });

    // Loading a broken model is a clear error naming it.
    expect(await failure(readModel(folder, gone.id))).toMatchObject({
      code: 'unavailable',
      message: `the model "B file gone" cannot be used: the file ${gone.files[0]!.name} is missing`,
    });
    expect((await failure(readModel(folder, 'd-not-json'))).code).toBe('invalid_argument');
    expect((await failure(readModel(folder, 'nothing-here'))).code).toBe('not_found');
  });

  it('a manifest copied into another folder is flagged', async () => {
    const folder = modelsFolder();
    const added = await addModelFile(folder, migan);
    renameSync(join(folder, added.id), join(folder, 'moved'));
    const [entry] = await listModels(folder);
    expect(entry!.problem).toBe(`model.json names the id "${added.id}" but the folder is "moved"`);
  });

  it('a models folder that is a file is a clear error', async () => {
    const file = join(scratch.path, 'a-file');
    writeFileSync(file, 'x');
    expect(await failure(listModels(file))).toMatchObject({
      code: 'invalid_argument',
      message: `the models folder ${file} is a file`,
    });
  });
});

describe('verifying and removing', () => {
  it('verify passes on an untouched model and names the file changed on disk', async () => {
    const folder = modelsFolder();
    const manifest = await addModelFile(folder, migan);
    const progress: ModelProgress[] = [];
    expect(await verifyModel(folder, manifest.id, { onProgress: (p) => progress.push(p) })).toEqual(manifest);
    expect(progress.at(-1)).toEqual({
      stage: 'verifying',
      bytes: manifest.files[0]!.bytes,
      total: manifest.files[0]!.bytes,
    });

    // Same size, one byte different: only the hash can tell.
    const file = join(folder, manifest.id, manifest.files[0]!.name);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(file, bytes);
    expect((await listModels(folder))[0]!.problem).toBeNull();
    const { code, message } = await failure(verifyModel(folder, manifest.id));
    expect(code).toBe('invalid_argument');
    expect(message).toContain(
      `the file ${manifest.files[0]!.name} of the model "${manifest.name}" has changed`,
    );
    expect(message).toContain(`the manifest says ${manifest.files[0]!.sha256}`);
  });

  it('remove deletes the model folder and nothing else', async () => {
    const folder = modelsFolder();
    const a = await addModelFile(folder, migan);
    const b = await addModelFile(folder, lama);
    await removeModel(folder, a.id);
    expect(contents(folder)).toEqual([b.id]);
    expect((await listModels(folder)).map((e) => e.id)).toEqual([b.id]);
    // The same file can be added again once removed.
    expect((await addModelFile(folder, migan)).id).toBe(a.id);
  });

  it('remove refuses an unknown model and an id that is not one', async () => {
    const folder = modelsFolder();
    await addModelFile(folder, migan);
    expect((await failure(removeModel(folder, 'nope'))).code).toBe('not_found');
    expect(await failure(removeModel(folder, '../models-1'))).toMatchObject({ code: 'invalid_argument' });
    expect((await failure(verifyModel(folder, '..'))).code).toBe('invalid_argument');
    expect(contents(folder)).toHaveLength(1);
  });
});

describe('folders and ids', () => {
  it('the default models folder is <userData>/models unless the settings name one', () => {
    expect(defaultModelsDir('/data/atelier')).toBe(join('/data/atelier', 'models'));
    expect(resolveModelsDir(null, '/data/atelier')).toBe(join('/data/atelier', 'models'));
    expect(resolveModelsDir('/mnt/models', '/data/atelier')).toBe('/mnt/models');
  });

  it('ids are slugs of the name', () => {
    expect(slugify('MI-GAN Pipeline v2')).toBe('mi-gan-pipeline-v2');
    expect(slugify('Échelle  ✓ 512')).toBe('echelle-512');
    expect(slugify('✓✓')).toBe('');
  });
});
