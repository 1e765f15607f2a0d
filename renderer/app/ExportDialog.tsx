import { useState } from 'react';
import { isStudioError } from '../../native/api/errors';
import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import type { ExportChoice } from '../state/ui-slice';
import { FileBrowser } from './FileBrowser';

const EXTENSION = { png: 'png', jpeg: 'jpg', webp: 'webp' } as const;

/** File ▸ Export…: format, quality, 1× or 2×, this artboard or all of them. */
export function ExportDialog({ onClose }: { onClose(): void }) {
  const openDialog = useStudio((s) => s.openDialog);
  const [choice, setChoice] = useState<ExportChoice>({ format: 'png', scale: 1, quality: 90, all: false });
  const set = (patch: Partial<ExportChoice>) => setChoice((c) => ({ ...c, ...patch }));
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div role="dialog" aria-modal="true" aria-label="Export" className="dialog">
        <header>
          <h2>Export</h2>
        </header>
        <label className="field">
          <span>Format</span>
          <select
            aria-label="Format"
            value={choice.format}
            onChange={(e) => set({ format: e.target.value as ExportChoice['format'] })}
          >
            <option value="png">PNG</option>
            <option value="jpeg">JPEG</option>
            <option value="webp">WebP</option>
          </select>
        </label>
        {choice.format !== 'png' && (
          <label className="field">
            <span>Quality {choice.quality}</span>
            <input
              aria-label="Quality"
              type="range"
              min={1}
              max={100}
              value={choice.quality}
              onChange={(e) => set({ quality: Number(e.target.value) })}
            />
          </label>
        )}
        <label className="field">
          <span>Size</span>
          <select
            aria-label="Size"
            value={choice.scale}
            onChange={(e) => set({ scale: Number(e.target.value) as 1 | 2 })}
          >
            <option value={1}>1×</option>
            <option value={2}>2×</option>
          </select>
        </label>
        <label className="field">
          <span>Artboards</span>
          <select
            aria-label="Artboards"
            value={choice.all ? 'all' : 'one'}
            onChange={(e) => set({ all: e.target.value === 'all' })}
          >
            <option value="one">This artboard</option>
            <option value="all">All artboards</option>
          </select>
        </label>
        <footer>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => openDialog({ kind: 'export-destination', choice })}
          >
            Export…
          </button>
        </footer>
      </div>
    </div>
  );
}

/** Where the export goes: a file for one artboard, a folder for all of them. */
export function ExportDestination({ choice, onClose }: { choice: ExportChoice; onClose(): void }) {
  const studio = useStudioApi();
  const { project, selectedCanvasId, notify, setPanel } = useStudio.getState();
  const canvas = selectedCanvasId ? project?.doc.canvases[selectedCanvasId] : undefined;
  const run = async (target: string) => {
    onClose();
    try {
      const options = { format: choice.format, scale: choice.scale, quality: choice.quality };
      if (choice.all) await studio.project.exportAll({ dir: target, ...options });
      else if (canvas) await studio.project.exportImage({ canvasId: canvas.id, path: target, ...options });
      setPanel('jobs');
    } catch (error) {
      notify('error', isStudioError(error) ? error.message : String(error));
    }
  };
  const suffix = choice.scale === 2 ? '@2x' : '';
  return choice.all ? (
    <FileBrowser
      title="Export all artboards into…"
      mode="folder"
      extensions={[EXTENSION[choice.format]]}
      confirmLabel="Export here"
      onCancel={onClose}
      onChoose={(path) => void run(path)}
    />
  ) : (
    <FileBrowser
      title="Export artboard"
      mode="save"
      defaultName={`${canvas?.name ?? 'artboard'}${suffix}`}
      extensions={[EXTENSION[choice.format]]}
      confirmLabel="Export"
      onCancel={onClose}
      onChoose={(path) => void run(path)}
    />
  );
}
