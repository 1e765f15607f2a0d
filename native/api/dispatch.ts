import type { z } from 'zod';
import { StudioError, toStudioError } from './errors';
import {
  eventSchema,
  methodNames,
  methodSpec,
  type ArgsOut,
  type EventName,
  type EventPayload,
  type MethodName,
  type ResultOf,
} from './contract';

/** Who is calling: handlers may use it to scope events or log the origin. */
export interface CallContext {
  /** `web` for a WebSocket client, `desktop` for the Electron renderer, `cli` or `test`. */
  origin: 'web' | 'desktop' | 'cli' | 'test';
}

/** One function per contract method, receiving already-validated arguments. */
export type StudioHandlers = {
  [N in MethodName]: (args: ArgsOut<N>, ctx: CallContext) => Promise<ResultOf<N>> | ResultOf<N>;
};

export type EventListener = (event: EventName, payload: unknown) => void;

/** Fan-out of engine events to every connected UI; payloads are checked against the contract. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<N extends EventName>(event: N, payload: EventPayload<N>): void {
    const schema = eventSchema(event);
    if (!schema) throw new StudioError('internal', `unknown event ${event}`);
    const checked = schema.safeParse(payload);
    if (!checked.success) {
      throw new StudioError(
        'internal',
        `event ${event} has a malformed payload: ${describeIssue('payload', checked.error).message}`,
      );
    }
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken listener (a closed socket) must not stop the others.
      }
    }
  }
}

/** Describes a schema failure as "field: message" for the first issue, naming the field. */
export function describeIssue(prefix: string, error: z.ZodError): StudioError {
  const issue = error.issues[0];
  const path = issue ? [prefix, ...issue.path.map(String)].join('.') : prefix;
  const message = issue ? issue.message : 'invalid value';
  return new StudioError('invalid_argument', `${path}: ${message}`, path);
}

export interface Dispatcher {
  /** Validates, runs and validates the result; rejects only with StudioError. */
  call(method: string, args: unknown, ctx: CallContext): Promise<unknown>;
  readonly methods: readonly MethodName[];
}

/**
 * The receiving side of StudioApi, shared by web mode and the desktop app.
 *
 * @example
 * const dispatcher = createDispatcher(handlers);
 * await dispatcher.call('jobs.cancel', { jobId: 42 }, { origin: 'web' });
 * // → rejects: StudioError invalid_argument "args.jobId: Invalid input: expected string, received number"
 */
export function createDispatcher(handlers: StudioHandlers): Dispatcher {
  const table = handlers as unknown as Record<string, (args: unknown, ctx: CallContext) => unknown>;
  return {
    methods: methodNames(),
    async call(method, args, ctx) {
      const spec = typeof method === 'string' ? methodSpec(method) : undefined;
      const handler = spec ? table[method] : undefined;
      if (!spec || !handler) {
        throw new StudioError('unknown_method', `unknown method "${String(method).slice(0, 100)}"`);
      }
      const parsed = spec.args.safeParse(args);
      if (!parsed.success) {
        const e = describeIssue('args', parsed.error);
        throw new StudioError('invalid_argument', `${method}: ${e.message}`, e.field);
      }
      let result: unknown;
      try {
        result = await handler(parsed.data, ctx);
      } catch (error) {
        throw toStudioError(error);
      }
      const checked = spec.result.safeParse(result);
      if (!checked.success) {
        const e = describeIssue('result', checked.error);
        throw new StudioError('internal', `${method} returned a malformed result: ${e.message}`);
      }
      return checked.data;
    },
  };
}
