import { useStudioApi } from '../platform/studio-context';
import { useStudio } from '../state/store';
import { newId } from '../../native/model/ids';
import { dispatch } from './project-actions';
import { StageView } from '../canvas/StageView';
import { ToolOptions } from './ToolOptions';
import { StagingStrip } from '../canvas/StagingStrip';

/** The artboards of the project, one edited at a time. */
export function CanvasView() {
  const studio = useStudioApi();
  const doc = useStudio((s) => s.project!.doc);
  const selectedId = useStudio((s) => s.selectedCanvasId);
  const selectCanvas = useStudio((s) => s.selectCanvas);
  const zoom = useStudio((s) => s.viewport?.zoom);
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
        {canvas && (
          <span className="artboard-label muted">
            {canvas.name} · {canvas.width}×{canvas.height}
            {zoom !== undefined && <span data-testid="zoom-level"> · {Math.round(zoom * 1000) / 10}%</span>}
          </span>
        )}
      </div>
      {canvas ? (
        <>
          <ToolOptions />
          <div className="stage-area">
            <StageView key={canvas.id} canvasId={canvas.id} />
            <StagingStrip />
          </div>
          {canvas.layerIds.length === 0 && (
            <p className="empty-hint overlay-hint">
              Drop an image here, or use File ▸ Import image… (Ctrl+I).
            </p>
          )}
        </>
      ) : (
        <p className="empty-hint">This project has no artboards. Add one with “+ Artboard”.</p>
      )}
    </div>
  );
}
