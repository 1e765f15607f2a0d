import { createStudioClient } from '../../native/api/client';
import type { StudioApi } from '../../native/api/contract';
import { fromBridgeError } from '../../native/api/errors';
import { webSocketTransport, type ConnectionState } from './ws-transport';

declare global {
  interface Window {
    /** Set by the desktop app's preload; absent in web mode. */
    studio?: StudioApi;
    studioShell?: { onCommand(listener: (commandId: string) => void): () => void };
  }
}

export interface Connection {
  studio: StudioApi;
  mode: 'desktop' | 'web';
  /** Native menu commands (desktop only). */
  onShellCommand(listener: (commandId: string) => void): () => void;
}

type Fn = (...args: unknown[]) => Promise<unknown>;

/** window.studio with StudioErrors restored from their contextBridge encoding. */
function desktopClient(bridged: StudioApi): StudioApi {
  const groups = bridged as unknown as Record<string, Record<string, Fn>>;
  return createStudioClient({
    call: (method, args) => {
      const [group, name] = method.split('.') as [string, string];
      return groups[group]![name]!(args).catch((error: unknown) => {
        throw fromBridgeError(error);
      });
    },
    subscribe: (event, listener) => {
      const [group, name] = event.split('.') as [string, string];
      const on = `on${name[0]!.toUpperCase()}${name.slice(1)}`;
      return (groups[group]![on] as unknown as (l: (p: unknown) => void) => () => void)(listener);
    },
  });
}

/**
 * The only code that knows where StudioApi comes from: the preload's `window.studio` in the
 * desktop app, or a WebSocket to `atelier serve` carrying the token from the page's URL.
 */
export function connectStudio(onState: (state: ConnectionState) => void): Connection {
  if (window.studio) {
    onState('open');
    const shell = window.studioShell;
    return {
      studio: desktopClient(window.studio),
      mode: 'desktop',
      onShellCommand: (listener) => shell?.onCommand(listener) ?? (() => {}),
    };
  }
  const token = new URLSearchParams(window.location.search).get('token');
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  const url = `${protocol}//${window.location.host}/api${query}`;
  return {
    studio: createStudioClient(webSocketTransport(url, onState)),
    mode: 'web',
    onShellCommand: () => () => {},
  };
}
