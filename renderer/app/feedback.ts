import type { z } from 'zod';
import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import type { UiEventSchema } from '../../native/api/project';
import { loggingAllowed } from '../research/study-logic';
import { useStudio } from '../state/store';

export type UiEvent = z.input<typeof UiEventSchema>;

/**
 * Adds an event to the open project's research log. Best effort from here: a refused entry must
 * not stop the designer. In a study, nothing is sent before consent or while logging is paused.
 */
export function logUiEvent(studio: StudioApi, event: UiEvent): Promise<unknown> {
  if (!loggingAllowed(useStudio.getState().study)) return Promise.resolve();
  return studio.feedback.log(event as Parameters<StudioApi['feedback']['log']>[0]).catch(() => {});
}

/** What an error says, for a notice. */
export const errorText = (error: unknown): string => (isStudioError(error) ? error.message : String(error));
