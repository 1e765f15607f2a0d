import { useEffect } from 'react';
import type { StudioApi } from '../../native/api/contract';
import { StudioContext } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { chordOf, runChord } from './commands';
import { Dialogs, Notices } from './Dialogs';
import { useEngineSync } from './engine-sync';
import { importDroppedFiles } from './import-image';
import { MenuBar } from './MenuBar';
import { Panels } from './Panels';
import { StatusBar } from './StatusBar';
import { ToolRail } from './ToolRail';
import { Workspace } from './Workspace';
import { useStudySync } from '../research/study-actions';
import { StudyOverlay } from '../research/StudyOverlay';
import { StudyTaskBar } from '../research/StudyTaskBar';
import { isTyping } from './typing';

function useKeyboard(studio: StudioApi) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      if (useStudio.getState().dialog && event.key !== 'Escape') return;
      if (event.key === 'Escape') {
        const dialog = useStudio.getState().dialog;
        if (dialog?.kind === 'question') dialog.question.answer(null);
        else useStudio.getState().openDialog(null);
        return;
      }
      if (runChord(chordOf(event), studio)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [studio]);
}

/** A file dropped outside the workspace must not make the browser navigate away from the studio. */
function useNoStrayDrops() {
  useEffect(() => {
    const stop = (event: DragEvent) => event.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);
}

/** Ctrl/Cmd+V of an image (a screenshot, a copied picture) imports it like a dropped file. */
function usePasteImages(studio: StudioApi) {
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      if (isTyping(event.target)) return;
      const files = event.clipboardData?.files;
      if (files && files.length > 0) {
        event.preventDefault();
        void importDroppedFiles(studio, files);
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [studio]);
}

function ConnectionLost() {
  const connection = useStudio((s) => s.connection);
  if (connection !== 'closed') return null;
  return (
    <div className="connection-lost" role="alert">
      The connection to the studio engine was lost.{' '}
      <button type="button" className="small" onClick={() => window.location.reload()}>
        Reconnect
      </button>
    </div>
  );
}

function useTitle() {
  const status = useStudio((s) => s.project?.status);
  useEffect(() => {
    document.title = status ? `${status.dirty ? '• ' : ''}${status.title} — Atelier` : 'Atelier';
  }, [status]);
}

/** Leaving the page (web mode) with unsaved changes asks first, as the desktop window does. */
function useLeaveGuard() {
  useEffect(() => {
    const guard = (event: BeforeUnloadEvent) => {
      if (useStudio.getState().project?.status.dirty) event.preventDefault();
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, []);
}

/** Unsaved work from a session that did not end cleanly is offered back at start. */
function useRecoveryOffer(studio: StudioApi) {
  useEffect(() => {
    studio.project
      .recoverable()
      .then((entries) => {
        if (entries.length > 0 && !useStudio.getState().project)
          useStudio.getState().openDialog({ kind: 'recover' });
      })
      .catch(() => {});
  }, [studio]);
}

export function App({ studio }: { studio: StudioApi }) {
  useEngineSync(studio);
  useStudySync(studio);
  useKeyboard(studio);
  useTitle();
  useLeaveGuard();
  useRecoveryOffer(studio);
  useNoStrayDrops();
  usePasteImages(studio);
  const ready = useStudio((s) => s.info !== null);
  return (
    <StudioContext.Provider value={studio}>
      <div className="shell" data-testid="shell" data-ready={ready}>
        <MenuBar />
        <StudyTaskBar />
        <div className="middle">
          <ToolRail />
          <Workspace />
          <Panels />
        </div>
        <StatusBar />
        <StudyOverlay />
        <Dialogs />
        <Notices />
        <ConnectionLost />
      </div>
    </StudioContext.Provider>
  );
}
