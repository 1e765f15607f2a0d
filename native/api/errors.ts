/** Every way a StudioApi call can fail, as a closed union (STYLE.md 4). */
export type StudioErrorCode =
  | 'invalid_argument' // an argument failed its schema; `field` names it
  | 'unknown_method' // no such group.method
  | 'bad_message' // the transport could not read the message
  | 'too_large' // the message or a payload is over a stated limit
  | 'unauthorized' // missing or wrong token
  | 'forbidden' // e.g. a path outside the allowed root
  | 'not_found'
  | 'conflict'
  | 'job_failed'
  | 'cancelled'
  | 'unavailable' // a needed program, model or binary is missing
  | 'internal'; // a bug: the message says what failed, the app goes on

/** Plain-data form of an error, as it crosses a process boundary. */
export interface StudioErrorData {
  code: StudioErrorCode;
  message: string;
  /** Dotted path of the offending argument field, e.g. `args.maxSize`. */
  field?: string;
}

/**
 * The one error type StudioApi calls reject with.
 *
 * @example
 * try { await studio.jobs.cancel({ jobId: 'nope' }) }
 * catch (e) { if (isStudioError(e) && e.code === 'invalid_argument') showField(e.field) }
 */
export class StudioError extends Error {
  readonly code: StudioErrorCode;
  readonly field: string | undefined;

  constructor(code: StudioErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'StudioError';
    this.code = code;
    this.field = field;
  }

  toData(): StudioErrorData {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }

  static fromData(data: StudioErrorData): StudioError {
    return new StudioError(data.code, data.message, data.field);
  }
}

export function isStudioError(value: unknown): value is StudioError {
  return value instanceof StudioError;
}

/** Turns anything thrown into a StudioError without losing a StudioError's code. */
export function toStudioError(value: unknown): StudioError {
  if (value instanceof StudioError) return value;
  if (value instanceof Error) return new StudioError('internal', value.message);
  return new StudioError('internal', String(value));
}

/** How a StudioError crosses Electron's contextBridge (which keeps only `message`). */
export const BRIDGE_ERROR_PREFIX = 'studio-error:';

/** Undoes the bridge encoding; other errors become `internal`. */
export function fromBridgeError(error: unknown): StudioError {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(BRIDGE_ERROR_PREFIX);
  if (at >= 0) {
    try {
      return StudioError.fromData(
        JSON.parse(message.slice(at + BRIDGE_ERROR_PREFIX.length)) as StudioErrorData,
      );
    } catch {
      // fall through
    }
  }
  return toStudioError(error);
}
