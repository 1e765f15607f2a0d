// A small two-condition study run through StudioApi as the research screens drive it, leaving
// one participant project file (with its real edit log) per participant: for the dashboard's
// engine tests and its end-to-end test. Each participant adds a rectangle to the banner, is
// shown four variants and accepts `ACCEPTS[condition]` of them, then moves the rectangle.
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectState } from '../../../../native/api/project';
import type { StudyState } from '../../../../native/api/study';
import { testEngine } from '../../../helpers/engine';
import { shapeLayer } from '../../../helpers/layers';
import { loadStudy, paintMask } from '../study/study-fixtures';

type Call = ReturnType<typeof testEngine>['call'];

/** Variants accepted of the four shown, per condition. */
export const ACCEPTS: Record<string, number> = { a: 3, b: 1 };
export const SHOWN = 4;
export const LAYER_ID = 'layer:dash-box';

async function edit(call: Call, edit: unknown): Promise<void> {
  const { revision } = await call<ProjectState>('project.current');
  await call('project.edit', { edit, revision });
}

async function participant(call: Call, id: string): Promise<void> {
  const { condition } = await call<{ condition: { id: string } }>('study.startParticipant', {
    studyId: 'dash-study',
    participantId: id,
  });
  await call('study.consent', { given: true });
  const state = await call<ProjectState>('project.current');
  const canvasId = state.document.canvasOrder[0]!;
  await edit(call, {
    kind: 'command',
    command: { type: 'layer.add', args: { layer: { ...shapeLayer(LAYER_ID, canvasId), name: 'Box' } } },
  });
  // A mask painted for a fill: an image stored in the project (the replay draws its images).
  await paintMask(call);
  const jobId = `job:${id}`;
  for (let index = 0; index < SHOWN; index++) {
    await call('feedback.log', { type: 'variant.shown', name: 'telea', targetIds: [jobId], args: { index } });
  }
  for (let index = 0; index < SHOWN; index++) {
    const yes = index < ACCEPTS[condition.id]!;
    await call('feedback.log', {
      type: yes ? 'variant.accepted' : 'variant.rejected',
      name: 'telea',
      targetIds: [jobId],
      args: { index },
      durationMs: 500,
    });
  }
  await edit(call, {
    kind: 'command',
    command: {
      type: 'layer.update',
      args: {
        layerId: LAYER_ID,
        patch: { transform: { ...shapeLayer(LAYER_ID, canvasId).transform, x: 8 } },
      },
    },
  });
  await call('study.nextTask');
  await call('study.submitQuestionnaire', { answers: { ease: condition.id === 'a' ? 6 : 3 } });
  await call('study.end');
}

/** Runs `perCondition` participants in each of conditions a and b; the study stays loaded. */
export async function runDashboardStudy(call: Call, perCondition: number): Promise<StudyState> {
  const ids = Array.from({ length: perCondition }, (_, i) => [`P-A${i + 1}`, `P-B${i + 1}`]).flat();
  await loadStudy(call, {
    id: 'dash-study',
    conditions: [
      { id: 'a', label: 'Staging strip', settings: { results: 'staging' } },
      { id: 'b', label: 'Inline', settings: { results: 'inline' } },
    ],
    assignment: {
      kind: 'fixed',
      participants: Object.fromEntries(ids.map((id) => [id, id.startsWith('P-A') ? 'a' : 'b'])),
    },
  });
  for (const id of ids) await participant(call, id);
  return call<StudyState>('study.current');
}

/**
 * The participants' project files of such a study, run in an engine of its own and copied to
 * `dest` (one `.atelier` per participant); returns their paths.
 */
export async function dashboardStudyFiles(
  root: string,
  userData: string,
  perCondition: number,
  dest: string,
): Promise<string[]> {
  const { engine, call } = testEngine(root, userData);
  try {
    const { dataDir } = await runDashboardStudy(call, perCondition);
    mkdirSync(dest, { recursive: true });
    const names = readdirSync(dataDir).filter((n) => n.endsWith('.atelier'));
    for (const name of names) cpSync(join(dataDir, name), join(dest, name));
    return names.map((n) => join(dest, n));
  } finally {
    engine.close();
  }
}
