import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { newId } from '../../native/model/ids';
import { dispatch } from './project-actions';
import { ArtboardView } from '../canvas/ArtboardView';

/** The artboards of the project, one shown at a time (layers and tools arrive with the canvas editor). */
export function CanvasView() {
  const studio = useStudioApi();
  const doc = useStudio((s) => s.project!.doc);
  const selectedId = useStudio((s) => s.selectedCanvasId);
  const selectCanvas = useStudio((s) => s.selectCanvas);
  const canvas = selectedId ? doc.canvases[selectedId] : undefined;

  const addArtboard = () => {
    const like = canvas ?? { width: 1080, height: 1080, placement: null };
    const id = newId('canvas');
    const ok = dispatch(studio, {
      type: 'canvas.add',
      args: {
        canvas: {
          id,
          name: `Artboard ${doc.canvasOrder.length + 1}`,
          width: like.width,
          height: like.height,
          background: '#ffffff',
          layerIds: [],
          maskAssetId: null,
          placement: like.placement,
        },
      },
    });
    if (ok) selectCanvas(id);
  };

  const scale = canvas ? Math.min(1, 480 / Math.max(canvas.width, canvas.height)) : 1;
  return (
    <div className="canvas-view" data-testid="canvas-view">
      <div className="artboard-strip" role="tablist" aria-label="Artboards">
        {doc.canvasOrder.map((id) => (
          <button
            type="button"
            role="tab"
            key={id}
            aria-selected={id === selectedId}
            className={id === selectedId ? 'tab active' : 'tab'}
            onClick={() => selectCanvas(id)}
          >
            {doc.canvases[id]!.name}
          </button>
        ))}
        <button
          type="button"
          className="small"
          onClick={addArtboard}
          title="Add an artboard of the same size"
        >
          + Artboard
        </button>
      </div>
      {canvas ? (
        <>
          <div className="artboard-label">
            {canvas.name} · {canvas.width}×{canvas.height}
          </div>
          <ArtboardView doc={doc} canvasId={canvas.id} displayScale={scale} />
          <p className="empty-hint">Drop an image here, or use File ▸ Import image… (Ctrl+I).</p>
        </>
      ) : (
        <p className="empty-hint">This project has no artboards. Add one with “+ Artboard”.</p>
      )}
    </div>
  );
}
