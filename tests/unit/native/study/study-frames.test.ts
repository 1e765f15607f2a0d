// A study's condition and storyboard frames (Stable Diffusion stand-ins, see
// tests/helpers/diffusion-standins.ts): the condition's model and variants decide a frame as they
// decide a fill; a condition fixing a built-in engine allows no frames; prompts stay out of the
// log unless the consent allows them, whatever the participant sets in the project.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StudioError } from '../../../../native/api/errors';
import type { ProjectState } from '../../../../native/api/project';
import type { StudyState } from '../../../../native/api/study';
import type { LogEvent } from '../../../../native/model/feedback-events';
import { readEvents } from '../../../../native/feedback/log';
import { promptSha256 } from '../../../../native/project/prompt-log';
import { Sqlite } from '../../../../native/project/sqlite';
import { SD_TURBO_SCHEDULER_CONFIG, writeDiffusionStandIn } from '../../../helpers/diffusion-standins';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { loadStudy } from './study-fixtures';

const dir = tempDir();
const root = join(dir.path, 'home');
const data = join(dir.path, 'data');
mkdirSync(root);
writeDiffusionStandIn(join(data, 'models', 'sd-turbo'), {
  inpaint: false,
  scheduler: SD_TURBO_SCHEDULER_CONFIG,
});
writeDiffusionStandIn(join(data, 'models', 'sd-inpaint'), { inpaint: true });
const { engine, call, failure, finished } = testEngine(root, data);
afterEach(async () => {
  const study = await call<StudyState | null>('study.current');
  if (study?.participant) await call('study.end');
  if (await call('project.current')) await call('project.close', { discard: true });
});
afterAll(() => {
  engine.close();
  dir.cleanup();
});

function events(path: string): LogEvent[] {
  const db = new Sqlite(path, { readonly: true, mustExist: true });
  try {
    return readEvents(db);
  } finally {
    db.close();
  }
}

async function participant(studyId: string, settings: Record<string, unknown>, logsPrompts = false) {
  await loadStudy(call, {
    id: studyId,
    consent: { text: 'We record what you do.', logsPrompts },
    conditions: [
      { id: 'given', label: 'Given', settings },
      { id: 'other', label: 'Other', settings: {} },
    ],
    assignment: { kind: 'fixed', participants: { 'P-FRAME': 'given' } },
  });
  await call('study.startParticipant', { studyId, participantId: 'P-FRAME' });
  await call('study.consent', { given: true });
  return call<ProjectState>('project.current');
}

const frameArgs = (canvasId: string, prompt = 'red cat') => ({
  canvasId,
  engine: 'model:sd-inpaint',
  prompt,
  variants: 4,
  seed: 3,
  steps: 1,
  confirmLicence: true,
});

describe('storyboard frames in a study', () => {
  it("makes frames with the condition's diffusion model and variants, whatever the UI asks", async () => {
    const project = await participant('frames', { fillEngine: 'model:sd-turbo', variants: 2 });
    const canvasId = project.document.canvasOrder[0]!;
    const { jobId, seeds } = await call<{ jobId: string; seeds: number[] }>(
      'project.generateFrame',
      frameArgs(canvasId),
    );
    expect(seeds).toEqual([3, 4]);
    expect((await finished(jobId)).state).toBe('done');
    await call('study.end');
    const requested = events(project.path!).find((e) => e.type === 'generation.requested')!;
    expect(requested).toMatchObject({
      name: 'sd-turbo',
      participantId: 'P-FRAME',
      args: { mode: 'frame', family: 'sd-turbo', variants: 2, conditionOverride: true },
    });
  });

  it('refuses frames while the condition fixes a built-in fill engine', async () => {
    const project = await participant('no-frames', { fillEngine: 'telea' });
    const canvasId = project.document.canvasOrder[0]!;
    const refused = (await failure('project.generateFrame', frameArgs(canvasId))) as StudioError;
    expect(refused?.code).toBe('conflict');
    expect(refused.message).toMatch(/^this study fixes the fill engine \(telea\)/);
    await call('study.end');
    expect(events(project.path!).map((e) => e.type)).not.toContain('generation.requested');
  });

  it('keeps prompts out of the log without consent, even when the participant allows them', async () => {
    const project = await participant('private', { variants: 1 });
    expect(project.document.logPrompts).toBe(false);
    await call('project.edit', {
      edit: { kind: 'command', command: { type: 'project.setLogPrompts', args: { logPrompts: true } } },
      revision: project.revision,
    });
    const canvasId = project.document.canvasOrder[0]!;
    const prompt = 'photo of a blue dog';
    const { jobId } = await call<{ jobId: string }>('project.generateFrame', {
      ...frameArgs(canvasId, prompt),
      engine: 'model:sd-turbo',
    });
    expect((await finished(jobId)).state).toBe('done');
    await call('study.end');
    const log = events(project.path!);
    const requested = log.find((e) => e.type === 'generation.requested')!;
    expect(requested.args).toMatchObject({ promptSha256: promptSha256(prompt), variants: 1 });
    expect(requested.args).not.toHaveProperty('prompt');
    for (const event of log) expect(JSON.stringify(event)).not.toContain('blue dog');
  });
});
