// Research mode, the pure part: what the studio may log, what a condition fixes, whether a
// questionnaire is complete, and the study file the form writes. No React, no store.
import type { FillEngine } from '../../native/api/models';
import type {
  ParticipantState,
  QuestionnaireItem,
  ResultsMode,
  StudyAnswers,
  StudyState,
} from '../../native/api/study';

/** The participant working now, if any. */
export const participantOf = (study: StudyState | null): ParticipantState | null =>
  study?.participant ?? null;

/**
 * Whether the UI may add events to the research log: always outside a study; during one only
 * once the participant consented, and not while they paused logging. (The engine filters too;
 * the UI does not even ask.)
 */
export function loggingAllowed(study: StudyState | null): boolean {
  const p = participantOf(study);
  if (!p) return true;
  return p.phase !== 'consent' && !p.loggingPaused;
}

/** What the participant's condition fixes in the Generate panel while they work on a task. */
export interface FixedFill {
  engine?: FillEngine;
  variants?: number;
  results: ResultsMode;
}

export function fixedFill(study: StudyState | null): FixedFill | null {
  const p = participantOf(study);
  if (!p || p.phase !== 'task') return null;
  const { fillEngine, variants } = p.condition.settings;
  return {
    ...(fillEngine === undefined ? {} : { engine: fillEngine }),
    ...(variants === undefined ? {} : { variants }),
    results: p.results,
  };
}

/**
 * What the participant's condition fixes for a storyboard frame (the engine applies it too):
 * its diffusion model and variants, as for a fill; a condition fixing another engine (a
 * built-in one) allows no frames, and `refused` says so.
 */
export interface FixedFrame {
  engine?: `model:${string}`;
  variants?: number;
  refused?: string;
}

export function fixedFrame(study: StudyState | null): FixedFrame | null {
  const fixed = fixedFill(study);
  if (!fixed) return null;
  const variants = fixed.variants === undefined ? {} : { variants: fixed.variants };
  if (fixed.engine === undefined) return variants;
  if (fixed.engine.startsWith('model:')) return { engine: fixed.engine as `model:${string}`, ...variants };
  return {
    ...variants,
    refused: `This study fixes the fill engine (${fixed.engine}), which makes no storyboard frames: frames are not available during the session.`,
  };
}

/** A draft of the answers: a Likert item's point, a text item's words (undefined: not answered). */
export type DraftAnswers = Record<string, number | string | undefined>;

/**
 * What keeps a questionnaire from being sent, per item id: every Likert item needs a point
 * from 1 to its scale; a text item may stay empty but not run over its limit.
 */
export function questionnaireProblems(
  items: readonly QuestionnaireItem[],
  draft: DraftAnswers,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const item of items) {
    const answer = draft[item.id];
    if (item.kind === 'likert') {
      if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 1 || answer > item.scale)
        problems[item.id] = `Choose a point from 1 to ${item.scale}`;
    } else if (typeof answer === 'string' && answer.length > item.maxChars) {
      problems[item.id] = `At most ${item.maxChars} characters`;
    }
  }
  return problems;
}

/** The answers as the engine takes them: Likert points, and the text items that were written. */
export function answersOf(items: readonly QuestionnaireItem[], draft: DraftAnswers): StudyAnswers {
  const answers: StudyAnswers = {};
  for (const item of items) {
    const answer = draft[item.id];
    if (item.kind === 'likert' && typeof answer === 'number') answers[item.id] = answer;
    if (item.kind === 'text' && typeof answer === 'string' && answer.trim() !== '') answers[item.id] = answer;
  }
  return answers;
}

/**
 * A participant id the researcher typed: trimmed; empty means "let the engine make one". The
 * engine checks it (a pseudonym, no e-mail, no long numbers) and its message is shown.
 */
export function enteredParticipantId(typed: string): string | undefined {
  const id = typed.trim();
  return id === '' ? undefined : id;
}

/** The engine's message for a refused argument, without the method and field it names first. */
export function plainMessage(message: string): string {
  return message.replace(/^study\.\w+: /, '').replace(/^args\.[\w.]+: /, '');
}

/** One condition of the study form. */
export interface ConditionDraft {
  id: string;
  label: string;
  fillEngine: FillEngine | '';
  variants: number | null;
  results: ResultsMode;
}

/** One questionnaire item of the study form. */
export type ItemDraft =
  | { kind: 'likert'; id: string; prompt: string; scale: 5 | 7; low: string; high: string }
  | { kind: 'text'; id: string; prompt: string; maxChars: number };

/** What the "New study" form holds: a two-condition study with one task. */
export interface StudyDraft {
  id: string;
  title: string;
  consent: string;
  conditions: [ConditionDraft, ConditionDraft];
  task: {
    id: string;
    title: string;
    instructions: string;
    placement: { id: string; name: string; width: number; height: number } | null;
  };
  questionnaire: ItemDraft[];
}

/** The study file the form stands for (JSON; the engine validates it and names each mistake). */
export function studyJson(draft: StudyDraft): string {
  const study = {
    id: draft.id.trim(),
    title: draft.title.trim(),
    consent: { text: draft.consent.trim(), logsPrompts: false },
    conditions: draft.conditions.map((c) => ({
      id: c.id.trim(),
      label: c.label.trim(),
      settings: {
        ...(c.fillEngine === '' ? {} : { fillEngine: c.fillEngine }),
        ...(c.variants === null ? {} : { variants: c.variants }),
        results: c.results,
      },
    })),
    assignment: { kind: 'balanced' },
    tasks: [
      {
        id: draft.task.id.trim(),
        title: draft.task.title.trim(),
        instructions: draft.task.instructions.trim(),
        project: draft.task.placement ? { placement: draft.task.placement } : null,
      },
    ],
    questionnaire: draft.questionnaire.map((item) =>
      item.kind === 'likert'
        ? {
            id: item.id.trim(),
            kind: 'likert',
            prompt: item.prompt.trim(),
            scale: item.scale,
            ...(item.low.trim() && item.high.trim() ? { labels: [item.low.trim(), item.high.trim()] } : {}),
          }
        : { id: item.id.trim(), kind: 'text', prompt: item.prompt.trim(), maxChars: item.maxChars },
    ),
  };
  return JSON.stringify(study, null, 2);
}
