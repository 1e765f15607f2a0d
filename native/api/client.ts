import { studioContract, type StudioApi } from './contract';

/**
 * How a client reaches the engine: Electron IPC through the preload, or a WebSocket in web
 * mode. `call` rejects with a StudioError.
 */
export interface StudioTransport {
  call(method: string, args: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the typed StudioApi object from the contract: only functions, grouped by area.
 *
 * @example
 * const studio = createStudioClient(webSocketTransport(url));
 * const { version } = await studio.app.info();
 */
export function createStudioClient(transport: StudioTransport): StudioApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const [group, spec] of Object.entries(studioContract)) {
    const target: Record<string, unknown> = {};
    for (const name of Object.keys(spec.methods)) {
      target[name] = (args?: unknown) => transport.call(`${group}.${name}`, args);
    }
    for (const name of Object.keys(spec.events)) {
      const on = `on${name[0]!.toUpperCase()}${name.slice(1)}`;
      target[on] = (listener: (payload: unknown) => void) =>
        transport.subscribe(`${group}.${name}`, listener);
    }
    api[group] = target;
  }
  return api as unknown as StudioApi;
}
