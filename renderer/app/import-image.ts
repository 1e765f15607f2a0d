import type { StudioApi } from '../../native/api/contract';
import { isStudioError } from '../../native/api/errors';
import { MAX_IMPORT_BYTES, type ImageSource } from '../../native/api/jobs';
import { useStudio } from '../state/store';

export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif'];

/** Sends an image to the engine, which decodes it in the job process and makes a thumbnail. */
export async function importImage(studio: StudioApi, source: ImageSource): Promise<void> {
  const { notify, setPanel } = useStudio.getState();
  try {
    await studio.jobs.submit({ kind: 'thumbnail', args: { source, maxSize: 256 } });
    setPanel('jobs');
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
