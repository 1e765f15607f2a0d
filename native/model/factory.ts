import { CURRENT_SCHEMA_VERSION, type Canvas, type Document } from './document';
import type { CanvasId, ProjectId } from './ids';

export interface NewDocumentOptions {
  id: ProjectId;
  name: string;
  createdAt: number;
  commercial?: boolean;
  fps?: Document['timeline']['fps'];
}

/** An empty project: no canvases, no shots, an empty timeline. */
export function createDocument(options: NewDocumentOptions): Document {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: options.id,
    name: options.name,
    commercial: options.commercial ?? true,
    logPrompts: false,
    createdAt: options.createdAt,
    assets: {},
    canvases: {},
    canvasOrder: [],
    layers: {},
    shots: {},
    shotOrder: [],
    timeline: { fps: options.fps ?? 30, tracks: {}, trackOrder: [], clips: {} },
  };
}

export function blankCanvas(
  id: CanvasId,
  name: string,
  width: number,
  height: number,
  placement: string | null = null,
): Canvas {
  return { id, name, width, height, background: '#ffffff', layerIds: [], maskAssetId: null, placement };
}
