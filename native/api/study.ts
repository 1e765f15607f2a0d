// Research mode: what a study file says, and what the `study` group of StudioApi takes and
// answers. Pure (zod only): the YAML reading lives in native/study.
import { z } from 'zod';
import { StudioError } from './errors';
import { FillEngineSchema } from './models';

/** Study, condition and task ids: lowercase letters, digits and inner hyphens (`fill-engine`). */
const SlugSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
    'use lowercase letters, digits and inner hyphens (at most 64), like "fill-a"',
  );

/**
 * Questionnaire item ids become keys of the logged answers, so they follow the log's key rule:
 * a letter first, then letters, digits or underscores.
 */
const ItemIdSchema = z
  .string()
  .regex(
    /^[a-z][a-zA-Z0-9_]{0,40}$/,
    'start with a lowercase letter, then letters, digits or "_" (at most 41)',
  );

const Text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/** How results are shown in the condition: in the staging strip or placed inline on the artboard. */
export const ResultsModeSchema = z.enum(['staging', 'inline']);
export type ResultsMode = z.infer<typeof ResultsModeSchema>;

/** What a condition changes in the studio; what it leaves out stays as the participant chooses. */
export const ConditionSettingsSchema = z.strictObject({
  fillEngine: FillEngineSchema.optional(),
  variants: z.number().int().min(1).max(8).optional(),
  results: ResultsModeSchema.optional(),
});
export type ConditionSettings = z.infer<typeof ConditionSettingsSchema>;

export const StudyConditionSchema = z.strictObject({
  id: SlugSchema,
  label: Text(200),
  settings: ConditionSettingsSchema.prefault({}),
});
export type StudyCondition = z.infer<typeof StudyConditionSchema>;

/**
 * A participant id: a short pseudonym (`P-7F3K2`). No spaces, no e-mail addresses, no long runs
 * of digits (phone or ID numbers): it must not identify a person.
 */
export const ParticipantIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,23}$/,
    'a participant id is a short pseudonym (letters, digits, "-" or "_", at most 24, no spaces), like P-7F3K2',
  )
  .refine((id) => !/\d{6,}/.test(id), 'a participant id must not hold a long number (phone or ID numbers)');

const ProjectPlacementSchema = z.strictObject({
  id: z.string().max(50),
  name: z.string().min(1).max(200),
  width: z.number().int().min(1).max(16_384),
  height: z.number().int().min(1).max(16_384),
});

/** A path relative to the study file: no absolute paths, no `..`, an `.atelier` file. */
const RelativeProjectPath = z
  .string()
  .min(1)
  .max(500)
  .refine((p) => !/^([/\\]|[A-Za-z]:)/.test(p), 'must be relative to the study file, not absolute')
  .refine((p) => !p.split(/[/\\]/).includes('..'), 'must stay in the study file’s folder (no "..")')
  .refine((p) => p.endsWith('.atelier'), 'must name an .atelier project file');

/**
 * What a task starts from: nothing open (`null`), a new project (optionally with a first
 * artboard), the sample campaign, or a copy of a project file beside the study file.
 */
export const StudyTaskProjectSchema = z.union([
  z.null(),
  z.strictObject({ name: z.string().min(1).max(200).optional(), placement: ProjectPlacementSchema }),
  z.strictObject({ sample: z.literal(true) }),
  z.strictObject({ path: RelativeProjectPath }),
]);
export type StudyTaskProject = z.infer<typeof StudyTaskProjectSchema>;

export const StudyTaskSchema = z.strictObject({
  id: SlugSchema,
  title: Text(200),
  instructions: Text(10_000),
  project: StudyTaskProjectSchema.default(null),
});
export type StudyTask = z.infer<typeof StudyTaskSchema>;

export const QuestionnaireItemSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: ItemIdSchema,
    kind: z.literal('likert'),
    prompt: Text(1000),
    scale: z.union([z.literal(5), z.literal(7)], { error: 'a Likert scale has 5 or 7 points' }),
    labels: z.tuple([Text(100), Text(100)]).optional(),
  }),
  z.strictObject({
    id: ItemIdSchema,
    kind: z.literal('text'),
    prompt: Text(1000),
    maxChars: z.number().int().min(1).max(2000),
  }),
]);
export type QuestionnaireItem = z.infer<typeof QuestionnaireItemSchema>;

export const StudyAssignmentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('balanced') }),
  z.strictObject({
    kind: z.literal('fixed'),
    participants: z.record(ParticipantIdSchema, SlugSchema),
  }),
]);

function duplicates(ids: string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/**
 * A study, as a researcher writes it (JSON or YAML).
 *
 * @example
 * id: fill-study
 * title: Built-in fill vs. four variants
 * consent: { text: "We record what you do in the studio, never your images.", logsPrompts: false }
 * conditions:
 *   - { id: a, label: One variant, settings: { fillEngine: telea, variants: 1 } }
 *   - { id: b, label: Four variants, settings: { fillEngine: telea, variants: 4 } }
 * assignment: { kind: balanced }
 * tasks:
 *   - { id: banner, title: Clean the banner, instructions: Remove the logo., project: { placement: { id: banner, name: Banner, width: 300, height: 250 } } }
 * questionnaire:
 *   - { id: ease, kind: likert, prompt: It was easy to get a good result., scale: 7 }
 */
export const StudyDefinitionSchema = z
  .strictObject({
    id: SlugSchema,
    title: Text(200),
    consent: z.strictObject({
      text: Text(20_000),
      /** Whether prompts are logged as typed; the consent text must then say so (mention "prompt"). */
      logsPrompts: z.boolean().default(false),
    }),
    conditions: z.array(StudyConditionSchema).min(2, 'a study compares at least 2 conditions').max(20),
    assignment: StudyAssignmentSchema.prefault({ kind: 'balanced' }),
    tasks: z.array(StudyTaskSchema).min(1, 'a study has at least 1 task').max(50),
    questionnaire: z.array(QuestionnaireItemSchema).max(100).default([]),
  })
  .superRefine((study, ctx) => {
    if (study.consent.logsPrompts && !/prompt/i.test(study.consent.text)) {
      ctx.addIssue({
        code: 'custom',
        path: ['consent', 'text'],
        message:
          'the study logs prompts (logsPrompts: true), so the consent text must say so (mention "prompt")',
      });
    }
    const lists = [
      ['conditions', study.conditions.map((c) => c.id)],
      ['tasks', study.tasks.map((t) => t.id)],
      ['questionnaire', study.questionnaire.map((q) => q.id)],
    ] as const;
    for (const [path, ids] of lists) {
      for (const id of duplicates(ids)) {
        ctx.addIssue({ code: 'custom', path: [path], message: `the id "${id}" is used twice` });
      }
    }
    if (study.assignment.kind === 'fixed') {
      const known = new Set(study.conditions.map((c) => c.id));
      for (const [participant, condition] of Object.entries(study.assignment.participants)) {
        if (!known.has(condition)) {
          ctx.addIssue({
            code: 'custom',
            path: ['assignment', 'participants', participant],
            message: `no condition "${condition}" (the conditions are ${[...known].join(', ')})`,
          });
        }
      }
    }
  });
export type StudyDefinition = z.infer<typeof StudyDefinitionSchema>;

/**
 * Checks a parsed study file, answering a mistake with a StudioError that names where it is and
 * what is wrong (up to five of them), e.g. `conditions.1.settings.variants: Too big: …`.
 */
export function parseStudyDefinition(value: unknown, source = 'the study'): StudyDefinition {
  const checked = StudyDefinitionSchema.safeParse(value);
  if (checked.success) return checked.data;
  const issues = checked.error.issues;
  const lines = issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join('.');
    return `${path || '(top level)'}: ${issue.message}`;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  const first = issues[0]?.path.map(String).join('.');
  throw new StudioError(
    'invalid_argument',
    `${source} is not a valid study: ${lines.join('; ')}${more}`,
    first ? `study.${first}` : 'study',
  );
}

/** Where a participant is in the study. */
export const StudyPhaseSchema = z.enum(['consent', 'task', 'questionnaire', 'done']);
export type StudyPhase = z.infer<typeof StudyPhaseSchema>;

export const ParticipantStateSchema = z.strictObject({
  participantId: ParticipantIdSchema,
  condition: StudyConditionSchema,
  phase: StudyPhaseSchema,
  /** The task being worked on (0-based); the task count once all are done. */
  taskIndex: z.number().int().min(0),
  task: StudyTaskSchema.nullable(),
  /** How the UI shows results in this condition (default: the staging strip). */
  results: ResultsModeSchema,
  loggingPaused: z.boolean(),
  questionnaireSubmitted: z.boolean(),
});
export type ParticipantState = z.infer<typeof ParticipantStateSchema>;

export const StudyStateSchema = z.strictObject({
  definition: StudyDefinitionSchema,
  /** SHA-256 of the study as loaded: the log names the exact protocol by it. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Participants who consented so far, per condition id. */
  counts: z.record(z.string(), z.number().int().min(0)),
  /** Where the participants' project files (and so their logs) are saved. */
  dataDir: z.string(),
  participant: ParticipantStateSchema.nullable(),
});
export type StudyState = z.infer<typeof StudyStateSchema>;

export const StudyLoadArgsSchema = z.union([
  z.strictObject({ path: z.string().min(1).max(4096) }),
  z.strictObject({
    text: z.string().min(1).max(1_000_000),
    /** The file's name, for messages and to tell YAML from JSON (`.json`, `.yaml`, `.yml`). */
    name: z.string().min(1).max(200),
  }),
]);

export const StudyStartParticipantArgsSchema = z.strictObject({
  studyId: SlugSchema,
  /** Entered by the researcher; generated (`P-7F3K2`) when left out. */
  participantId: ParticipantIdSchema.optional(),
});
export const StudyStartParticipantResultSchema = z.strictObject({
  participantId: ParticipantIdSchema,
  condition: StudyConditionSchema,
});

export const StudyConsentArgsSchema = z.strictObject({ given: z.boolean() });
export const StudyPauseArgsSchema = z.strictObject({ paused: z.boolean() });

/** Answers by item id: a Likert item takes 1..scale, a text item a string up to its maxChars. */
export const StudyAnswersSchema = z.strictObject({
  answers: z.record(z.string().max(41), z.union([z.number().int(), z.string().max(2000)])),
});
export type StudyAnswers = z.infer<typeof StudyAnswersSchema>['answers'];
