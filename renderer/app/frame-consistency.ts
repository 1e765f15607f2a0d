import { z } from 'zod';
import { SeedSchema } from '../../native/api/jobs';
import { MAX_PROMPT_CHARS } from '../../native/api/project';

/**
 * "Keep consistent" for a project's storyboard frames: while `keep` is on, every frame starts
 * from `seed` and the model is given `referencePrompt` before the shot's own prompt, so the shots
 * share a look. Kept per project (by its id) in the browser's storage, so it carries from shot to
 * shot and across sessions; it is a working preference, not part of the document.
 */
export interface FrameConsistency {
  keep: boolean;
  seed: number;
  referencePrompt: string;
}

const FrameConsistencySchema = z.strictObject({
  keep: z.boolean(),
  seed: SeedSchema,
  referencePrompt: z.string().max(MAX_PROMPT_CHARS),
});

export const NO_CONSISTENCY: FrameConsistency = { keep: false, seed: 0, referencePrompt: '' };

/** The storage key of a project's settings. */
export const consistencyKey = (projectId: string) => `atelier:frame-consistency:${projectId}`;

/**
 * A project's settings from `storage`, or NO_CONSISTENCY when there are none (or they do not
 * read: storage is the user's to clear or edit).
 *
 * @example
 * readConsistency(localStorage, doc.id) // { keep: true, seed: 42, referencePrompt: 'watercolour' }
 */
export function readConsistency(
  storage: Pick<Storage, 'getItem'> | undefined,
  projectId: string,
): FrameConsistency {
  try {
    const text = storage?.getItem(consistencyKey(projectId));
    const parsed = text ? FrameConsistencySchema.safeParse(JSON.parse(text)) : null;
    return parsed?.success ? parsed.data : NO_CONSISTENCY;
  } catch {
    return NO_CONSISTENCY;
  }
}

/** Keeps a project's settings in `storage`; false when the storage refused them (full, or off). */
export function writeConsistency(
  storage: Pick<Storage, 'setItem'> | undefined,
  projectId: string,
  value: FrameConsistency,
): boolean {
  try {
    storage?.setItem(consistencyKey(projectId), JSON.stringify(FrameConsistencySchema.parse(value)));
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** What `project.generateFrame` takes as `consistency`: null while "Keep consistent" is off. */
export function consistencyArg(value: FrameConsistency): { seed: number; referencePrompt: string } | null {
  return value.keep ? { seed: value.seed, referencePrompt: value.referencePrompt.trim() } : null;
}
