import { useEffect } from 'react';
import type { StudioApi } from '../../native/api/contract';
import { StudioContext } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { chordOf, runChord } from './commands';
import { Dialogs, Notices } from './Dialogs';
import { useEngineSync } from './engine-sync';
import { MenuBar } from './MenuBar';
import { Panels } from './Panels';
import { StatusBar } from './StatusBar';
import { ToolRail } from './ToolRail';
import { Workspace } from './Workspace';

function useKeyboard(studio: StudioApi) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)))
        return;
      if (useStudio.getState().dialog && event.key !== 'Escape') return;
      if (event.key === 'Escape') {
        useStudio.getState().openDialog(null);
        return;
      }
      if (runChord(chordOf(event), studio)) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [studio]);
}

function useTitle() {
  const work = useStudio((s) => s.work);
  useEffect(() => {
    document.title = work ? `${work.name} — Atelier` : 'Atelier';
  }, [work]);
}

export function App({ studio }: { studio: StudioApi }) {
  useEngineSync(studio);
  useKeyboard(studio);
  useTitle();
  const ready = useStudio((s) => s.info !== null);
  return (
    <StudioContext.Provider value={studio}>
      <div className="shell" data-testid="shell" data-ready={ready}>
        <MenuBar />
        <div className="middle">
          <ToolRail />
          <Workspace />
          <Panels />
        </div>
        <StatusBar />
        <Dialogs />
        <Notices />
      </div>
    </StudioContext.Provider>
  );
}
