import { StudioError, type StudioErrorData } from '../../native/api/errors';
import type { StudioTransport } from '../../native/api/client';
import { decodeMessage, encodeMessage } from '../../native/api/wire';

export type ConnectionState = 'connecting' | 'open' | 'closed';

interface Pending {
  resolve(value: unknown): void;
  reject(error: StudioError): void;
}

/**
 * StudioApi over the web-mode WebSocket. Calls made before the socket opens wait for it; when
 * the socket closes, pending calls reject with `unavailable` and `onState` reports it.
 */
export function webSocketTransport(url: string, onState: (state: ConnectionState) => void): StudioTransport {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => {
      onState('open');
      resolve();
    });
    socket.addEventListener('close', () => {
      onState('closed');
      reject(new StudioError('unavailable', 'the connection to the studio engine is closed'));
      for (const call of pending.values()) {
        call.reject(new StudioError('unavailable', 'the connection to the studio engine closed'));
      }
      pending.clear();
    });
  });
  opened.catch(() => {});
  onState('connecting');

  socket.addEventListener('message', (event: MessageEvent<string | ArrayBuffer>) => {
    let message: Record<string, unknown>;
    try {
      const data = typeof event.data === 'string' ? event.data : new Uint8Array(event.data);
      message = decodeMessage(data) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof message.event === 'string') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    const call = pending.get(message.id as number);
    if (!call) return;
    pending.delete(message.id as number);
    if (message.ok) call.resolve(message.result);
    else call.reject(StudioError.fromData(message.error as StudioErrorData));
  });

  return {
    async call(method, args) {
      await opened;
      if (socket.readyState !== WebSocket.OPEN) {
        throw new StudioError(
          'unavailable',
          'the connection to the studio engine is closed: reload the page',
        );
      }
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(encodeMessage({ id, method, args }));
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
