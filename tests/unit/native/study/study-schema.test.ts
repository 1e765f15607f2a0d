// A study file, as a researcher writes it: JSON or YAML, checked, each mistake named with where it is.
import { describe, expect, it } from 'vitest';
import { parseStudyDefinition } from '../../../../native/api/study';
import { parseStudyText } from '../../../../native/study/study-file';
import type { StudioError } from '../../../../native/api/errors';

const good = {
  id: 'fill-study',
  title: 'One variant or four',
  consent: { text: 'We record what you do in the studio, never your images.', logsPrompts: false },
  conditions: [
    { id: 'a', label: 'One', settings: { fillEngine: 'telea', variants: 1, results: 'staging' } },
    { id: 'b', label: 'Four', settings: { fillEngine: 'patchmatch', variants: 4, results: 'inline' } },
  ],
  assignment: { kind: 'balanced' },
  tasks: [
    {
      id: 'banner',
      title: 'Clean the banner',
      instructions: 'Remove the logo.',
      project: { placement: { id: 'banner', name: 'Banner', width: 64, height: 32 } },
    },
  ],
  questionnaire: [
    { id: 'ease', kind: 'likert', prompt: 'It was easy.', scale: 7, labels: ['Disagree', 'Agree'] },
    { id: 'comments', kind: 'text', prompt: 'Anything else?', maxChars: 500 },
  ],
};

const YAML = `
id: fill-study
title: One variant or four
consent:
  text: We record what you do in the studio, never your images.
conditions:
  - { id: a, label: One, settings: { fillEngine: telea, variants: 1 } }
  - id: b
    label: Four
    settings: { fillEngine: "model:lama-tiny", variants: 4, results: inline }
assignment: { kind: fixed, participants: { P-AAAAA: a, P-BBBBB: b } }
tasks:
  - id: t1
    title: Free
    instructions: |
      Do what you like.
    project: null
  - { id: t2, title: Sample, instructions: Tidy it., project: { sample: true } }
  - { id: t3, title: File, instructions: Open it., project: { path: tasks/poster.atelier } }
`;

function mistake(change: (s: typeof good) => unknown): string {
  const copy = structuredClone(good);
  try {
    parseStudyDefinition(change(copy) ?? copy);
  } catch (error) {
    expect((error as StudioError).code).toBe('invalid_argument');
    return (error as StudioError).message;
  }
  throw new Error('accepted');
}

describe('study definition', () => {
  it('reads a good JSON file, with defaults filled in', () => {
    const { definition, sha256 } = parseStudyText(JSON.stringify(good), 'study.json');
    expect(definition.conditions.map((c) => c.id)).toEqual(['a', 'b']);
    expect(definition.tasks[0]!.project).toEqual(good.tasks[0]!.project);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads YAML: fixed assignment, every kind of task project', () => {
    const { definition } = parseStudyText(YAML, 'study.yaml');
    expect(definition.consent.logsPrompts).toBe(false);
    expect(definition.assignment).toEqual({
      kind: 'fixed',
      participants: { 'P-AAAAA': 'a', 'P-BBBBB': 'b' },
    });
    expect(definition.tasks.map((t) => t.project)).toEqual([
      null,
      { sample: true },
      { path: 'tasks/poster.atelier' },
    ]);
    expect(definition.conditions[1]!.settings.fillEngine).toBe('model:lama-tiny');
    expect(definition.questionnaire).toEqual([]);
  });

  it('names each kind of mistake with where it is', () => {
    expect(mistake((s) => void (s.id = 'Fill Study'))).toMatch(
      /^the study is not a valid study: id: use lowercase/,
    );
    expect(mistake((s) => void s.conditions.pop())).toContain(
      'conditions: a study compares at least 2 conditions',
    );
    expect(mistake((s) => void (s.conditions[1]!.id = 'a'))).toContain(
      'conditions: the id "a" is used twice',
    );
    expect(mistake((s) => void (s.conditions[0]!.settings.variants = 9))).toContain(
      'conditions.0.settings.variants:',
    );
    expect(mistake((s) => void (s.conditions[0]!.settings.fillEngine = 'magic'))).toContain(
      'conditions.0.settings.fillEngine:',
    );
    expect(mistake((s) => void (s.conditions[0]!.settings.results = 'popup'))).toContain(
      'conditions.0.settings.results:',
    );
    expect(mistake((s) => void (s.consent.logsPrompts = true))).toContain(
      'consent.text: the study logs prompts (logsPrompts: true), so the consent text must say so',
    );
    expect(mistake((s) => void (s.tasks = []))).toContain('tasks: a study has at least 1 task');
    expect(
      mistake((s) => void ((s.tasks[0] as { project: unknown }).project = { path: '/etc/x.atelier' })),
    ).toContain('tasks.0.project');
    expect(
      mistake((s) => ({ ...s, assignment: { kind: 'fixed', participants: { 'P-1': 'zz' } } })),
    ).toContain('assignment.participants.P-1: no condition "zz"');
    expect(
      mistake((s) => ({ ...s, assignment: { kind: 'fixed', participants: { 'jo@x.com': 'a' } } })),
    ).toContain('assignment.participants');
    expect(mistake((s) => void ((s.questionnaire[0] as { scale: number }).scale = 4))).toContain(
      'questionnaire.0.scale: a Likert scale has 5 or 7 points',
    );
    expect(mistake((s) => void (s.questionnaire[1]!.id = 'my-comments'))).toContain('questionnaire.1.id:');
    expect(mistake((s) => ({ ...s, extra: 1 }))).toContain('extra');
  });

  it('refuses a file that is not YAML, or not a study file, with its name', () => {
    expect(() => parseStudyText('id: [unclosed', 'broken.yaml')).toThrow(/^broken\.yaml is not valid YAML/);
    expect(() => parseStudyText('{"id": "a", "id": "b"}', 'twice.json')).toThrow(
      /^twice\.json is not valid JSON/,
    );
    expect(() => parseStudyText(JSON.stringify(good), 'study.txt')).toThrow(
      /study\.txt: a study file ends in/,
    );
  });
});
