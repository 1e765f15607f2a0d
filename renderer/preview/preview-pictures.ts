import { createStoryPictures, type StoryPictures } from '../../native/compose/story';
import type { AssetImages } from '../canvas/asset-images';
import { useStudio } from '../state/store';

/**
 * The preview's pictures: artboards drawn with native/compose on OffscreenCanvases (once per
 * artboard and scale, kept until the document changes), images from the project's decoded
 * assets. `missing()` says how many images the last draws asked for that were still loading.
 */
export function createPreviewPictures(images: AssetImages): {
  pictures: StoryPictures & { clear(): void };
  /** Images asked for and not there yet since the last call (then counting starts again). */
  missing(): number;
} {
  let missing = 0;
  const pictures = createStoryPictures({
    createSurface: (w, h) => new OffscreenCanvas(w, h),
    image: (assetId) => {
      const doc = useStudio.getState().project?.doc;
      const image = doc ? images.get(doc, assetId) : undefined;
      if (!image) missing++;
      return image;
    },
  });
  return {
    pictures,
    missing() {
      const n = missing;
      missing = 0;
      return n;
    },
  };
}
