import type { Track } from '../../native/model/document';

/** The timeline's fixed measures, in CSS pixels. */
export const HEADER_WIDTH = 210;
export const RULER_HEIGHT = 28;
export const TRACK_HEIGHT = 78;
/** A clip fills its lane but for this much above and below. */
export const CLIP_INSET = 3;
export const CLIP_HEIGHT = TRACK_HEIGHT - 2 * CLIP_INSET;
/** The strip at a clip's top with its name (and the fade handles at its corners). */
export const CLIP_LABEL_HEIGHT = 15;
export const WAVE_HEIGHT = CLIP_HEIGHT - CLIP_LABEL_HEIGHT - 2;

/** Waveform colour by kind of track. */
export const KIND_COLOURS: Record<Track['kind'], string> = {
  music: '#7fa6ff',
  voice: '#6fd6a8',
  sfx: '#f0b060',
  video: '#9a9ca6',
  captions: '#c99cf0',
};
