// A model file is checked against its family's signature before use; a mismatch names the input
// or output that differs. Real onnxruntime sessions over generated stand-in models.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceSession } from 'onnxruntime-node';
import {
  checkSignature,
  INPAINT_FAMILIES,
  recogniseFamily,
  signatureProblems,
  type InpaintFamily,
  type ModelMetadata,
} from '../../../../native/inference/signatures';
import {
  lama4chStandIn,
  lama512StandIn,
  miganStandIn,
  unrelatedStandIn,
} from '../../../helpers/onnx-standins';

const sessions: InferenceSession[] = [];

async function load(bytes: Uint8Array): Promise<InferenceSession> {
  const session = await InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  sessions.push(session);
  return session;
}

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.release()));
});

const standIns: Record<InpaintFamily, () => Uint8Array> = {
  'lama-512': () => lama512StandIn(),
  'lama-4ch': () => lama4chStandIn(),
  migan: () => miganStandIn(),
};

describe('the stand-ins of every family', () => {
  const loaded = new Map<InpaintFamily, InferenceSession>();
  beforeAll(async () => {
    for (const family of INPAINT_FAMILIES) loaded.set(family, await load(standIns[family]()));
  });

  it.each(INPAINT_FAMILIES)('%s passes its own check and is recognised as itself', (family) => {
    const session = loaded.get(family)!;
    expect(() => checkSignature(family, session, `${family}.onnx`)).not.toThrow();
    expect(recogniseFamily(session)).toBe(family);
  });

  it.each(INPAINT_FAMILIES)('%s fails the check of every other family', (family) => {
    const session = loaded.get(family)!;
    for (const other of INPAINT_FAMILIES.filter((f) => f !== family)) {
      expect(signatureProblems(other, session).length).toBeGreaterThan(0);
      expect(() => checkSignature(other, session, 'x.onnx')).toThrow(
        `x.onnx does not match the ${other} signature`,
      );
    }
  });

  it('reads the symbolic sizes of the dynamic families from the session', () => {
    const migan = loaded.get('migan')!.inputMetadata[0]!;
    expect(migan).toMatchObject({ name: 'image', type: 'uint8', shape: [1, 3, 'height', 'width'] });
  });
});

describe('a model that differs is refused, naming what differs', () => {
  it('an input of the wrong element type', async () => {
    const session = await load(miganStandIn({ mask: { type: 'float32' } }));
    expect(() => checkSignature('migan', session, 'migan.onnx')).toThrow(
      'input "mask": expected uint8, found float32',
    );
  });

  it('an input under another name: missing, and the extra one named', async () => {
    const session = await load(lama512StandIn({ mask: { name: 'masks' } }));
    const problems = signatureProblems('lama-512', session);
    expect(problems).toContain('input "mask" is missing (the model\'s inputs are "image", "masks")');
    expect(problems).toContain('the model has an input "masks" that lama-512 models do not have');
  });

  it('an input of the wrong rank', async () => {
    const session = await load(lama512StandIn({ mask: { shape: [1, 512, 512] } }));
    expect(() => checkSignature('lama-512', session)).toThrow(
      'input "mask": expected rank 4 [1,1,512,512], found rank 3 [1,512,512]',
    );
  });

  it('a fixed size other than the family takes', async () => {
    const session = await load(
      lama512StandIn({
        image: { shape: [1, 3, 256, 256] },
        mask: { shape: [1, 1, 256, 256] },
        output: { shape: [1, 3, 256, 256] },
      }),
    );
    expect(() => checkSignature('lama-512', session)).toThrow(
      'input "image": dimension 2 expected 512, found 256',
    );
  });

  it('an output of the wrong type or name', async () => {
    const wrongType = await load(miganStandIn({ result: { type: 'float32' } }));
    expect(() => checkSignature('migan', wrongType)).toThrow(
      'output "result": expected uint8, found float32',
    );
    const wrongName = await load(lama4chStandIn({ output: { name: 'inpainted' } }));
    expect(() => checkSignature('lama-4ch', wrongName)).toThrow('output "output" is missing');
  });

  it('a fixed size where the family needs a dynamic one', async () => {
    const session = await load(lama4chStandIn({ input: { shape: [1, 4, 512, 512] } }));
    expect(() => checkSignature('lama-4ch', session)).toThrow(
      'input "input": dimension 2 expected a dynamic size (H), found the fixed size 512',
    );
  });

  it('a LaMa export with dynamic sizes can still be fed 512', async () => {
    const session = await load(
      lama512StandIn({
        image: { shape: [1, 3, 'h', 'w'] },
        mask: { shape: [1, 1, 'h', 'w'] },
        output: { shape: [1, 3, 'h', 'w'] },
      }),
    );
    expect(signatureProblems('lama-512', session)).toEqual([]);
  });

  it('a model of no known family: the error lists what it has and what each family expects', async () => {
    const session = await load(unrelatedStandIn());
    let message = '';
    try {
      recogniseFamily(session, 'mystery.onnx');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('mystery.onnx is not a known inpainting model');
    expect(message).toContain('it has inputs x: float32 [1,n]; outputs y: float32 [1,n]');
    expect(message).toContain('lama-512 (inputs image: float32 [1,3,512,512], mask: float32 [1,1,512,512]');
    expect(message).toContain('migan (inputs image: uint8 [1,3,H,W], mask: uint8 [1,1,H,W]');
  });

  it('a value that is not a tensor', () => {
    const meta: ModelMetadata = {
      inputMetadata: [
        { name: 'image', isTensor: true, type: 'uint8', shape: [1, 3, 'h', 'w'] },
        { name: 'mask', isTensor: false },
      ],
      outputMetadata: [{ name: 'result', isTensor: true, type: 'uint8', shape: [1, 3, 'h', 'w'] }],
    };
    expect(signatureProblems('migan', meta)).toEqual([
      'input "mask": expected a uint8 tensor, found a value that is not a tensor',
    ]);
  });

  it('a shape the model does not declare is not held against it', () => {
    const meta: ModelMetadata = {
      inputMetadata: [{ name: 'input', isTensor: true, type: 'float32', shape: [] }],
      outputMetadata: [{ name: 'output', isTensor: true, type: 'float32', shape: [] }],
    };
    expect(recogniseFamily(meta)).toBe('lama-4ch');
  });
});
