// A whole study, simulated: 30 scripted participants go through StudioApi as the research
// screens and the studio drive it (consent, a fill with the built-in PatchMatch engine (Telea has no randomness: one variant), variants shown,
// accepted or rejected, the questionnaire). In condition A they accept 80% of what they are
// shown, in B 40%: the analysis must find those rates and a significant difference, and
// nothing it exports may hold pixels, absolute paths or prompt text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectState } from '../../../../native/api/project';
import type { StudyState } from '../../../../native/api/study';
import type { Asset } from '../../../../native/model/document';
import {
  analyzeStudy,
  OUTPUT_FILES,
  type AnalysisResult,
} from '../../../../native/feedback/analysis/analyze';
import { findLogFiles } from '../../../../native/feedback/analysis/read';
import { testEngine } from '../../../helpers/engine';
import { tempDir } from '../../../helpers/temp';
import { addAsset, loadStudy, paintMask } from './study-fixtures';

const dir = tempDir();
const root = join(dir.path, 'home');
mkdirSync(root);
const { engine, call, finished } = testEngine(root, join(dir.path, 'data'));
afterAll(() => {
  engine.close();
  dir.cleanup();
});

const PARTICIPANTS = 30;
const VARIANTS = 5;
/** Variants accepted of the 5 shown: 80% in A, 40% in B. */
const ACCEPTS: Record<string, number> = { a: 4, b: 2 };
/** Typed into the prompt field: this study did not allow prompt logging. */
const PROMPT = 'secret launch of the Zephyr 9 sneaker';

async function participant(): Promise<void> {
  const { condition } = await call<{ condition: { id: string } }>('study.startParticipant', {
    studyId: 'simulated',
  });
  await call('study.consent', { given: true });
  const canvasId = await paintMask(call);
  const { jobId } = await call<{ jobId: string }>('project.generateFill', {
    canvasId,
    engine: 'auto',
    variants: 3,
    prompt: PROMPT,
  });
  const info = await finished(jobId);
  expect(info.state).toBe('done');
  const variants = (info.result as { variants: { seed: number; engine: string }[] }).variants;
  expect(variants).toHaveLength(VARIANTS);
  // As the staging strip does: each variant logged as shown when it is shown...
  for (const [index, v] of variants.entries()) {
    await call('feedback.log', {
      type: 'variant.shown',
      name: v.engine,
      targetIds: [jobId],
      args: { index, seed: v.seed },
    });
  }
  // ...the chosen ones accepted (stored, added to the document, logged), the rest rejected.
  const accepts = ACCEPTS[condition.id]!;
  for (const [index, v] of variants.entries()) {
    if (index < accepts) {
      const { asset } = await call<{ asset: Asset }>('project.acceptVariant', { jobId, index });
      await addAsset(call, asset);
      await call('feedback.log', {
        type: 'variant.accepted',
        name: v.engine,
        targetIds: [asset.id, jobId],
        args: { index, seed: v.seed, all: false },
        durationMs: 800,
      });
    } else {
      await call('feedback.log', {
        type: 'variant.rejected',
        name: v.engine,
        targetIds: [jobId],
        args: { index, seed: v.seed, reason: 'superseded' },
        durationMs: 800,
      });
    }
  }
  await call('study.nextTask');
  await call('study.submitQuestionnaire', {
    answers: { ease: condition.id === 'a' ? 6 : 3, comments: 'Would use again' },
  });
  await call('study.end');
}

describe('a simulated study', () => {
  let study: StudyState;
  let result: AnalysisResult;
  const out = join(dir.path, 'analysis');

  beforeAll(async () => {
    study = await loadStudy(call, {
      id: 'simulated',
      conditions: [
        {
          id: 'a',
          label: 'Staging strip',
          settings: { fillEngine: 'patchmatch', variants: VARIANTS, results: 'staging' },
        },
        {
          id: 'b',
          label: 'Inline',
          settings: { fillEngine: 'patchmatch', variants: VARIANTS, results: 'inline' },
        },
      ],
    });
    for (let i = 0; i < PARTICIPANTS; i++) await participant();
    result = analyzeStudy(findLogFiles([study.dataDir]), out, { seed: 1 });
  }, 120_000);

  it('balances the participants, one project file each', async () => {
    expect((await call<StudyState>('study.current')).counts).toEqual({ a: 15, b: 15 });
    expect(readdirSync(study.dataDir).filter((f) => f.endsWith('.atelier'))).toHaveLength(PARTICIPANTS);
    expect(await call<ProjectState | null>('project.current')).toBeNull();
  });

  it('reports the acceptance rates of both conditions and a significant difference', () => {
    expect(result.sessions).toHaveLength(PARTICIPANTS);
    expect(new Set(result.sessions.map((s) => s.participantId)).size).toBe(PARTICIPANTS);
    const byId = Object.fromEntries(result.conditions.map((c) => [c.condition, c]));
    expect(byId.a).toMatchObject({ sessions: 15, variantsShown: 75, variantsAccepted: 60 });
    expect(byId.b).toMatchObject({ sessions: 15, variantsShown: 75, variantsAccepted: 30 });
    expect(byId.a!.acceptanceRate).toBeCloseTo(0.8, 5);
    expect(byId.b!.acceptanceRate).toBeCloseTo(0.4, 5);
    const pooled = result.comparisons.find((c) => c.metric === 'acceptanceRate (pooled)')!;
    expect([pooled.a, pooled.b]).toEqual(['a', 'b']);
    expect(pooled.difference).toBeCloseTo(0.4, 5); // a − b
    expect(pooled.p).toBeLessThan(0.05);
  });

  it('exports no pixels, no absolute paths and no prompt text', () => {
    for (const file of OUTPUT_FILES) {
      const text = readFileSync(join(out, file), 'latin1');
      expect(text, file).not.toContain(PROMPT);
      expect(text, file).not.toContain('Zephyr');
      expect(text, file).not.toMatch(/data:image\/|iVBORw0KGgo|[A-Za-z0-9+/]{200,}/);
      expect(text, file).not.toContain(dir.path);
      expect(text, file).not.toMatch(/(^|["',\s])\/(home|tmp|Users|var|private)\//);
      expect(text, file).not.toMatch(/[A-Za-z]:\\/);
    }
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
    expect(events).toContain('"type":"study.questionnaire"');
  });

  it('drops the participants’ free text with --drop-free-text', () => {
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8')).toContain('Would use again');
    const bare = join(dir.path, 'bare');
    analyzeStudy(findLogFiles([study.dataDir]), bare, { dropFreeText: true });
    for (const file of OUTPUT_FILES)
      expect(readFileSync(join(bare, file), 'latin1'), file).not.toContain('Would use again');
  });
});
