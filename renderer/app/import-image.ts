import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import { MAX_IMPORT_BYTES, type ImageSource } from '../../native/api/jobs';
import { useStudio } from '../state/store';
import { newId } from '../../native/model/ids';
import { dispatch } from './project-actions';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif'];

/**
 * With a project open: the image becomes an asset and a new image layer on the shown artboard,
 * fitted inside it and centred (one step each: add the asset, add the layer). Without one: the
 * engine makes a thumbnail in the job process (the Jobs panel shows it).
 */
export async function importImage(studio: StudioApi, source: ImageSource): Promise<void> {
  const { notify, setPanel, project, selectedCanvasId } = useStudio.getState();
  try {
    const canvas = selectedCanvasId ? project?.doc.canvases[selectedCanvasId] : undefined;
    if (!project || !canvas) {
      await studio.jobs.submit({ kind: 'thumbnail', args: { source, maxSize: 256 } });
      setPanel('jobs');
      return;
    }
    const asset = await studio.project.importImage({ source });
    const w = asset.width ?? canvas.width;
    const h = asset.height ?? canvas.height;
    const fit = Math.min(1, canvas.width / w, canvas.height / h);
    if (!dispatch(studio, { type: 'asset.add', args: { asset } })) return;
    dispatch(studio, {
      type: 'layer.add',
      args: {
        layer: {
          id: newId('layer'),
          canvasId: canvas.id as `canvas:${string}`,
          parentId: null,
          name: asset.name.replace(/\.[^.]+$/, '').slice(0, 200) || 'Image',
          visible: true,
          locked: false,
          opacity: 1,
          blendMode: 'normal',
          transform: {
            x: (canvas.width - w * fit) / 2,
            y: (canvas.height - h * fit) / 2,
            width: w * fit,
            height: h * fit,
            rotation: 0,
            flipX: false,
            flipY: false,
          },
          type: 'image',
          assetId: asset.id,
        },
      },
    });
    setPanel('layers');
  } catch (error) {
    notify('error', isStudioError(error) ? error.message : String(error));
  }
}

/** Files dropped from the desktop into the browser: read in the page, sent as bytes. */
export async function importDroppedFiles(studio: StudioApi, files: FileList): Promise<void> {
  const { notify } = useStudio.getState();
  for (const file of Array.from(files)) {
    if (file.size > MAX_IMPORT_BYTES) {
      notify(
        'error',
        `${file.name}: ${Math.round(file.size / 1048576)} MB is over the ${MAX_IMPORT_BYTES / 1048576} MB limit`,
      );
      continue;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    await importImage(studio, { type: 'bytes', name: file.name || 'dropped image', bytes });
  }
}
