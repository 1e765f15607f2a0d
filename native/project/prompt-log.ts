/**
 * What the edit log records of a prompt. The log is research data that leaves the workstation;
 * a prompt may name a client or an unreleased product. So every generation event carries each
 * prompt's SHA-256 and length (enough to tell prompts apart and to study how people rework
 * them), and the text itself only when the project allows it (Document.logPrompts).
 */
import { createHash } from 'node:crypto';
import type { LogEventInput } from '../model/feedback-events';

export interface Prompts {
  prompt: string;
  negativePrompt?: string;
  /** A storyboard frame kept consistent: the text put before every shot's prompt. */
  referencePrompt?: string;
}

/** The SHA-256 of a prompt as typed (UTF-8), lowercase hex. */
export function promptSha256(prompt: string): string {
  return createHash('sha256').update(prompt, 'utf8').digest('hex');
}

/**
 * The `args` and `text` of a generation event for these prompts: hashes and lengths always; the
 * prompts as typed only when `logPrompts` (the sanitizer lets them through only via `text`).
 *
 * @example
 * session.logEvent({ type: 'generation.requested', name: 'sd-turbo', targetIds, ...promptFields(
 *   { prompt, negativePrompt }, session.doc.logPrompts, { variants, seed }) });
 * // args: { variants, seed, promptSha256: '3a…', promptChars: 11, negativePromptSha256: …, negativePromptChars: 0 }
 */
export function promptFields(
  prompts: Prompts,
  logPrompts: boolean,
  args: Record<string, unknown> = {},
): Pick<LogEventInput, 'args' | 'text'> {
  const out: Record<string, unknown> = { ...args };
  const text: NonNullable<LogEventInput['text']> = {};
  for (const key of ['prompt', 'negativePrompt', 'referencePrompt'] as const) {
    const value = prompts[key];
    if (value === undefined) continue;
    out[`${key}Sha256`] = promptSha256(value);
    out[`${key}Chars`] = value.length;
    text[key] = value;
  }
  return logPrompts ? { args: out, text } : { args: out };
}
