import { useState } from 'react';
import type { Canvas } from '../../native/model/document';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { dispatch } from './project-actions';

/** A text field that changes the document when the user is done (Enter or leaving the field). */
function CommitField({
  label,
  value,
  onCommit,
  type = 'text',
}: {
  label: string;
  value: string;
  type?: string;
  onCommit(v: string): void;
}) {
  // null while not editing: the field shows the document's value, also after undo.
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        aria-label={label}
        value={draft ?? value}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(null);
        }}
      />
    </label>
  );
}

function ArtboardProperties({ canvas }: { canvas: Canvas }) {
  const studio = useStudioApi();
  const update = (patch: Partial<Pick<Canvas, 'name' | 'width' | 'height' | 'background'>>) =>
    dispatch(studio, { type: 'canvas.update', args: { canvasId: canvas.id, patch } });
  const size = (key: 'width' | 'height') => (v: string) => {
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 16384) update({ [key]: n });
    else useStudio.getState().notify('error', `${key} must be a whole number of pixels from 1 to 16384`);
  };
  return (
    <section className="properties" aria-label="Artboard properties">
      <h3>Artboard</h3>
      <CommitField
        label="Name"
        value={canvas.name}
        onCommit={(name) => name.trim() && update({ name: name.trim() })}
      />
      <div className="field-row">
        <CommitField label="Width" value={String(canvas.width)} onCommit={size('width')} />
        <CommitField label="Height" value={String(canvas.height)} onCommit={size('height')} />
      </div>
      <label className="field">
        <span>Background</span>
        <input
          type="color"
          aria-label="Background"
          value={canvas.background?.slice(0, 7) ?? '#ffffff'}
          onChange={(e) => update({ background: e.target.value })}
        />
      </label>
    </section>
  );
}

export function PropertiesPanel() {
  const canvas = useStudio((s) =>
    s.selectedCanvasId ? s.project?.doc.canvases[s.selectedCanvasId] : undefined,
  );
  if (!canvas)
    return <p className="empty-hint">Select an artboard or a layer to see and change its properties.</p>;
  return <ArtboardProperties canvas={canvas} />;
}

export function LayersPanel() {
  const project = useStudio((s) => s.project);
  const canvas = useStudio((s) =>
    s.selectedCanvasId ? s.project?.doc.canvases[s.selectedCanvasId] : undefined,
  );
  if (!project) return <p className="empty-hint">Start or open a project to see its layers.</p>;
  if (!canvas || canvas.layerIds.length === 0) {
    return <p className="empty-hint">No layers yet. Import an image (Ctrl+I) or drop one on the canvas.</p>;
  }
  return (
    <ul className="layers" aria-label="Layers">
      {[...canvas.layerIds].reverse().map((id) => (
        <li key={id}>{project.doc.layers[id]?.name}</li>
      ))}
    </ul>
  );
}
