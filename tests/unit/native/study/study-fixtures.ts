// A study driven through StudioApi as the research screens drive it, for the study tests.
import sharp from 'sharp';
import type { Asset } from '../../../../native/model/document';
import type { ProjectState } from '../../../../native/api/project';
import type { StudyState } from '../../../../native/api/study';
import type { testEngine } from '../../../helpers/engine';

type Call = ReturnType<typeof testEngine>['call'];

export const W = 48;
export const H = 32;

export function studyText(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'fill-study',
    title: 'Fill acceptance',
    consent: { text: 'We record what you do in the studio, never your images or words.', logsPrompts: false },
    conditions: [
      {
        id: 'a',
        label: 'Telea, 5 variants',
        settings: { fillEngine: 'telea', variants: 5, results: 'staging' },
      },
      {
        id: 'b',
        label: 'Telea, 5 variants, inline',
        settings: { fillEngine: 'telea', variants: 5, results: 'inline' },
      },
    ],
    assignment: { kind: 'balanced' },
    tasks: [
      {
        id: 'banner',
        title: 'Clean the banner',
        instructions: 'Remove the logo.',
        project: { placement: { id: 'banner', name: 'Banner', width: W, height: H } },
      },
    ],
    questionnaire: [
      { id: 'ease', kind: 'likert', prompt: 'It was easy.', scale: 7 },
      { id: 'comments', kind: 'text', prompt: 'Anything else?', maxChars: 200 },
    ],
    ...overrides,
  });
}

export async function loadStudy(call: Call, overrides: Record<string, unknown> = {}): Promise<StudyState> {
  return call<StudyState>('study.load', { text: studyText(overrides), name: 'fill-study.json' });
}

/** Paints a mask (a 12×12 hole) on the open project's first artboard, as the brush would. */
export async function paintMask(call: Call): Promise<string> {
  const state = await call<ProjectState>('project.current');
  const canvasId = state.document.canvasOrder[0]!;
  const data = Buffer.alloc(W * H);
  for (let y = 10; y < 22; y++) data.fill(255, y * W + 18, y * W + 30);
  const png = await sharp(data, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();
  const asset = await call<Asset>('project.importMask', { canvasId, bytes: new Uint8Array(png) });
  await call('project.edit', {
    edit: {
      kind: 'gesture',
      label: 'Paint mask',
      commands: [
        { type: 'asset.add', args: { asset } },
        { type: 'mask.set', args: { canvasId, assetId: asset.id } },
      ],
    },
    revision: state.revision,
  });
  return canvasId;
}

export async function addAsset(call: Call, asset: Asset): Promise<void> {
  const { revision } = await call<ProjectState>('project.current');
  await call('project.edit', {
    edit: { kind: 'command', command: { type: 'asset.add', args: { asset } } },
    revision,
  });
}
