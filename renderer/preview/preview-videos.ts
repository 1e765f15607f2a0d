import type { StudioApi } from '../../native/api/contract';
import type { StoryPicture } from '../../native/compose/story';
import type { Document } from '../../native/model/document';

/** A clip's proxy in a hidden video element. */
interface Clip {
  video: HTMLVideoElement;
  url: string;
  /** The first frame is decoded: the element can be drawn. */
  ready: boolean;
}

/** A clip frame for the preview: the picture, and whether it is the frame asked for yet. */
export interface PreviewClipFrame {
  picture: StoryPicture | null;
  exact: boolean;
}

/**
 * The preview's video clips: each clip's proxy (a small VP8 WebM with a keyframe every few
 * frames, fetched once from the engine) in a hidden, muted video element that is seeked to the
 * frame the preview draws. Until a seek lands, the frame before it is shown (`exact` false),
 * so playback skips frames rather than waiting; listeners hear when a seek lands or a clip
 * loads, for the stopped preview to draw again.
 */
export class PreviewVideos {
  private readonly clips = new Map<string, Clip>();
  private readonly listeners = new Set<() => void>();
  /** Goes up on `dispose`: a proxy arriving for an earlier generation is dropped. */
  private generation = 0;

  constructor(private readonly studio: StudioApi) {}

  /** Calls `listener` whenever a clip shows a new frame; returns the call that stops it. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onFrame(): void {
    for (const listener of this.listeners) listener();
  }

  /**
   * The clip `assetId` of `doc` at the shot's frame `localFrame` (the clip plays from its start
   * at the project's `fps` and holds its last frame).
   */
  frame(doc: Document, assetId: string, localFrame: number, fps: number): PreviewClipFrame {
    const asset = doc.assets[assetId];
    if (asset?.kind !== 'video') return { picture: null, exact: true };
    let clip = this.clips.get(asset.sha256);
    if (!clip) {
      clip = this.load(asset.sha256);
      this.clips.set(asset.sha256, clip);
    }
    const { video } = clip;
    if (!clip.ready || !Number.isFinite(video.duration)) return { picture: null, exact: false };
    // The middle of the frame's time, so rounding never lands on the frame before.
    const wanted = Math.min((localFrame + 0.5) / fps, Math.max(0, video.duration - 0.001));
    const there = !video.seeking && Math.abs(video.currentTime - wanted) < 0.25 / fps;
    if (!there && !video.seeking) video.currentTime = wanted;
    return {
      picture: { image: video, width: video.videoWidth, height: video.videoHeight },
      exact: there,
    };
  }

  private load(sha256: string): Clip {
    const generation = this.generation;
    const video = document.createElement('video');
    video.muted = true;
    video.preload = 'auto';
    video.playsInline = true;
    const clip: Clip = { video, url: '', ready: false };
    video.addEventListener('loadeddata', () => {
      clip.ready = true;
      this.onFrame();
    });
    video.addEventListener('seeked', () => this.onFrame());
    void this.studio.project.videoMedia({ sha256, kind: 'proxy' }).then(
      ({ mime, bytes }) => {
        if (this.generation !== generation) return;
        clip.url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
        video.src = clip.url;
      },
      () => {
        // Not readable now (the project closed): asked for again after a while.
        setTimeout(() => {
          if (this.clips.get(sha256) === clip) this.clips.delete(sha256);
        }, 1000);
      },
    );
    return clip;
  }

  /** Lets go of every clip (a later `frame` loads it again). */
  dispose(): void {
    this.generation++;
    for (const clip of this.clips.values()) {
      clip.video.removeAttribute('src');
      clip.video.load();
      if (clip.url) URL.revokeObjectURL(clip.url);
    }
    this.clips.clear();
  }
}
