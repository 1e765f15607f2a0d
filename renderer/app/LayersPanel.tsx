import { useState, type DragEvent, type MouseEvent } from 'react';
import type { Document, Layer } from '../../native/model/document';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import {
  deleteLayers,
  dropLayer,
  duplicateLayers,
  groupLayers,
  renameLayer,
  toggleLayer,
} from './layer-actions';

const DRAG_TYPE = 'application/x-atelier-layer';

/** The panel's buttons; the same actions as the Layer menu and its shortcuts. */
const layerButtons = [
  { label: 'Duplicate', keys: 'Ctrl+D', run: duplicateLayers },
  { label: 'Group', keys: 'Ctrl+G', run: groupLayers },
  { label: 'Delete', keys: 'Delete', run: deleteLayers },
];

function LayerRow({ doc, layer, depth }: { doc: Document; layer: Layer; depth: number }) {
  const studio = useStudioApi();
  const selected = useStudio((s) => s.selectedLayerIds.includes(layer.id));
  const selectLayers = useStudio((s) => s.selectLayers);
  const [renaming, setRenaming] = useState(false);
  const [over, setOver] = useState(false);

  const select = (event: MouseEvent) => {
    const current = useStudio.getState().selectedLayerIds;
    if (event.shiftKey || event.ctrlKey || event.metaKey) {
      selectLayers(
        current.includes(layer.id) ? current.filter((id) => id !== layer.id) : [...current, layer.id],
      );
    } else {
      selectLayers([layer.id]);
    }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const dragged = event.dataTransfer.getData(DRAG_TYPE);
    if (dragged) dropLayer(studio, dragged, layer.id);
  };

  return (
    <>
      <li
        className={`layer-row${selected ? ' selected' : ''}${over ? ' drop-target' : ''}${layer.visible ? '' : ' hidden-layer'}`}
        aria-selected={selected}
        aria-label={layer.name}
        role="option"
        draggable={!renaming}
        onClick={select}
        onDragStart={(e) => {
          e.dataTransfer.setData(DRAG_TYPE, layer.id);
          e.dataTransfer.effectAllowed = 'move';
        }}
        onDragOver={(e) => {
          if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{ paddingLeft: 6 + depth * 14 }}
      >
        <button
          type="button"
          className="icon-toggle"
          aria-label={`${layer.visible ? 'Hide' : 'Show'} ${layer.name}`}
          aria-pressed={!layer.visible}
          onClick={(e) => {
            e.stopPropagation();
            toggleLayer(studio, layer, 'visible');
          }}
        >
          {layer.visible ? '◉' : '○'}
        </button>
        <button
          type="button"
          className="icon-toggle"
          aria-label={`${layer.locked ? 'Unlock' : 'Lock'} ${layer.name}`}
          aria-pressed={layer.locked}
          onClick={(e) => {
            e.stopPropagation();
            toggleLayer(studio, layer, 'locked');
          }}
        >
          {layer.locked ? '🔒︎' : '·'}
        </button>
        {renaming ? (
          <input
            className="layer-name-input"
            aria-label="Layer name"
            defaultValue={layer.name}
            autoFocus
            onClick={(e) => e.stopPropagation()}
            onBlur={(e) => {
              renameLayer(studio, layer, e.target.value);
              setRenaming(false);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
              if (e.key === 'Escape') setRenaming(false);
              e.stopPropagation();
            }}
          />
        ) : (
          <span className="layer-name" onDoubleClick={() => setRenaming(true)} title="Double-click to rename">
            {layer.type === 'group' ? '▾ ' : ''}
            {layer.name}
          </span>
        )}
      </li>
      {layer.type === 'group' &&
        [...layer.childIds].reverse().map((id) => {
          const child = doc.layers[id];
          return child ? <LayerRow key={id} doc={doc} layer={child} depth={depth + 1} /> : null;
        })}
    </>
  );
}

/** The artboard's layers, top first, with groups opened beneath their group row. */
export function LayersPanel() {
  const studio = useStudioApi();
  const project = useStudio((s) => s.project);
  const hasSelection = useStudio((s) => s.selectedLayerIds.length > 0);
  const canvas = useStudio((s) =>
    s.selectedCanvasId ? s.project?.doc.canvases[s.selectedCanvasId] : undefined,
  );
  if (!project) return <p className="empty-hint">Start or open a project to see its layers.</p>;
  if (!canvas || canvas.layerIds.length === 0) {
    return <p className="empty-hint">No layers yet. Import an image (Ctrl+I) or drop one on the canvas.</p>;
  }
  return (
    <>
      <ul className="layers" role="listbox" aria-label="Layers" aria-multiselectable="true">
        {[...canvas.layerIds].reverse().map((id) => {
          const layer = project.doc.layers[id];
          return layer ? <LayerRow key={id} doc={project.doc} layer={layer} depth={0} /> : null;
        })}
      </ul>
      <div className="layer-buttons">
        {layerButtons.map(({ label, keys, run }) => (
          <button
            key={label}
            type="button"
            className="small"
            disabled={!hasSelection}
            onClick={() => run(studio)}
            title={`${label} (${keys})`}
          >
            {label}
          </button>
        ))}
      </div>
    </>
  );
}
