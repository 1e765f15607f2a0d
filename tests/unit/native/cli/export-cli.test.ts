// `atelier export`: a saved project in, video files (or stills) out, with the studio's own
// drawing and mix; bad flags and a missing ffmpeg are refused with a message, nothing written.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../../native/cli/main';
import { ProjectSession } from '../../../../native/project/session';
import { captureOutput } from '../../../helpers/capture';
import { tempDir } from '../../../helpers/temp';
import { buildStory, composedWav } from '../../../helpers/video-docs';
import { decodeFrameRgb, probe } from '../../../helpers/video-probe';
import { clipLevel, makeClip } from '../../../helpers/video-clips';

const dir = tempDir('atelier-export-cli-');
const project = join(dir.path, 'Spring campaign.atelier');
afterAll(() => dir.cleanup());
afterEach(() => vi.restoreAllMocks());

beforeAll(async () => {
  const session = ProjectSession.createNew(
    { userDataDir: join(dir.path, 'ud'), appVersion: 'test' },
    { name: 'Spring campaign' },
  );
  const wav = await composedWav(2);
  const audio = buildStory(
    {
      shots: [
        { color: '#c04040', frames: 15, caption: 'Spring sale' },
        { color: '#40a0c0', frames: 15, transition: { kind: 'dip-to-black', frames: 6 } },
      ],
      artboard: { width: 640, height: 640 },
      music: { wav, seconds: 2, durationFrames: 30 },
    },
    (command) => {
      const result = session.apply({ kind: 'command', command });
      if (!result.ok) throw new Error(result.reason);
    },
  );
  for (const bytes of Object.values(audio)) {
    session.importAsset({
      bytes,
      name: 'bed.wav',
      kind: 'audio',
      mime: 'audio/wav',
      provenance: { type: 'imported', fileName: 'bed.wav' },
    });
  }
  await session.saveAs(project);
  session.close();
}, 60_000);

async function run(...args: string[]) {
  const output = captureOutput();
  const code = await main(['export', ...args]);
  vi.restoreAllMocks();
  return { code, out: output.out(), err: output.err() };
}

let folders = 0;
function folder(): string {
  const path = join(dir.path, `out${++folders}`);
  mkdirSync(path);
  return path;
}

describe('atelier export', () => {
  it('writes one placement to the --out file (a name starting with a dash), reporting progress on stderr', async () => {
    const out = folder();
    const file = join(out, '-vertical ad.mp4');
    const {
      code,
      out: said,
      err,
    } = await run(project, '--placement', '9:16', '--loudness', '-16', '--out', file);
    expect(code).toBe(0);
    expect(said).toMatch(/-vertical ad\.mp4: 1080×1920, 1\.00 s, 30 frames/);
    expect(err).toMatch(/frame \d+ of 30/);
    expect(err).toMatch(/audio: -16\.0 LUFS/);
    expect(readdirSync(out)).toEqual(['-vertical ad.mp4']);
    const info = await probe(file);
    expect(info.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
  }, 120_000);

  it('--all writes every placement into the --out folder, named after the project', async () => {
    const out = folder();
    const { code } = await run(project, '--all', '--format', 'webm', '--out', out);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'Spring campaign-16x9.webm',
      'Spring campaign-1x1.webm',
      'Spring campaign-4x5.webm',
      'Spring campaign-9x16.webm',
    ]);
    const info = await probe(join(out, 'Spring campaign-4x5.webm'));
    expect(info.streams.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'vp9',
      width: 1080,
      height: 1350,
    });
  }, 180_000);

  it('writes stills, one PNG per shot, into the --out folder', async () => {
    const out = join(folder(), 'stills');
    const { code } = await run(project, '--format', 'stills', '--placement', '1:1', '--out', out);
    expect(code).toBe(0);
    expect(readdirSync(out)).toEqual(['01-Shot 1.png', '02-Shot 2.png']);
  }, 60_000);

  it('exports a shot that shows a video clip, decoding the clip from the project file', async () => {
    const clipPath = join(dir.path, 'pour.mp4');
    await makeClip(clipPath, { width: 160, height: 90, fps: 30, frames: 30 });
    const session = ProjectSession.createNew(
      { userDataDir: join(dir.path, 'ud2'), appVersion: 'test' },
      { name: 'Clip ad' },
    );
    const bytes = new Uint8Array(readFileSync(clipPath));
    const asset = session.importAsset({
      bytes,
      name: 'pour.mp4',
      kind: 'video',
      mime: 'video/mp4',
      width: 160,
      height: 90,
      durationSamples: 48000,
      sampleRate: 48000,
      provenance: { type: 'imported', fileName: 'pour.mp4' },
    });
    for (const command of [
      { type: 'asset.add', args: { asset } },
      {
        type: 'shot.add',
        args: {
          shot: {
            id: 'shot:clip',
            name: 'Pour',
            source: { kind: 'asset', assetId: asset.id },
            durationFrames: 30,
            caption: '',
            notes: '',
            transitionIn: { kind: 'cut', durationFrames: 0 },
            camera: {
              from: { x: 0.5, y: 0.5, scale: 1 },
              to: { x: 0.5, y: 0.5, scale: 1 },
              easing: 'linear',
            },
            reframe: {},
          },
          index: 0,
        },
      },
    ] as const) {
      const result = session.apply({ kind: 'command', command: command as never });
      if (!result.ok) throw new Error(result.reason);
    }
    const clipProject = join(dir.path, 'Clip ad.atelier');
    await session.saveAs(clipProject);
    session.close();
    const out = join(folder(), 'clip ad.mp4');
    const { code } = await run(clipProject, '--placement', '16:9', '--out', out);
    expect(code).toBe(0);
    const video = (await probe(out)).streams.find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height, video.nb_frames]).toEqual([1920, 1080, '30']);
    // Frame 20 of the export is the clip's frame 20.
    const rgb = await decodeFrameRgb(out, 19.5 / 30);
    const centre = (540 * 1920 + 1440) * 3;
    expect(Math.abs(rgb[centre]! - clipLevel(20))).toBeLessThan(5);
  }, 60_000);

  it.each([
    [['--placement', '3:2', '--out', 'x.mp4'], /--placement must be one of 16:9, 9:16, 1:1, 4:5, not "3:2"/],
    [['--format', 'gif', '--out', 'x.gif'], /--format must be mp4, webm or stills, not "gif"/],
    [['--placement', '9:16'], /--out <file-or-dir> is required/],
    [
      ['--loudness', 'loud', '--out', 'x.mp4'],
      /--loudness must be a level from -40 to -5 LUFS, or off, not "loud"/,
    ],
    [['--loudness', '-3', '--out', 'x.mp4'], /--loudness must be a level/],
    [['--all', '--placement', '1:1', '--out', 'x'], /either --placement or --all/],
    [['--format', 'webm', '--out', 'x.mp4'], /--out must end in \.webm/],
    [['--speed', '2', '--out', 'x.mp4'], /Unknown option '--speed'/],
  ])('refuses %j with exit code 2 and a message', async (flags, message) => {
    const cwd = folder();
    const spy = vi.spyOn(process, 'cwd').mockReturnValue(cwd);
    const { code, err } = await run(project, ...flags);
    spy.mockRestore();
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a missing project, and a file that is not one, with exit code 1', async () => {
    const out = folder();
    expect((await run(join(dir.path, 'nope.atelier'), '--out', join(out, 'a.mp4'))).err).toMatch(
      /nope\.atelier does not exist/,
    );
    const notProject = await run(join(out), '--out', join(out, 'a.mp4'));
    expect(notProject.code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
  });

  it('says clearly that ffmpeg is missing (exit code 1), writing nothing', async () => {
    const out = folder();
    const path = process.env.PATH;
    process.env.ATELIER_NO_BUNDLED_FFMPEG = '1'; // nor the build from npm
    process.env.PATH = folder();
    try {
      const { code, err } = await run(project, '--out', join(out, 'ad.mp4'));
      expect(code).toBe(1);
      expect(err).toMatch(/atelier export: ffmpeg is not installed: .*sudo apt-get install ffmpeg/);
    } finally {
      process.env.PATH = path;
      delete process.env.ATELIER_NO_BUNDLED_FFMPEG;
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('is in the help', async () => {
    const output = captureOutput();
    expect(await main(['--help'])).toBe(0);
    expect(output.out()).toMatch(
      /atelier export <project\.atelier> \[--placement 16:9\|9:16\|1:1\|4:5 \| --all\]/,
    );
  });
});
