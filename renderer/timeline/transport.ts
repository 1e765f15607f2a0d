import type { StudioApi } from '../../native/api/contract';
import type { Document } from '../../native/model/document';
import { useStudio } from '../state/store';
import type { Transport } from '../state/timeline-slice';
import { audioBuffer, reversedBuffer } from './audio-buffers';
import { cutEnd, planPlayback, trackLevel } from './playback-plan';

/**
 * Playback of the timeline with Web Audio: every clip ahead of the playhead is scheduled as an
 * AudioBufferSourceNode on the AudioContext's clock (clip gain and fades as gain ramps, then
 * its track's level, mute and solo), and the playhead is read back from that same clock on
 * every animation frame — so picture and sound never drift apart.
 *
 * Play, pause, J/K/L shuttle (each press of L or J doubles the speed, up to 8×; J plays
 * backwards from reversed copies of the audio), seek and step all go through here.
 */
const MAX_RATE = 8;
/** Seconds between scheduling and the first sound: enough for the graph to be built. */
const LEAD = 0.05;

let context: AudioContext | null = null;
/** The studio the last play used (buffers are fetched through it when the document changes). */
let api: StudioApi | null = null;

interface Session {
  transport: Transport;
  /** Timeline seconds at `startedAt`. */
  from: number;
  /** AudioContext time at which `from` is heard. */
  startedAt: number;
  /** Timeline seconds where playing stops (the last audio, or 0 backwards). */
  until: number;
  doc: Document;
  sources: AudioBufferSourceNode[];
  /** Each clip's level node, after its source. */
  levels: GainNode[];
  tracks: Map<string, GainNode>;
  frame: number;
  /** Set when the session ends before its buffers are ready. */
  cancelled: boolean;
}
let session: Session | null = null;
/** Goes up each time the clock starts afresh (play, a new speed, a seek while playing). */
let epoch = 0;

function audioContext(): AudioContext {
  if (!context || context.state === 'closed') {
    context = new AudioContext({ sampleRate: 48_000, latencyHint: 'interactive' });
  }
  return context;
}

/** Where the playhead is now, in timeline seconds (between frames while playing). */
function position(s: Session): number {
  if (s.startedAt === 0) return s.from; // still decoding
  const ctx = audioContext();
  // What is heard now left the graph `outputLatency` ago.
  const heard = ctx.currentTime - (ctx.outputLatency || 0);
  const elapsed = Math.max(0, heard - s.startedAt);
  const at = s.from + s.transport.direction * s.transport.rate * elapsed;
  return s.transport.direction === 1 ? Math.min(at, s.until) : Math.max(at, s.until);
}

function silence(s: Session): void {
  s.cancelled = true;
  cancelAnimationFrame(s.frame);
  for (const source of s.sources) {
    try {
      source.stop();
    } catch {
      // never started
    }
    source.disconnect();
  }
  for (const level of s.levels) level.disconnect();
  for (const gain of s.tracks.values()) gain.disconnect();
}

function tick(): void {
  const s = session;
  if (!s) return;
  const seconds = position(s);
  const fps = s.doc.timeline.fps;
  useStudio.getState().setPlayhead(Math.floor(seconds * fps + 1e-6));
  const done = s.transport.direction === 1 ? seconds >= s.until : seconds <= s.until;
  if (done) {
    stop();
    return;
  }
  s.frame = requestAnimationFrame(tick);
}

/** Starts playing from the playhead (or carries on with a new speed from where it is). */
async function start(studio: StudioApi, transport: Transport, fromSeconds?: number): Promise<void> {
  const { project, playheadFrame } = useStudio.getState();
  if (!project) return;
  api = studio;
  const doc = project.doc;
  const fps = doc.timeline.fps;
  const previous = session;
  let from = fromSeconds ?? (previous ? position(previous) : playheadFrame / fps);
  if (previous) silence(previous);
  const last = cutEnd(doc) / fps;
  // Play at the end starts again from the top, as in any editor.
  if (transport.direction === 1 && from >= last - 1e-6) from = 0;
  if (transport.direction === -1 && from <= 0) {
    session = null;
    useStudio.getState().setTransport(null);
    return;
  }
  const ctx = audioContext();
  const plan = planPlayback(doc, from, transport.direction, transport.rate);
  const s: Session = {
    transport,
    from,
    startedAt: 0,
    until: transport.direction === 1 ? last : 0,
    doc,
    sources: [],
    levels: [],
    tracks: new Map(),
    frame: 0,
    cancelled: false,
  };
  session = s;
  useStudio.getState().setTransport(transport);
  const resumed = ctx.state === 'suspended' ? ctx.resume() : Promise.resolve();
  let buffers: Map<string, AudioBuffer>;
  try {
    const shas = [...new Set(plan.clips.map((c) => c.sha256))];
    const decoded = await Promise.all(shas.map((sha) => audioBuffer(studio, sha)));
    buffers = new Map(shas.map((sha, i) => [sha, decoded[i]!]));
    await resumed;
  } catch (error) {
    if (session === s) stop();
    useStudio.getState().notify('error', `The audio cannot be played: ${String(error)}`);
    return;
  }
  if (s.cancelled || session !== s) return;
  const t0 = ctx.currentTime + LEAD;
  s.startedAt = t0;
  epoch++;
  for (const track of Object.values(doc.timeline.tracks)) {
    const gain = ctx.createGain();
    gain.gain.value = trackLevel(track, doc.timeline);
    gain.connect(ctx.destination);
    s.tracks.set(track.id, gain);
  }
  for (const clip of plan.clips) {
    const forward = buffers.get(clip.sha256)!;
    const buffer = transport.direction === 1 ? forward : reversedBuffer(forward);
    const offset = transport.direction === 1 ? clip.assetFrom : forward.duration - clip.assetFrom;
    if (offset >= buffer.duration || offset < 0) continue;
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.playbackRate.value = transport.rate;
    const level = ctx.createGain();
    const [first, ...ramps] = clip.gain;
    level.gain.setValueAtTime(first!.value, t0 + first!.at);
    for (const point of ramps) level.gain.linearRampToValueAtTime(point.value, t0 + point.at);
    source.connect(level);
    level.connect(s.tracks.get(clip.trackId)!);
    source.start(t0 + clip.when, offset, Math.min(clip.duration, buffer.duration - offset));
    s.sources.push(source);
    s.levels.push(level);
  }
  s.frame = requestAnimationFrame(tick);
}

/** Stops where it is; the playhead stays there. */
export function stop(): void {
  const s = session;
  session = null;
  if (s) {
    const fps = s.doc.timeline.fps;
    if (s.startedAt > 0) useStudio.getState().setPlayhead(Math.floor(position(s) * fps + 1e-6));
    silence(s);
  }
  if (useStudio.getState().transport) useStudio.getState().setTransport(null);
}

export const isPlaying = () => session !== null;

/**
 * Where playing is now, in timeline seconds, read from the AudioContext's clock (what is being
 * heard), and which start of the clock that is (it changes on a seek or a new speed); null when
 * stopped or while the audio is still being decoded. The preview draws the frame this says.
 */
export function playingClock(): { seconds: number; epoch: number } | null {
  const s = session;
  return s && s.startedAt > 0 ? { seconds: position(s), epoch } : null;
}
export const currentTransport = (): Transport | null => session?.transport ?? null;

/** Plays from the playhead in `transport`'s direction and speed. */
export function play(studio: StudioApi, transport: Transport): Promise<void> {
  return start(studio, transport);
}

/** Space: plays forwards at normal speed, or stops. */
export function togglePlay(studio: StudioApi): void {
  if (session) stop();
  else void start(studio, { direction: 1, rate: 1 });
}

/**
 * J/K/L: L plays forwards and each further L doubles the speed; J the same backwards; K stops.
 */
export function shuttle(studio: StudioApi, key: 'J' | 'K' | 'L'): void {
  if (key === 'K') return stop();
  const direction = key === 'L' ? 1 : -1;
  const now = session?.transport;
  const rate = now && now.direction === direction ? Math.min(MAX_RATE, now.rate * 2) : 1;
  if (now && now.direction === direction && now.rate === rate) return;
  void start(studio, { direction, rate });
}

/** Moves the playhead to `frame`; playing carries on from there. */
export function seek(frame: number): void {
  const { project, setPlayhead } = useStudio.getState();
  if (!project) return;
  setPlayhead(frame);
  const s = session;
  if (s && api) void start(api, s.transport, Math.max(0, Math.round(frame)) / project.doc.timeline.fps);
}

/** Steps the playhead by `frames` (stopping playback first). */
export function step(frames: number): void {
  stop();
  seek(useStudio.getState().playheadFrame + frames);
}

/** The end of the cut: the last audio on the timeline or the end of the storyboard. */
export function endFrame(): number {
  const doc = useStudio.getState().project?.doc;
  return doc ? cutEnd(doc) : 0;
}

// The document changed while playing: a mute, solo or track gain is applied at once; an
// edit to the clips themselves reschedules from where the playhead is. Another project stops it.
useStudio.subscribe((state, before) => {
  const s = session;
  if (!s) return;
  const doc = state.project?.doc;
  if (!doc || state.project?.editor !== before.project?.editor) return stop();
  if (doc === s.doc) return;
  const timeline = doc.timeline;
  if (
    timeline.clips !== s.doc.timeline.clips ||
    doc.assets !== s.doc.assets ||
    timeline.fps !== s.doc.timeline.fps
  ) {
    if (api) void start(api, s.transport);
    return;
  }
  // Shots lengthened or shortened: playing stops at the new end.
  if (s.transport.direction === 1) s.until = cutEnd(doc) / timeline.fps;
  const ctx = audioContext();
  for (const [id, gain] of s.tracks) {
    const track = timeline.tracks[id];
    gain.gain.setTargetAtTime(track ? trackLevel(track, timeline) : 0, ctx.currentTime, 0.01);
  }
  s.doc = doc;
});
