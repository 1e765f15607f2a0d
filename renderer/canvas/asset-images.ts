import type { StudioApi } from '../../native/api/contract';
import type { Document } from '../../native/model/document';

/**
 * The longest side of an image as shown on screen. A larger image is shown from a downscaled copy
 * (decoded once); the file keeps every pixel for export and generation.
 */
export const DISPLAY_MAX_SIDE = 2048;

/**
 * Decoded images of a project's assets, fetched once each from the engine and kept while the
 * project is open. `onLoaded` fires when one arrives, so the artboard can be drawn again.
 */
export class AssetImages {
  private readonly images = new Map<string, ImageBitmap>();
  private readonly loading = new Set<string>();
  private readonly failed = new Set<string>();
  /** Goes up when an image arrives (pictures drawn before it are out of date). */
  version = 0;

  constructor(
    private readonly studio: StudioApi,
    private readonly onLoaded: () => void,
  ) {}

  /**
   * The image for an asset id of `doc` (for a video clip, its poster: the first frame), or
   * undefined while it loads (then drawn on the next pass).
   */
  get(doc: Document, assetId: string): ImageBitmap | undefined {
    const asset = doc.assets[assetId];
    if (!asset || asset.kind === 'audio') return undefined;
    const image = this.images.get(asset.sha256);
    if (!image && !this.loading.has(asset.sha256)) void this.load(asset.sha256, asset.kind === 'video');
    return image;
  }

  private async load(sha256: string, poster: boolean): Promise<void> {
    this.loading.add(sha256);
    try {
      const { mime, bytes } = poster
        ? await this.studio.project.videoMedia({ sha256, kind: 'poster' })
        : await this.studio.project.asset({ sha256 });
      const full = await createImageBitmap(new Blob([bytes as BlobPart], { type: mime }));
      const k = DISPLAY_MAX_SIDE / Math.max(full.width, full.height);
      let image = full;
      if (k < 1) {
        image = await createImageBitmap(full, {
          resizeWidth: Math.max(1, Math.round(full.width * k)),
          resizeHeight: Math.max(1, Math.round(full.height * k)),
          resizeQuality: 'high',
        });
        full.close();
      }
      this.images.set(sha256, image);
      this.version++;
      this.onLoaded();
    } catch {
      // Not there yet or not decodable: try once more shortly (import checked the file).
      this.loading.delete(sha256);
      if (!this.failed.has(sha256)) {
        this.failed.add(sha256);
        setTimeout(() => {
          // A new version makes the cached pictures draw again, asking for the image once more.
          this.version++;
          this.onLoaded();
        }, 250);
      }
      return;
    }
    this.loading.delete(sha256);
  }

  dispose(): void {
    for (const image of this.images.values()) image.close();
    this.images.clear();
  }
}
