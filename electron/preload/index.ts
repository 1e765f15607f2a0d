// Builds window.studio from the StudioApi contract. Only functions cross the bridge: never
// ipcRenderer itself, never Node.
import { contextBridge, ipcRenderer } from 'electron';
import { createStudioClient } from '../../native/api/client';
import { BRIDGE_ERROR_PREFIX, StudioError, type StudioErrorData } from '../../native/api/errors';

type Envelope = { ok: true; result: unknown } | { ok: false; error: StudioErrorData };

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on('studio:event', (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const studio = createStudioClient({
  async call(method, args) {
    const reply = (await ipcRenderer.invoke('studio:call', method, args)) as Envelope;
    if (reply.ok) return reply.result;
    // contextBridge copies only an Error's message: carry the code and field inside it; the
    // renderer's platform layer turns it back into a StudioError.
    throw new Error(`${BRIDGE_ERROR_PREFIX}${JSON.stringify(StudioError.fromData(reply.error).toData())}`);
  },
  subscribe(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});

contextBridge.exposeInMainWorld('studio', studio);
contextBridge.exposeInMainWorld('studioShell', {
  /** Native menu commands (File ▸ Open…) arrive here by id. */
  onCommand(listener: (commandId: string) => void) {
    const handler = (_event: unknown, id: string) => listener(id);
    ipcRenderer.on('studio:command', handler);
    return () => ipcRenderer.removeListener('studio:command', handler);
  },
});
