// The Timeline's preview player in headless Chromium: a 30 s, 1080×1920, 30 fps storyboard of
// six shots (three busy artboards with a photo, shapes and text; camera moves; crossfades, a dip
// and a slide; a caption on every shot and two on the captions track) over a composed
// soundtrack. Ten seconds are played with Space; the player's own count of the frames it drew
// against the frames the audio clock asked for gives the share it dropped, for the 9:16
// placement and for all four placements side by side.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import type { Command } from '../../native/model/commands/index';
import type { Canvas, Clip, Layer, Shot, Track } from '../../native/model/document';
import type { AssetId, CanvasId, ClipId, ShotId, TrackId } from '../../native/model/ids';
import { compose } from '../../native/music/composer';
import { encodeWav } from '../../native/music/wav';
import { ProjectSession } from '../../native/project/session';
import { launchChromium } from '../helpers/browser';
import { fillLayer, shapeLayer, textLayer } from '../helpers/layers';
import { startStudio } from '../helpers/studio-server';
import { tempDir } from '../helpers/temp';
import { round, type Metrics } from './metrics';

const FPS = 30;
const SECONDS = 30;
const SHOTS = 6;
const PLAY_MS = 10_000;

/** A 1080×1440 picture, different for each `seed`: bands over a gradient. */
async function photo(seed: number): Promise<Buffer> {
  const width = 1080;
  const height = 1440;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const band = ((x + 2 * y + seed * 131) >> 5) & 1;
      data[i] = (x * 255) / width;
      data[i + 1] = band ? 190 : (seed * 61) % 255;
      data[i + 2] = (y * 255) / height;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function makeProject(root: string, userDataDir: string): Promise<void> {
  const session = ProjectSession.createNew(
    { userDataDir, appVersion: 'bench' },
    { name: 'Preview bench', canvas: { name: 'Story 1', width: 1080, height: 1920, placement: 'story' } },
  );
  const command = (c: Command) => {
    const result = session.apply({ kind: 'command', command: c });
    if (!result.ok) throw new Error(`${c.type}: ${result.reason}`);
  };

  // Three artboards: a background, a photo, shapes and a headline each.
  const artboards = [session.doc.canvasOrder[0] as CanvasId];
  for (let i = 2; i <= 3; i++) {
    const id = `canvas:story${i}` as CanvasId;
    const canvas: Canvas = {
      id,
      name: `Story ${i}`,
      width: 1080,
      height: 1920,
      background: '#ffffff',
      layerIds: [],
      maskAssetId: null,
      placement: 'story',
    };
    command({ type: 'canvas.add', args: { canvas } });
    artboards.push(id);
  }
  const colours = ['#1d3557', '#e63946', '#2a9d8f'];
  for (const [a, canvasId] of artboards.entries()) {
    const add = (layer: Layer) => command({ type: 'layer.add', args: { layer } });
    add({
      ...fillLayer(`layer:bg${a}`, canvasId, { kind: 'solid', color: colours[a]! }, 1080, 1920),
      name: 'Background',
    } as Layer);
    const bytes = await photo(a);
    const asset = session.importAsset({
      bytes,
      name: `photo-${a}.jpg`,
      kind: 'image',
      mime: 'image/jpeg',
      width: 1080,
      height: 1440,
      provenance: { type: 'imported', fileName: `photo-${a}.jpg` },
    });
    command({ type: 'asset.add', args: { asset } });
    const base = shapeLayer(`layer:img${a}`, canvasId);
    const { shape: _s, fill: _f, stroke: _k, cornerRadius: _c, ...common } = base;
    add({
      ...common,
      name: 'Photo',
      type: 'image',
      assetId: asset.id as AssetId,
      transform: { x: 60, y: 300, width: 960, height: 1280, rotation: a * 2, flipX: false, flipY: false },
    } as Layer);
    for (let s = 0; s < 4; s++) {
      const shape = shapeLayer(`layer:shape${a}${s}`, canvasId);
      add({
        ...shape,
        name: `Shape ${s}`,
        shape: s % 2 ? 'ellipse' : 'rect',
        fill: s % 2 ? '#ffb70380' : '#ffffffa0',
        cornerRadius: 30,
        transform: { ...shape.transform, x: 80 + s * 220, y: 1640, width: 180, height: 180 },
      });
    }
    const text = textLayer(`layer:text${a}`, canvasId, `Summer collection, part ${a + 1}`, 960, 220);
    add({ ...text, name: 'Headline', transform: { ...text.transform, x: 60, y: 60 } } as Layer);
  }

  // Six shots of five seconds over the three artboards, each with a camera move and a caption.
  const per = (SECONDS * FPS) / SHOTS;
  const transitions: Shot['transitionIn'][] = [
    { kind: 'cut', durationFrames: 0 },
    { kind: 'crossfade', durationFrames: 15 },
    { kind: 'dip-to-black', durationFrames: 20 },
    { kind: 'slide', durationFrames: 15 },
    { kind: 'crossfade', durationFrames: 30 },
    { kind: 'cut', durationFrames: 0 },
  ];
  for (let i = 0; i < SHOTS; i++) {
    const shot: Shot = {
      id: `shot:s${i}` as ShotId,
      name: `Shot ${i + 1}`,
      source: { kind: 'canvas', canvasId: artboards[i % artboards.length]! },
      durationFrames: per,
      caption: `Caption for shot ${i + 1}: new arrivals every week`,
      notes: '',
      transitionIn: transitions[i]!,
      camera: {
        from: { x: 0.5, y: 0.5, scale: 1 },
        to: i % 2 ? { x: 0.3, y: 0.4, scale: 1.6 } : { x: 0.7, y: 0.6, scale: 1.25 },
        easing: 'ease-in-out',
      },
      reframe: {},
    };
    command({ type: 'shot.add', args: { shot } });
  }

  const track = (id: string, kind: Track['kind'], name: string): Track => ({
    id: `track:${id}` as TrackId,
    kind,
    name,
    muted: false,
    solo: false,
    gainDb: 0,
    clipIds: [],
  });
  const clip = (id: string, trackId: string, patch: Partial<Clip>): Clip => ({
    id: `clip:${id}` as ClipId,
    trackId: `track:${trackId}` as TrackId,
    assetId: null,
    shotId: null,
    text: null,
    startFrame: 0,
    durationFrames: 60,
    trimStartSamples: 0,
    gainDb: 0,
    fadeInFrames: 0,
    fadeOutFrames: 0,
    ...patch,
  });
  command({ type: 'track.add', args: { track: track('captions', 'captions', 'Captions') } });
  command({
    type: 'clip.add',
    args: { clip: clip('c1', 'captions', { text: 'Free delivery', startFrame: 45 }) },
  });
  command({
    type: 'clip.add',
    args: { clip: clip('c2', 'captions', { text: 'Shop now', startFrame: 500, durationFrames: 90 }) },
  });

  // The soundtrack: a composed piece, 48 kHz stereo, the length of the story.
  const piece = await compose({ prompt: 'upbeat corporate 120 bpm', seconds: SECONDS, seed: 3 });
  const wav = encodeWav({ sampleRate: piece.sampleRate, channels: [piece.left, piece.right] });
  const music = session.importAsset({
    bytes: wav,
    name: 'soundtrack.wav',
    kind: 'audio',
    mime: 'audio/wav',
    durationSamples: piece.left.length,
    sampleRate: piece.sampleRate,
    provenance: { type: 'imported', fileName: 'soundtrack.wav' },
  });
  command({ type: 'asset.add', args: { asset: music } });
  command({ type: 'track.add', args: { track: track('music', 'music', 'Music') } });
  command({
    type: 'clip.add',
    args: { clip: clip('music', 'music', { assetId: music.id as AssetId, durationFrames: SECONDS * FPS }) },
  });

  await session.saveAs(join(root, 'preview.atelier'));
  session.close();
}

async function open(page: Page): Promise<void> {
  await page.keyboard.press('Control+o');
  const dialog = page.getByRole('dialog', { name: 'Open project' });
  const file = dialog.getByRole('option', { name: /preview\.atelier/ });
  await file.waitFor();
  await file.dblclick();
  await page.getByRole('tablist', { name: 'Artboards' }).waitFor({ timeout: 60_000 });
  await page.keyboard.press('Alt+3');
  await page.locator('[data-testid=preview][data-complete=true]').waitFor({ timeout: 60_000 });
}

/** Plays PLAY_MS from the start with `placement` shown; the player's counts at the end. */
async function play(page: Page, placement: string): Promise<{ drawn: number; due: number; dropped: number }> {
  await page.getByRole('radio', { name: placement, exact: true }).click();
  await page.keyboard.press('Home');
  await page
    .locator('[data-testid=preview][data-frame="0"][data-complete=true]')
    .waitFor({ timeout: 60_000 });
  await page.keyboard.press('Space');
  await page.locator('[data-testid=preview][data-playing=true]').waitFor();
  await page.waitForTimeout(PLAY_MS);
  await page.keyboard.press('Space');
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  const preview = page.getByTestId('preview');
  const read = async (name: string) => Number(await preview.getAttribute(`data-frames-${name}`));
  return { drawn: await read('drawn'), due: await read('due'), dropped: await read('dropped') };
}

export default async function preview(): Promise<Metrics> {
  const dir = tempDir('atelier-bench-preview-');
  const root = join(dir.path, 'home');
  mkdirSync(root, { recursive: true });
  await makeProject(root, join(dir.path, 'maker'));
  const studio = await startStudio({ root, userData: join(dir.path, 'userdata') });
  // Autoplay without a gesture, as the app's own window allows.
  const session = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  try {
    const page = await session.browser.newPage();
    await page.goto(studio.url);
    await page.locator('[data-testid=shell][data-ready=true]').waitFor();
    await open(page);
    await play(page, '9:16'); // warm-up: decodes the soundtrack, draws the artboards once
    const vertical = await play(page, '9:16');
    const all = await play(page, 'All');
    const expected = (PLAY_MS / 1000) * FPS;
    if (vertical.due < expected * 0.8)
      throw new Error(`the preview played only ${vertical.due} of about ${expected} frames`);
    const pct = (r: { due: number; dropped: number }) => round((100 * r.dropped) / Math.max(1, r.due), 2);
    return {
      preview_dropped_frames_pct: { value: pct(vertical), unit: '%', better: 'lower', target: 5 },
      preview_all_placements_dropped_frames_pct: { value: pct(all), unit: '%', better: 'lower' },
      preview_frames_due: { value: vertical.due, unit: 'frames', better: 'higher' },
    };
  } finally {
    await session.close();
    await studio.stop();
    dir.cleanup();
  }
}
