import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../native/api/schemas';
import type { ConnectionState } from '../platform/ws-transport';
import type { StudioState } from './store';

export type FilePurpose =
  | 'import-image'
  | 'open-project'
  | 'save-project'
  | 'add-model'
  | 'add-model-folder'
  | 'models-folder'
  /** Research mode: a study file (JSON or YAML). */
  | 'load-study';

export interface ExportChoice {
  format: 'png' | 'jpeg' | 'webp';
  scale: 1 | 2;
  quality: number;
  all: boolean;
}

/** A question with buttons; the chosen button's id (or null for Escape) resolves `answer`. */
export interface Question {
  title: string;
  message: string;
  buttons: { id: string; label: string; primary?: boolean }[];
  answer(choice: string | null): void;
}

export type Dialog =
  | { kind: 'file-browser'; purpose: FilePurpose }
  | { kind: 'about' }
  | { kind: 'shortcuts' }
  | { kind: 'question'; question: Question }
  | { kind: 'recover' }
  | { kind: 'export' }
  | { kind: 'export-video' }
  | { kind: 'export-destination'; choice: ExportChoice }
  /** "Generate frame…" on a storyboard shot. */
  | { kind: 'generate-frame'; shotId: string }
  /** Research mode: the dashboard of a study's sessions, and their replay. */
  | { kind: 'research-dashboard' }
  /** Research mode: write a simple two-condition study in a form. */
  | { kind: 'study-form' }
  | null;

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
}

export interface UiSlice {
  info: AppInfo | null;
  connection: ConnectionState;
  dialog: Dialog;
  notices: Notice[];
  setInfo(info: AppInfo): void;
  setConnection(connection: ConnectionState): void;
  openDialog(dialog: Dialog): void;
  notify(tone: Notice['tone'], text: string): void;
  dismissNotice(id: number): void;
}

let noticeId = 0;

export const createUiSlice: StateCreator<StudioState, [], [], UiSlice> = (set) => ({
  info: null,
  connection: 'connecting',
  dialog: null,
  notices: [],
  setInfo: (info) => set({ info }),
  setConnection: (connection) => set({ connection }),
  openDialog: (dialog) => set({ dialog }),
  notify: (tone, text) => {
    const id = ++noticeId;
    set((state) => ({ notices: [...state.notices.slice(-4), { id, tone, text }] }));
    // Notices go by themselves (errors stay longer); the × dismisses one at once.
    setTimeout(
      () => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
      tone === 'error' ? 12_000 : 5_000,
    );
  },
  dismissNotice: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
});
