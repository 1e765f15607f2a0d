import { useState, type DragEvent } from 'react';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { views } from './commands';
import { importDroppedFiles } from './import-image';
import { CanvasView } from './CanvasView';
import { TimelineView } from '../timeline/TimelineView';
import { StoryboardView } from '../storyboard/StoryboardView';
import { Welcome } from './Welcome';

export function Workspace() {
  const studio = useStudioApi();
  const work = useStudio((s) => s.project !== null);
  const view = useStudio((s) => s.view);
  const setView = useStudio((s) => s.setView);
  const [dragging, setDragging] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) void importDroppedFiles(studio, event.dataTransfer.files);
  };

  return (
    <main
      className={dragging ? 'workspace dragging' : 'workspace'}
      data-testid="workspace"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      {work && (
        <div className="view-tabs" role="tablist" aria-label="Views">
          {views.map((v) => (
            <button
              type="button"
              role="tab"
              key={v.id}
              aria-selected={view === v.id}
              className={view === v.id ? 'tab active' : 'tab'}
              onClick={() => setView(v.id)}
              title={`${v.label} (${v.keys})`}
            >
              {v.label}
            </button>
          ))}
        </div>
      )}
      <div className="view-body">
        {!work ? (
          <Welcome />
        ) : view === 'canvas' ? (
          <CanvasView />
        ) : view === 'storyboard' ? (
          <StoryboardView />
        ) : (
          <TimelineView />
        )}
      </div>
      {dragging && <div className="drop-overlay">Drop to import</div>}
    </main>
  );
}
