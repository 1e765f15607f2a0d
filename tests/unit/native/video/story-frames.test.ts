// The export's frame drawer: a hold is not drawn twice, stills come from the part of a shot it
// shows alone, and the export asks for exactly the bytes its shots and heard clips need.
import { describe, expect, it } from 'vitest';
import { storyTiming } from '../../../../native/model/story-timing';
import { exportAssets } from '../../../../native/video/export-assets';
import { stillFrame, StoryFrames } from '../../../../native/video/story-frames';
import { storyDoc } from '../../../helpers/video-docs';
import type { Document } from '../../../../native/model/document';

const placement = { id: '1:1', width: 96, height: 96 };

function story(): Document {
  return storyDoc({
    artboard: { width: 200, height: 200 },
    shots: [
      { color: '#ff0000', frames: 10 },
      {
        color: '#00ff00',
        frames: 10,
        transition: { kind: 'crossfade', frames: 4 },
        camera: { from: { x: 0.5, y: 0.5, scale: 1 }, to: { x: 0.5, y: 0.5, scale: 2 }, easing: 'linear' },
      },
    ],
    captions: [{ text: 'Hello', startFrame: 5, durationFrames: 2 }],
  }).doc;
}

describe('StoryFrames', () => {
  it('hands back the previous buffer for a hold, and draws anew when anything on screen changes', () => {
    const doc = story();
    const frames = new StoryFrames(doc, placement, new Map());
    const fresh = (frame: number) => new StoryFrames(doc, placement, new Map()).rgba(frame);
    const a = frames.rgba(1);
    const b = frames.rgba(2); // still shot, no caption yet: the same picture
    expect(b).toBe(a);
    expect(Buffer.from(b).equals(Buffer.from(fresh(2)))).toBe(true);
    const captioned = frames.rgba(5); // the caption appears
    expect(captioned).not.toBe(b);
    expect(Buffer.from(captioned).equals(Buffer.from(fresh(5)))).toBe(true);
    const crossfade = [10, 11, 12].map((f) => frames.rgba(f)); // each step of the crossfade differs
    expect(new Set(crossfade).size).toBe(3);
    const zooming = [15, 16].map((f) => frames.rgba(f)); // the camera moves every frame
    expect(zooming[0]).not.toBe(zooming[1]);
    expect(Buffer.from(zooming[1]!).equals(Buffer.from(fresh(16)))).toBe(true);
    // Opaque RGBA: premultiplied and straight are the same bytes.
    expect([a[0], a[1], a[2], a[3]]).toEqual([255, 0, 0, 255]);
  });

  it('gives each frame its own bytes: drawing the next leaves a buffer ffmpeg is still reading alone', () => {
    const doc = story();
    const frames = new StoryFrames(doc, placement, new Map());
    const first = frames.rgba(1);
    const kept = Buffer.from(first);
    frames.rgba(16); // another picture drawn on the same canvas
    expect(Buffer.from(first).equals(kept)).toBe(true);
  });

  it('takes a still from the middle of the part of the shot shown alone', () => {
    const { shots } = storyTiming(story());
    expect(stillFrame(shots[0]!)).toBe(5);
    expect(stillFrame(shots[1]!)).toBe(10 + 4 + 3);
    expect(stillFrame({ startFrame: 20, durationFrames: 4, transitionFrames: 4 })).toBe(23);
  });
});

describe('exportAssets', () => {
  it('collects the images the shots show and the audio of heard clips, nothing else', () => {
    const wav = new Uint8Array([1, 2, 3]);
    const { doc } = storyDoc({
      shots: [{ color: '#123456', frames: 30 }],
      music: { wav, seconds: 1, durationFrames: 30 },
    });
    const image = {
      id: 'asset:pic' as const,
      kind: 'image' as const,
      sha256: 'c'.repeat(64),
      mime: 'image/png',
      byteSize: 3,
      name: 'logo.png',
      width: 1,
      height: 1,
      durationSamples: null,
      sampleRate: null,
      provenance: { type: 'imported' as const, fileName: 'logo.png' },
    };
    const unused = { ...image, id: 'asset:unused' as const, sha256: 'd'.repeat(64) };
    const withImage: Document = {
      ...doc,
      assets: { ...doc.assets, [image.id]: image, [unused.id]: unused },
      layers: {
        ...doc.layers,
        'layer:logo': { ...doc.layers['layer:fill0']!, id: 'layer:logo', type: 'image', assetId: image.id },
      },
    };
    const read = (sha: string) => new Uint8Array([sha.charCodeAt(0)]);
    const assets = exportAssets(withImage, read);
    expect(Object.keys(assets.images)).toEqual([image.sha256]);
    expect(Object.keys(assets.audio)).toEqual([doc.assets['asset:music']!.sha256]);
    const muted: Document = {
      ...withImage,
      timeline: {
        ...withImage.timeline,
        tracks: { 'track:music': { ...withImage.timeline.tracks['track:music']!, muted: true } },
      },
    };
    expect(exportAssets(muted, read).audio).toEqual({});
  });
});
