// Research mode's pure rules in the UI: nothing is logged before consent or while paused, what a
// condition fixes, when a questionnaire may be sent, and that the form writes a valid study.
import { describe, expect, it } from 'vitest';
import { parseStudyDefinition, type StudyState } from '../../../../native/api/study';
import {
  answersOf,
  fixedFill,
  fixedFrame,
  loggingAllowed,
  plainMessage,
  questionnaireProblems,
  studyJson,
  type StudyDraft,
} from '../../../../renderer/research/study-logic';

const definition = parseStudyDefinition({
  id: 'fill-study',
  title: 'Fill',
  consent: { text: 'We record what you do.' },
  conditions: [
    { id: 'a', label: 'A', settings: { fillEngine: 'telea', variants: 1 } },
    { id: 'b', label: 'B', settings: { variants: 4, results: 'inline' } },
    { id: 'c', label: 'C', settings: { fillEngine: 'model:sd-turbo', variants: 2 } },
  ],
  tasks: [{ id: 't', title: 'T', instructions: 'Do it.' }],
  questionnaire: [
    { id: 'ease', kind: 'likert', prompt: 'Easy?', scale: 5 },
    { id: 'note', kind: 'text', prompt: 'Notes', maxChars: 5 },
  ],
});

function state(
  phase: 'consent' | 'task' | 'questionnaire' | null,
  paused = false,
  condition = 0,
): StudyState {
  return {
    definition,
    sha256: '0'.repeat(64),
    counts: {},
    dataDir: '/tmp/x',
    participant:
      phase === null
        ? null
        : {
            participantId: 'P-AAAAA',
            condition: definition.conditions[condition]!,
            phase,
            taskIndex: 0,
            task: phase === 'task' ? definition.tasks[0]! : null,
            results: definition.conditions[condition]!.settings.results ?? 'staging',
            loggingPaused: paused,
            questionnaireSubmitted: false,
          },
  };
}

describe('study rules in the UI', () => {
  it('logs outside a study and after consent, never before consent or while paused', () => {
    expect(loggingAllowed(null)).toBe(true);
    expect(loggingAllowed(state(null))).toBe(true);
    expect(loggingAllowed(state('consent'))).toBe(false);
    expect(loggingAllowed(state('task'))).toBe(true);
    expect(loggingAllowed(state('task', true))).toBe(false);
    expect(loggingAllowed(state('questionnaire', true))).toBe(false);
  });

  it('fixes what the condition sets, only during a task', () => {
    expect(fixedFill(state('consent'))).toBeNull();
    expect(fixedFill(state('task'))).toEqual({ engine: 'telea', variants: 1, results: 'staging' });
    expect(fixedFill(state('task', false, 1))).toEqual({ variants: 4, results: 'inline' });
    expect(fixedFill(state('questionnaire'))).toBeNull();
  });

  it('fixes the frame model and variants too, or allows no frames with a built-in fill engine', () => {
    expect(fixedFrame(state('consent'))).toBeNull();
    expect(fixedFrame(state('task', false, 2))).toEqual({ engine: 'model:sd-turbo', variants: 2 });
    expect(fixedFrame(state('task', false, 1))).toEqual({ variants: 4 });
    const telea = fixedFrame(state('task'));
    expect(telea).toMatchObject({ variants: 1 });
    expect(telea?.refused).toMatch(/^This study fixes the fill engine \(telea\)/);
  });

  it('needs every Likert item answered and text within its limit', () => {
    const items = definition.questionnaire;
    expect(questionnaireProblems(items, {})).toEqual({ ease: 'Choose a point from 1 to 5' });
    expect(questionnaireProblems(items, { ease: 6 })).toHaveProperty('ease');
    expect(questionnaireProblems(items, { ease: 3, note: 'too long' })).toEqual({
      note: 'At most 5 characters',
    });
    expect(questionnaireProblems(items, { ease: 3 })).toEqual({});
    expect(answersOf(items, { ease: 3, note: '  ' })).toEqual({ ease: 3 });
    expect(answersOf(items, { ease: 3, note: 'ok' })).toEqual({ ease: 3, note: 'ok' });
  });

  it('shows the engine’s reason without the method and field it names', () => {
    expect(plainMessage('study.startParticipant: args.participantId: a participant id is short')).toBe(
      'a participant id is short',
    );
    expect(plainMessage('no study is loaded')).toBe('no study is loaded');
  });

  it('writes a study the engine accepts from the form', () => {
    const draft: StudyDraft = {
      id: 'my-study',
      title: ' Mine ',
      consent: 'We record.',
      conditions: [
        { id: 'a', label: 'A', fillEngine: 'patchmatch', variants: 4, results: 'staging' },
        { id: 'b', label: 'B', fillEngine: '', variants: null, results: 'inline' },
      ],
      task: {
        id: 'one',
        title: 'One',
        instructions: 'Go.',
        placement: { id: 'square', name: 'Square', width: 100, height: 100 },
      },
      questionnaire: [
        { kind: 'likert', id: 'ease', prompt: 'Easy?', scale: 7, low: 'No', high: 'Yes' },
        { kind: 'text', id: 'notes', prompt: 'Notes', maxChars: 300 },
      ],
    };
    const parsed = parseStudyDefinition(JSON.parse(studyJson(draft)));
    expect(parsed.title).toBe('Mine');
    expect(parsed.conditions[1]!.settings).toEqual({ results: 'inline' });
    expect(parsed.questionnaire[0]).toMatchObject({ scale: 7, labels: ['No', 'Yes'] });
  });
});
