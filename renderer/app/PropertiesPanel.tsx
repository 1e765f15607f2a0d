import { useEffect, useRef, useState } from 'react';
import { BlendModeSchema, type Canvas, type Layer } from '../../native/model/document';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { dispatch } from './project-actions';
import { TypeProperties } from './TypeProperties';
import { ColourField } from './ColourField';

/**
 * A text field that changes the document when the user is done (Enter or leaving the field;
 * Ctrl+Enter in a multi-line one).
 */
export function CommitField({
  label,
  value,
  onCommit,
  type = 'text',
  multiline = false,
}: {
  label: string;
  value: string;
  type?: string;
  multiline?: boolean;
  onCommit(v: string): void;
}) {
  // null while not editing: the field shows the document's value, also after undo.
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null && draft !== value) onCommit(draft);
    setDraft(null);
  };
  // A click elsewhere that changes the selection removes the field before it blurs: what was
  // typed is kept all the same.
  const latest = useRef({ draft, value, onCommit });
  useEffect(() => {
    latest.current = { draft, value, onCommit };
  });
  useEffect(
    () => () => {
      const { draft: typed, value: shown, onCommit: keep } = latest.current;
      if (typed !== null && typed !== shown) keep(typed);
    },
    [],
  );
  if (multiline) {
    return (
      <label className="field">
        <span>{label}</span>
        <textarea
          aria-label={label}
          rows={3}
          value={draft ?? value}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) commit();
            if (e.key === 'Escape') setDraft(null);
          }}
        />
      </label>
    );
  }
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
      <ColourField
        label="Background"
        value={canvas.background ?? '#ffffff'}
        toCommand={(background) => ({
          type: 'canvas.update',
          args: { canvasId: canvas.id, patch: { background } },
        })}
      />
    </section>
  );
}

function LayerProperties({ layer }: { layer: Layer }) {
  const studio = useStudioApi();
  const number = (label: string, value: number, apply: (n: number) => Parameters<typeof dispatch>[1]) => (
    <CommitField
      label={label}
      value={String(Math.round(value * 100) / 100)}
      onCommit={(v) => {
        const n = Number(v);
        if (v.trim() !== '' && Number.isFinite(n)) dispatch(studio, apply(n));
        else useStudio.getState().notify('error', `${label} must be a number`);
      }}
    />
  );
  const transform = (key: 'x' | 'y' | 'width' | 'height' | 'rotation') => (n: number) =>
    ({ type: 'layer.update', args: { layerId: layer.id, patch: { transform: { [key]: n } } } }) as const;
  return (
    <section className="properties" aria-label="Layer properties">
      <h3>Layer</h3>
      <CommitField
        label="Name"
        value={layer.name}
        onCommit={(name) =>
          name.trim() &&
          dispatch(studio, {
            type: 'layer.update',
            args: { layerId: layer.id, patch: { name: name.trim() } },
          })
        }
      />
      <div className="field-row">
        {number('X', layer.transform.x, transform('x'))}
        {number('Y', layer.transform.y, transform('y'))}
      </div>
      <div className="field-row">
        {number('W', layer.transform.width, transform('width'))}
        {number('H', layer.transform.height, transform('height'))}
      </div>
      {number('Rotation', layer.transform.rotation, transform('rotation'))}
      {number('Opacity %', layer.opacity * 100, (n) => ({
        type: 'layer.update',
        args: { layerId: layer.id, patch: { opacity: Math.min(1, Math.max(0, n / 100)) } },
      }))}
      <label className="field">
        <span>Blend</span>
        <select
          aria-label="Blend mode"
          value={layer.blendMode}
          onChange={(e) =>
            dispatch(studio, {
              type: 'layer.update',
              args: { layerId: layer.id, patch: { blendMode: e.target.value as Layer['blendMode'] } },
            })
          }
        >
          {BlendModeSchema.options.map((mode) => (
            <option key={mode} value={mode}>
              {mode}
            </option>
          ))}
        </select>
      </label>
      <TypeProperties layer={layer} />
    </section>
  );
}

export function PropertiesPanel() {
  const canvas = useStudio((s) =>
    s.selectedCanvasId ? s.project?.doc.canvases[s.selectedCanvasId] : undefined,
  );
  const layer = useStudio((s) =>
    s.selectedLayerIds.length === 1 ? s.project?.doc.layers[s.selectedLayerIds[0]!] : undefined,
  );
  // Keyed by layer: a half-typed value never carries over to the next layer selected.
  if (layer) return <LayerProperties key={layer.id} layer={layer} />;
  if (!canvas)
    return <p className="empty-hint">Select an artboard or a layer to see and change its properties.</p>;
  return (
    <>
      <ArtboardProperties canvas={canvas} />
      <ProjectProperties />
    </>
  );
}

/**
 * What holds for the whole project: whether it is client work (model licences ask then), and
 * whether the edit log may keep prompts as typed.
 */
function ProjectProperties() {
  const studio = useStudioApi();
  const commercial = useStudio((s) => s.project?.doc.commercial ?? true);
  const logPrompts = useStudio((s) => s.project?.doc.logPrompts ?? false);
  return (
    <section className="properties" aria-label="Project properties">
      <h3>Project</h3>
      <label className="field inline">
        <input
          type="checkbox"
          aria-label="Client work (commercial use)"
          checked={commercial}
          onChange={(e) =>
            dispatch(studio, { type: 'project.setCommercial', args: { commercial: e.target.checked } })
          }
        />
        <span>Client work (commercial use)</span>
      </label>
      <p className="muted small">
        Models whose licence does not allow commercial use ask before they are used in client work.
      </p>
      <label className="field inline">
        <input
          type="checkbox"
          aria-label="Keep prompts in the edit log"
          checked={logPrompts}
          onChange={(e) =>
            dispatch(studio, { type: 'project.setLogPrompts', args: { logPrompts: e.target.checked } })
          }
        />
        <span>Keep prompts in the edit log</span>
      </label>
      <p className="muted small">
        Off, the edit log keeps only a hash and the length of each prompt (they may name clients or unreleased
        products); the layers made keep their prompt either way.
      </p>
    </section>
  );
}
