// The Generate panel's prompted settings: optional numbers stay in range (empty leaves them to
// the model), Stable Diffusion models are found for frames, and an empty prompt is caught before
// the engine is asked.
import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../../../native/api/models';
import {
  diffusionModels,
  familyOf,
  optionalNumber,
  promptProblem,
} from '../../../../renderer/app/prompt-settings';

const model = (id: string, family: ModelInfo['family'], problem: string | null = null): ModelInfo => ({
  id,
  name: id,
  family,
  licence: { name: 'MIT', commercialUse: true },
  bytes: 1,
  sha256: null,
  sourceUrl: null,
  addedFrom: 'file',
  addedAt: 0,
  problem,
  provider: 'cpu',
  lastProvider: null,
  removable: true,
});

describe('prompt settings', () => {
  it('reads optional numbers: empty is the model’s own, the rest kept in range', () => {
    expect(optionalNumber('', 1, 100, true)).toBeNull();
    expect(optionalNumber('  ', 1, 100, true)).toBeNull();
    expect(optionalNumber('abc', 1, 100, true)).toBeNull();
    expect(optionalNumber('250', 1, 100, true)).toBe(100);
    expect(optionalNumber('0', 1, 100, true)).toBe(1);
    expect(optionalNumber('3.6', 1, 100, true)).toBe(4);
    expect(optionalNumber('7.5', 0, 20, false)).toBe(7.5);
    expect(optionalNumber('-2', 0, 20, false)).toBe(0);
  });

  it('lists the ready Stable Diffusion models, SD-Turbo first', () => {
    const models = [
      model('lama', 'lama-512'),
      model('inpaint', 'sd15-inpaint'),
      model('broken', 'sd-turbo', 'unet/model.onnx is missing'),
      model('turbo', 'sd-turbo'),
      model('music', 'musicgen'),
    ];
    expect(diffusionModels(models).map((m) => m.id)).toEqual(['turbo', 'inpaint']);
    expect(diffusionModels(undefined)).toEqual([]);
    expect(familyOf(models, 'model:inpaint')).toBe('sd15-inpaint');
    expect(familyOf(models, 'patchmatch')).toBeNull();
    expect(familyOf(models, 'model:gone')).toBeNull();
  });

  it('stops a prompted generation without a prompt, and nothing else', () => {
    expect(promptProblem('sd15-inpaint', '  ', 'fill')).toMatch(/^Type a prompt: Stable Diffusion 1\.5/);
    expect(promptProblem('sd15-inpaint', 'a red kite', 'fill')).toBeNull();
    expect(promptProblem('migan', '', 'fill')).toBeNull();
    expect(promptProblem(null, '', 'fill')).toBeNull();
    expect(promptProblem(null, '', 'frame')).toMatch(/^Type a prompt/);
  });
});
