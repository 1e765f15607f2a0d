import { createStoryPictures, type StoryPictures } from '../../native/compose/story';
import type { AssetImages } from '../canvas/asset-images';
import { useStudio } from '../state/store';
import type { PreviewVideos } from './preview-videos';

/**
 * The preview's pictures: artboards drawn with native/compose on OffscreenCanvases (once per
 * artboard and scale, kept until the document changes), images from the project's decoded
 * assets, video clips from their proxies. `missing()` says how many pictures the last draws
 * asked for that were still loading (a clip still seeking counts).
 */
export function createPreviewPictures(
  images: AssetImages,
  videos?: PreviewVideos,
): {
  pictures: StoryPictures & { clear(): void };
  /** Pictures asked for and not there yet since the last call (then counting starts again). */
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
    videoFrame: (assetId, localFrame) => {
      const doc = useStudio.getState().project?.doc;
      if (!doc || !videos) {
        missing++;
        return null;
      }
      const { picture, exact } = videos.frame(doc, assetId, localFrame, doc.timeline.fps);
      if (!exact) missing++;
      return picture;
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
