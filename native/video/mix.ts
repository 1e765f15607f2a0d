/**
 * The export's soundtrack: every audible clip of the music, voice and SFX tracks mixed to one
 * 48 kHz stereo signal as long as the export, with the levels the timeline plays them at (track
 * gain, clip gain, linear fade ramps; mute and solo), then brought to a loudness target.
 */
import type { Asset, Clip, Document } from '../model/document';
import { clipEnd, dbToGain, isAudioTrackKind, samplesPerFrame } from '../model/clip-edit';
import { SAMPLE_RATE } from '../model/time';
import { StudioError } from '../api/errors';
import { decodeAudioStream, type AudioSource } from '../media/audio-input';
import { normaliseLoudness, type LoudnessReport } from './loudness';

/** 48 kHz stereo, planar. */
export interface StereoMix {
  left: Float32Array;
  right: Float32Array;
}

/** One clip as the mixer places it, all in 48 kHz samples. */
export interface MixClip {
  clipId: string;
  asset: Asset;
  /** Where on the timeline it starts. */
  start: number;
  /** How long it plays. */
  length: number;
  /** Where in the asset it starts. */
  trim: number;
  /** Linear: clip gain × track gain. */
  gain: number;
  fadeIn: number;
  fadeOut: number;
}

/** Heard unless muted, or unless another track is soloed and it is not (as the timeline plays). */
function audibleTracks(doc: Document): Set<string> {
  const { timeline } = doc;
  const soloed = timeline.trackOrder.some((id) => timeline.tracks[id]?.solo);
  const heard = new Set<string>();
  for (const id of timeline.trackOrder) {
    const track = timeline.tracks[id];
    if (!track || !isAudioTrackKind(track.kind) || track.muted || (soloed && !track.solo)) continue;
    heard.add(id);
  }
  return heard;
}

/**
 * The clips heard in the first `lengthSamples` of the timeline, in samples. Clips of muted (or
 * not soloed) tracks, at −60 dB or below, without an audio asset, or starting after the end are
 * left out.
 */
export function mixClips(doc: Document, lengthSamples: number): MixClip[] {
  const { timeline } = doc;
  const perFrame = samplesPerFrame(timeline.fps);
  const heard = audibleTracks(doc);
  const clips: MixClip[] = [];
  for (const trackId of timeline.trackOrder) {
    if (!heard.has(trackId)) continue;
    const track = timeline.tracks[trackId]!;
    for (const clipId of track.clipIds) {
      const clip: Clip | undefined = timeline.clips[clipId];
      const asset = clip?.assetId ? doc.assets[clip.assetId] : undefined;
      if (!clip || asset?.kind !== 'audio') continue;
      const gain = dbToGain(track.gainDb) * dbToGain(clip.gainDb);
      const start = clip.startFrame * perFrame;
      if (gain === 0 || start >= lengthSamples) continue;
      clips.push({
        clipId,
        asset,
        start,
        length: (clipEnd(clip) - clip.startFrame) * perFrame,
        trim: clip.trimStartSamples,
        gain,
        fadeIn: clip.fadeInFrames * perFrame,
        fadeOut: clip.fadeOutFrames * perFrame,
      });
    }
  }
  return clips;
}

/**
 * The clip's level at sample `t` of the clip (0 … length): its gain, held under the fade-in and
 * fade-out ramps — the timeline's own envelope, sample for sample.
 */
export function clipLevel(clip: MixClip, t: number): number {
  let v = clip.gain;
  if (clip.fadeIn > 0 && t < clip.fadeIn) v = Math.min(v, (clip.gain * t) / clip.fadeIn);
  if (clip.fadeOut > 0 && t > clip.length - clip.fadeOut)
    v = Math.min(v, (clip.gain * (clip.length - t)) / clip.fadeOut);
  return Math.max(0, v);
}

export interface MixOptions {
  /** The export's length in samples (48 kHz); the mix is exactly this long. */
  lengthSamples: number;
  /** The encoded bytes of the audio assets, by SHA-256. */
  audio: Readonly<Record<string, Uint8Array>>;
  /** LUFS to normalise to; `null` leaves the level as mixed. */
  targetLufs: number | null;
  signal?: AbortSignal;
  /** 0…1 over decoding every asset. */
  onProgress?: (fraction: number) => void;
}

export interface MixResult extends StereoMix {
  /** How loud the mix was and what normalising did; null when `targetLufs` was null. */
  loudness: LoudnessReport | null;
  /** How many clips were heard. */
  clips: number;
}

/**
 * Mixes the document's audible audio clips into 48 kHz stereo of `lengthSamples`. Each asset is
 * decoded once with ffmpeg and streamed: only the parts clips use are added, so a long bed never
 * sits in memory whole. A mono asset plays at full level on both sides, as in the timeline.
 *
 * @throws StudioError('not_found') when a heard clip's audio is not among `audio`;
 * 'invalid_argument' when an asset cannot be decoded; 'cancelled'.
 * @example
 * const mix = await mixAudio(doc, { lengthSamples: 30 * 48000, audio, targetLufs: -14 });
 */
export async function mixAudio(doc: Document, options: MixOptions): Promise<MixResult> {
  const { lengthSamples } = options;
  const left = new Float32Array(lengthSamples);
  const right = new Float32Array(lengthSamples);
  const clips = mixClips(doc, lengthSamples);
  const bySha = new Map<string, MixClip[]>();
  for (const clip of clips) {
    const list = bySha.get(clip.asset.sha256) ?? [];
    list.push(clip);
    bySha.set(clip.asset.sha256, list);
  }
  let index = 0;
  for (const [sha256, uses] of bySha) {
    const asset = uses[0]!.asset;
    const bytes = options.audio[sha256];
    if (!bytes) {
      throw new StudioError(
        'not_found',
        `the audio "${asset.name}" of the timeline is missing from the export (${sha256.slice(0, 12)}…)`,
      );
    }
    const source: AudioSource = { type: 'bytes', name: asset.name, bytes };
    let position = 0; // samples of the asset decoded so far
    const base = index;
    await decodeAudioStream(source, {
      sampleRate: SAMPLE_RATE,
      channels: 2,
      signal: options.signal,
      onProgress: (f) => options.onProgress?.((base + f) / bySha.size),
      onChunk: (l, r) => {
        const chunkStart = position;
        const chunkEnd = position + l.length;
        position = chunkEnd;
        for (const clip of uses) {
          // The part of this chunk the clip plays, in asset samples.
          const from = Math.max(chunkStart, clip.trim);
          const to = Math.min(chunkEnd, clip.trim + clip.length, clip.trim + (lengthSamples - clip.start));
          for (let a = from; a < to; a++) {
            const t = a - clip.trim;
            const level = clipLevel(clip, t);
            const out = clip.start + t;
            left[out]! += l[a - chunkStart]! * level;
            right[out]! += r[a - chunkStart]! * level;
          }
        }
      },
    });
    index++;
  }
  options.onProgress?.(1);
  const loudness =
    options.targetLufs === null ? null : normaliseLoudness([left, right], { targetLufs: options.targetLufs });
  return { left, right, loudness, clips: clips.length };
}

/** The mix interleaved as 32-bit float little-endian PCM (ffmpeg's `-f f32le`). */
export function interleaveF32le(mix: StereoMix): Uint8Array {
  const n = mix.left.length;
  const interleaved = new Float32Array(2 * n);
  for (let i = 0, j = 0; i < n; i++, j += 2) {
    interleaved[j] = mix.left[i]!;
    interleaved[j + 1] = mix.right[i]!;
  }
  const bytes = new Uint8Array(interleaved.buffer);
  // Float32Array is in the machine's byte order; every platform Atelier ships on is little-endian.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
    for (let i = 0; i < bytes.length; i += 4) {
      [bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]] = [
        bytes[i + 3]!,
        bytes[i + 2]!,
        bytes[i + 1]!,
        bytes[i]!,
      ];
    }
  }
  return bytes;
}
