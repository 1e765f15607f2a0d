import type { StudioApi } from '../../native/api/contract';
import type { Document } from '../../native/model/document';

/**
 * Decoded images of a project's assets, fetched once each from the engine and kept while the
 * project is open. `onLoaded` fires when one arrives, so the artboard can be drawn again.
 */
export class AssetImages {
  private readonly images = new Map<string, ImageBitmap>();
  private readonly loading = new Set<string>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly studio: StudioApi,
    private readonly onLoaded: () => void,
  ) {}

  /** The image for an asset id of `doc`, or undefined while it loads (then drawn on the next pass). */
  get(doc: Document, assetId: string): ImageBitmap | undefined {
    const asset = doc.assets[assetId];
    if (!asset) return undefined;
    const image = this.images.get(asset.sha256);
    if (!image && !this.loading.has(asset.sha256)) void this.load(asset.sha256);
    return image;
  }

  private async load(sha256: string): Promise<void> {
    this.loading.add(sha256);
    try {
      const { mime, bytes } = await this.studio.project.asset({ sha256 });
      const image = await createImageBitmap(new Blob([bytes as BlobPart], { type: mime }));
      this.images.set(sha256, image);
      this.onLoaded();
    } catch {
      // Not there yet or not decodable: try once more shortly (import checked the file).
      this.loading.delete(sha256);
      if (!this.failed.has(sha256)) {
        this.failed.add(sha256);
        setTimeout(() => this.onLoaded(), 250);
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
