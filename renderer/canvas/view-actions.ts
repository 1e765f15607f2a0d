import { useStudio } from '../state/store';
import { centred, fitViewport, stepZoom, zoomAt, type Size } from './viewport';

/** The size of the stage on screen, kept by the stage as it resizes. */
let stageSize: Size | null = null;
export function setStageSize(size: Size): void {
  stageSize = size;
}

function shownArtboard() {
  const { project, selectedCanvasId } = useStudio.getState();
  return selectedCanvasId ? project?.doc.canvases[selectedCanvasId] : undefined;
}

/** View ▸ Fit on screen (Ctrl+0). */
export function zoomToFit(): void {
  const canvas = shownArtboard();
  if (canvas && stageSize) useStudio.getState().setViewport(fitViewport(canvas, stageSize));
}

/** View ▸ 100% (Ctrl+1). */
export function zoomToActual(): void {
  const canvas = shownArtboard();
  if (canvas && stageSize) useStudio.getState().setViewport(centred(canvas, stageSize, 1));
}

/** View ▸ Zoom in / out (Ctrl+= / Ctrl+-), about the middle of the stage. */
export function zoomStep(direction: 1 | -1): void {
  const { viewport, setViewport } = useStudio.getState();
  if (!viewport || !stageSize) return;
  const target = stepZoom(viewport.zoom, direction);
  setViewport(zoomAt(viewport, { x: stageSize.width / 2, y: stageSize.height / 2 }, target / viewport.zoom));
}
